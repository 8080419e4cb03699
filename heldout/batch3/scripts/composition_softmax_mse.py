"""Predict the mixing proportions of four components (they sum to one)."""
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
spectra = rng.random((2500, 8)).astype("float32")
amounts = spectra[:, :4] + 0.05
proportions = amounts / amounts.sum(axis=1, keepdims=True)

inputs = keras.Input(shape=(8,))
x = layers.Dense(64, activation="relu")(inputs)
x = layers.Dense(64, activation="relu")(x)
outputs = layers.Dense(4, activation="softmax", name="proportions")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(spectra, proportions, epochs=30, batch_size=32, validation_split=0.2)
