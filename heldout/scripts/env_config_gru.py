import json
import os

import numpy as np
import tensorflow as tf

with open(os.environ.get("TRAIN_CONFIG", "config.json")) as fh:
    cfg = json.load(fh)

UNITS = int(os.environ.get("HIDDEN_UNITS", "4"))

series = np.load(cfg["data_path"]).astype("float32")
series = (series - series.mean()) / series.std()

window = cfg["window"]
X = np.stack([series[i:i + window] for i in range(len(series) - window)])[..., None]
y = series[window:]

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(window, 1)),
    tf.keras.layers.GRU(UNITS),
    tf.keras.layers.Dropout(cfg["dropout"]),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer=tf.keras.optimizers.RMSprop(learning_rate=cfg["lr"]), loss="mse")
model.fit(X, y, epochs=cfg["epochs"], batch_size=cfg.get("batch_size", 32))
