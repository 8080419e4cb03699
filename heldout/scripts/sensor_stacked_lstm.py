import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.preprocessing import MinMaxScaler

WINDOW = 24
FEATURES = ["temp", "humidity", "pressure", "wind"]

df = pd.read_csv("sensor_readings.csv", parse_dates=["timestamp"])
df = df.sort_values("timestamp").dropna()
df["hour"] = df["timestamp"].dt.hour
values = df[FEATURES + ["hour"]].values.astype("float32")

split = int(len(values) * 0.8)
scaler = MinMaxScaler(feature_range=(0, 1))
scaler.fit(values[:split])
scaled = scaler.transform(values)


def windows(arr, start, stop):
    xs, ys = [], []
    for i in range(start + WINDOW, stop):
        xs.append(arr[i - WINDOW:i])
        ys.append(arr[i, 0])
    return np.array(xs), np.array(ys)


X_train, y_train = windows(scaled, 0, split)
X_test, y_test = windows(scaled, split, len(scaled))

model = tf.keras.Sequential([
    tf.keras.layers.LSTM(50, input_shape=(WINDOW, X_train.shape[2])),
    tf.keras.layers.LSTM(50),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X_train, y_train, epochs=30, batch_size=64, validation_data=(X_test, y_test))
