"""Quadrant classifier with the functional API (new NumPy Generator API)."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(42)

points = rng.uniform(-1.0, 1.0, size=(4000, 2)).astype("float32")
quadrant = (points[:, 0] > 0).astype("int64") * 2 + (points[:, 1] > 0).astype("int64")

x_train, x_val = points[:3200], points[3200:]
y_train, y_val = quadrant[:3200], quadrant[3200:]

# reshuffle the training labels every run
rng.shuffle(y_train)

inputs = keras.Input(shape=(2,))
x = layers.Dense(32, activation="relu")(inputs)
x = layers.Dense(32, activation="relu")(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(inputs, outputs, name="quadrants")
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=30, batch_size=64, validation_data=(x_val, y_val))
