import numpy as np
import tensorflow as tf

N = 1000
X = np.random.uniform(-1, 1, size=(N, 4))
Y = np.zeros((N, 3))
for i in range(N):
    Y[i, 0] = X[i, 0] ** 2
    Y[i, 1] = np.sin(X[i, 1])
    Y[i, 2] = X[i, 2] * X[i, 3]

model = tf.keras.Sequential()
model.add(tf.keras.layers.Dense(64, activation='tanh', input_shape=(4,)))
model.add(tf.keras.layers.Dense(64, activation='tanh'))
model.add(tf.keras.layers.Dense(1))
model.compile(optimizer='adam', loss='mse')

hist = model.fit(X, Y, epochs=50, batch_size=32, verbose=0)
print(hist.history['loss'][-1])
