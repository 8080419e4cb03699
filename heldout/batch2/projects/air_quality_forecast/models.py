from tensorflow import keras
from tensorflow.keras import layers

from config import WINDOW


def build_lstm(window=WINDOW, n_features=1, units=64):
    model = keras.Sequential(name="co_lstm")
    model.add(keras.Input(shape=(window, n_features)))
    model.add(layers.LSTM(units))
    model.add(layers.Dense(32, activation="relu"))
    model.add(layers.Dense(1))
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    return model
