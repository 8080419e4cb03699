"""
Title: Image classification from scratch
Description: Training an image classifier from scratch on a folder of JPEG images,
with data augmentation, a small Xception-like network and a few training utilities.

This example shows how to do image classification from scratch, starting from JPEG image
files on disk, without leveraging pre-trained weights or a pre-made Keras Application
model. We demonstrate the workflow on a cats-vs-dogs style dataset.
"""

"""
## Setup
"""

import os
import math
import json
import time
import argparse
import numpy as np
import keras
from keras import layers
from tensorflow import data as tf_data
import matplotlib.pyplot as plt

SEED = 1337
IMAGE_SIZE = (180, 180)
BATCH_SIZE = 128
EPOCHS = 25
DATA_DIR = "PetImages"
CLASS_NAMES = ["Cat", "Dog"]

keras.utils.set_random_seed(SEED)

"""
## Filter out corrupted images

When working with lots of real-world image data, corrupted images are a common occurrence.
Let's filter out badly-encoded images that do not feature the string "JFIF" in their header.
"""


def is_jfif(path):
    """True when the file starts with a JFIF header."""
    try:
        with open(path, "rb") as fobj:
            return b"JFIF" in fobj.peek(10)
    except OSError:
        return False


def remove_corrupted(data_dir, class_names):
    num_skipped = 0
    for folder_name in class_names:
        folder_path = os.path.join(data_dir, folder_name)
        if not os.path.isdir(folder_path):
            continue
        for fname in os.listdir(folder_path):
            fpath = os.path.join(folder_path, fname)
            if not is_jfif(fpath):
                num_skipped += 1
                os.remove(fpath)
    print(f"Deleted {num_skipped} images.")
    return num_skipped


def count_images(data_dir, class_names):
    counts = {}
    for folder_name in class_names:
        folder_path = os.path.join(data_dir, folder_name)
        if os.path.isdir(folder_path):
            counts[folder_name] = len(os.listdir(folder_path))
        else:
            counts[folder_name] = 0
    return counts


"""
## Generate a `Dataset`
"""


def make_datasets(data_dir, image_size, batch_size):
    train_ds, val_ds = keras.utils.image_dataset_from_directory(
        data_dir,
        validation_split=0.2,
        subset="both",
        seed=SEED,
        image_size=image_size,
        batch_size=batch_size,
    )
    return train_ds, val_ds


"""
## Visualize the data
"""


def show_batch(dataset, rows=3, cols=3, filename="batch.png"):
    plt.figure(figsize=(10, 10))
    for images, labels in dataset.take(1):
        for i in range(rows * cols):
            ax = plt.subplot(rows, cols, i + 1)
            plt.imshow(np.array(images[i]).astype("uint8"))
            plt.title(int(labels[i]))
            plt.axis("off")
    plt.savefig(filename)
    plt.close()


"""
## Using image data augmentation
"""

data_augmentation_layers = [
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
]


def data_augmentation(images):
    for layer in data_augmentation_layers:
        images = layer(images)
    return images


def show_augmented(dataset, filename="augmented.png"):
    plt.figure(figsize=(10, 10))
    for images, _ in dataset.take(1):
        for i in range(9):
            augmented_images = data_augmentation(images)
            ax = plt.subplot(3, 3, i + 1)
            plt.imshow(np.array(augmented_images[0]).astype("uint8"))
            plt.axis("off")
    plt.savefig(filename)
    plt.close()


"""
## Configure the dataset for performance
"""


def prepare(train_ds, val_ds):
    train_ds = train_ds.map(
        lambda img, label: (data_augmentation(img), label),
        num_parallel_calls=tf_data.AUTOTUNE,
    )
    train_ds = train_ds.prefetch(tf_data.AUTOTUNE)
    val_ds = val_ds.prefetch(tf_data.AUTOTUNE)
    return train_ds, val_ds


"""
## Build a model
"""


def entry_block(inputs):
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.Conv2D(128, 3, strides=2, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    return x


def residual_stage(x, size, previous_block_activation):
    x = layers.Activation("relu")(x)
    x = layers.SeparableConv2D(size, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)

    x = layers.Activation("relu")(x)
    x = layers.SeparableConv2D(size, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)

    x = layers.MaxPooling2D(3, strides=2, padding="same")(x)

    # Project residual
    residual = layers.Conv2D(size, 1, strides=2, padding="same")(previous_block_activation)
    x = layers.add([x, residual])  # Add back residual
    return x


def make_model(input_shape, num_classes):
    inputs = keras.Input(shape=input_shape)

    # Entry block
    x = entry_block(inputs)

    previous_block_activation = x  # Set aside residual

    for size in [256, 512, 728]:
        x = residual_stage(x, size, previous_block_activation)
        previous_block_activation = x  # Set aside next residual

    x = layers.SeparableConv2D(1024, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)

    x = layers.GlobalAveragePooling2D()(x)
    if num_classes == 2:
        units = 1
    else:
        units = num_classes

    x = layers.Dropout(0.25)(x)
    # We specify activation=None so as to return logits
    outputs = layers.Dense(units, activation=None)(x)
    return keras.Model(inputs, outputs)


"""
## Training utilities
"""


class TimeHistory(keras.callbacks.Callback):
    """Record how long every epoch takes."""

    def on_train_begin(self, logs=None):
        self.times = []

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch_start = time.time()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.time() - self.epoch_start)


class WarmupCosine(keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self, base_lr, total_steps, warmup_steps):
        super().__init__()
        self.base_lr = base_lr
        self.total_steps = total_steps
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        step = keras.ops.cast(step, "float32")
        warm = self.base_lr * step / max(self.warmup_steps, 1)
        progress = (step - self.warmup_steps) / max(self.total_steps - self.warmup_steps, 1)
        cosine = 0.5 * self.base_lr * (1 + keras.ops.cos(math.pi * progress))
        return keras.ops.where(step < self.warmup_steps, warm, cosine)

    def get_config(self):
        return {
            "base_lr": self.base_lr,
            "total_steps": self.total_steps,
            "warmup_steps": self.warmup_steps,
        }


def make_callbacks(output_dir):
    os.makedirs(output_dir, exist_ok=True)
    return [
        keras.callbacks.ModelCheckpoint(os.path.join(output_dir, "save_at_{epoch}.keras")),
        keras.callbacks.CSVLogger(os.path.join(output_dir, "log.csv")),
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True),
        TimeHistory(),
    ]


def plot_history(history, output_dir):
    for metric in ("loss", "acc"):
        plt.figure(figsize=(6, 4))
        plt.plot(history.history[metric], label="train")
        plt.plot(history.history["val_" + metric], label="validation")
        plt.xlabel("epoch")
        plt.ylabel(metric)
        plt.legend()
        plt.savefig(os.path.join(output_dir, f"{metric}.png"))
        plt.close()


def save_summary(model, history, output_dir):
    summary = {
        "params": int(model.count_params()),
        "best_val_acc": float(max(history.history["val_acc"])),
        "epochs": len(history.history["loss"]),
    }
    with open(os.path.join(output_dir, "summary.json"), "w") as fobj:
        json.dump(summary, fobj, indent=2)
    return summary


"""
## Run inference on new data
"""


def predict_image(model, path, image_size):
    img = keras.utils.load_img(path, target_size=image_size)
    plt.imshow(img)
    img_array = keras.utils.img_to_array(img)
    img_array = keras.ops.expand_dims(img_array, 0)  # Create batch axis

    predictions = model.predict(img_array)
    score = float(keras.ops.sigmoid(predictions[0][0]))
    print(f"This image is {100 * (1 - score):.2f}% cat and {100 * score:.2f}% dog.")
    return score


def predict_folder(model, folder, image_size, limit=20):
    scores = {}
    for index, fname in enumerate(sorted(os.listdir(folder))):
        if index >= limit:
            break
        scores[fname] = predict_image(model, os.path.join(folder, fname), image_size)
    return scores


def parse_args():
    parser = argparse.ArgumentParser(description="Train a small Xception on images.")
    parser.add_argument("--data-dir", default=DATA_DIR)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--output", default="runs/xception")
    parser.add_argument("--clean", action="store_true")
    return parser.parse_args()


def main():
    args = parse_args()
    if args.clean:
        remove_corrupted(args.data_dir, CLASS_NAMES)
    print(count_images(args.data_dir, CLASS_NAMES))

    train_ds, val_ds = make_datasets(args.data_dir, IMAGE_SIZE, BATCH_SIZE)
    show_batch(train_ds)
    show_augmented(train_ds)
    train_ds, val_ds = prepare(train_ds, val_ds)

    model = make_model(input_shape=IMAGE_SIZE + (3,), num_classes=2)
    keras.utils.plot_model(model, show_shapes=True)

    steps = args.epochs * 147
    model.compile(
        optimizer=keras.optimizers.Adam(WarmupCosine(3e-4, steps, steps // 10)),
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[keras.metrics.BinaryAccuracy(name="acc")],
    )
    history = model.fit(
        train_ds,
        epochs=args.epochs,
        callbacks=make_callbacks(args.output),
        validation_data=val_ds,
    )
    plot_history(history, args.output)
    print(save_summary(model, history, args.output))
    predict_folder(model, os.path.join(args.data_dir, "Cat"), IMAGE_SIZE)


if __name__ == "__main__":
    main()
