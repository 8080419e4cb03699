"""Sessions made of clips, clips made of sensor steps: (batch, clips, steps, features)."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

N_CLIPS, N_STEPS, N_FEATS = 10, 8, 16

x = np.random.rand(300, N_CLIPS, N_STEPS, N_FEATS).astype("float32")
y = (x[:, :, :, 0].mean(axis=(1, 2)) > 0.5).astype("float32")

inp = keras.Input(shape=(N_CLIPS, N_STEPS, N_FEATS))
h = layers.TimeDistributed(layers.Dense(32, activation="relu"))(inp)
h = layers.TimeDistributed(layers.LSTM(32))(h)
h = layers.LSTM(16)(h)
out = layers.Dense(1, activation="sigmoid")(h)

model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, batch_size=32, validation_split=0.2)
