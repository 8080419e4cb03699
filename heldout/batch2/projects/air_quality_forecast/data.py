"""Hourly air-quality readings -> windowed tf.data datasets."""
import numpy as np
import pandas as pd
from tensorflow import keras

from config import BATCH_SIZE, CSV_PATH, FEATURES, TARGET, TRAIN_FRACTION, WINDOW


def read_frame(path=CSV_PATH):
    df = pd.read_csv(path)
    df = df.replace(-200, np.nan).interpolate().dropna(subset=FEATURES + [TARGET])
    return df


def make_datasets(df):
    features = df[FEATURES].values.astype("float32")
    target = df[TARGET].values.astype("float32")

    n_train = int(TRAIN_FRACTION * len(features))
    mean = features[:n_train].mean(axis=0)
    std = features[:n_train].std(axis=0)
    features = (features - mean) / std

    train_ds = keras.utils.timeseries_dataset_from_array(
        features[:-WINDOW], target[WINDOW:], sequence_length=WINDOW,
        batch_size=BATCH_SIZE, shuffle=True, end_index=n_train)
    test_ds = keras.utils.timeseries_dataset_from_array(
        features[:-WINDOW], target[WINDOW:], sequence_length=WINDOW,
        batch_size=BATCH_SIZE, start_index=n_train)
    return train_ds, test_ds
