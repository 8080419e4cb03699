"""CIFAR-10 experiment suite: several architectures, augmentation policies and schedules.

A research-style single-file training script: a registry of model builders (VGG-style,
ResNet-20/32, a wide ResNet, a MobileNet-like network), mixup and cutout written with
numpy, learning-rate schedules, a custom training loop next to `fit`, a results table,
plots, and a command line to pick what to run.

    python cifar10_experiment_suite.py --model resnet20 --epochs 60 --mixup 0.2
"""

from __future__ import annotations

import os
import sys
import csv
import json
import math
import time
import argparse
import logging
import datetime
import itertools
from dataclasses import dataclass, field, asdict
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, regularizers
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

LOG = logging.getLogger("cifar")
CLASS_NAMES = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
]
NUM_CLASSES = len(CLASS_NAMES)
INPUT_SHAPE = (32, 32, 3)
MEAN = np.array([0.4914, 0.4822, 0.4465], dtype="float32")
STD = np.array([0.2470, 0.2435, 0.2616], dtype="float32")


# ------------------------------------------------------------------------------------------
# configuration
# ------------------------------------------------------------------------------------------


@dataclass
class TrainConfig:
    model: str = "resnet20"
    epochs: int = 60
    batch_size: int = 128
    learning_rate: float = 0.1
    momentum: float = 0.9
    weight_decay: float = 5e-4
    schedule: str = "cosine"
    warmup_epochs: int = 2
    mixup: float = 0.0
    cutout: int = 0
    label_smoothing: float = 0.0
    loop: str = "fit"
    seed: int = 0
    output_dir: str = "runs"
    tags: List[str] = field(default_factory=list)

    def run_name(self) -> str:
        parts = [self.model, self.schedule, f"lr{self.learning_rate:g}"]
        if self.mixup:
            parts.append(f"mixup{self.mixup:g}")
        if self.cutout:
            parts.append(f"cutout{self.cutout}")
        return "_".join(parts)


def parse_args(argv: Optional[List[str]] = None) -> TrainConfig:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="resnet20", choices=sorted(MODEL_BUILDERS))
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--schedule", default="cosine", choices=["cosine", "step", "constant"])
    parser.add_argument("--mixup", type=float, default=0.0)
    parser.add_argument("--cutout", type=int, default=0)
    parser.add_argument("--label-smoothing", type=float, default=0.0)
    parser.add_argument("--loop", default="fit", choices=["fit", "custom"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output-dir", default="runs")
    args = parser.parse_args(argv)
    return TrainConfig(
        model=args.model,
        epochs=args.epochs,
        batch_size=args.batch_size,
        learning_rate=args.lr,
        schedule=args.schedule,
        mixup=args.mixup,
        cutout=args.cutout,
        label_smoothing=args.label_smoothing,
        loop=args.loop,
        seed=args.seed,
        output_dir=args.output_dir,
    )


def setup_logging(output_dir: str) -> None:
    os.makedirs(output_dir, exist_ok=True)
    handlers = [
        logging.StreamHandler(sys.stdout),
        logging.FileHandler(os.path.join(output_dir, "train.log")),
    ]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", handlers=handlers)


# ------------------------------------------------------------------------------------------
# data
# ------------------------------------------------------------------------------------------


def load_cifar10() -> Tuple[Tuple[np.ndarray, np.ndarray], Tuple[np.ndarray, np.ndarray]]:
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    x_train = (x_train - MEAN) / STD
    x_test = (x_test - MEAN) / STD
    y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
    y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)
    LOG.info("train %s test %s", x_train.shape, x_test.shape)
    return (x_train, y_train), (x_test, y_test)


def random_crop_flip(images: np.ndarray, padding: int = 4, rng: Optional[np.random.Generator] = None) -> np.ndarray:
    rng = rng or np.random.default_rng()
    n, h, w, c = images.shape
    padded = np.pad(images, ((0, 0), (padding, padding), (padding, padding), (0, 0)), mode="reflect")
    out = np.empty_like(images)
    tops = rng.integers(0, 2 * padding + 1, size=n)
    lefts = rng.integers(0, 2 * padding + 1, size=n)
    flips = rng.random(n) < 0.5
    for i in range(n):
        crop = padded[i, tops[i] : tops[i] + h, lefts[i] : lefts[i] + w]
        out[i] = crop[:, ::-1] if flips[i] else crop
    return out


def cutout(images: np.ndarray, size: int, rng: Optional[np.random.Generator] = None) -> np.ndarray:
    if size <= 0:
        return images
    rng = rng or np.random.default_rng()
    out = images.copy()
    n, h, w, _ = images.shape
    ys = rng.integers(0, h, size=n)
    xs = rng.integers(0, w, size=n)
    for i in range(n):
        y0, y1 = max(0, ys[i] - size // 2), min(h, ys[i] + size // 2)
        x0, x1 = max(0, xs[i] - size // 2), min(w, xs[i] + size // 2)
        out[i, y0:y1, x0:x1, :] = 0.0
    return out


def mixup(images: np.ndarray, labels: np.ndarray, alpha: float, rng: Optional[np.random.Generator] = None):
    if alpha <= 0:
        return images, labels
    rng = rng or np.random.default_rng()
    lam = rng.beta(alpha, alpha, size=(images.shape[0], 1, 1, 1)).astype("float32")
    order = rng.permutation(images.shape[0])
    mixed_images = lam * images + (1 - lam) * images[order]
    lam_labels = lam.reshape(-1, 1)
    mixed_labels = lam_labels * labels + (1 - lam_labels) * labels[order]
    return mixed_images, mixed_labels


class AugmentedBatches(keras.utils.PyDataset):
    """Shuffled, augmented batches of numpy arrays for `fit`."""

    def __init__(self, x, y, batch_size, config: TrainConfig, **kwargs):
        super().__init__(**kwargs)
        self.x = x
        self.y = y
        self.batch_size = batch_size
        self.config = config
        self.rng = np.random.default_rng(config.seed)
        self.order = self.rng.permutation(len(x))

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def on_epoch_end(self):
        self.order = self.rng.permutation(len(self.x))

    def __getitem__(self, index):
        chosen = self.order[index * self.batch_size : (index + 1) * self.batch_size]
        images = random_crop_flip(self.x[chosen], rng=self.rng)
        images = cutout(images, self.config.cutout, rng=self.rng)
        return mixup(images, self.y[chosen], self.config.mixup, rng=self.rng)


def make_tf_dataset(x, y, batch_size, training):
    dataset = tf.data.Dataset.from_tensor_slices((x, y))
    if training:
        dataset = dataset.shuffle(10000)

        def augment(image, label):
            image = tf.image.resize_with_crop_or_pad(image, 40, 40)
            image = tf.image.random_crop(image, INPUT_SHAPE)
            image = tf.image.random_flip_left_right(image)
            return image, label

        dataset = dataset.map(augment, num_parallel_calls=tf.data.AUTOTUNE)
    return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)


# ------------------------------------------------------------------------------------------
# models
# ------------------------------------------------------------------------------------------

MODEL_BUILDERS: Dict[str, Callable[..., keras.Model]] = {}


def register(name: str):
    def decorator(builder):
        MODEL_BUILDERS[name] = builder
        return builder

    return decorator


def l2(weight_decay: float):
    return regularizers.l2(weight_decay) if weight_decay else None


@register("vgg")
def build_vgg(weight_decay: float = 5e-4, widths=(64, 128, 256), dropout: float = 0.3) -> keras.Model:
    model = keras.Sequential(name="vgg")
    model.add(layers.Input(shape=INPUT_SHAPE))
    for width in widths:
        for _ in range(2):
            model.add(layers.Conv2D(width, 3, padding="same", kernel_regularizer=l2(weight_decay)))
            model.add(layers.BatchNormalization())
            model.add(layers.Activation("relu"))
        model.add(layers.MaxPooling2D())
        model.add(layers.Dropout(dropout))
    model.add(layers.Flatten())
    model.add(layers.Dense(512, activation="relu", kernel_regularizer=l2(weight_decay)))
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(NUM_CLASSES, activation="softmax"))
    return model


def residual_block(x, filters: int, strides: int, weight_decay: float):
    shortcut = x
    y = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False, kernel_regularizer=l2(weight_decay))(x)
    y = layers.BatchNormalization()(y)
    y = layers.ReLU()(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False, kernel_regularizer=l2(weight_decay))(y)
    y = layers.BatchNormalization()(y)
    if strides != 1 or shortcut.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=strides, use_bias=False, kernel_regularizer=l2(weight_decay))(shortcut)
        shortcut = layers.BatchNormalization()(shortcut)
    y = layers.Add()([y, shortcut])
    return layers.ReLU()(y)


def resnet(depth: int, width: int = 16, weight_decay: float = 5e-4, name: str = "resnet") -> keras.Model:
    if (depth - 2) % 6 != 0:
        raise ValueError("depth should be 6n+2 (20, 32, 44, 56 ...)")
    blocks = (depth - 2) // 6
    inputs = keras.Input(shape=INPUT_SHAPE)
    x = layers.Conv2D(width, 3, padding="same", use_bias=False, kernel_regularizer=l2(weight_decay))(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    for stage, filters in enumerate((width, width * 2, width * 4)):
        for block in range(blocks):
            strides = 2 if stage > 0 and block == 0 else 1
            x = residual_block(x, filters, strides, weight_decay)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax", kernel_regularizer=l2(weight_decay))(x)
    return keras.Model(inputs, outputs, name=name)


@register("resnet20")
def build_resnet20(weight_decay: float = 5e-4) -> keras.Model:
    return resnet(20, weight_decay=weight_decay, name="resnet20")


@register("resnet32")
def build_resnet32(weight_decay: float = 5e-4) -> keras.Model:
    return resnet(32, weight_decay=weight_decay, name="resnet32")


@register("wide")
def build_wide_resnet(weight_decay: float = 5e-4, widen: int = 4) -> keras.Model:
    return resnet(20, width=16 * widen, weight_decay=weight_decay, name=f"wrn20_{widen}")


def inverted_residual(x, expansion: int, filters: int, strides: int):
    channels = x.shape[-1]
    y = layers.Conv2D(channels * expansion, 1, padding="same", use_bias=False)(x)
    y = layers.BatchNormalization()(y)
    y = layers.ReLU(6.0)(y)
    y = layers.DepthwiseConv2D(3, strides=strides, padding="same", use_bias=False)(y)
    y = layers.BatchNormalization()(y)
    y = layers.ReLU(6.0)(y)
    y = layers.Conv2D(filters, 1, padding="same", use_bias=False)(y)
    y = layers.BatchNormalization()(y)
    if strides == 1 and channels == filters:
        y = layers.Add()([x, y])
    return y


@register("mobilenet")
def build_mobilenet(weight_decay: float = 4e-5, alpha: float = 1.0) -> keras.Model:
    settings = [
        # expansion, filters, repeats, strides
        (1, 16, 1, 1),
        (6, 24, 2, 1),
        (6, 32, 3, 2),
        (6, 64, 4, 2),
        (6, 96, 3, 1),
        (6, 160, 3, 2),
    ]
    inputs = keras.Input(shape=INPUT_SHAPE)
    x = layers.Conv2D(int(32 * alpha), 3, padding="same", use_bias=False)(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU(6.0)(x)
    for expansion, filters, repeats, strides in settings:
        for index in range(repeats):
            x = inverted_residual(x, expansion, int(filters * alpha), strides if index == 0 else 1)
    x = layers.Conv2D(1280, 1, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU(6.0)(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="mobilenet_cifar")


def build_model(config: TrainConfig) -> keras.Model:
    builder = MODEL_BUILDERS[config.model]
    model = builder(weight_decay=config.weight_decay)
    LOG.info("%s: %d parameters", model.name, model.count_params())
    return model


# ------------------------------------------------------------------------------------------
# schedules and callbacks
# ------------------------------------------------------------------------------------------


def learning_rate_at(epoch: int, config: TrainConfig) -> float:
    if epoch < config.warmup_epochs:
        return config.learning_rate * (epoch + 1) / config.warmup_epochs
    if config.schedule == "constant":
        return config.learning_rate
    if config.schedule == "step":
        drops = sum(epoch >= int(config.epochs * f) for f in (0.5, 0.75))
        return config.learning_rate * (0.1**drops)
    progress = (epoch - config.warmup_epochs) / max(1, config.epochs - config.warmup_epochs)
    return 0.5 * config.learning_rate * (1 + math.cos(math.pi * progress))


class EpochTimer(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.durations = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.durations.append(time.perf_counter() - self._start)
        if logs is not None:
            logs["epoch_seconds"] = self.durations[-1]


class JsonHistory(keras.callbacks.Callback):
    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.rows = []

    def on_epoch_end(self, epoch, logs=None):
        row = {"epoch": epoch}
        row.update({k: float(v) for k, v in (logs or {}).items()})
        self.rows.append(row)
        with open(self.path, "w") as fobj:
            json.dump(self.rows, fobj, indent=1)


def make_callbacks(config: TrainConfig, run_dir: str) -> list:
    return [
        keras.callbacks.LearningRateScheduler(lambda epoch: learning_rate_at(epoch, config)),
        keras.callbacks.ModelCheckpoint(os.path.join(run_dir, "best.keras"), monitor="val_accuracy", save_best_only=True),
        keras.callbacks.TensorBoard(log_dir=os.path.join(run_dir, "tb")),
        EpochTimer(),
        JsonHistory(os.path.join(run_dir, "history.json")),
    ]


# ------------------------------------------------------------------------------------------
# training
# ------------------------------------------------------------------------------------------


def compile_model(model: keras.Model, config: TrainConfig) -> keras.Model:
    optimizer = keras.optimizers.SGD(learning_rate=config.learning_rate, momentum=config.momentum, nesterov=True)
    model.compile(
        optimizer=optimizer,
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=config.label_smoothing),
        metrics=["accuracy", keras.metrics.TopKCategoricalAccuracy(k=3, name="top3")],
    )
    return model


def train_with_fit(model, data, config: TrainConfig, run_dir: str):
    (x_train, y_train), (x_test, y_test) = data
    batches = AugmentedBatches(x_train, y_train, config.batch_size, config)
    history = model.fit(
        batches,
        epochs=config.epochs,
        validation_data=(x_test, y_test),
        callbacks=make_callbacks(config, run_dir),
        verbose=2,
    )
    return history.history


def train_with_loop(model, data, config: TrainConfig, run_dir: str):
    (x_train, y_train), (x_test, y_test) = data
    optimizer = keras.optimizers.SGD(learning_rate=config.learning_rate, momentum=config.momentum)
    loss_fn = keras.losses.CategoricalCrossentropy(label_smoothing=config.label_smoothing)
    train_accuracy = keras.metrics.CategoricalAccuracy()
    val_accuracy = keras.metrics.CategoricalAccuracy()
    train_data = make_tf_dataset(x_train, y_train, config.batch_size, training=True)
    val_data = make_tf_dataset(x_test, y_test, 512, training=False)

    @tf.function
    def train_step(images, labels):
        with tf.GradientTape() as tape:
            predictions = model(images, training=True)
            loss = loss_fn(labels, predictions) + sum(model.losses)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        train_accuracy.update_state(labels, predictions)
        return loss

    @tf.function
    def val_step(images, labels):
        predictions = model(images, training=False)
        val_accuracy.update_state(labels, predictions)

    history = {"loss": [], "accuracy": [], "val_accuracy": []}
    for epoch in range(config.epochs):
        optimizer.learning_rate = learning_rate_at(epoch, config)
        train_accuracy.reset_state()
        val_accuracy.reset_state()
        losses = []
        for images, labels in train_data:
            losses.append(float(train_step(images, labels)))
        for images, labels in val_data:
            val_step(images, labels)
        history["loss"].append(float(np.mean(losses)))
        history["accuracy"].append(float(train_accuracy.result()))
        history["val_accuracy"].append(float(val_accuracy.result()))
        LOG.info(
            "epoch %d/%d loss %.4f acc %.4f val_acc %.4f",
            epoch + 1,
            config.epochs,
            history["loss"][-1],
            history["accuracy"][-1],
            history["val_accuracy"][-1],
        )
    model.save(os.path.join(run_dir, "last.keras"))
    return history


# ------------------------------------------------------------------------------------------
# evaluation and reports
# ------------------------------------------------------------------------------------------


def per_class_accuracy(model, x_test, y_test) -> Dict[str, float]:
    predicted = model.predict(x_test, batch_size=512, verbose=0).argmax(axis=1)
    truth = y_test.argmax(axis=1)
    return {name: float((predicted[truth == i] == i).mean()) for i, name in enumerate(CLASS_NAMES)}


def expected_calibration_error(model, x_test, y_test, bins: int = 15) -> float:
    probabilities = model.predict(x_test, batch_size=512, verbose=0)
    confidences = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == y_test.argmax(axis=1)
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        mask = (confidences > low) & (confidences <= high)
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - confidences[mask].mean())
    return float(ece)


def plot_history(history: Dict[str, List[float]], run_dir: str) -> None:
    fig, axes = plt.subplots(1, 2, figsize=(12, 4))
    axes[0].plot(history["loss"], label="train")
    if "val_loss" in history:
        axes[0].plot(history["val_loss"], label="test")
    axes[0].set_title("loss")
    axes[0].legend()
    axes[1].plot(history["accuracy"], label="train")
    axes[1].plot(history["val_accuracy"], label="test")
    axes[1].set_title("accuracy")
    axes[1].legend()
    fig.tight_layout()
    fig.savefig(os.path.join(run_dir, "history.png"))
    plt.close(fig)


def plot_confusions(model, x_test, y_test, run_dir: str) -> None:
    predicted = model.predict(x_test, batch_size=512, verbose=0).argmax(axis=1)
    truth = y_test.argmax(axis=1)
    matrix = np.zeros((NUM_CLASSES, NUM_CLASSES), dtype=int)
    for t, p in zip(truth, predicted):
        matrix[t, p] += 1
    fig, ax = plt.subplots(figsize=(8, 8))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(NUM_CLASSES))
    ax.set_yticks(range(NUM_CLASSES))
    ax.set_xticklabels(CLASS_NAMES, rotation=90)
    ax.set_yticklabels(CLASS_NAMES)
    for i, j in itertools.product(range(NUM_CLASSES), range(NUM_CLASSES)):
        ax.text(j, i, matrix[i, j], ha="center", va="center", fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(run_dir, "confusion.png"))
    plt.close(fig)


def append_results(path: str, row: Dict[str, object]) -> None:
    exists = os.path.exists(path)
    with open(path, "a", newline="") as fobj:
        writer = csv.DictWriter(fobj, fieldnames=list(row))
        if not exists:
            writer.writeheader()
        writer.writerow(row)


def print_results_table(path: str) -> None:
    if not os.path.exists(path):
        return
    with open(path) as fobj:
        rows = list(csv.DictReader(fobj))
    rows.sort(key=lambda r: -float(r["test_accuracy"]))
    width = max(len(r["run"]) for r in rows)
    for row in rows:
        print(f"{row['run']:<{width}}  {float(row['test_accuracy']):.4f}  {float(row['seconds']):8.0f}s")


# ------------------------------------------------------------------------------------------
# main
# ------------------------------------------------------------------------------------------


def run(config: TrainConfig) -> Dict[str, object]:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    run_dir = os.path.join(config.output_dir, f"{config.run_name()}_{stamp}")
    setup_logging(run_dir)
    with open(os.path.join(run_dir, "config.json"), "w") as fobj:
        json.dump(asdict(config), fobj, indent=2)

    np.random.seed(config.seed)
    tf.random.set_seed(config.seed)
    data = load_cifar10()
    model = compile_model(build_model(config), config)
    model.summary(print_fn=LOG.info)

    start = time.time()
    if config.loop == "fit":
        history = train_with_fit(model, data, config, run_dir)
    else:
        history = train_with_loop(model, data, config, run_dir)
    seconds = time.time() - start

    (_, _), (x_test, y_test) = data
    test_loss, test_accuracy, test_top3 = model.evaluate(x_test, y_test, batch_size=512, verbose=0)
    plot_history(history, run_dir)
    plot_confusions(model, x_test, y_test, run_dir)
    result = {
        "run": config.run_name(),
        "test_loss": float(test_loss),
        "test_accuracy": float(test_accuracy),
        "test_top3": float(test_top3),
        "ece": expected_calibration_error(model, x_test, y_test),
        "seconds": seconds,
    }
    result.update({f"acc_{k}": v for k, v in per_class_accuracy(model, x_test, y_test).items()})
    append_results(os.path.join(config.output_dir, "results.csv"), result)
    LOG.info("result: %s", json.dumps(result))
    return result


def sweep(base: TrainConfig) -> None:
    for model_name, mix in itertools.product(["resnet20", "vgg"], [0.0, 0.2]):
        config = TrainConfig(**{**asdict(base), "model": model_name, "mixup": mix})
        run(config)
    print_results_table(os.path.join(base.output_dir, "results.csv"))


if __name__ == "__main__":
    config = parse_args()
    if "sweep" in config.tags:
        sweep(config)
    else:
        run(config)
