import numpy as np
import keras

steps = 30
series = np.cumsum(np.random.randn(3000))
series = (series - series.mean()) / series.std()
windows = np.stack([series[i : i + steps] for i in range(len(series) - steps)])
X = windows[:, :, None]
y = series[steps:]

model = keras.Sequential(
    [
        keras.Input(shape=(steps, 1)),
        keras.layers.SimpleRNN(64, activation="relu"),
        keras.layers.Dense(1),
    ]
)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
model.fit(X, y, epochs=10, batch_size=32)
