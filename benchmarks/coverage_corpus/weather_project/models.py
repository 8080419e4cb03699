"""Model builders for the forecaster."""

from tensorflow import keras
from tensorflow.keras import layers


def build_lstm(lookback, n_features, units=64, dropout=0.2):
    model = keras.Sequential(
        [
            layers.Input(shape=(lookback, n_features)),
            layers.LSTM(units, return_sequences=True),
            layers.Dropout(dropout),
            layers.LSTM(units // 2),
            layers.Dense(1),
        ],
        name="lstm_forecaster",
    )
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
    return model


def build_cnn(lookback, n_features, filters=32):
    inputs = keras.Input(shape=(lookback, n_features))
    x = layers.Conv1D(filters, 5, activation="relu", padding="causal")(inputs)
    x = layers.Conv1D(filters, 5, activation="relu", padding="causal", dilation_rate=2)(x)
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs, name="cnn_forecaster")
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    return model
