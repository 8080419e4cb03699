"""Loading and windowing the station readings."""

import numpy as np
import pandas as pd

FEATURES = ["temperature", "humidity", "pressure", "wind_speed"]
TARGET = "temperature"


def load_readings(path="data/station.csv"):
    df = pd.read_csv(path, parse_dates=["time"]).sort_values("time")
    df = df.interpolate().dropna()
    return df


def make_windows(df, lookback=48, horizon=6):
    values = df[FEATURES].values.astype("float32")
    mean, std = values.mean(axis=0), values.std(axis=0)
    values = (values - mean) / std
    target = values[:, FEATURES.index(TARGET)]
    xs, ys = [], []
    for start in range(len(values) - lookback - horizon):
        xs.append(values[start : start + lookback])
        ys.append(target[start + lookback + horizon - 1])
    return np.array(xs), np.array(ys), (mean, std)


def split(x, y, fraction=0.8):
    cut = int(len(x) * fraction)
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])
