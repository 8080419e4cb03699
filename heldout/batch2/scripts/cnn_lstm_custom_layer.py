# CNN + LSTM for sign-language frames: "expected ndim=3, found ndim=2"?
#
# I am trying to put an LSTM after my CNN feature extractor. I added a small
# channel attention layer I found in a paper and a Lambda to standardize the
# feature maps. Model building fails at the LSTM. Code below.

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class ChannelAttention(layers.Layer):
    """Squeeze-and-excitation style re-weighting of the channels."""

    def __init__(self, ratio=8, **kwargs):
        super().__init__(**kwargs)
        self.ratio = ratio

    def build(self, input_shape):
        channels = input_shape[-1]
        self.fc1 = layers.Dense(channels // self.ratio, activation="relu")
        self.fc2 = layers.Dense(channels, activation="sigmoid")

    def call(self, inputs):
        w = tf.reduce_mean(inputs, axis=[1, 2])
        w = self.fc2(self.fc1(w))
        return inputs * w[:, None, None, :]


x = np.load("signs_64.npy").astype("float32") / 255.0       # (n, 64, 64, 3)
y = keras.utils.to_categorical(np.load("signs_labels.npy"), 24)

inp = keras.Input(shape=(64, 64, 3))
h = layers.Conv2D(32, 3, activation="relu", padding="same")(inp)
h = ChannelAttention()(h)
h = layers.Lambda(lambda t: tf.image.per_image_standardization(t))(h)
h = layers.MaxPooling2D()(h)
h = layers.Conv2D(64, 3, activation="relu", padding="same")(h)
h = layers.MaxPooling2D()(h)
h = layers.Flatten()(h)
h = layers.Dense(128, activation="relu")(h)
h = layers.LSTM(64)(h)
out = layers.Dense(24, activation="softmax")(h)

model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=10, batch_size=32, validation_split=0.2)
