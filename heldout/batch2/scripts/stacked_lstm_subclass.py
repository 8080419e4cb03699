"""Multivariate load forecasting with a stacked LSTM (subclassed model).

windows.npy holds sliding windows of 30 hourly steps x 4 sensors (raw units),
targets.npy the next-hour load in MW.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras

WINDOW = 30
N_SENSORS = 4


class StackedLSTM(keras.Model):
    def __init__(self, units=(64, 32), dropout=0.2, **kwargs):
        super(StackedLSTM, self).__init__(**kwargs)
        self.lstm1 = keras.layers.LSTM(units[0])
        self.drop1 = keras.layers.Dropout(dropout)
        self.lstm2 = keras.layers.LSTM(units[1])
        self.drop2 = keras.layers.Dropout(dropout)
        self.head = keras.layers.Dense(1)

    def call(self, inputs, training=False):
        x = self.lstm1(inputs)
        x = self.drop1(x, training=training)
        x = self.lstm2(x)
        x = self.drop2(x, training=training)
        return self.head(x)


def load(path_x, path_y):
    x = np.load(path_x).astype("float32").reshape(-1, WINDOW, N_SENSORS)
    y = np.load(path_y).astype("float32").reshape(-1, 1)
    return x, y


if __name__ == "__main__":
    x, y = load("data/windows.npy", "data/targets.npy")
    n_test = len(x) // 10
    x_train, y_train = x[:-n_test], y[:-n_test]
    x_test, y_test = x[-n_test:], y[-n_test:]
    mu, sigma = x_train.mean(axis=(0, 1)), x_train.std(axis=(0, 1))
    x_train = (x_train - mu) / sigma
    x_test = (x_test - mu) / sigma

    model = StackedLSTM()
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
    model.fit(x_train, y_train, epochs=30, batch_size=64, validation_split=0.1)
    print("test mae:", model.evaluate(x_test, y_test, verbose=0)[1])
