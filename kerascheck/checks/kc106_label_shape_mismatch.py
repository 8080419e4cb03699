"""KC106 label-shape-mismatch: y's static shape cannot fit the model's output and loss."""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import (
    data_shape,
    dims_agree,
    failed_reshapes,
    fits,
    int_labels_for_categorical,
    known,
    labels_phrase,
    loss_name,
    onehot_labels_for_sparse,
)
from kerascheck.checks.model_walk import (
    argument_owner,
    describe,
    is_recurrent,
    returns_sequences,
)
from kerascheck.checks.output_axes import axes_source, one_per_sample, sequence_source
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic, Related
from kerascheck.ir import DataArg, Node, Shape
from kerascheck.keras_api import CROSSENTROPY_LOSSES
from kerascheck.shapes import ShapeMap, format_shape
from kerascheck.shapes.messages import INPUT_CLASSES


@check("KC106")
def check_label_shape(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from failed_reshapes(ctx, "y")
    for model, fit in fits(ctx):
        labels = known(fit.y)
        loss = loss_name(model)
        if fit.y is None or labels is None or labels.shape is None or loss is None:
            continue
        if model.output is None:
            continue
        shapes = ctx.shapes(model)
        output = shapes.output_of(model.output)
        if output is None or any(
            (
                int_labels_for_categorical(loss, labels),
                onehot_labels_for_sparse(loss, labels),
            )
        ):
            continue  # KC104 explains this call better
        if one_per_sample(labels.shape, output):
            if sequence_source(model, shapes) is None:  # else KC207 explains it
                yield from _unflattened(fit.y, labels.shape, output, loss, model.output, shapes)
            continue
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


def _unflattened(
    y: DataArg, labels: Shape, output: Shape, loss: str, head: Node, shapes: ShapeMap
) -> Iterator[Diagnostic]:
    """One label per sample against an output that still has spatial or step axes.

    Checked against Keras 3.15: with a cross-entropy loss the first training step raises
    (``Arguments target and output must have the same rank``, ``Argument output must have
    rank target.ndim - 1``); with ``mse`` on ``(samples,)`` labels it trains silently, the
    label broadcast over every position.
    """
    found = axes_source(head, shapes)
    if found is None:
        return
    source, fed = found
    made = shapes.output_of(source)
    assert made is not None  # axes_source only walks known shapes
    dense = describe(fed.layer) if fed is not None else "the output layer"
    if source.layer.cls in INPUT_CLASSES:
        where = f"the model's input {format_shape(made)} reaches {dense} without Flatten"
        fix = f"Add Flatten() before {dense}"
        place = "the input"
    else:
        name = describe(source.layer)
        where = f"{name} outputs {format_shape(made)} and nothing after it flattens or pools it"
        pooling = _POOLING.get(len(made))
        fix = f"Add Flatten(){f' or {pooling}()' if pooling else ''} after {name}"
        if is_recurrent(source.layer) and returns_sequences(source.layer) is True:
            fix = f"Set return_sequences=False on {argument_owner(source.layer)}, or a{fix[1:]}"
        place = name
    if loss in CROSSENTROPY_LOSSES:
        outcome = f"With {loss} Keras stops at the first training step"
    else:
        outcome = (
            f"With {loss} Keras broadcasts each label over every position (or stops where the "
            "sizes clash): training runs without learning the task"
        )
    yield Diagnostic(
        "KC106",
        f"{labels_phrase(y)} are one per sample, but the model outputs {format_shape(output)}",
        help=f"{where[0].upper()}{where[1:]}, and a Dense layer acts on the last axis only, so "
        f"the model predicts once per position while the labels {data_shape(labels)} hold one "
        f"value per sample. {outcome}. {fix}.",
        anchor=y.anchor,
        related=(Related(f"add the flattening after {place}", anchor=_anchor(source)),),
    )


#: the global pooling layer that removes the positions of a tensor of each rank
_POOLING = {3: "GlobalAveragePooling1D", 4: "GlobalAveragePooling2D", 5: "GlobalAveragePooling3D"}


def _anchor(node: Node) -> object:
    return node.layer.anchor if node.layer.anchor is not None else node.where


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
