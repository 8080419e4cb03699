#!/usr/bin/env python
"""Train an LSTM forecaster.

usage: python train_lstm_cli.py --data windows.npz --units 64 --lr 1e-3
"""
import argparse

import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data", default="windows.npz")
    p.add_argument("--units", type=int, default=4)
    p.add_argument("--lr", type=float, default=0.5)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=64)
    return p.parse_args()


def build(args, n_steps, n_features):
    model = keras.Sequential([
        layers.Input(shape=(n_steps, n_features)),
        layers.LSTM(args.units, return_sequences=True, dropout=args.dropout),
        layers.LSTM(args.units, dropout=args.dropout),
        layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=args.lr), loss="mse", metrics=["mae"])
    return model


def main():
    args = parse_args()
    npz = np.load(args.data)
    x_train, y_train = npz["x_train"], npz["y_train"]
    x_val, y_val = npz["x_val"], npz["y_val"]
    mu, sigma = x_train.mean(axis=(0, 1)), x_train.std(axis=(0, 1))
    x_train = (x_train - mu) / sigma
    x_val = (x_val - mu) / sigma
    model = build(args, x_train.shape[1], x_train.shape[2])
    model.fit(x_train, y_train, validation_data=(x_val, y_val),
              epochs=args.epochs, batch_size=args.batch_size)
    model.save("lstm.keras")


if __name__ == "__main__":
    main()
