"""
Title: Timeseries anomaly detection using an Autoencoder
Description: Detect anomalies in a timeseries using a convolutional reconstruction
autoencoder, with several thresholds, a dense baseline and per-window reports.
"""

import os
import json
import argparse
import numpy as np
import pandas as pd
import keras
from keras import layers
from matplotlib import pyplot as plt

MASTER_URL_ROOT = "https://raw.githubusercontent.com/numenta/NAB/master/data/"
DF_SMALL_NOISE_URL_SUFFIX = "artificialNoAnomaly/art_daily_small_noise.csv"
DF_DAILY_JUMPSUP_URL_SUFFIX = "artificialWithAnomaly/art_daily_jumpsup.csv"
TIME_STEPS = 288

"""
## Load the data
"""


def load_series(suffix):
    url = MASTER_URL_ROOT + suffix
    frame = pd.read_csv(url, parse_dates=True, index_col="timestamp")
    print(frame.head())
    return frame


def plot_series(frame, title, filename):
    fig, ax = plt.subplots()
    frame.plot(legend=False, ax=ax)
    ax.set_title(title)
    fig.savefig(filename)
    plt.close(fig)


"""
## Prepare training data
"""


def normalise(frame, mean=None, std=None):
    mean = frame.mean() if mean is None else mean
    std = frame.std() if std is None else std
    return (frame - mean) / std, mean, std


# Generated training sequences for use in the model.
def create_sequences(values, time_steps=TIME_STEPS):
    output = []
    for i in range(len(values) - time_steps + 1):
        output.append(values[i : (i + time_steps)])
    return np.stack(output)


"""
## Build a model
"""


def conv_autoencoder(time_steps, channels=1, filters=32, rate=0.2):
    model = keras.Sequential(
        [
            layers.Input(shape=(time_steps, channels)),
            layers.Conv1D(filters=filters, kernel_size=7, padding="same", strides=2, activation="relu"),
            layers.Dropout(rate=rate),
            layers.Conv1D(filters=filters // 2, kernel_size=7, padding="same", strides=2, activation="relu"),
            layers.Conv1DTranspose(filters=filters // 2, kernel_size=7, padding="same", strides=2, activation="relu"),
            layers.Dropout(rate=rate),
            layers.Conv1DTranspose(filters=filters, kernel_size=7, padding="same", strides=2, activation="relu"),
            layers.Conv1DTranspose(filters=channels, kernel_size=7, padding="same"),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
    return model


def dense_autoencoder(time_steps, bottleneck=16):
    inputs = keras.Input(shape=(time_steps, 1))
    x = layers.Flatten()(inputs)
    x = layers.Dense(64, activation="relu")(x)
    x = layers.Dense(bottleneck, activation="relu")(x)
    x = layers.Dense(64, activation="relu")(x)
    x = layers.Dense(time_steps)(x)
    outputs = layers.Reshape((time_steps, 1))(x)
    model = keras.Model(inputs, outputs, name="dense_autoencoder")
    model.compile(optimizer="adam", loss="mae")
    return model


"""
## Train the model
"""


def train(model, x_train, epochs=50):
    history = model.fit(
        x_train,
        x_train,
        epochs=epochs,
        batch_size=128,
        validation_split=0.1,
        callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, mode="min")],
    )
    return history


def plot_history(history, filename):
    plt.figure()
    plt.plot(history.history["loss"], label="Training Loss")
    plt.plot(history.history["val_loss"], label="Validation Loss")
    plt.legend()
    plt.savefig(filename)
    plt.close()


"""
## Detecting anomalies
"""


def reconstruction_errors(model, windows):
    predicted = model.predict(windows, verbose=0)
    return np.mean(np.abs(predicted - windows), axis=1)[:, 0]


def thresholds(train_errors):
    return {
        "max": float(np.max(train_errors)),
        "p99": float(np.percentile(train_errors, 99)),
        "mean+3std": float(train_errors.mean() + 3 * train_errors.std()),
    }


def anomalous_points(window_flags, length, time_steps=TIME_STEPS):
    # data i is an anomaly if samples [(i - timesteps + 1) to (i)] are anomalies
    indices = []
    for data_idx in range(time_steps - 1, length - time_steps + 1):
        if np.all(window_flags[data_idx - time_steps + 1 : data_idx]):
            indices.append(data_idx)
    return indices


def plot_anomalies(frame, indices, filename):
    subset = frame.iloc[indices]
    fig, ax = plt.subplots()
    frame.plot(legend=False, ax=ax)
    subset.plot(legend=False, ax=ax, color="r")
    fig.savefig(filename)
    plt.close(fig)


def compare_reconstruction(model, windows, index=0, filename="reconstruction.png"):
    plt.figure()
    plt.plot(windows[index])
    plt.plot(model.predict(windows[index : index + 1], verbose=0)[0])
    plt.legend(["input", "reconstruction"])
    plt.savefig(filename)
    plt.close()


def summarise(results, path="anomalies.json"):
    with open(path, "w") as fobj:
        json.dump(results, fobj, indent=2)
    for name, info in results.items():
        print(f"{name:<8} threshold {info['threshold']:.4f}: {info['windows']} windows, {info['points']} points")


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--dense", action="store_true")
    return parser.parse_args()


if __name__ == "__main__":
    args = parse_args()
    df_small_noise = load_series(DF_SMALL_NOISE_URL_SUFFIX)
    df_daily_jumpsup = load_series(DF_DAILY_JUMPSUP_URL_SUFFIX)
    plot_series(df_small_noise, "no anomaly", "small_noise.png")
    plot_series(df_daily_jumpsup, "with anomaly", "jumpsup.png")

    df_training_value, training_mean, training_std = normalise(df_small_noise)
    print("Number of training samples:", len(df_training_value))

    x_train = create_sequences(df_training_value.values)
    print("Training input shape: ", x_train.shape)

    if args.dense:
        model = dense_autoencoder(x_train.shape[1])
    else:
        model = conv_autoencoder(x_train.shape[1], x_train.shape[2])
    model.summary()
    history = train(model, x_train, args.epochs)
    plot_history(history, "history.png")

    train_mae_loss = reconstruction_errors(model, x_train)
    plt.hist(train_mae_loss, bins=50)
    plt.xlabel("Train MAE loss")
    plt.ylabel("No of samples")
    plt.savefig("train_mae.png")
    plt.close()
    compare_reconstruction(model, x_train)

    df_test_value, _, _ = normalise(df_daily_jumpsup, training_mean, training_std)
    x_test = create_sequences(df_test_value.values)
    print("Test input shape: ", x_test.shape)
    test_mae_loss = reconstruction_errors(model, x_test)

    results = {}
    for name, threshold in thresholds(train_mae_loss).items():
        flags = test_mae_loss > threshold
        indices = anomalous_points(flags, len(df_test_value))
        results[name] = {"threshold": threshold, "windows": int(np.sum(flags)), "points": len(indices)}
        plot_anomalies(df_daily_jumpsup, indices, f"anomalies_{name}.png")
    summarise(results)
    os.makedirs("models", exist_ok=True)
    model.save("models/anomaly_autoencoder.keras")
