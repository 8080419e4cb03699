"""
Title: Timeseries forecasting for weather prediction
Description: Predicting the temperature 12 hours ahead from 5 days of past observations
of the Jena climate record, with an LSTM, a 1D convnet baseline and a naive baseline.
"""

import os
import sys
import math
import zipfile
import logging
from urllib.request import urlretrieve

import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import keras
from keras import layers

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
log = logging.getLogger("weather")

URI = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/jena_climate_2009_2016.csv.zip"
CSV_PATH = "jena_climate_2009_2016.csv"

TITLES = [
    "Pressure",
    "Temperature",
    "Temperature in Kelvin",
    "Temperature (dew point)",
    "Relative Humidity",
    "Saturation vapor pressure",
    "Vapor pressure",
    "Vapor pressure deficit",
    "Specific humidity",
    "Water vapor concentration",
    "Airtight",
    "Wind speed",
    "Maximum wind speed",
    "Wind direction in degrees",
]

FEATURE_KEYS = [
    "p (mbar)",
    "T (degC)",
    "Tpot (K)",
    "Tdew (degC)",
    "rh (%)",
    "VPmax (mbar)",
    "VPact (mbar)",
    "VPdef (mbar)",
    "sh (g/kg)",
    "H2OC (mmol/mol)",
    "rho (g/m**3)",
    "wv (m/s)",
    "max. wv (m/s)",
    "wd (deg)",
]

COLORS = [
    "blue",
    "orange",
    "green",
    "red",
    "purple",
    "brown",
    "pink",
    "gray",
    "olive",
    "cyan",
]

DATE_TIME_KEY = "Date Time"

SPLIT_FRACTION = 0.715
STEP = 6
PAST = 720
FUTURE = 72
LEARNING_RATE = 0.001
BATCH_SIZE = 256
EPOCHS = 10

SELECTED = [0, 1, 5, 7, 8, 10, 11]


def download(uri=URI, csv_path=CSV_PATH):
    if os.path.exists(csv_path):
        return csv_path
    archive = os.path.basename(uri)
    log.info("downloading %s", uri)
    urlretrieve(uri, archive)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall()
    return csv_path


def load_frame(csv_path):
    df = pd.read_csv(csv_path)
    log.info("read %d rows, %d columns", len(df), len(df.columns))
    return df


"""
## Raw data visualization
"""


def show_raw_visualization(data, filename="raw.png"):
    time_data = data[DATE_TIME_KEY]
    fig, axes = plt.subplots(nrows=7, ncols=2, figsize=(15, 20), dpi=80, facecolor="w", edgecolor="k")
    for i in range(len(FEATURE_KEYS)):
        key = FEATURE_KEYS[i]
        c = COLORS[i % (len(COLORS))]
        t_data = data[key]
        t_data.index = time_data
        t_data.head()
        ax = t_data.plot(
            ax=axes[i // 2, i % 2],
            color=c,
            title="{} - {}".format(TITLES[i], key),
            rot=25,
        )
        ax.legend([TITLES[i]])
    plt.tight_layout()
    plt.savefig(filename)
    plt.close(fig)


def show_heatmap(data, filename="heatmap.png"):
    plt.matshow(data.corr(numeric_only=True))
    plt.xticks(range(data.shape[1]), data.columns, fontsize=14, rotation=90)
    plt.gca().xaxis.tick_bottom()
    plt.yticks(range(data.shape[1]), data.columns, fontsize=14)

    cb = plt.colorbar()
    cb.ax.tick_params(labelsize=14)
    plt.title("Feature Correlation Heatmap", fontsize=14)
    plt.savefig(filename)
    plt.close()


"""
## Data preprocessing
"""


def normalize(data, train_split):
    data_mean = data[:train_split].mean(axis=0)
    data_std = data[:train_split].std(axis=0)
    return (data - data_mean) / data_std


def select_features(df):
    log.info(
        "The selected parameters are: %s",
        ", ".join([TITLES[i] for i in SELECTED]),
    )
    selected_features = [FEATURE_KEYS[i] for i in SELECTED]
    features = df[selected_features]
    features.index = df[DATE_TIME_KEY]
    return features


def split_frame(features, split_fraction=SPLIT_FRACTION):
    train_split = int(split_fraction * int(features.shape[0]))
    features = normalize(features.values, train_split)
    features = pd.DataFrame(features)
    train_data = features.loc[0 : train_split - 1]
    val_data = features.loc[train_split:]
    return train_data, val_data, train_split


def training_arrays(train_data, train_split):
    start = PAST + FUTURE
    end = start + train_split
    x_train = train_data[[i for i in range(7)]].values
    y_train = features_frame.iloc[start:end][[1]]
    return x_train, y_train


def validation_arrays(val_data):
    x_end = len(val_data) - PAST - FUTURE
    label_start = len(val_data) + PAST + FUTURE  # noqa: F841 (kept from the original tutorial)
    x_val = val_data.iloc[:x_end][[i for i in range(7)]].values
    y_val = features_frame.iloc[PAST + FUTURE :][[1]]
    return x_val, y_val


def windows(x, y, sequence_length):
    return keras.preprocessing.timeseries_dataset_from_array(
        x,
        y,
        sequence_length=sequence_length,
        sampling_rate=STEP,
        batch_size=BATCH_SIZE,
    )


"""
## Models
"""


def build_lstm(input_shape, units=32):
    inputs = keras.layers.Input(shape=input_shape)
    lstm_out = keras.layers.LSTM(units)(inputs)
    outputs = keras.layers.Dense(1)(lstm_out)
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE), loss="mse")
    return model


def build_conv(input_shape, filters=64):
    inputs = keras.layers.Input(shape=input_shape)
    x = layers.Conv1D(filters, 7, activation="relu", padding="causal")(inputs)
    x = layers.MaxPooling1D(2)(x)
    x = layers.Conv1D(filters, 5, activation="relu", padding="causal")(x)
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs, name="conv_baseline")
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    return model


def naive_mae(dataset):
    total, count = 0.0, 0
    for x, y in dataset:
        last = np.array(x)[:, -1, 1]
        total += float(np.abs(last - np.array(y)[:, 0]).sum())
        count += len(last)
    return total / max(count, 1)


"""
## Training
"""


def train(model, dataset_train, dataset_val, name):
    path_checkpoint = f"{name}_checkpoint.weights.h5"
    es_callback = keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=0, patience=5)

    modelckpt_callback = keras.callbacks.ModelCheckpoint(
        monitor="val_loss",
        filepath=path_checkpoint,
        verbose=1,
        save_weights_only=True,
        save_best_only=True,
    )

    history = model.fit(
        dataset_train,
        epochs=EPOCHS,
        validation_data=dataset_val,
        callbacks=[es_callback, modelckpt_callback],
    )
    return history


def visualize_loss(history, title, filename):
    loss = history.history["loss"]
    val_loss = history.history["val_loss"]
    epochs = range(len(loss))
    plt.figure()
    plt.plot(epochs, loss, "b", label="Training loss")
    plt.plot(epochs, val_loss, "r", label="Validation loss")
    plt.title(title)
    plt.xlabel("Epochs")
    plt.ylabel("Loss")
    plt.legend()
    plt.savefig(filename)
    plt.close()


"""
## Prediction
"""


def show_plot(plot_data, delta, title, filename):
    labels = ["History", "True Future", "Model Prediction"]
    marker = [".-", "rx", "go"]
    time_steps = list(range(-(plot_data[0].shape[0]), 0))
    if delta:
        future = delta
    else:
        future = 0

    plt.figure()
    plt.title(title)
    for i, val in enumerate(plot_data):
        if i:
            plt.plot(future, plot_data[i], marker[i], markersize=10, label=labels[i])
        else:
            plt.plot(time_steps, plot_data[i].flatten(), marker[i], label=labels[i])
    plt.legend()
    plt.xlim([time_steps[0], (future + 5) * 2])
    plt.xlabel("Time-Step")
    plt.savefig(filename)
    plt.close()


def show_predictions(model, dataset_val, count=5, prefix="prediction"):
    for index, (x, y) in enumerate(dataset_val.take(count)):
        show_plot(
            [np.array(x[0])[:, 1], np.array(y[0]), model.predict(x)[0]],
            12,
            "Single Step Prediction",
            f"{prefix}_{index}.png",
        )


def report(results):
    width = max(len(name) for name in results)
    for name, value in sorted(results.items(), key=lambda item: item[1]):
        print(f"{name:<{width}}  val MAE {value:.4f}")


csv_path = download()
df = load_frame(csv_path)
show_raw_visualization(df)
show_heatmap(df[FEATURE_KEYS])

features_frame = select_features(df)
train_data, val_data, train_split = split_frame(features_frame)
x_train, y_train = training_arrays(train_data, train_split)
x_val, y_val = validation_arrays(val_data)

sequence_length = int(PAST / STEP)
dataset_train = windows(x_train, y_train, sequence_length)
dataset_val = windows(x_val, y_val, sequence_length)

for batch in dataset_train.take(1):
    inputs, targets = batch

print("Input shape:", inputs.numpy().shape)
print("Target shape:", targets.numpy().shape)

results = {"naive": naive_mae(dataset_val)}
for name, builder in (("lstm", build_lstm), ("conv", build_conv)):
    model = builder((inputs.shape[1], inputs.shape[2]))
    model.summary()
    history = train(model, dataset_train, dataset_val, name)
    visualize_loss(history, f"{name}: training and validation loss", f"{name}_loss.png")
    results[name] = float(min(history.history["val_loss"]))
    show_predictions(model, dataset_val, prefix=name)

report(results)
if results["lstm"] > results["naive"]:
    log.warning("the LSTM does not beat the naive baseline")
    sys.exit(1)
