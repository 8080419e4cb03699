# Predicting the (x, y, z) position of a tag from 12 antenna readings.
# The three outputs always add up to 1 and the loss never goes below ~3000. Why?
import numpy as np
import keras
from keras import layers

readings = np.random.random((3000, 12)).astype("float32")
# positions in centimetres (z relative to the floor plate, can be negative)
pos_x = readings[:, 0:4].sum(axis=1) * 25.0
pos_y = readings[:, 4:8].sum(axis=1) * 25.0
pos_z = readings[:, 8:12].sum(axis=1) * 25.0 - 50.0
positions = np.stack([pos_x, pos_y, pos_z], axis=1)

model = keras.Sequential()
model.add(layers.Input(shape=(12,)))
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(3, activation="softmax"))
model.compile(optimizer="adam", loss="mse", metrics=["mae"])

model.fit(readings[:2500], positions[:2500], epochs=40, batch_size=32,
          validation_data=(readings[2500:], positions[2500:]))
