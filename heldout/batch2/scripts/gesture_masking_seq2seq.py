"""Pen-gesture sequences: (1) classify variable-length strokes with masking,
(2) an LSTM autoencoder that reconstructs fixed-length resampled strokes.

strokes.npz holds an object array of (length_i, 3) strokes (dx, dy, pen_down)
and an int label per stroke.
"""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.preprocessing.sequence import pad_sequences

MAX_LEN = 64
N_CLASSES = 8
FEATURES = 3

data = np.load("strokes.npz", allow_pickle=True)
strokes, labels = data["strokes"], data["labels"].astype("int32")

# scale dx, dy by the training-set spread (pen_down is already 0/1)
n_train = int(0.8 * len(strokes))
spread = np.concatenate([s[:, :2] for s in strokes[:n_train]]).std()
strokes = [np.concatenate([s[:, :2] / spread, s[:, 2:]], axis=1) for s in strokes]

padded = pad_sequences(strokes, maxlen=MAX_LEN, dtype="float32", padding="post", value=0.0)
x_train, x_test = padded[:n_train], padded[n_train:]
y_train, y_test = labels[:n_train], labels[n_train:]

# ---------------------------------------------------------------- (1) classifier
clf = keras.Sequential([
    layers.Masking(mask_value=0.0, input_shape=(MAX_LEN, FEATURES)),
    layers.LSTM(64, return_sequences=True),
    layers.LSTM(32),
    layers.Dense(N_CLASSES, activation="softmax"),
])
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
clf.fit(x_train, y_train, epochs=15, batch_size=64, validation_data=(x_test, y_test))

# ---------------------------------------------------------------- (2) autoencoder
RESAMPLED = 32


def resample(s, n=RESAMPLED):
    idx = np.linspace(0, len(s) - 1, n)
    return np.stack([np.interp(idx, np.arange(len(s)), s[:, k]) for k in range(s.shape[1])], axis=1)


fixed = np.stack([resample(s) for s in strokes]).astype("float32")    # (n, 32, 3)

autoenc = keras.Sequential()
autoenc.add(layers.Input(shape=(RESAMPLED, FEATURES)))
autoenc.add(layers.LSTM(64))
autoenc.add(layers.RepeatVector(RESAMPLED))
autoenc.add(layers.LSTM(64, return_sequences=True))
autoenc.add(layers.Dense(FEATURES))
autoenc.compile(optimizer="adam", loss="mse")
autoenc.fit(fixed[:n_train], fixed[:n_train], epochs=20, batch_size=64,
            validation_data=(fixed[n_train:], fixed[n_train:]))
print(autoenc.predict(fixed[:1]).shape)
