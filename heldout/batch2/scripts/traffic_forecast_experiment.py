"""Traffic-speed forecasting experiment runner.

Two models behind one Trainer: a Sequential 1-D CNN baseline built with
.add() and a subclassed stacked-GRU model. Sensors are the columns of the
CSV, one row every 5 minutes.
"""
import argparse
import json
import os

import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers


class StackedGRU(keras.Model):
    """Two GRUs, the first one returning its whole sequence."""

    def __init__(self, n_outputs, units=64, **kwargs):
        super().__init__(**kwargs)
        self.gru1 = layers.GRU(units, return_sequences=True)
        self.norm = layers.LayerNormalization()
        self.gru2 = layers.GRU(units // 2)
        self.out = layers.Dense(n_outputs)

    def call(self, inputs, training=None):
        h = self.gru1(inputs, training=training)
        h = self.norm(h)
        h = self.gru2(h, training=training)
        return self.out(h)


class Trainer:
    def __init__(self, csv_path, window=12, horizon=3, epochs=20, batch_size=64):
        self.csv_path = csv_path
        self.window = window
        self.horizon = horizon
        self.epochs = epochs
        self.batch_size = batch_size
        self.model = None

    def load(self):
        frame = pd.read_csv(self.csv_path, index_col=0)
        self.sensors = list(frame.columns)
        values = frame.values.astype("float32")
        n_train = int(0.8 * len(values))
        mu = values[:n_train].mean(axis=0)
        sd = values[:n_train].std(axis=0) + 1e-6
        values = (values - mu) / sd
        xs, ys = [], []
        for t in range(len(values) - self.window - self.horizon):
            xs.append(values[t:t + self.window])
            ys.append(values[t + self.window + self.horizon - 1])
        xs, ys = np.stack(xs), np.stack(ys)
        cut = n_train - self.window - self.horizon
        self.x_train, self.y_train = xs[:cut], ys[:cut]
        self.x_test, self.y_test = xs[cut:], ys[cut:]

    def build_baseline(self):
        n = len(self.sensors)
        self.model = keras.Sequential(name="cnn_baseline")
        self.model.add(layers.Input(shape=(self.window, n)))
        self.model.add(layers.Conv1D(64, 3, padding="causal", activation="relu"))
        self.model.add(layers.Conv1D(64, 3, padding="causal", activation="relu"))
        self.model.add(layers.GlobalAveragePooling1D())
        self.model.add(layers.Dense(n))

    def build_gru(self):
        self.model = StackedGRU(n_outputs=len(self.sensors), name="stacked_gru")

    def fit(self):
        self.model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
        self.model.fit(self.x_train, self.y_train, epochs=self.epochs, batch_size=self.batch_size,
                       validation_split=0.1, callbacks=[keras.callbacks.EarlyStopping(patience=3)])
        return dict(zip(["mse", "mae"], self.model.evaluate(self.x_test, self.y_test, verbose=0)))

    def forecast_last(self):
        return self.model.predict(self.x_test[-1:])[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="data/pems_speed.csv")
    ap.add_argument("--model", choices=["baseline", "gru", "both"], default="both")
    ap.add_argument("--out", default="results")
    args = ap.parse_args()

    trainer = Trainer(args.csv)
    trainer.load()
    results = {}
    if args.model in ("baseline", "both"):
        trainer.build_baseline()
        results["baseline"] = trainer.fit()
    if args.model in ("gru", "both"):
        trainer.build_gru()
        results["gru"] = trainer.fit()
        print("next speeds:", trainer.forecast_last()[:5])
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
