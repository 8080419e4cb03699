"""KC104 label-encoding-loss-mismatch: int labels with categorical CE, one-hot with sparse."""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import (
    fits,
    int_labels_for_categorical,
    known,
    labels_phrase,
    loss_name,
    onehot_labels_for_sparse,
)
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic


@check("KC104")
def check_label_encoding(ctx: CheckContext) -> Iterator[Diagnostic]:
    for model, fit in fits(ctx):
        labels = known(fit.y)
        loss = loss_name(model)
        if fit.y is None or labels is None or loss is None:
            continue
        output = model.output.layer if model.output is not None else None
        if output is not None and output.get("units") == 1:
            continue  # a one-unit output with a categorical loss is KC206's finding
        name = labels_phrase(fit.y)
        if int_labels_for_categorical(loss, labels):
            yield Diagnostic(
                "KC104",
                f"{name} are class ids, but {loss} needs one-hot rows",
                help=f"{loss} compares each prediction with a one-hot row of shape "
                "(batch, classes); class ids of shape (batch,) do not match it, so Keras fails "
                "or compares the wrong values. Use loss='sparse_categorical_crossentropy', or "
                "one-hot encode the labels with keras.utils.to_categorical(y, num_classes).",
                anchor=fit.y.anchor,
            )
        elif onehot_labels_for_sparse(loss, labels):
            yield Diagnostic(
                "KC104",
                f"{name} are one-hot, but sparse_categorical_crossentropy needs class ids",
                help="sparse_categorical_crossentropy expects one integer class id per sample, "
                "and Keras rejects labels of shape (batch, classes). Use "
                "loss='categorical_crossentropy', or pass the class ids (y.argmax(axis=-1)).",
                anchor=fit.y.anchor,
            )
