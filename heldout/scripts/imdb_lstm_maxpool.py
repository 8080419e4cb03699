from keras.datasets import imdb
from keras.utils import pad_sequences
from keras.models import Sequential
from keras.layers import Embedding, LSTM, GlobalMaxPooling1D, Dense, Dropout
from keras.callbacks import EarlyStopping

VOCAB_SIZE = 10000
MAX_LEN = 256

(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=VOCAB_SIZE)
x_train = pad_sequences(x_train, maxlen=MAX_LEN, padding="post")
x_test = pad_sequences(x_test, maxlen=MAX_LEN, padding="post")

model = Sequential([
    Embedding(VOCAB_SIZE, 64),
    LSTM(64, return_sequences=True),
    GlobalMaxPooling1D(),
    Dropout(0.3),
    Dense(32, activation="relu"),
    Dense(1, activation="sigmoid"),
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=128, validation_split=0.2,
          callbacks=[EarlyStopping(patience=2, restore_best_weights=True)])
loss, acc = model.evaluate(x_test, y_test)
print(f"test accuracy: {acc:.3f}")
