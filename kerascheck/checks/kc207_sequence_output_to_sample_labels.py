"""KC207: the model still outputs a sequence while the labels are one per sample.

A recurrent layer with ``return_sequences=True`` keeps the time axis; unless something after it
removes the axis (a recurrent layer without sequences, Flatten, global pooling), the model
predicts one value per step. Labels of shape ``(samples,)`` or ``(samples, classes)`` then
meet ``(batch, steps, units)``: the loss raises, or broadcasts one label over every step and the
metrics stay static.
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import model_fits
from kerascheck.checks.model_walk import argument_owner, describe, once
from kerascheck.checks.output_axes import one_per_sample, sequence_source
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic, Related
from kerascheck.ir import DataArg, Model, Node, Shape
from kerascheck.shapes import format_shape

CODE = "KC207"


@check(CODE)
def check_sequence_output_to_sample_labels(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from once(d for model in ctx.module.models for d in _model_diagnostics(ctx, model))


def _model_diagnostics(ctx: CheckContext, model: Model) -> Iterator[Diagnostic]:
    if not model_fits(model):
        return
    shapes = ctx.shapes(model)
    source = sequence_source(model, shapes)
    shape = shapes.output_of(model.output) if model.output is not None else None
    if source is None or shape is None:
        return
    for fit in model_fits(model):
        if fit.y is None or fit.y.info is None or fit.y.info.shape is None:
            continue
        if one_per_sample(fit.y.info.shape, shape):
            yield _diagnostic(source, shape, fit.y.info.shape, fit.y)
            return


def _diagnostic(source: Node, output: Shape, labels: Shape, y: DataArg) -> Diagnostic:
    name = describe(source.layer)
    labels_text = "(" + ", ".join("?" if d is None else str(d) for d in labels)
    labels_text += ",)" if len(labels) == 1 else ")"
    message = (
        f"The model outputs a sequence {format_shape(output)}, but the labels {labels_text} "
        "are one per sample"
    )
    help = (
        f"{name} returns sequences and nothing after it removes the time axis, so the loss "
        "compares every step with the sample's one label: Keras raises (target and output "
        "must have the same rank) or broadcasts the label over the steps and accuracy stays "
        f"static. Set return_sequences=False on {argument_owner(source.layer)}, or add "
        "GlobalAveragePooling1D() or Flatten() before the output layer."
    )
    related = (Related(f"labels of shape {labels_text} passed here", anchor=y.anchor),)
    return Diagnostic(CODE, message, help=help, anchor=source.layer.anchor, related=related)
