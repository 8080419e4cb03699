# Occupancy detection from a low-resolution thermal camera.
# The acquisition software (MATLAB) stores the recording as height x width x frames
# of 16-bit counts.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

H, W = 48, 64

raw = np.load("recordings/thermal_hwn.npy")            # (48, 64, n_frames)
frames = raw.reshape(H, W, -1).transpose(2, 0, 1)     # -> (n_frames, 48, 64)
frames = frames / 65535.0                              # 16-bit sensor counts
frames = frames[..., np.newaxis].astype("float32")   # -> (n_frames, 48, 64, 1)

occupancy = np.load("recordings/occupancy.npy").astype("float32")  # people in view, 0/1

split = int(0.8 * len(frames))
x_train, x_test = frames[:split], frames[split:]
y_train, y_test = occupancy[:split], occupancy[split:]

model = models.Sequential([
    layers.Input(shape=(H, W, 1)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=20, batch_size=64, validation_data=(x_test, y_test))

# one frame at a time from the live feed
live = np.load("recordings/live_frame.npy").reshape(H, W) / 65535.0
print("occupied" if model.predict(live.reshape(1, H, W, 1))[0, 0] > 0.5 else "empty")
