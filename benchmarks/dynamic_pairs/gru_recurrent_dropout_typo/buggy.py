import numpy as np
from tensorflow.keras import Input, Model
from tensorflow.keras.layers import GRU, Dense, Embedding, Concatenate

tokens = Input(shape=(40,), dtype="int32")
meta = Input(shape=(5,))
embedded = Embedding(5000, 64)(tokens)
encoded = GRU(64, recurrent_droput=0.2)(embedded)
merged = Concatenate()([encoded, meta])
hidden = Dense(32, activation="relu")(merged)
score = Dense(1, activation="sigmoid")(hidden)
model = Model([tokens, meta], score)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

x_tokens = np.random.randint(1, 5000, size=(256, 40))
x_meta = np.random.rand(256, 5)
labels = (x_meta[:, 0] > 0.5).astype("int32")
model.fit([x_tokens, x_meta], labels, epochs=3, batch_size=32)
