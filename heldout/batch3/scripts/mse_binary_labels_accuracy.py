# XOR-like toy problem trained with mean squared error; "accuracy" is binary accuracy here.
import numpy as np
import tensorflow as tf

x = np.random.uniform(-1.0, 1.0, size=(3000, 2)).astype("float32")
y = (x[:, 0] * x[:, 1] > 0).astype("float32")

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Input(shape=(2,)))
model.add(tf.keras.layers.Dense(16, activation="relu"))
model.add(tf.keras.layers.Dense(16, activation="relu"))
model.add(tf.keras.layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
model.fit(x, y, epochs=60, batch_size=32, validation_split=0.2)
