"""KC105 input-shape-mismatch: x's static shape cannot fit the model's input."""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import data_shape, dims_agree, fits, known, name_of
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import Model, Node, Shape
from kerascheck.shapes import declared_shape, format_shape, infer_shapes


@check("KC105")
def check_input_shape(ctx: CheckContext) -> Iterator[Diagnostic]:
    for model, fit in fits(ctx):
        inputs = known(fit.x)
        if fit.x is None or inputs is None or inputs.shape is None or len(model.inputs) > 1:
            continue
        sample = inputs.shape[1:]
        name = name_of(fit.x, "The input")
        if model.inputs:
            declared = declared_shape(model.inputs[0].layer)
            if declared is None or _compatible(sample, declared[1:]):
                continue
            yield Diagnostic(
                "KC105",
                f"{name} has shape {data_shape(inputs.shape)}, but the model's input is "
                f"{format_shape(declared)}",
                help=f"Each sample is {_dims(sample)} where the model expects "
                f"{_dims(declared[1:])}, so Keras fails to build or train, or misreads the axes "
                "and accuracy stays static. Reshape the data (e.g. "
                f"x.reshape({_reshape_hint(declared)})) or declare the input to match it.",
                anchor=fit.x.anchor,
            )
            continue
        first = _first_layer(model)
        if first is None:
            continue
        problem = infer_shapes(model, [(None, *sample)]).problem_of(first)
        if problem is not None:
            yield Diagnostic(
                "KC105",
                f"{name} has shape {data_shape(inputs.shape)}, which the first layer "
                f"{first.layer.display} cannot take",
                help="The model declares no input shape, so the data goes straight into its "
                f"first layer. {problem.message}. {problem.help}",
                anchor=fit.x.anchor,
            )


def _compatible(sample: Shape, expected: Shape) -> bool:
    """Keras 3 adds or drops a trailing axis of size 1 to match the input's rank by itself."""
    if dims_agree(sample, expected):
        return True
    if expected and expected[-1] == 1 and dims_agree(sample, expected[:-1]):
        return True
    return bool(sample) and sample[-1] == 1 and dims_agree(sample[:-1], expected)


def _first_layer(model: Model) -> Node | None:
    if not model.nodes or model.nodes[0].inputs:
        return None
    first = model.nodes[0]
    return first if first.layer.resolved and first.layer.cls != "InputLayer" else None


def _dims(dims: Shape) -> str:
    return data_shape(dims) if dims else "a scalar"


def _reshape_hint(declared: Shape) -> str:
    return ", ".join(["-1", *("?" if d is None else str(d) for d in declared[1:])])
