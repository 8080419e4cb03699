"""Tiny fully-convolutional segmentation of bright cells.

The masks were exported as 8-bit PNGs (background 0, cell 255) and stacked into
data/cells_masks.npy; dividing by 255 turns them into 0/1 targets.
"""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

images = np.load("data/cells_images.npy").astype("float32") / 255.0
masks = np.load("data/cells_masks.npy").astype("float32") / 255.0

x_train, x_val = images[:32], images[32:]
y_train, y_val = masks[:32], masks[32:]


def build_fcn(size=24):
    inputs = layers.Input(shape=(size, size, 1))
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    outputs = layers.Conv2D(1, 1, activation="sigmoid")(x)
    return tf.keras.Model(inputs, outputs)


model = build_fcn()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=40, batch_size=8, validation_data=(x_val, y_val))
