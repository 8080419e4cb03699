"""Keyword spotting with a depthwise-separable CNN (DS-CNN, "Hello Edge" style).

Features are 49x10 MFCC frames per one-second clip, computed offline by
features.py into mfcc_{train,val}.npy. Twelve classes: ten keywords plus
"silence" and "unknown".
"""
import argparse
import json

import numpy as np
import tensorflow as tf

NUM_CLASSES = 12
FRAMES, COEFFS = 49, 10


def load_split(name, mean=None, std=None):
    x = np.load(f"features/mfcc_{name}.npy").reshape(-1, FRAMES, COEFFS, 1)
    y = tf.keras.utils.to_categorical(np.load(f"features/labels_{name}.npy"), NUM_CLASSES)
    if mean is None:
        mean, std = x.mean(), x.std()
    return (x - mean) / std, y, mean, std


def ds_block(x, filters):
    x = tf.keras.layers.DepthwiseConv2D(kernel_size=3, padding="same", use_bias=False)(x)
    x = tf.keras.layers.BatchNormalization()(x)
    x = tf.keras.layers.ReLU()(x)
    x = tf.keras.layers.Conv2D(filters, kernel_size=1, use_bias=False)(x)
    x = tf.keras.layers.BatchNormalization()(x)
    x = tf.keras.layers.ReLU()(x)
    return x


def ds_cnn(filters=64, n_blocks=4, dropout=0.2):
    inputs = tf.keras.Input(shape=(FRAMES, COEFFS, 1), name="mfcc")
    x = tf.keras.layers.Conv2D(filters, kernel_size=(10, 4), strides=(2, 2), padding="same", use_bias=False)(inputs)
    x = tf.keras.layers.BatchNormalization()(x)
    x = tf.keras.layers.ReLU()(x)
    x = tf.keras.layers.Dropout(dropout)(x)
    for _ in range(n_blocks):
        x = ds_block(x, filters)
    x = tf.keras.layers.Dropout(dropout)(x)
    x = tf.keras.layers.AveragePooling2D(pool_size=(25, 5))(x)
    outputs = tf.keras.layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return tf.keras.Model(inputs, outputs, name="ds_cnn")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--batch-size", type=int, default=100)
    p.add_argument("--out", default="ds_cnn.keras")
    a = p.parse_args()

    x_train, y_train, mean, std = load_split("train")
    x_val, y_val, _, _ = load_split("val", mean, std)

    model = ds_cnn()
    model.summary()
    model.compile(optimizer=tf.keras.optimizers.Adam(5e-4),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    hist = model.fit(x_train, y_train, batch_size=a.batch_size, epochs=a.epochs,
                     validation_data=(x_val, y_val))
    model.save(a.out)
    with open("norm.json", "w") as f:
        json.dump({"mean": float(mean), "std": float(std)}, f)
    print("best val acc:", max(hist.history["val_accuracy"]))


if __name__ == "__main__":
    main()
