"""KC106 label-shape-mismatch: y's static shape cannot fit the model's output and loss."""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import (
    data_shape,
    dims_agree,
    fits,
    int_labels_for_categorical,
    known,
    labels_phrase,
    loss_name,
    onehot_labels_for_sparse,
    sequence_output_for_sample_labels,
)
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import Shape
from kerascheck.shapes import format_shape


@check("KC106")
def check_label_shape(ctx: CheckContext) -> Iterator[Diagnostic]:
    for model, fit in fits(ctx):
        labels = known(fit.y)
        loss = loss_name(model)
        if fit.y is None or labels is None or labels.shape is None or loss is None:
            continue
        if model.output is None:
            continue
        output = ctx.shapes(model).output_of(model.output)
        if output is None or any(
            (
                int_labels_for_categorical(loss, labels),
                onehot_labels_for_sparse(loss, labels),
                sequence_output_for_sample_labels(output, labels),
            )
        ):
            continue  # KC104 or KC207 explains this call better
        per_sample, predicted = labels.shape[1:], output[1:]
        if _fits(loss, per_sample, predicted):
            continue
        yield Diagnostic(
            "KC106",
            f"{labels_phrase(fit.y)} have shape {data_shape(labels.shape)}, but the model "
            f"outputs {format_shape(output)}",
            help=f"Trained with {loss}, the model expects {_expected(loss, predicted)}. Keras "
            "stops with incompatible shapes, or broadcasts and trains against the wrong "
            f"targets. {_fix(per_sample, predicted)}",
            anchor=fit.y.anchor,
        )


def _fits(loss: str, labels: Shape, output: Shape) -> bool:
    if loss == "sparse_categorical_crossentropy":
        if not output:
            return False
        steps = output[:-1]
        return dims_agree(labels, steps) or dims_agree(labels, (*steps, 1))
    if dims_agree(labels, output):
        return True
    return bool(output) and output[-1] == 1 and dims_agree(labels, output[:-1])


def _expected(loss: str, output: Shape) -> str:
    if loss == "sparse_categorical_crossentropy":
        return "one integer class id per sample"
    return f"labels of shape {data_shape((None, *output))}"


def _fix(labels: Shape, output: Shape) -> str:
    if labels and output and len(labels) == len(output) and labels[-1] and output[-1]:
        columns, units = labels[-1], output[-1]
        return (
            f"The labels have {_count(columns, 'column')} and the last layer "
            f"{_count(units, 'unit')}: make the last layer Dense({columns}), or encode the "
            f"labels with {_count(units, 'column')}."
        )
    return "Make the last layer's units and the label encoding agree."


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
