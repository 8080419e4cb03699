"""KC105 input-shape-mismatch: x's static shape cannot fit the model's input."""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import (
    called,
    data_shape,
    dims_agree,
    failed_reshapes,
    fits,
    known,
    name_of,
)
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import DataArg, Dim, FitCall, LayerNode, Model, Node, Shape, Sym, same_dim
from kerascheck.shapes import declared_shape, format_shape, infer_shapes


@check("KC105")
def check_input_shape(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from failed_reshapes(ctx, "x")
    for model, fit in fits(ctx):
        unbatched = _unbatched(model, fit)
        if unbatched is not None:
            yield unbatched
            continue
        if fit.x is not None and fit.x.parts:
            for part, layer in matched_parts(model, fit.x):
                found = _against_input(fit, part, layer)
                if found is not None:
                    yield found
            continue
        inputs = known(fit.x)
        if fit.x is None or inputs is None or inputs.shape is None or len(model.inputs) > 1:
            continue
        if model.inputs:
            found = _against_input(fit, fit.x, model.inputs[0].layer)
            if found is not None:
                yield found
            continue
        sample = inputs.shape[1:]
        name = name_of(fit.x, "The input")
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


def matched_parts(model: Model, x: DataArg) -> list[tuple[DataArg, LayerNode]]:
    """Each array of a multi-array x with the ``Input`` it feeds, when the pairing is certain:
    a dict's keys against the model's input keys (inputs given as a dict) or else its inputs'
    names (``Input(name="age")``), all of them and each once; a list or tuple by position
    when the model lists its inputs in that order. Empty when unsure."""
    parts, inputs = x.parts, model.inputs
    if len(parts) != len(inputs) or model.kind != "functional":
        return []
    if x.by_name:
        names = model.input_keys or tuple(node.layer.params.get("name") for node in inputs)
        if len(set(names)) != len(names) or set(names) != set(x.keys):
            return []
        return [
            (part, inputs[names.index(key)].layer) for key, part in zip(x.keys, parts, strict=True)
        ]
    if len(parts) < 2 or not model.inputs_in_order:
        return []
    return [(part, node.layer) for part, node in zip(parts, inputs, strict=True)]


def _against_input(fit: FitCall, arg: DataArg, layer: LayerNode) -> Diagnostic | None:
    """``arg``'s shape against the ``Input`` it feeds: the sample shapes must agree."""
    inputs = arg.info
    declared = declared_shape(layer)
    if inputs is None or inputs.shape is None or declared is None:
        return None
    sample = inputs.shape[1:]
    if _compatible(sample, declared[1:]):
        return None
    if _one_sample(inputs.shape, declared):
        return _missing_batch_axis(fit, arg, inputs.shape, declared)
    return Diagnostic(
        "KC105",
        f"{name_of(arg, _fallback(fit, arg))} has shape {data_shape(inputs.shape)}, but the "
        f"model's {_input_name(fit, arg, layer)} is {format_shape(declared)}",
        help=f"Each sample is {_dims(sample)} where the model expects "
        f"{_dims(declared[1:])}, so Keras fails to build or train, or misreads the axes "
        f"and accuracy stays static. {_advice(arg, sample, declared)}",
        anchor=arg.anchor,
    )


def _fallback(fit: FitCall, arg: DataArg) -> str:
    """How a message names an array written as an expression, not a plain name."""
    x = fit.x
    if x is None or arg is x:
        return "The input"
    index = next(i for i, part in enumerate(x.parts) if part is arg)
    return f'The array under "{x.keys[index]}"' if x.by_name else f"Input array {index + 1}"


def _input_name(fit: FitCall, arg: DataArg, layer: LayerNode) -> str:
    """``input`` for a single-input model, ``input "age"`` or ``input 2 of 3`` otherwise."""
    x = fit.x
    if x is None or arg is x:
        return "input"
    index = next(i for i, part in enumerate(x.parts) if part is arg)
    if x.by_name:
        return f'input "{x.keys[index]}"'
    return f"input {index + 1} of {len(x.parts)}"


def _unbatched(model: Model, fit: FitCall) -> Diagnostic | None:
    """A dataset without ``.batch()``: each element arrives as a batch of its first axis."""
    element = fit.x.unbatched if fit.x is not None else None
    if fit.x is None or element is None or len(model.inputs) != 1:
        return None
    declared = declared_shape(model.inputs[0].layer)
    if declared is None or not element or _compatible(element[1:], declared[1:]):
        return None
    name = name_of(fit.x, "The dataset")
    return Diagnostic(
        "KC105",
        f"{name} is not batched: {called(fit)} reads each {data_shape(element)} element as a batch",
        help=f"The model's input is {format_shape(declared)}. An unbatched tf.data dataset "
        "(from_tensor_slices, unbatch()) yields one sample at a time, and Keras reads each "
        f"element as a whole batch, so it sees {element[0]} samples of shape "
        f"{_dims(element[1:])} where the model expects {_dims(declared[1:])}, and fails. Batch "
        "the dataset before training: ds.batch(32).",
        anchor=fit.x.anchor,
    )


def _one_sample(shape: Shape, declared: Shape) -> bool:
    """x is one sample without its batch axis: its whole shape is known to be the model's
    sample shape (an unknown first size may as well be a batch missing another axis)."""
    sample = declared[1:]
    return (
        bool(shape)
        and len(shape) == len(sample)
        and all(same_dim(a, b) is True for a, b in zip(shape, sample, strict=True))
    )


def _missing_batch_axis(fit: FitCall, arg: DataArg, shape: Shape, declared: Shape) -> Diagnostic:
    name = name_of(arg, _fallback(fit, arg))
    given = arg.label or "x"
    return Diagnostic(
        "KC105",
        f"{name} has shape {data_shape(shape)}: one sample without the batch axis",
        help=f"The model's input is {format_shape(declared)}. {called(fit)} reads the first "
        f"axis as the batch, so it sees {shape[0]} samples of shape {_dims(shape[1:])} where "
        f"the model expects {_dims(declared[1:])}, and "
        f"Keras fails. Add the batch axis: {given}[None], np.expand_dims({given}, 0) or "
        f"{given}.reshape({_batch_target(shape)}).",
        anchor=arg.anchor,
    )


def _batch_target(shape: Shape) -> str:
    """The reshape that adds a batch axis of one: ``1, -1`` for a vector, the sizes otherwise."""
    if len(shape) == 1:
        return "1, -1"
    return ", ".join(["1", *("-1" if d is None else str(d) for d in shape)])


def _compatible(sample: Shape, expected: Shape) -> bool:
    """Keras 3 adds or drops a trailing axis of size 1 to match the input's rank by itself."""
    if dims_agree(sample, expected):
        return True
    if expected and _maybe_one(expected[-1]) and dims_agree(sample, expected[:-1]):
        return True
    return bool(sample) and _maybe_one(sample[-1]) and dims_agree(sample[:-1], expected)


def _maybe_one(dim: Dim) -> bool:
    return same_dim(dim, 1) is not False


def _first_layer(model: Model) -> Node | None:
    if not model.nodes or model.nodes[0].inputs:
        return None
    first = model.nodes[0]
    return first if first.layer.resolved and first.layer.cls != "InputLayer" else None


def _dims(dims: Shape) -> str:
    return data_shape(dims) if dims else "a scalar"


def _advice(x: DataArg, sample: Shape, declared: Shape) -> str:
    stale = _stale_size(sample, declared[1:])
    if stale is not None:
        data, model = stale
        written = f"{x.label}.shape[{sample.index(data) + 1}]" if x.label else str(data)
        return (
            f"The model's size {model} was read from the data before columns were added or "
            f"removed; {data} is what reaches fit(). Declare the input from the array you "
            f"train on ({written})."
        )
    hint = ", ".join(["-1", *("?" if d is None else str(d) for d in declared[1:])])
    return f"Reshape the data (e.g. x.reshape({hint})) or declare the input to match it."


def _stale_size(sample: Shape, expected: Shape) -> tuple[Sym, Sym] | None:
    """The (data, model) pair of sizes named after one array axis but known to differ:
    ``df.shape[1] - 1`` columns fitted on ``Input((df.shape[1],))``."""
    if len(sample) != len(expected):
        return None
    for data, model in zip(sample, expected, strict=True):
        if isinstance(data, Sym) and isinstance(model, Sym) and same_dim(data, model) is False:
            return data, model
    return None
