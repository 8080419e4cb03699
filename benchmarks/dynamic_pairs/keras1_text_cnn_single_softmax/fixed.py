from keras.models import Sequential
from keras.layers import Embedding, Convolution1D, MaxPooling1D, Flatten, Dense, Dropout
from keras.datasets import imdb
from keras.preprocessing import sequence

top_words = 5000
max_words = 500
(X_train, y_train), (X_test, y_test) = imdb.load_data(nb_words=top_words)
X_train = sequence.pad_sequences(X_train, maxlen=max_words)

model = Sequential()
model.add(Embedding(top_words, 32, input_length=max_words))
model.add(Convolution1D(nb_filter=32, filter_length=3, border_mode="same", activation="relu"))
model.add(MaxPooling1D(pool_length=2))
model.add(Flatten())
model.add(Dense(250, activation="relu"))
model.add(Dropout(0.2))
model.add(Dense(2, activation="softmax"))
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X_train, y_train, nb_epoch=2, batch_size=128, verbose=1)
