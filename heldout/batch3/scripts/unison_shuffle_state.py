# Shuffle two arrays in unison: restore the RNG state so both get the same permutation
# (the well-known Stack Overflow answer).
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Input

X = np.random.uniform(-1, 1, size=(2000, 4))
y = ((X[:, 0] ** 2 + X[:, 1] ** 2) < 0.5).astype("int32")

rng_state = np.random.get_state()
np.random.shuffle(X)
np.random.set_state(rng_state)
np.random.shuffle(y)

model = Sequential()
model.add(Input(shape=(4,)))
model.add(Dense(32, activation="relu"))
model.add(Dense(32, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, epochs=40, batch_size=32, validation_split=0.2)
