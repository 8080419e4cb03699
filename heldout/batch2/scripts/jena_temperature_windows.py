"""Next-day temperature from the last 3 days (Jena climate, hourly).

Two baselines on the same windows: an LSTM and a 1-D convnet.
"""
import numpy as np
import pandas as pd
import keras
from keras import layers, ops

SEQ_LEN = 72          # three days of hourly readings
HORIZON = 24          # predict 24 h after the end of the window
BATCH = 256

df = pd.read_csv("jena_climate_2009_2016.csv")
temperature = df["T (degC)"].values.astype("float32")

n_train = int(0.7 * len(temperature))
n_val = int(0.15 * len(temperature))
mean = temperature[:n_train].mean()
std = temperature[:n_train].std()
temperature = (temperature - mean) / std

delay = SEQ_LEN + HORIZON - 1
train_ds = keras.utils.timeseries_dataset_from_array(
    temperature[:-delay],
    targets=temperature[delay:],
    sequence_length=SEQ_LEN,
    batch_size=BATCH,
    shuffle=True,
    start_index=0,
    end_index=n_train,
)
val_ds = keras.utils.timeseries_dataset_from_array(
    temperature[:-delay],
    targets=temperature[delay:],
    sequence_length=SEQ_LEN,
    batch_size=BATCH,
    start_index=n_train,
    end_index=n_train + n_val,
)

for x_batch, y_batch in train_ds.take(1):
    print(x_batch.shape, y_batch.shape)   # (256, 72) (256,)

# --- LSTM: the single feature axis is added by Keras
lstm_in = keras.Input(shape=(SEQ_LEN, 1))
h = layers.LSTM(32)(lstm_in)
lstm_out = layers.Dense(1)(h)
lstm_model = keras.Model(lstm_in, lstm_out)
lstm_model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
lstm_model.fit(train_ds, epochs=10, validation_data=val_ds)

# --- Conv1D: flat windows, explicit channel axis
conv_in = keras.Input(shape=(SEQ_LEN,))
c = layers.Lambda(lambda t: ops.expand_dims(t, -1))(conv_in)
c = layers.Conv1D(32, 24, activation="relu")(c)
c = layers.MaxPooling1D(2)(c)
c = layers.Conv1D(32, 12, activation="relu")(c)
c = layers.GlobalAveragePooling1D()(c)
conv_out = layers.Dense(1)(c)
conv_model = keras.Model(conv_in, conv_out)
conv_model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
conv_model.fit(train_ds, epochs=10, validation_data=val_ds)

print("LSTM val MAE (deg C):", lstm_model.evaluate(val_ds, verbose=0)[1] * std)
print("conv val MAE (deg C):", conv_model.evaluate(val_ds, verbose=0)[1] * std)
