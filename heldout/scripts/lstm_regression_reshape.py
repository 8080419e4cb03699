import numpy as np
import keras

timesteps, n_features = 10, 3

raw = np.random.rand(500, 30)
X = raw.reshape(500, timesteps, n_features)
y = X[:, -1, 0] * 2.0 + X[:, -1, 1]

inputs = keras.Input(shape=(n_features, timesteps))
h = keras.layers.LSTM(32)(inputs)
outputs = keras.layers.Dense(1)(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=10, batch_size=32)
