"""Activity recognition from accelerometer windows (recordings exported by the phone app).

Run export_windows.py first: it writes recordings/accel_*.npy.
"""
import numpy as np
import keras
from keras import layers

x_train = np.load("recordings/accel_train.npy")   # (n, 128, 3), raw m/s^2 * 100
y_train = np.load("recordings/labels_train.npy")  # activity ids 0..5

model = keras.Sequential([
    keras.Input(shape=(128, 3)),
    layers.LSTM(64),
    layers.Dropout(0.3),
    layers.Dense(6, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=20, batch_size=64, validation_split=0.2)
