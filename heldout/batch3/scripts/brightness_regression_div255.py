# Regress the mean brightness of each 8x8 digit image (target scaled like the pixels).
import numpy as np
from tensorflow import keras

images = np.load("digits_raw.npy").astype("float32")
brightness = images.mean(axis=(1, 2))            # 0..255

x_train = images[:120] / 255.0
x_test = images[120:] / 255.0
y_train = brightness[:120]
y_test = brightness[120:]
y_train = y_train / 255.0
y_test = y_test / 255.0

model = keras.Sequential([
    keras.layers.Input(shape=(8, 8)),
    keras.layers.Flatten(),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=100, batch_size=16, verbose=0)
print("test mse, mae:", model.evaluate(x_test, y_test, verbose=0))
