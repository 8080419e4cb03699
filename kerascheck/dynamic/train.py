"""Worker side: train a built model briefly and measure what the KC903-KC906 rules judge.

The measurements are plain numbers (losses before and after on held-out data, the first
non-finite step, per-layer gradient norms at the start and the end, accuracy against the
majority-class share); the judging happens in ``diagnose.py`` in the linter process, so that
thresholds live in one place and the worker stays a measuring instrument.
"""

from __future__ import annotations

import math
import time
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from kerascheck import keras_api
from kerascheck.dynamic import synthetic
from kerascheck.dynamic.codec import decode
from kerascheck.dynamic.learning import learned

#: canonical loss name -> Keras loss class (crossentropies take ``from_logits``)
LOSS_CLASSES = {
    "binary_crossentropy": "BinaryCrossentropy",
    "binary_focal_crossentropy": "BinaryFocalCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "categorical_focal_crossentropy": "CategoricalFocalCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "mean_squared_error": "MeanSquaredError",
    "mean_absolute_error": "MeanAbsoluteError",
    "mean_absolute_percentage_error": "MeanAbsolutePercentageError",
    "mean_squared_logarithmic_error": "MeanSquaredLogarithmicError",
    "huber": "Huber",
    "log_cosh": "LogCosh",
    "cosine_similarity": "CosineSimilarity",
    "poisson": "Poisson",
    "kl_divergence": "KLDivergence",
    "hinge": "Hinge",
    "squared_hinge": "SquaredHinge",
    "categorical_hinge": "CategoricalHinge",
}
GRADIENT_BATCHES = 3
#: A run that has not learnt within ``max_steps`` may go on for this many times more steps
#: (within the time budget) before it is judged.
EXTEND = 3


def make_loss(name: str, from_logits: bool) -> Any:
    cls = getattr(keras.losses, LOSS_CLASSES[name])
    if "crossentropy" in name:
        return cls(from_logits=from_logits)
    return cls()


def make_optimizer(spec: dict[str, Any]) -> Any:
    name = spec["name"]
    if name not in keras_api.OPTIMIZER_DEFAULT_LR or name == "LossScaleOptimizer":
        raise ValueError(f"optimizer {name!r} is not on kerascheck's allowlist")
    params = {key: decode(value) for key, value in spec["params"].items()}
    return getattr(keras.optimizers, name)(**params)


class Budget(keras.callbacks.Callback):
    """Stops at the step or time budget, or at the first non-finite loss; keeps the losses."""

    def __init__(self, max_steps: int, max_seconds: float) -> None:
        super().__init__()
        self.max_steps = max_steps
        self.max_seconds = max_seconds
        self.losses: list[float] = []
        self.nonfinite_step: int | None = None
        self.stopped_by = "steps"
        self.start = 0.0

    def on_train_begin(self, logs: Any = None) -> None:
        self.start = time.monotonic()

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        loss = float((logs or {}).get("loss", float("nan")))
        self.losses.append(loss)
        step = len(self.losses)
        if not math.isfinite(loss):
            self.nonfinite_step = step
            self.stopped_by = "nonfinite"
            self.model.stop_training = True
        elif step >= self.max_steps:
            self.stopped_by = "steps"
            self.model.stop_training = True
        elif time.monotonic() - self.start > self.max_seconds:
            self.stopped_by = "time"
            self.model.stop_training = True

    def absorb(self, later: Budget) -> None:
        """Continue this record with a later run's (its steps count after ours)."""
        if later.nonfinite_step is not None:
            self.nonfinite_step = len(self.losses) + later.nonfinite_step
        self.losses.extend(later.losses)
        self.stopped_by = later.stopped_by


def gradient_norms(
    model: Any, layers: dict[int, Any], loss: Any, data: synthetic.Dataset, batch: int
) -> dict[str, float]:
    """Mean gradient norm of each layer's trainable weights over a few training batches."""
    owners = {
        index: layer.trainable_weights for index, layer in layers.items() if layer.trainable_weights
    }
    totals = {index: 0.0 for index in owners}
    batches = 0
    for start in range(0, min(len(data.y), GRADIENT_BATCHES * batch), batch):
        x = [a[start : start + batch] for a in data.x]
        y = data.y[start : start + batch]
        with tf.GradientTape() as tape:
            prediction = model(x[0] if len(x) == 1 else x, training=True)
            value = loss(y, prediction)
        weights = [w for index in owners for w in owners[index]]
        grads = tape.gradient(value, weights)
        position = 0
        for index, owned in owners.items():
            squares = 0.0
            for grad in grads[position : position + len(owned)]:
                if grad is not None:
                    squares += float(tf.reduce_sum(tf.square(tf.convert_to_tensor(grad))))
            position += len(owned)
            totals[index] += math.sqrt(squares) if math.isfinite(squares) else float("inf")
        batches += 1
    return {str(index): total / max(batches, 1) for index, total in totals.items()}


def _predict(model: Any, data: synthetic.Dataset, batch: int) -> Any:
    return model.predict(data.x[0] if len(data.x) == 1 else data.x, batch_size=batch, verbose=0)


def _evaluate(model: Any, data: synthetic.Dataset, batch: int) -> float:
    value = model.evaluate(
        data.x[0] if len(data.x) == 1 else data.x, data.y, batch_size=batch, verbose=0
    )
    if isinstance(value, (list, tuple)):
        value = value[0]
    return float(value)


def _calibrate_batch_norm(model: Any, data: synthetic.Dataset, size: int) -> None:
    """Set BatchNormalization's moving statistics from one large batch.

    After a few hundred steps the moving averages (momentum 0.99) still mostly hold their
    initial values, so an evaluation in inference mode would judge a healthy model by
    statistics it never had. One forward pass with momentum 0 fixes that; weights are untouched.
    """
    layers = [
        layer
        for layer in model._flatten_layers(include_self=False, recursive=True)
        if isinstance(layer, keras.layers.BatchNormalization)
    ]
    if not layers:
        return
    saved = [layer.momentum for layer in layers]
    for layer in layers:
        layer.momentum = 0.0
    try:
        batch = [x[:size] for x in data.x]
        model(batch[0] if len(batch) == 1 else batch, training=True)
    finally:
        for layer, momentum in zip(layers, saved, strict=True):
            layer.momentum = momentum


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _adapt_normalizers(spec: dict[str, Any], layers: dict[int, Any], x: list[Any]) -> None:
    """A Normalization layer right after an input is adapted in the script: do the same."""
    for node in spec["nodes"]:
        if node["kind"] != "layer" or len(node["inputs"]) != 1:
            continue
        source = node["inputs"][0]
        layer_spec = spec["layers"][node["layer"]]
        if (
            layer_spec["cls"] == "Normalization"
            and "mean" not in layer_spec["params"]
            and source in spec["inputs"]
        ):
            layers[node["layer"]].adapt(x[spec["inputs"].index(source)])


def train(
    spec: dict[str, Any],
    built: Any,
    options: dict[str, Any],
    data: synthetic.Dataset | None = None,
) -> dict[str, Any]:
    """Train ``built.model`` within the budget; ``data`` (the user's arrays) or synthetic."""
    model = built.model
    settings = spec["compile"]
    rng = np.random.default_rng(options["seed"])  # the same data whatever else is checked
    # a batch size fixed in the model's input (batch_shape=...) applies to every call
    fixed = next(
        (
            spec["nodes"][i]["batch_size"]
            for i in spec["inputs"]
            if spec["nodes"][i].get("batch_size")
        ),
        None,
    )
    batch = int(fixed or spec["batch_size"])
    whole = int(fixed or 256)  # evaluation and prediction batches
    inputs = [
        synthetic.InputSpec(
            tuple(spec["nodes"][i]["data_shape"]),
            tuple(spec["nodes"][i]["int_range"]) if spec["nodes"][i].get("int_range") else None,
            tuple(spec["nodes"][i]["rescale"]) if spec["nodes"][i].get("rescale") else None,
        )
        for i in spec["inputs"]
    ]
    probe = [
        np.zeros((fixed or 2, *s.shape), dtype="int32" if s.int_range else "float32")
        for s in inputs
    ]
    output = model(probe[0] if len(probe) == 1 else probe, training=False)
    task = synthetic.task_for(
        settings["loss"],
        tuple(int(d) for d in output.shape[1:]),
        settings["from_logits"],
        settings.get("activation"),
    )
    if data is None:
        train_size, eval_size = synthetic.sample_count(inputs, batch, options["max_steps"])
        if fixed:
            train_size, eval_size = (
                max(fixed, n // fixed * fixed) for n in (train_size, eval_size)
            )
        train_data, eval_data = synthetic.make_datasets(inputs, task, (train_size, eval_size), rng)
        source = "synthetic"
    else:
        train_data, eval_data = _hold_out(data, rng)
        source = "user"
    _adapt_normalizers(spec, built.layers, train_data.x)
    loss = make_loss(settings["loss"], settings["from_logits"])
    model.compile(optimizer=make_optimizer(settings["optimizer"]), loss=loss, jit_compile=False)
    result: dict[str, Any] = {
        "data": source,
        "task": task.kind,
        "classes": task.classes,
        "output": list(task.output),
        "batch_size": batch,
        "samples": len(train_data.y),
    }
    _calibrate_batch_norm(model, train_data, whole)
    result["loss_before"] = _finite(_evaluate(model, eval_data, whole))
    result["accuracy_before"] = _accuracy(task, model, eval_data, whole)
    result["gradients_before"] = gradient_norms(model, built.layers, loss, train_data, batch)
    started = time.monotonic()
    budget = _fit(model, train_data, batch, options["max_steps"], options["max_seconds"])
    _measure_after(result, budget, model, built, loss, task, train_data, eval_data, batch, whole)
    remaining = options["max_seconds"] - (time.monotonic() - started)
    if (
        budget.stopped_by == "steps"
        and budget.nonfinite_step is None
        and not learned(result)
        and remaining > 0
    ):
        # Not learnt yet: small networks may need more steps than the first budget. Go on,
        # within the time budget, so that "stuck" means stuck and not "needs 300 steps".
        more = _fit(model, train_data, batch, options["max_steps"] * EXTEND, remaining)
        budget.absorb(more)
        result["extended"] = True
        _measure_after(
            result, budget, model, built, loss, task, train_data, eval_data, batch, whole
        )
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


def _fit(model: Any, data: synthetic.Dataset, batch: int, steps: int, seconds: float) -> Budget:
    budget = Budget(steps, seconds)
    steps_per_epoch = max(1, math.ceil(len(data.y) / batch))
    model.fit(
        data.x[0] if len(data.x) == 1 else data.x,
        data.y,
        batch_size=batch,
        epochs=max(1, math.ceil(steps / steps_per_epoch)),
        shuffle=True,
        verbose=0,
        callbacks=[budget],
    )
    return budget


def _measure_after(
    result: dict[str, Any],
    budget: Budget,
    model: Any,
    built: Any,
    loss: Any,
    task: synthetic.Task,
    train_data: synthetic.Dataset,
    eval_data: synthetic.Dataset,
    batch: int,
    whole: int,
) -> None:
    result["steps"] = len(budget.losses)
    result["stopped_by"] = budget.stopped_by
    result["nonfinite_step"] = budget.nonfinite_step
    result["first_losses"] = [_finite(v) for v in budget.losses[:3]]
    finite = [v for v in budget.losses if math.isfinite(v)]
    result["last_finite_loss"] = finite[-1] if finite else None
    if budget.nonfinite_step is None:
        _calibrate_batch_norm(model, train_data, whole)
        result["loss_after"] = _finite(_evaluate(model, eval_data, whole))
        result["accuracy_after"] = _accuracy(task, model, eval_data, whole)
        result["gradients_after"] = gradient_norms(model, built.layers, loss, train_data, batch)
    else:
        result["loss_after"] = None
        result["accuracy_after"] = None
        result["gradients_after"] = {}


def _hold_out(
    data: synthetic.Dataset, rng: np.random.Generator
) -> tuple[synthetic.Dataset, synthetic.Dataset]:
    """Shuffle the user's samples (they are often sorted by class) and keep a fifth apart."""
    order = rng.permutation(len(data.y))
    held = max(1, min(512, len(order) // 5))

    def take(rows: Any) -> synthetic.Dataset:
        classes = data.classes[rows] if len(data.classes) else data.classes
        return synthetic.Dataset([x[rows] for x in data.x], data.y[rows], classes)

    return take(order[held:]), take(order[:held])


def _accuracy(
    task: synthetic.Task, model: Any, data: synthetic.Dataset, batch: int
) -> list[float] | None:
    if not task.has_chance_level:
        return None
    measured = synthetic.accuracy(task, _predict(model, data, batch), data)
    return list(measured) if measured is not None else None


def user_dataset(path: str, spec: dict[str, Any], loss: str) -> synthetic.Dataset:
    """The arrays of ``--data`` (keys ``x`` and ``y``), never unpickled."""
    with np.load(path, allow_pickle=False) as arrays:
        x, y = np.asarray(arrays["x"]), np.asarray(arrays["y"])
    if len(spec["inputs"]) != 1:
        raise ValueError("--data gives one array x, but the model has several inputs")
    if len(x) != len(y):
        raise ValueError(f"--data: x has {len(x)} samples but y has {len(y)}")
    limit = 4096
    x, y = x[:limit], y[:limit]
    return synthetic.Dataset([x], y, _classes_of(y, loss))


def _classes_of(y: Any, loss: str) -> Any:
    """The class of each sample, for accuracy; empty for regression losses."""
    if loss in synthetic.ONEHOT_LOSSES and y.ndim >= 2:
        return y.argmax(axis=-1).reshape(len(y), -1)[:, 0].astype("int64")
    flat = y.reshape(len(y), -1)[:, 0] if len(y) else y
    if loss in synthetic.SIGNED_LOSSES:
        return (flat > 0).astype("int64")
    if loss in synthetic.BINARY_LOSSES or loss == "sparse_categorical_crossentropy":
        return np.clip(np.rint(flat), 0, None).astype("int64")
    return np.zeros(0, dtype="int64")
