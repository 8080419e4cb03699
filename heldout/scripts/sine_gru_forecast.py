import numpy as np
import matplotlib.pyplot as plt
from tensorflow import keras

HIDDEN = 4
LOOKBACK = 50
LR = 0.3

t = np.linspace(0, 100, 5000)
series = np.sin(t) + 0.1 * np.random.randn(len(t))


def make_windows(s, lookback):
    xs, ys = [], []
    for i in range(len(s) - lookback):
        xs.append(s[i:i + lookback])
        ys.append(s[i + lookback])
    return np.array(xs)[..., None], np.array(ys)


X, y = make_windows(series, LOOKBACK)

model = keras.Sequential([
    keras.layers.GRU(HIDDEN, input_shape=(LOOKBACK, 1)),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss="mse")
history = model.fit(X, y, epochs=20, batch_size=64, validation_split=0.2)

plt.plot(history.history["loss"], label="train")
plt.plot(history.history["val_loss"], label="val")
plt.legend()
plt.show()
