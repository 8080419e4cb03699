"""Synthetic training data with a signal every correct model can learn in a few hundred steps.

Each sample gets a hidden class (or, for regression, a hidden number), and its inputs are
noise plus a shift along a fixed direction of the feature axis that depends on it; the labels
are the hidden class or number in the form the loss expects. The shift is the same at every
time step and every pixel, so dense, convolutional and recurrent models all see it, and a
model that cannot learn it is broken, not unlucky. Token inputs (for an Embedding) carry the
class in which tokens they use. Classes are balanced, so chance accuracy is ``1 / classes``.

Runs in the worker only (it needs NumPy); kept apart from Keras so that it is easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

NOISE = 0.5
SHIFT = 1.0
#: Elements of input data the worker may hold per input (train + eval), to bound memory.
MAX_ELEMENTS = 1 << 24

BINARY_LOSSES = frozenset({"binary_crossentropy", "binary_focal_crossentropy"})
SIGNED_LOSSES = frozenset({"hinge", "squared_hinge"})
ONEHOT_LOSSES = frozenset(
    {"categorical_crossentropy", "categorical_focal_crossentropy", "categorical_hinge"}
    | {"kl_divergence"}
)
POSITIVE_LOSSES = frozenset(
    {"poisson", "mean_squared_logarithmic_error", "mean_absolute_percentage_error"}
)


@dataclass(frozen=True)
class Task:
    """What the labels look like, derived from the loss and the built output shape."""

    kind: str  # "binary" | "signed" | "multilabel" | "sparse" | "onehot" | "regression"
    classes: int  # 0 for regression
    output: tuple[int, ...]  # the model's output shape without the batch axis
    from_logits: bool = False
    target: str = "linear"  # regression: "linear" | "unit" (0..1) | "signed" | "positive"

    @property
    def classifies(self) -> bool:
        return self.kind != "regression"

    @property
    def has_chance_level(self) -> bool:
        """Accuracy means something only with two classes or more."""
        return self.classifies and self.classes >= 2


def task_for(loss: str, output: tuple[int, ...], from_logits: bool, activation: str | None) -> Task:
    units = output[-1] if output else 1
    if loss in BINARY_LOSSES:
        kind = "binary" if units == 1 else "multilabel"
        return Task(kind, 2 if units == 1 else units, output, from_logits)
    if loss in SIGNED_LOSSES:
        return Task("signed" if units == 1 else "multilabel", max(units, 2), output, True)
    if loss == "sparse_categorical_crossentropy":
        return Task("sparse", units, output, from_logits)
    if loss in ONEHOT_LOSSES:
        return Task("onehot", units, output, from_logits)
    target = "linear"
    if loss in POSITIVE_LOSSES or activation in ("relu", "softplus", "exponential", "relu6"):
        target = "positive"
    elif activation in ("sigmoid", "hard_sigmoid", "softmax"):
        target = "unit"
    elif activation in ("tanh", "softsign", "hard_tanh"):
        target = "signed"
    return Task("regression", 0, output, from_logits, target)


@dataclass(frozen=True)
class InputSpec:
    shape: tuple[int, ...]  # per sample, concrete
    int_range: tuple[int, int] | None = None  # token ids in [low, high) for an Embedding
    rescale: tuple[float, float] | None = None  # a Rescaling(scale, offset) the model applies


def sample_count(inputs: list[InputSpec], batch: int, steps: int) -> tuple[int, int]:
    """(train, eval) sizes: enough for the budget without holding too much memory."""
    elements = max(1, max(int(np.prod(spec.shape)) for spec in inputs) if inputs else 1)
    limit = max(batch * 2, MAX_ELEMENTS // elements)
    train = int(min(max(batch * 4, min(batch * steps, 1024)), limit))
    evaluation = int(min(256, max(batch, train // 4), limit))
    return train, evaluation


@dataclass
class Dataset:
    x: list[np.ndarray]
    y: np.ndarray
    classes: np.ndarray  # the hidden class per sample (for accuracy); empty for regression


def make_datasets(
    inputs: list[InputSpec], task: Task, sizes: tuple[int, ...], rng: np.random.Generator
) -> list[Dataset]:
    """One dataset per size (train, eval ...), balanced each, sharing the same signal."""
    whole = make_dataset(inputs, task, sizes, rng)
    parts: list[Dataset] = []
    start = 0
    for size in sizes:
        stop = start + size
        parts.append(
            Dataset(
                [x[start:stop] for x in whole.x],
                whole.y[start:stop],
                whole.classes[start:stop],
            )
        )
        start = stop
    return parts


def make_dataset(
    inputs: list[InputSpec], task: Task, sizes: tuple[int, ...], rng: np.random.Generator
) -> Dataset:
    """``sum(sizes)`` samples whose classes are balanced within each block of ``sizes``."""
    count = sum(sizes)
    classes = task.classes if task.classifies else 4
    z = rng.standard_normal(count)
    if task.classifies:
        latent = np.concatenate([_balanced(size, classes, rng) for size in sizes])
    else:  # tokens carry the quartile of the hidden number
        latent = np.searchsorted(np.quantile(z, [0.25, 0.5, 0.75]), z)
    xs = []
    for spec in inputs:
        if spec.int_range is not None:
            xs.append(_tokens(spec, latent, classes, rng))
        else:
            xs.append(_floats(spec, latent if task.classifies else None, z, classes, rng))
    y = _labels(task, latent, z)
    return Dataset(xs, y, latent if task.classifies else np.zeros(0, dtype="int64"))


def _balanced(count: int, classes: int, rng: np.random.Generator) -> np.ndarray:
    latent = np.arange(count) % classes
    rng.shuffle(latent)
    return latent


def _directions(features: int, classes: int, rng: np.random.Generator) -> np.ndarray:
    """One shift per class, neighbours at distance 2 (four noise deviations), in convex
    position (each class linearly separable from the others when there are two features or
    more)."""
    if classes < 2:
        return np.zeros((max(classes, 1), features))
    if features == 1:  # evenly spaced on a line, neighbours 2 apart
        return np.linspace(1.0 - classes, classes - 1.0, classes).reshape(classes, 1)
    basis, _ = np.linalg.qr(rng.standard_normal((features, 2)))
    angles = 2 * np.pi * np.arange(classes) / classes
    radius = 1.0 / np.sin(np.pi / classes)  # neighbouring classes 2 apart, whatever their count
    circle = np.cos(angles)[:, None] * basis[:, 0] + np.sin(angles)[:, None] * basis[:, 1]
    return circle * radius


def _floats(
    spec: InputSpec,
    latent: np.ndarray | None,
    z: np.ndarray,
    classes: int,
    rng: np.random.Generator,
) -> np.ndarray:
    count = len(z)
    dims = spec.shape or (1,)
    features = dims[-1]
    noise = rng.standard_normal((count, *dims)) * NOISE
    if latent is not None:
        shifts = _directions(features, classes, rng)[latent] * SHIFT  # (count, features)
    else:
        direction = rng.standard_normal(features)
        direction /= np.linalg.norm(direction)
        shifts = z[:, None] * direction[None, :] * SHIFT
    x = noise + shifts.reshape((count,) + (1,) * (len(dims) - 1) + (features,))
    x = x.reshape((count, *spec.shape)).astype("float32")
    if spec.rescale is not None:
        scale, offset = spec.rescale
        if scale:
            x = ((x - offset) / scale).astype("float32")
    return x


def _tokens(
    spec: InputSpec, latent: np.ndarray, classes: int, rng: np.random.Generator
) -> np.ndarray:
    low, high = spec.int_range or (0, 2)
    ids = np.arange(max(low, 1), high) if high - max(low, 1) >= 1 else np.arange(low, high)
    pool = max(1, min(4, len(ids) // (classes + 1)))
    order = rng.permutation(ids)
    pools = [order[i * pool : (i + 1) * pool] for i in range(classes)]
    pools = [p if len(p) else order[:1] for p in pools]
    shared = order[classes * pool : classes * pool + 16]
    if not len(shared):
        shared = order
    shape = (len(latent), *spec.shape) if spec.shape else (len(latent),)
    own = np.stack([rng.choice(pools[c], size=shape[1:]) for c in latent])
    other = rng.choice(shared, size=shape)
    keep = rng.random(shape) < 0.7
    return np.where(keep, own, other).astype("int32")


def _labels(task: Task, latent: np.ndarray, z: np.ndarray) -> np.ndarray:
    count = len(latent)
    positions = task.output[:-1]  # sequence outputs: the same label at every position

    def spread(values: np.ndarray) -> np.ndarray:
        shaped = values.reshape((count,) + (1,) * len(positions) + values.shape[1:])
        return np.broadcast_to(shaped, (count, *positions, *values.shape[1:])).copy()

    if task.kind == "binary":
        return spread(latent.reshape(count, 1).astype("float32"))
    if task.kind == "signed":
        return spread((2.0 * latent - 1.0).reshape(count, 1).astype("float32"))
    if task.kind in ("multilabel", "onehot"):
        return spread(np.eye(task.classes, dtype="float32")[latent])
    if task.kind == "sparse":
        return spread(latent.astype("int32"))
    units = task.output[-1] if task.output else 1
    values = {
        "linear": z,
        "unit": 1.0 / (1.0 + np.exp(-1.5 * z)),
        "signed": np.tanh(z),
        "positive": np.exp(0.5 * z),
    }[task.target]
    return spread(np.repeat(values.reshape(count, 1), units, axis=1).astype("float32"))


def accuracy(task: Task, prediction: Any, data: Dataset) -> tuple[float, float] | None:
    """(accuracy, majority-class share) on ``data``; None for regression."""
    if not task.classifies:
        return None
    out = np.asarray(prediction, dtype="float64")
    if task.kind in ("binary", "signed"):
        threshold = 0.0 if task.from_logits or task.kind == "signed" else 0.5
        guess = (out.reshape(out.shape[0], -1) > threshold).astype("int64")
        truth = data.classes.reshape(-1, 1)
    else:
        guess = out.argmax(axis=-1).reshape(out.shape[0], -1)
        truth = data.classes.reshape(-1, 1)
    hits = float((guess == truth).mean())
    counts = np.bincount(data.classes, minlength=task.classes)
    return hits, float(counts.max() / counts.sum())
