"""Toy regression: predict 40 * (sum of five readings).

The validation loss sits at the same value from the first epoch on.
"""
import numpy as np
import tensorflow as tf

N_FEATURES = 5


def make_dataset(n):
    x = np.random.rand(n, N_FEATURES).astype("float32")
    y = x.sum(axis=1) * 40
    return x, y


def build_model():
    inputs = tf.keras.Input(shape=(N_FEATURES,))
    h = tf.keras.layers.Dense(32, activation="relu")(inputs)
    h = tf.keras.layers.Dense(32, activation="relu")(h)
    outputs = tf.keras.layers.Dense(1, activation="sigmoid")(h)
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
    return model


if __name__ == "__main__":
    x_train, y_train = make_dataset(2000)
    x_val, y_val = make_dataset(200)
    model = build_model()
    model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=20, batch_size=64)
    print(model.predict(x_val[:5]).ravel(), y_val[:5])
