"""
Title: Image segmentation with a U-Net-like architecture
Description: Image segmentation model trained from scratch on the Oxford Pets dataset,
with a `keras.utils.PyDataset` loader, a U-Net builder, metrics per class and overlays.
"""

import os
import random
import argparse
from glob import glob

import numpy as np
from PIL import Image, ImageOps
import keras
from keras import layers
from tensorflow import data as tf_data
from tensorflow import image as tf_image
from tensorflow import io as tf_io
import matplotlib.pyplot as plt

INPUT_DIR = "images/"
TARGET_DIR = "annotations/trimaps/"
IMG_SIZE = (160, 160)
NUM_CLASSES = 3
BATCH_SIZE = 32
VAL_SAMPLES = 1000

"""
## Prepare paths of input images and target segmentation masks
"""


def list_pairs(input_dir=INPUT_DIR, target_dir=TARGET_DIR):
    input_img_paths = sorted(
        [
            os.path.join(input_dir, fname)
            for fname in os.listdir(input_dir)
            if fname.endswith(".jpg")
        ]
    )
    target_img_paths = sorted(
        [
            os.path.join(target_dir, fname)
            for fname in os.listdir(target_dir)
            if fname.endswith(".png") and not fname.startswith(".")
        ]
    )
    print("Number of samples:", len(input_img_paths))
    for input_path, target_path in zip(input_img_paths[:10], target_img_paths[:10]):
        print(input_path, "|", target_path)
    return input_img_paths, target_img_paths


def check_pairs(input_img_paths, target_img_paths):
    problems = []
    for input_path, target_path in zip(input_img_paths, target_img_paths):
        stem_in = os.path.splitext(os.path.basename(input_path))[0]
        stem_out = os.path.splitext(os.path.basename(target_path))[0]
        if stem_in != stem_out:
            problems.append((input_path, target_path))
    if problems:
        print(f"{len(problems)} mismatched pairs, first: {problems[0]}")
    return not problems


def show_pair(input_path, target_path, filename="pair.png"):
    fig, axes = plt.subplots(1, 2, figsize=(8, 4))
    axes[0].imshow(Image.open(input_path))
    axes[1].imshow(ImageOps.autocontrast(Image.open(target_path)))
    for ax in axes:
        ax.axis("off")
    fig.savefig(filename)
    plt.close(fig)


"""
## Prepare dataset to load & vectorize batches of data
"""


def get_dataset(batch_size, img_size, input_img_paths, target_img_paths, max_dataset_len=None):
    """Returns a TF Dataset."""

    def load_img_masks(input_img_path, target_img_path):
        input_img = tf_io.read_file(input_img_path)
        input_img = tf_io.decode_png(input_img, channels=3)
        input_img = tf_image.resize(input_img, img_size)
        input_img = tf_image.convert_image_dtype(input_img, "float32")

        target_img = tf_io.read_file(target_img_path)
        target_img = tf_io.decode_png(target_img, channels=1)
        target_img = tf_image.resize(target_img, img_size, method="nearest")
        target_img = tf_image.convert_image_dtype(target_img, "uint8")

        # Ground truth labels are 1, 2, 3. Subtract one to make them 0, 1, 2:
        target_img -= 1
        return input_img, target_img

    # For faster debugging, limit the size of data
    if max_dataset_len:
        input_img_paths = input_img_paths[:max_dataset_len]
        target_img_paths = target_img_paths[:max_dataset_len]
    dataset = tf_data.Dataset.from_tensor_slices((input_img_paths, target_img_paths))
    dataset = dataset.map(load_img_masks, num_parallel_calls=tf_data.AUTOTUNE)
    return dataset.batch(batch_size)


class PetBatches(keras.utils.PyDataset):
    """The same data as a Python loader, with optional flips."""

    def __init__(self, batch_size, img_size, input_img_paths, target_img_paths, augment=False, **kwargs):
        super().__init__(**kwargs)
        self.batch_size = batch_size
        self.img_size = img_size
        self.input_img_paths = input_img_paths
        self.target_img_paths = target_img_paths
        self.augment = augment

    def __len__(self):
        return len(self.target_img_paths) // self.batch_size

    def __getitem__(self, idx):
        i = idx * self.batch_size
        batch_input_img_paths = self.input_img_paths[i : i + self.batch_size]
        batch_target_img_paths = self.target_img_paths[i : i + self.batch_size]
        x = np.zeros((self.batch_size,) + self.img_size + (3,), dtype="float32")
        for j, path in enumerate(batch_input_img_paths):
            img = keras.utils.load_img(path, target_size=self.img_size)
            x[j] = np.asarray(img) / 255.0
        y = np.zeros((self.batch_size,) + self.img_size + (1,), dtype="uint8")
        for j, path in enumerate(batch_target_img_paths):
            img = keras.utils.load_img(path, target_size=self.img_size, color_mode="grayscale")
            y[j] = np.expand_dims(img, 2) - 1
        if self.augment:
            flip = np.random.rand(self.batch_size) < 0.5
            x[flip] = x[flip, :, ::-1]
            y[flip] = y[flip, :, ::-1]
        return x, y


"""
## Prepare U-Net Xception-style model
"""


def downsample_block(x, filters, previous_block_activation):
    x = layers.Activation("relu")(x)
    x = layers.SeparableConv2D(filters, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)

    x = layers.Activation("relu")(x)
    x = layers.SeparableConv2D(filters, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)

    x = layers.MaxPooling2D(3, strides=2, padding="same")(x)

    # Project residual
    residual = layers.Conv2D(filters, 1, strides=2, padding="same")(previous_block_activation)
    return layers.add([x, residual])


def upsample_block(x, filters, previous_block_activation):
    x = layers.Activation("relu")(x)
    x = layers.Conv2DTranspose(filters, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)

    x = layers.Activation("relu")(x)
    x = layers.Conv2DTranspose(filters, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)

    x = layers.UpSampling2D(2)(x)

    # Project residual
    residual = layers.UpSampling2D(2)(previous_block_activation)
    residual = layers.Conv2D(filters, 1, padding="same")(residual)
    return layers.add([x, residual])


def get_model(img_size, num_classes):
    inputs = keras.Input(shape=img_size + (3,))

    ### [First half of the network: downsampling inputs] ###

    # Entry block
    x = layers.Conv2D(32, 3, strides=2, padding="same")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)

    previous_block_activation = x  # Set aside residual

    # Blocks 1, 2, 3 are identical apart from the feature depth.
    for filters in [64, 128, 256]:
        x = downsample_block(x, filters, previous_block_activation)
        previous_block_activation = x  # Set aside next residual

    ### [Second half of the network: upsampling inputs] ###

    for filters in [256, 128, 64, 32]:
        x = upsample_block(x, filters, previous_block_activation)
        previous_block_activation = x  # Set aside next residual

    # Add a per-pixel classification layer
    outputs = layers.Conv2D(num_classes, 3, activation="softmax", padding="same")(x)

    # Define the model
    model = keras.Model(inputs, outputs)
    return model


"""
## Metrics
"""


def confusion(y_true, y_pred, num_classes=NUM_CLASSES):
    matrix = np.zeros((num_classes, num_classes), dtype="int64")
    for t, p in zip(y_true.ravel(), y_pred.ravel()):
        matrix[int(t), int(p)] += 1
    return matrix


def iou_per_class(matrix):
    ious = []
    for c in range(matrix.shape[0]):
        intersection = matrix[c, c]
        union = matrix[c, :].sum() + matrix[:, c].sum() - intersection
        ious.append(intersection / union if union else float("nan"))
    return ious


def evaluate_masks(model, dataset, batches=5):
    total = np.zeros((NUM_CLASSES, NUM_CLASSES), dtype="int64")
    for x, y in dataset.take(batches):
        predicted = np.argmax(model.predict(x, verbose=0), axis=-1)
        total += confusion(np.array(y)[..., 0], predicted)
    ious = iou_per_class(total)
    for c, value in enumerate(ious):
        print(f"class {c}: IoU {value:.3f}")
    return float(np.nanmean(ious))


"""
## Visualize predictions
"""


def display_mask(val_preds, i, filename):
    """Quick utility to display a model's prediction."""
    mask = np.argmax(val_preds[i], axis=-1)
    mask = np.expand_dims(mask, axis=-1)
    img = ImageOps.autocontrast(keras.utils.array_to_img(mask))
    img.save(filename)


def overlay(image_path, mask, alpha=0.4, filename="overlay.png"):
    image = np.asarray(Image.open(image_path).resize(IMG_SIZE)) / 255.0
    colors = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    painted = (1 - alpha) * image[..., :3] + alpha * colors[mask]
    plt.imsave(filename, np.clip(painted, 0, 1))


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--python-loader", action="store_true")
    parser.add_argument("--limit", type=int, default=None)
    return parser.parse_args()


def main():
    args = parse_args()
    input_img_paths, target_img_paths = list_pairs()
    check_pairs(input_img_paths, target_img_paths)
    show_pair(input_img_paths[9], target_img_paths[9])

    # Build model
    model = get_model(IMG_SIZE, NUM_CLASSES)
    model.summary()

    # Split our img paths into a training and a validation set
    random.Random(1337).shuffle(input_img_paths)
    random.Random(1337).shuffle(target_img_paths)
    train_input_img_paths = input_img_paths[:-VAL_SAMPLES]
    train_target_img_paths = target_img_paths[:-VAL_SAMPLES]
    val_input_img_paths = input_img_paths[-VAL_SAMPLES:]
    val_target_img_paths = target_img_paths[-VAL_SAMPLES:]

    if args.python_loader:
        train_dataset = PetBatches(BATCH_SIZE, IMG_SIZE, train_input_img_paths, train_target_img_paths, augment=True)
        valid_dataset = PetBatches(BATCH_SIZE, IMG_SIZE, val_input_img_paths, val_target_img_paths)
    else:
        train_dataset = get_dataset(
            BATCH_SIZE, IMG_SIZE, train_input_img_paths, train_target_img_paths, max_dataset_len=args.limit
        )
        valid_dataset = get_dataset(BATCH_SIZE, IMG_SIZE, val_input_img_paths, val_target_img_paths)

    # Configure the model for training.
    # We use the "sparse" version of categorical_crossentropy
    # because our target data is integers.
    model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="sparse_categorical_crossentropy")

    callbacks = [keras.callbacks.ModelCheckpoint("oxford_segmentation.keras", save_best_only=True)]

    # Train the model, doing validation at the end of each epoch.
    model.fit(
        train_dataset,
        epochs=args.epochs,
        validation_data=valid_dataset,
        callbacks=callbacks,
        verbose=2,
    )

    # Generate predictions for all images in the validation set
    val_dataset = get_dataset(BATCH_SIZE, IMG_SIZE, val_input_img_paths, val_target_img_paths)
    val_preds = model.predict(val_dataset)
    for i in range(10):
        display_mask(val_preds, i, f"mask_{i}.png")
        overlay(val_input_img_paths[i], np.argmax(val_preds[i], axis=-1), filename=f"overlay_{i}.png")
    print("mean IoU", evaluate_masks(model, val_dataset))


if __name__ == "__main__":
    main()
