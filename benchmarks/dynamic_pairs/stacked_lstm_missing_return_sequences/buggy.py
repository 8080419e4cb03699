import numpy as np
import tensorflow as tf

L = tf.keras.layers

X = np.random.rand(256, 10, 4)
y = X[:, :, 0].sum(axis=1)

model = tf.keras.Sequential()
model.add(L.LSTM(32, input_shape=(10, 4)))
model.add(L.LSTM(16))
model.add(L.Dense(1))
model.compile(loss="mse", optimizer="adam")
model.fit(X, y, epochs=20, batch_size=16)
