import numpy as np
from tensorflow import keras

X = np.random.rand(1000, 6)
y = X @ np.array([0.5, -0.2, 0.1, 0.3, 0.0, 0.2])

model = keras.models.Sequential()
model.add(keras.layers.Dense(32, activation="relu", input_shape=(6,)))
model.add(keras.layers.Dense(1, activation="linear"))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=40, validation_split=0.1)
