"""Small CNN on the 8x8 digits (pixels already scaled to [0, 1] by the export script)."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x = np.load("digits_scaled.npy").reshape(-1, 8, 8, 1)
y = np.load("digits_labels.npy")
x_train, x_test, y_train, y_test = x[:120], x[120:], y[:120], y[120:]

model = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=60, batch_size=16, validation_data=(x_test, y_test))
