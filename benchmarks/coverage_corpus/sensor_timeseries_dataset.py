import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras

WINDOW = 64
BATCH = 128

frame = pd.read_csv("machine_sensors.csv")
signals = frame[["vibration_x", "vibration_y", "vibration_z", "temperature", "current"]].to_numpy(
    dtype="float32"
)
labels = frame["failure_within_24h"].to_numpy()

split = int(0.8 * len(signals))
mean = signals[:split].mean(axis=0)
std = signals[:split].std(axis=0)
signals = (signals - mean) / std

train_ds = keras.utils.timeseries_dataset_from_array(
    signals[:split],
    labels[WINDOW - 1 : split + WINDOW - 1],
    sequence_length=WINDOW,
    batch_size=BATCH,
    shuffle=True,
)
val_ds = keras.utils.timeseries_dataset_from_array(
    signals[split:], labels[split + WINDOW - 1 :], sequence_length=WINDOW, batch_size=BATCH
)

model = keras.Sequential(
    [
        keras.layers.Input(shape=(WINDOW, signals.shape[1])),
        keras.layers.Conv1D(32, 5, activation="relu"),
        keras.layers.MaxPooling1D(2),
        keras.layers.GRU(32),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.AUC()])
model.fit(train_ds, validation_data=val_ds, epochs=10, class_weight={0: 1.0, 1: 20.0})

latest = signals[-WINDOW:][np.newaxis]
print("failure risk:", float(model.predict(latest)[0, 0]))
