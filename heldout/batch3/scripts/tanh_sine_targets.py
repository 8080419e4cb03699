# Approximating 0.9 * sin(3x) on [-1, 1]; the targets stay inside tanh's range.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x = np.linspace(-1.0, 1.0, 1000, dtype="float32").reshape(-1, 1)
y = 0.9 * np.sin(3.0 * x)

model = keras.Sequential([
    layers.Input(shape=(1,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="tanh"),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=200, batch_size=32, shuffle=True, verbose=0)
print("final mse:", model.evaluate(x, y, verbose=0))
