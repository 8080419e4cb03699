"""
Title: Structured data classification from scratch
Description: Binary classification of structured data including numerical and categorical
features (the Cleveland heart disease dataset), with hand-written feature preprocessing,
a tf.data pipeline from a dict of columns, cross-validation and a calibration report.
"""

import os
import math
import collections

import numpy as np
import pandas as pd
import tensorflow as tf
import keras
from keras import layers
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import roc_auc_score, brier_score_loss
import matplotlib.pyplot as plt

FILE_URL = "http://storage.googleapis.com/download.tensorflow.org/data/heart.csv"
TARGET = "target"

NUMERICAL = ["age", "trestbps", "chol", "thalach", "oldpeak", "slope"]
INTEGER_CATEGORICAL = ["sex", "cp", "fbs", "restecg", "exang", "ca"]
STRING_CATEGORICAL = ["thal"]
ALL_FEATURES = NUMERICAL + INTEGER_CATEGORICAL + STRING_CATEGORICAL

"""
## Preparing the data
"""


def read_data(url=FILE_URL):
    dataframe = pd.read_csv(url)
    print(dataframe.shape)
    print(dataframe.head())
    dataframe = dataframe.dropna()
    dataframe["thal"] = dataframe["thal"].astype(str)
    return dataframe


def describe(dataframe):
    summary = {}
    for column in dataframe.columns:
        series = dataframe[column]
        if series.dtype.kind in "if":
            summary[column] = {
                "min": float(series.min()),
                "max": float(series.max()),
                "mean": float(series.mean()),
                "missing": int(series.isna().sum()),
            }
        else:
            summary[column] = {"levels": sorted(series.unique().tolist())}
    return summary


def split_validation(dataframe, fraction=0.2, seed=1337):
    val_dataframe = dataframe.sample(frac=fraction, random_state=seed)
    train_dataframe = dataframe.drop(val_dataframe.index)
    print(
        f"Using {len(train_dataframe)} samples for training "
        f"and {len(val_dataframe)} for validation"
    )
    return train_dataframe, val_dataframe


def dataframe_to_dataset(dataframe, batch_size=32, shuffle=True):
    dataframe = dataframe.copy()
    labels = dataframe.pop(TARGET)
    ds = tf.data.Dataset.from_tensor_slices((dict(dataframe), labels))
    if shuffle:
        ds = ds.shuffle(buffer_size=len(dataframe))
    return ds.batch(batch_size)


"""
## Feature preprocessing, written out by hand
"""


class Statistics:
    """Means, deviations and vocabularies learnt on the training split only."""

    def __init__(self):
        self.mean = {}
        self.std = {}
        self.vocabulary = collections.OrderedDict()

    def fit(self, dataframe):
        for name in NUMERICAL:
            self.mean[name] = float(dataframe[name].mean())
            self.std[name] = float(dataframe[name].std()) or 1.0
        for name in INTEGER_CATEGORICAL + STRING_CATEGORICAL:
            self.vocabulary[name] = sorted(dataframe[name].astype(str).unique().tolist())
        return self

    def width(self):
        return len(NUMERICAL) + sum(len(v) + 1 for v in self.vocabulary.values())


def encode_numerical(dataframe, stats):
    columns = []
    for name in NUMERICAL:
        columns.append(((dataframe[name] - stats.mean[name]) / stats.std[name]).values)
    return np.stack(columns, axis=1).astype("float32")


def encode_categorical(dataframe, stats):
    blocks = []
    for name, vocabulary in stats.vocabulary.items():
        index = {value: i + 1 for i, value in enumerate(vocabulary)}
        codes = dataframe[name].astype(str).map(lambda v: index.get(v, 0)).values
        block = np.zeros((len(dataframe), len(vocabulary) + 1), dtype="float32")
        block[np.arange(len(dataframe)), codes] = 1.0
        blocks.append(block)
    return np.concatenate(blocks, axis=1)


def encode(dataframe, stats):
    return np.concatenate(
        [encode_numerical(dataframe, stats), encode_categorical(dataframe, stats)], axis=1
    )


def crossed_feature(dataframe, first, second, buckets=32):
    keys = dataframe[first].astype(str) + "_" + dataframe[second].astype(str)
    hashed = keys.map(lambda k: hash(k) % buckets).values
    crossed = np.zeros((len(dataframe), buckets), dtype="float32")
    crossed[np.arange(len(dataframe)), hashed] = 1.0
    return crossed


"""
## Build a model
"""


def build_model(width, hidden=32, dropout=0.5):
    inputs = keras.Input(shape=(width,), name="features")
    x = layers.Dense(hidden, activation="relu")(inputs)
    x = layers.Dropout(dropout)(x)
    x = layers.Dense(hidden // 2, activation="relu")(x)
    output = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, output)
    model.compile(
        optimizer="adam",
        loss="binary_crossentropy",
        metrics=["accuracy", keras.metrics.AUC(name="auc")],
    )
    return model


def build_wide_and_deep(deep_width, wide_width, hidden=32):
    deep_inputs = keras.Input(shape=(deep_width,), name="deep")
    wide_inputs = keras.Input(shape=(wide_width,), name="wide")
    x = layers.Dense(hidden, activation="relu")(deep_inputs)
    x = layers.BatchNormalization()(x)
    x = layers.Dense(hidden, activation="relu")(x)
    merged = layers.concatenate([x, wide_inputs])
    output = layers.Dense(1, activation="sigmoid")(merged)
    model = keras.Model([deep_inputs, wide_inputs], output, name="wide_and_deep")
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])
    return model


"""
## Train the model
"""


def fit_once(model, x_train, y_train, x_val, y_val, epochs=50):
    early = keras.callbacks.EarlyStopping(patience=8, restore_best_weights=True)
    history = model.fit(
        x_train,
        y_train,
        epochs=epochs,
        batch_size=32,
        validation_data=(x_val, y_val),
        callbacks=[early],
        verbose=0,
    )
    return history


def cross_validate(dataframe, folds=5, seed=7):
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    scores = []
    labels = dataframe[TARGET].values
    for fold, (train_index, val_index) in enumerate(splitter.split(dataframe, labels)):
        train_part = dataframe.iloc[train_index]
        val_part = dataframe.iloc[val_index]
        stats = Statistics().fit(train_part)
        x_train, x_val = encode(train_part, stats), encode(val_part, stats)
        y_train, y_val = train_part[TARGET].values, val_part[TARGET].values
        model = build_model(stats.width())
        fit_once(model, x_train, y_train, x_val, y_val)
        probabilities = model.predict(x_val, verbose=0)[:, 0]
        scores.append(roc_auc_score(y_val, probabilities))
        print(f"fold {fold}: AUC {scores[-1]:.3f}")
    return float(np.mean(scores)), float(np.std(scores))


"""
## Calibration
"""


def calibration_table(labels, probabilities, bins=10):
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows = []
    for low, high in zip(edges[:-1], edges[1:]):
        mask = (probabilities >= low) & (probabilities < high)
        if not mask.any():
            continue
        rows.append((low, high, float(probabilities[mask].mean()), float(labels[mask].mean()), int(mask.sum())))
    return rows


def plot_calibration(rows, filename="calibration.png"):
    plt.figure(figsize=(5, 5))
    plt.plot([0, 1], [0, 1], "k--")
    plt.plot([r[2] for r in rows], [r[3] for r in rows], "o-")
    plt.xlabel("predicted probability")
    plt.ylabel("observed frequency")
    plt.savefig(filename)
    plt.close()


def predict_patient(model, stats, sample):
    frame = pd.DataFrame({name: [value] for name, value in sample.items()})
    frame["thal"] = frame["thal"].astype(str)
    probability = float(model.predict(encode(frame, stats), verbose=0)[0][0])
    print(
        f"This particular patient had a {100 * probability:.1f} "
        "percent probability of having a heart disease, as evaluated by our model."
    )
    return probability


def main():
    dataframe = read_data()
    for name, info in describe(dataframe).items():
        print(name, info)
    train_dataframe, val_dataframe = split_validation(dataframe)

    stats = Statistics().fit(train_dataframe)
    x_train = encode(train_dataframe, stats)
    x_val = encode(val_dataframe, stats)
    y_train = train_dataframe[TARGET].values
    y_val = val_dataframe[TARGET].values

    model = build_model(stats.width())
    history = fit_once(model, x_train, y_train, x_val, y_val)
    print("best validation AUC", max(history.history["val_auc"]))

    wide_train = crossed_feature(train_dataframe, "age", "sex")
    wide_val = crossed_feature(val_dataframe, "age", "sex")
    wide = build_wide_and_deep(x_train.shape[1], wide_train.shape[1])
    wide.fit([x_train, wide_train], y_train, epochs=30, validation_data=([x_val, wide_val], y_val), verbose=0)

    probabilities = model.predict(x_val, verbose=0)[:, 0]
    print("Brier score", brier_score_loss(y_val, probabilities))
    plot_calibration(calibration_table(y_val, probabilities))

    mean_auc, std_auc = cross_validate(dataframe)
    print(f"cross-validated AUC {mean_auc:.3f} +- {std_auc:.3f}")

    sample = {
        "age": 60,
        "sex": 1,
        "cp": 1,
        "trestbps": 145,
        "chol": 233,
        "fbs": 1,
        "restecg": 2,
        "thalach": 150,
        "exang": 0,
        "oldpeak": 2.3,
        "slope": 3,
        "ca": 0,
        "thal": "fixed",
    }
    predict_patient(model, stats, sample)

    dataset = dataframe_to_dataset(train_dataframe)
    for features, target in dataset.take(1):
        print("Input:", {k: v.numpy()[:3] for k, v in features.items()})
        print("Target:", target.numpy()[:3])


if __name__ == "__main__":
    main()
