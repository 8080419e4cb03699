"""Multi-step forecasting with an LSTM encoder-decoder.

Reads a daily series, forecasts the next 7 days from the previous 28.
"""
import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

N_IN, N_OUT = 28, 7


def make_windows(series, n_in, n_out):
    xs, ys = [], []
    for i in range(len(series) - n_in - n_out + 1):
        xs.append(series[i:i + n_in])
        ys.append(series[i + n_in:i + n_in + n_out])
    return np.array(xs), np.array(ys)


df = pd.read_csv("daily_energy.csv", parse_dates=["date"], index_col="date")
values = df["kwh"].values.astype("float32")

n_train = int(len(values) * 0.8)
mean, std = values[:n_train].mean(), values[:n_train].std()
scaled = (values - mean) / std

x_train, y_train = make_windows(scaled[:n_train], N_IN, N_OUT)
x_test, y_test = make_windows(scaled[n_train:], N_IN, N_OUT)
x_train = x_train.reshape((-1, N_IN, 1))
x_test = x_test.reshape((-1, N_IN, 1))
y_train = y_train.reshape((-1, N_OUT, 1))
y_test = y_test.reshape((-1, N_OUT, 1))

model = keras.Sequential()
model.add(layers.Input(shape=(N_IN, 1)))
model.add(layers.LSTM(100, activation="relu", return_sequences=True))
model.add(layers.RepeatVector(N_OUT))
model.add(layers.LSTM(100, activation="relu", return_sequences=True))
model.add(layers.Dense(1))
model.compile(optimizer="adam", loss="mse")

model.fit(x_train, y_train, epochs=50, batch_size=16, validation_data=(x_test, y_test))
forecast = model.predict(x_test[-1:])
print(forecast.reshape(-1) * std + mean)
