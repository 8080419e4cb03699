"""KC902's judgement: can the built output meet the labels and the loss the script uses?

Pure Python over the built output shape (batch axis included) and what the IR knows of the
labels. Only definite mismatches are reported: an unknown label shape or class count says
nothing.
"""

from __future__ import annotations

from kerascheck.checks.fit_data import data_shape
from kerascheck.ir import ArrayInfo, same_dim
from kerascheck.keras_api import REGRESSION_LOSSES
from kerascheck.shapes import format_shape

SPARSE = "sparse_categorical_crossentropy"
ONEHOT = frozenset({"categorical_crossentropy", "categorical_focal_crossentropy"})
BINARY = frozenset({"binary_crossentropy", "binary_focal_crossentropy"})


def label_mismatch(
    output: tuple[int | None, ...],
    loss: str | None,
    labels: ArrayInfo | None,
    name: str,
    recurrent: bool = False,
) -> tuple[str, str] | None:
    """(message, help): why ``output`` cannot fit the labels, or None. ``name`` is the labels
    as written; ``recurrent`` says whether the model has a recurrent layer (it changes the
    advice)."""
    if not output or loss is None:
        return None
    units = output[-1]
    out = format_shape(output)
    if loss == SPARSE and units == 1:
        return (
            f"The output {out} has one unit, but sparse_categorical_crossentropy needs one per "
            "class",
            "With one unit there is only one class to predict. Give the output layer as many "
            "units as there are classes (with softmax), or use binary_crossentropy with a "
            "sigmoid for two classes.",
        )
    if labels is None:
        return None
    if _per_sample(labels, output):
        return (
            f"The output {out} is per step, but {name} {data_shape(labels.shape or ())} are one "
            "per sample",
            "The loss compares every step with one label, so training fails or learns the wrong "
            "thing. "
            + (
                "Set return_sequences=False on the last recurrent layer, or add a Flatten or "
                "global pooling layer before the output."
                if recurrent
                else "Add a Flatten or GlobalAveragePooling1D layer before the output."
            ),
        )
    classes = labels.num_classes
    if loss == SPARSE and classes is not None and units is not None and classes > units:
        return (
            f"{name} hold {classes} classes, but the output {out} scores only {units}",
            f"Labels {units} and above are out of range for the loss. Give the output layer "
            f"{classes} units.",
        )
    if loss in ONEHOT and labels.encoding == "onehot" and units is not None:
        width = labels.shape[-1] if labels.shape else classes
        if width is not None and width != units:
            return (
                f"{name} are one-hot vectors of width {width}, but the output {out} has {units}",
                f"The loss compares each one-hot row with the output, unit by unit. Give the "
                f"output layer {width} units.",
            )
    if loss in BINARY and units == 1 and classes is not None and classes > 2:
        return (
            f"{name} take {classes} values, but the single sigmoid unit {out} tells two apart",
            f"binary_crossentropy reads every label above 1 as out of range. Use "
            f"Dense({classes}, activation='softmax') with sparse_categorical_crossentropy.",
        )
    if loss in REGRESSION_LOSSES or loss in BINARY:
        return _width_mismatch(output, labels, name)
    return None


def _per_sample(labels: ArrayInfo, output: tuple[int | None, ...]) -> bool:
    """Labels with one entry per sample against an output with one per time step."""
    shape = labels.shape
    if shape is None or len(output) < 3:
        return False
    if len(shape) == 1:
        return True
    steps, second = output[1], shape[1] if len(shape) == 2 else None
    return same_dim(second, steps) is False and len(output) == 3


def _width_mismatch(
    output: tuple[int | None, ...], labels: ArrayInfo, name: str
) -> tuple[str, str] | None:
    """Regression and binary labels must match the output's last axis, or Keras broadcasts
    them silently into a loss that means nothing."""
    shape = labels.shape
    if shape is None or len(shape) < 2 or len(shape) != len(output):
        return None
    width, units = shape[-1], output[-1]
    if same_dim(width, units) is not False:
        return None
    return (
        f"{name} {data_shape(shape)} have {width} values per sample, but the output "
        f"{format_shape(output)} has {units}",
        "The loss broadcasts one against the other instead of comparing them, and trains on "
        f"a number that means nothing. Give the output layer {width} units.",
    )
