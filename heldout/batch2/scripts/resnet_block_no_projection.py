"""Small ResNet for CIFAR-10, written from the paper's figure.

usage: python resnet_block_no_projection.py [--epochs N]
"""
import argparse

import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def residual_block(x, filters, stride=1):
    shortcut = x
    y = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False)(x)
    y = layers.BatchNormalization()(y)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False)(y)
    y = layers.BatchNormalization()(y)
    y = layers.Add()([shortcut, y])
    return layers.Activation("relu")(y)


def resnet(input_shape=(32, 32, 3), num_classes=10, stages=(16, 32, 64), blocks_per_stage=2):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(stages[0], 3, padding="same", use_bias=False)(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    for i, filters in enumerate(stages):
        for j in range(blocks_per_stage):
            stride = 2 if (i > 0 and j == 0) else 1
            x = residual_block(x, filters, stride)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="resnet_cifar")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--batch-size", type=int, default=128)
    args = ap.parse_args()

    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    mean = x_train.mean(axis=(0, 1, 2))
    x_train -= mean
    x_test -= mean

    model = resnet()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.summary()
    model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
              validation_data=(x_test, y_test))
    print(model.evaluate(x_test, y_test, verbose=0))


if __name__ == "__main__":
    main()
