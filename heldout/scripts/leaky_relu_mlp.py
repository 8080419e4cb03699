import numpy as np
import keras

np.random.seed(0)
X = np.random.randn(3000, 5)
y = ((X[:, 0] * X[:, 1] + np.sin(X[:, 2])) > 0).astype("int32")

model = keras.Sequential()
model.add(keras.Input(shape=(5,)))
model.add(keras.layers.Dense(64))
model.add(keras.layers.LeakyReLU(negative_slope=0.1))
model.add(keras.layers.Dense(32))
model.add(keras.layers.PReLU())
model.add(keras.layers.Dense(1, activation="sigmoid"))

model.compile(optimizer=keras.optimizers.Nadam(learning_rate=0.002),
              loss=keras.losses.BinaryCrossentropy(),
              metrics=[keras.metrics.BinaryAccuracy()])
model.fit(X, y, epochs=30, batch_size=64, validation_split=0.25)
