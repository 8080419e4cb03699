import numpy as np
import keras

x = np.random.normal(size=(2000, 8)).astype("float32")
y = np.sin(x[:, 0]) + 0.5 * x[:, 1] ** 2

model = keras.Sequential(
    [keras.Input((8,))]
    + [keras.layers.Dense(128, activation="relu") for _ in range(6)]
    + [keras.layers.Dense(1)]
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mse")
model.fit(x, y, epochs=30, batch_size=64)
