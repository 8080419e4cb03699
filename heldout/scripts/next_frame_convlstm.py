"""Next-frame prediction on synthetic moving squares with ConvLSTM2D."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

N_VIDEOS, N_FRAMES, SIZE = 200, 11, 40


def moving_squares(n, frames, size):
    videos = np.zeros((n, frames, size, size, 1), dtype="float32")
    for i in range(n):
        r, c = np.random.randint(0, size - 8, 2)
        dr, dc = np.random.randint(-1, 2, 2)
        for t in range(frames):
            rr = int(np.clip(r + dr * t, 0, size - 6))
            cc = int(np.clip(c + dc * t, 0, size - 6))
            videos[i, t, rr:rr + 6, cc:cc + 6, 0] = 1.0
    return videos


videos = moving_squares(N_VIDEOS, N_FRAMES, SIZE)
x = videos[:, :-1]
y = videos[:, 1:]

inp = layers.Input(shape=(None, SIZE, SIZE, 1))
h = layers.ConvLSTM2D(32, (5, 5), padding="same", return_sequences=True, activation="relu")(inp)
h = layers.BatchNormalization()(h)
h = layers.ConvLSTM2D(32, (3, 3), padding="same", return_sequences=True, activation="relu")(h)
h = layers.BatchNormalization()(h)
out = layers.Conv3D(1, (3, 3, 3), activation="sigmoid", padding="same")(h)

model = keras.Model(inp, out)
model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam())
model.fit(x, y, batch_size=4, epochs=20, validation_split=0.1)
