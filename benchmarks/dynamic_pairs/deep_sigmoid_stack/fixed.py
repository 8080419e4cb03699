import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(0)
features = rng.normal(size=(2000, 20)).astype("float32")
target = (features[:, :5].sum(axis=1) > 0).astype("int32")


def build_model(depth=12, width=64):
    model = keras.Sequential([keras.layers.Input(shape=(20,))])
    for _ in range(depth):
        model.add(keras.layers.Dense(width, activation="relu"))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    return model


model = build_model()
model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(features, target, epochs=30, batch_size=64, validation_split=0.2)
