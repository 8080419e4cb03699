"""Second attempt: scale the input and use a TimeDistributed LSTM.

Still no learning at all. Sample data is random for now, the real
sensor data comes later.
"""
import numpy as np
import tensorflow as tf
from sklearn.preprocessing import StandardScaler

N_SAMPLES, N_STEPS = 100, 20

data = np.random.rand(N_SAMPLES, N_STEPS, 1)
labels = np.random.randint(0, 2, N_SAMPLES)

scaler = StandardScaler()
data = scaler.fit_transform(data.reshape(-1, 1)).reshape(N_SAMPLES, N_STEPS, 1)

model = tf.keras.Sequential()
model.add(tf.keras.layers.TimeDistributed(tf.keras.layers.LSTM(4), input_shape=(N_STEPS, 1)))
model.add(tf.keras.layers.Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

model.fit(data, labels,
          epochs=10,
          batch_size=10)
