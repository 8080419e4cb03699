"""Household energy: a dense net on hourly readings, data from .npy and CSV files."""

import numpy as np
import pandas as pd
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense, Flatten, Dropout
from tensorflow.keras.optimizers import Adam

readings = np.load("hourly_readings.npy")  # one row per day, 24 hours x 3 meters
readings = readings.reshape(-1, 24, 3)
targets = pd.read_csv("daily_consumption.csv")["kwh"].values

n_train = int(len(readings) * 0.9)
x_train, x_test = readings[:n_train], readings[n_train:]
y_train, y_test = targets[:n_train], targets[n_train:]
scale = x_train.max()
x_train, x_test = x_train / scale, x_test / scale

model = Sequential(
    [
        Flatten(input_shape=(24, 3)),
        Dense(64, activation="relu"),
        Dropout(0.1),
        Dense(32, activation="relu"),
        Dense(1),
    ]
)
model.compile(optimizer=Adam(learning_rate=0.001), loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=100, batch_size=16, validation_split=0.1, verbose=0)
print(model.evaluate(x_test, y_test))

tomorrow = pd.read_csv("forecast_inputs.csv").values.reshape(1, 24, 3) / scale
print("expected kWh:", model.predict(tomorrow)[0, 0])
