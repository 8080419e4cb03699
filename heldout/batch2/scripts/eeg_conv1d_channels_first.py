"""Motor-imagery EEG classification with a 1-D convnet.

Epochs were exported from MNE as a flat float32 array (n_epochs * 64 channels
* 256 samples, channels first). Labels are 0 = left hand, 1 = right hand,
2 = feet, 3 = tongue.
"""
import argparse

import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models, callbacks

N_CHANNELS = 64
N_SAMPLES = 256
N_CLASSES = 4


def load_epochs(path_x, path_y):
    x = np.load(path_x).reshape(-1, N_CHANNELS, N_SAMPLES)
    y = np.load(path_y).astype("int64")
    # per-channel z-score over the whole recording
    mean = x.mean(axis=(0, 2), keepdims=True)
    std = x.std(axis=(0, 2), keepdims=True) + 1e-6
    return (x - mean) / std, y


def build_model():
    model = models.Sequential(name="eeg_cnn")
    model.add(layers.Input(shape=(N_SAMPLES, N_CHANNELS)))
    model.add(layers.Conv1D(32, 7, padding="same", activation="elu"))
    model.add(layers.BatchNormalization())
    model.add(layers.MaxPooling1D(4))
    model.add(layers.Conv1D(64, 5, padding="same", activation="elu"))
    model.add(layers.BatchNormalization())
    model.add(layers.MaxPooling1D(4))
    model.add(layers.Conv1D(64, 3, padding="same", activation="elu"))
    model.add(layers.GlobalAveragePooling1D())
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(N_CLASSES, activation="softmax"))
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--x", default="data/epochs_x.npy")
    parser.add_argument("--y", default="data/epochs_y.npy")
    parser.add_argument("--epochs", type=int, default=60)
    args = parser.parse_args()

    x, y = load_epochs(args.x, args.y)
    n_val = len(x) // 5
    x_val, y_val = x[:n_val], y[:n_val]
    x_tr, y_tr = x[n_val:], y[n_val:]

    model = build_model()
    model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    es = callbacks.EarlyStopping(patience=10, restore_best_weights=True)
    model.fit(x_tr, y_tr, validation_data=(x_val, y_val), epochs=args.epochs,
              batch_size=32, callbacks=[es])
    model.save("eeg_cnn.keras")


if __name__ == "__main__":
    main()
