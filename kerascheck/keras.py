"""``TrainingWatchdog``: a Keras callback that says why training is not going anywhere.

Add it to your own ``fit()``::

    from kerascheck.keras import TrainingWatchdog

    model.fit(x, y, epochs=50, callbacks=[TrainingWatchdog()])

It watches the loss and the accuracy metrics after every epoch (and after every batch with
``per_batch=True``), and when the loss goes non-finite, stays where it started, or accuracy
sits at chance level, it prints a diagnosis with the probable causes from kerascheck's rule
catalogue, once per problem. With ``stop=True`` it also stops training. Findings are kept in
``watchdog.findings`` for programmatic use.

Importing this module needs Keras (the ``tf`` extra); the rest of kerascheck does not.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

try:
    import keras as _keras
except ImportError as _error:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "kerascheck.keras needs Keras and TensorFlow, which are not installed: "
        "pip install 'kerascheck[tf]'"
    ) from _error

__all__ = ["TrainingWatchdog", "WatchdogFinding"]

_ACCURACY_KEYS = (
    "accuracy",
    "acc",
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
)
#: The catalogue rules that explain each symptom, most frequent cause first.
CAUSES: dict[str, tuple[str, ...]] = {
    "KC904": ("KC301", "KC101", "KC206"),
    "KC903": ("KC301", "KC205", "KC206", "KC102", "KC101", "KC207", "KC209"),
    "KC906": ("KC205", "KC206", "KC102", "KC104", "KC207", "KC101"),
}
_FALLBACK_SUMMARIES = {
    "KC101": "inputs are not scaled (raw values from disk or a dataset loader)",
    "KC102": "labels are random numbers, not derived from the inputs",
    "KC104": "integer labels with categorical_crossentropy, or one-hot with the sparse loss",
    "KC205": "softmax over a single unit: the output is always 1.0",
    "KC206": "the output activation does not fit the loss",
    "KC207": "the model outputs a sequence while the labels are one per sample",
    "KC209": "stacked Dense layers without activations collapse into one linear map",
    "KC301": "the learning rate is far too small or too large",
}
_TITLES = {
    "KC903": "the loss is not improving",
    "KC904": "the loss is not finite",
    "KC906": "accuracy sits at chance level",
}


@dataclass(frozen=True)
class WatchdogFinding:
    code: str  # "KC903" static loss | "KC904" non-finite loss | "KC906" chance accuracy
    epoch: int  # 0-based, as Keras counts
    message: str  # the full diagnosis that was printed
    batch: int | None = None


class TrainingWatchdog(_keras.callbacks.Callback):
    """Diagnose static, non-finite or chance-level training while it happens.

    - ``patience``: epochs to wait before calling the loss static or accuracy chance-level.
    - ``min_delta``: the loss must fall by this fraction of its first-batch value.
    - ``chance``: the accuracy that means "chance" (e.g. the majority-class share); by default
      it is taken from ``labels`` when given, else assumed balanced: 1 / number of classes.
    - ``per_batch``: also check the loss after every batch (a NaN is caught at once).
    - ``stop``: stop training after a finding.
    """

    def __init__(
        self,
        patience: int = 3,
        min_delta: float = 0.01,
        chance: float | None = None,
        labels: Any = None,
        margin: float = 0.02,
        per_batch: bool = False,
        stop: bool = False,
        print_fn: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        if patience < 1:
            raise ValueError("patience must be at least 1")
        self.patience = patience
        self.min_delta = min_delta
        self.chance = chance if chance is not None else _majority_share(labels)
        self.margin = margin
        self.per_batch = per_batch
        self.stop = stop
        self.print_fn = print_fn or _print
        self.findings: list[WatchdogFinding] = []
        self._first_loss: float | None = None
        self._losses: list[float] = []
        self._accuracies: list[float] = []
        self._accuracy_key: str | None = None
        self._epoch = 0

    # --- Keras hooks -----------------------------------------------------------------------

    def on_train_begin(self, logs: Any = None) -> None:
        self._first_loss = None
        self._losses, self._accuracies = [], []

    def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
        self._epoch = epoch

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        loss = _number((logs or {}).get("loss"))
        if loss is None:
            return
        if self._first_loss is None and math.isfinite(loss):
            self._first_loss = loss
        if self.per_batch and not math.isfinite(loss):
            self._nonfinite(loss, batch)

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        logs = logs or {}
        loss = _number(logs.get("loss"))
        if loss is not None and not math.isfinite(loss):
            self._nonfinite(loss, None)
            return
        if loss is not None:
            self._losses.append(loss)
        accuracy = self._accuracy(logs)
        if accuracy is not None:
            self._accuracies.append(accuracy)
        if any(f.code in ("KC903", "KC906") for f in self.findings):
            return  # one diagnosis of a stalled run is enough
        static, chance = self._static(), self._chance()
        if static is not None:
            also = f" Accuracy is stuck too: {chance}" if chance else ""
            self._report("KC903", static + also, self._model_hints(), None)
        elif chance is not None:
            self._report("KC906", chance, self._model_hints(), None)

    # --- the checks ------------------------------------------------------------------------

    def _nonfinite(self, loss: float, batch: int | None) -> None:
        where = f"epoch {self._epoch + 1}" + (f", batch {batch + 1}" if batch is not None else "")
        hints = self._model_hints()
        rate = self._learning_rate()
        if rate is not None and not any("learning rate" in hint for hint in hints):
            hints.append(f"the optimizer's learning rate is {rate:g}")
        self._report("KC904", f"the loss became {loss} at {where}.", hints, batch)

    def _static(self) -> str | None:
        """Why the loss counts as static (it never left its first value), or None."""
        if len(self._losses) < self.patience:
            return None
        reference = self._first_loss if self._first_loss is not None else self._losses[0]
        if not reference or not math.isfinite(reference):
            return None
        improvement = (reference - min(self._losses)) / abs(reference)
        if improvement >= self.min_delta:
            return None
        return (
            f"after {len(self._losses)} epochs the loss is {self._losses[-1]:.4g}, against "
            f"{reference:.4g} at the first batch ({improvement:+.1%})."
        )

    def _chance(self) -> str | None:
        """Why accuracy counts as chance level (or frozen), or None."""
        recent = self._accuracies[-self.patience :]
        if len(recent) < self.patience:
            return None
        chance = self.chance if self.chance is not None else self._balanced_chance()
        if chance is not None and all(abs(a - chance) <= self.margin for a in recent):
            return (
                f"{self._accuracy_key} has stayed at {recent[-1]:.4f} for {len(recent)} "
                f"epochs, the chance level ({chance:.2f})."
            )
        window = self._accuracies[-self.patience - 1 :]
        if len(window) > self.patience and max(window) - min(window) < 1e-4:
            return (
                f"{self._accuracy_key} has not changed for {len(window)} epochs "
                f"({recent[-1]:.4f}): the model's predictions are not changing."
            )
        return None

    # --- what the model itself says ---------------------------------------------------------

    def _model_hints(self) -> list[str]:
        hints: list[str] = []
        model = getattr(self, "model", None)
        layers = list(getattr(model, "layers", []) or [])
        if layers:
            last = layers[-1]
            config = _config(last)
            units = config.get("units")
            activation = config.get("activation")
            if activation == "softmax" and units == 1:
                hints.append(
                    f"the output layer {last.name!r} is a softmax over one unit: it always "
                    "outputs 1.0 (KC205); use sigmoid for two classes"
                )
        rate = self._learning_rate()
        if rate is not None and (rate < 1e-6 or rate > 1.0):
            hints.append(f"the optimizer's learning rate is {rate:g} (KC301)")
        return hints

    def _learning_rate(self) -> float | None:
        optimizer = getattr(getattr(self, "model", None), "optimizer", None)
        rate = getattr(optimizer, "learning_rate", None)
        try:
            return float(rate) if rate is not None else None
        except (TypeError, ValueError):  # a schedule object: no single number
            return None

    def _balanced_chance(self) -> float | None:
        model = getattr(self, "model", None)
        try:
            units = int(model.outputs[0].shape[-1])  # type: ignore[union-attr]
        except Exception:
            return None
        return 0.5 if units <= 2 else 1.0 / units

    def _accuracy(self, logs: dict[str, Any]) -> float | None:
        for key in _ACCURACY_KEYS:
            if key in logs:
                self._accuracy_key = key
                return _number(logs[key])
        return None

    # --- reporting -------------------------------------------------------------------------

    def _report(self, code: str, text: str, hints: Sequence[str], batch: int | None) -> None:
        if any(f.code == code for f in self.findings):
            return
        lines = [f"kerascheck TrainingWatchdog [{code}]: {_TITLES[code]}: {text}"]
        if hints:
            lines.append("  What this model shows:")
            lines += [f"    - {hint}" for hint in hints]
        lines.append("  Probable causes (run `kerascheck yourscript.py` to check them):")
        lines += [f"    - {code_}: {summary}" for code_, summary in _summaries(CAUSES[code])]
        if self.stop:
            lines.append("  Training stopped (TrainingWatchdog(stop=True)).")
            self.model.stop_training = True
        message = "\n".join(lines)
        self.findings.append(WatchdogFinding(code, self._epoch, message, batch))
        self.print_fn(message)


def _summaries(codes: Sequence[str]) -> list[tuple[str, str]]:
    """One-line summaries from the rule catalogue (built-in wording if it cannot be read)."""
    try:
        from kerascheck.catalogue import load_catalogue

        catalogue = load_catalogue()
    except Exception:
        catalogue = {}
    out = []
    for code in codes:
        rule = catalogue.get(code)
        out.append((code, rule.summary if rule else _FALLBACK_SUMMARIES.get(code, "")))
    return out


def _config(layer: Any) -> dict[str, Any]:
    try:
        return dict(layer.get_config())
    except Exception:
        return {}


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _majority_share(labels: Any) -> float | None:
    """The largest class's share in ``labels`` (integer ids or one-hot rows)."""
    if labels is None:
        return None
    import numpy as np

    values = np.asarray(labels)
    if values.ndim >= 2 and values.shape[-1] > 1:
        values = values.argmax(axis=-1)
    values = np.rint(values.reshape(-1)).astype("int64")
    if values.size == 0:
        return None
    _, counts = np.unique(values, return_counts=True)
    return float(counts.max() / counts.sum())


def _print(message: str) -> None:
    print(message, file=sys.stdout, flush=True)
