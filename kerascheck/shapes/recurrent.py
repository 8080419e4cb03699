"""Shape rules for recurrent layers and the two wrappers, TimeDistributed and Bidirectional.

The TimeDistributed rule is where KC203 is born: it applies the wrapped layer to one step
(the input without its time axis) and, when that layer refuses the step, says so in terms of
steps rather than in terms of the inner layer's rank.
"""

from __future__ import annotations

from dataclasses import replace

from kerascheck import keras_api
from kerascheck.ir import LayerNode, Shape, is_size
from kerascheck.shapes.common import (
    RankMismatch,
    Rejection,
    UnknownParam,
    apply_layer,
    article,
    data_format,
    flag,
    format_axes,
    format_dims,
    format_shape,
    rule,
    size_param,
)
from kerascheck.shapes.core import IDENTITY
from kerascheck.shapes.spatial import conv_lengths, spatial_axes

SEQUENCE_AXES = ("steps", "features")
#: Layers that take a rank-2 input as well as a sequence.
_ANY_RANK = IDENTITY | {"Dense"}


@rule("LSTM", "GRU", "SimpleRNN", "RNN", symbolic=True, input_rank=3)
def recurrent(layer: LayerNode, shape: Shape) -> Shape | None:
    if len(shape) != 3:
        raise RankMismatch(3, SEQUENCE_AXES)
    if flag(layer, "return_state"):
        return None  # a list: a functional call reads it through RecurrentOutput/State ops
    if layer.cls == "RNN":
        cell = _last_cell(layer)
        if cell is None:
            return None  # a custom cell: its width is unknown, and so is its output's layout
        units = size_param(cell, "units")
    else:
        units = size_param(layer, "units")
    if flag(layer, "return_sequences"):
        return (shape[0], shape[1], units)
    return (shape[0], units)


@rule("RecurrentOutput", "RecurrentState", symbolic=True)
def recurrent_parts(layer: LayerNode, shape: Shape) -> Shape | None:
    """The output and the states of ``LSTM(..., return_state=True)(x)`` (``layer.inner`` is
    the recurrent layer or its Bidirectional wrapper; ``shape`` the sequence it reads). A state
    is ``(batch, units)``; the output is what the layer returns without ``return_state``. The
    layer's own node reports a sequence it cannot take: these stay unknown then."""
    wrapper = layer.inner
    if wrapper is None:
        return None
    recurrent = wrapper.inner if wrapper.cls == "Bidirectional" else wrapper
    if recurrent is None or recurrent.cls not in ("LSTM", "GRU", "SimpleRNN") or len(shape) != 3:
        return None
    if layer.cls == "RecurrentState":
        units = size_param(recurrent, "units")
        return (shape[0], units) if units is not None else None
    plain = replace(recurrent, params={**recurrent.params, "return_state": False})
    if wrapper.cls == "Bidirectional":
        plain = replace(wrapper, inner=plain)
    try:
        return apply_layer(plain, [shape])
    except (RankMismatch, Rejection):
        return None


CELLS = frozenset({"LSTMCell", "GRUCell", "SimpleRNNCell"})


def _last_cell(layer: LayerNode) -> LayerNode | None:
    """The Keras cell whose ``units`` is ``RNN(cell)``'s width (the last of a stack)."""
    cell = layer.params.get("cell")
    if isinstance(cell, LayerNode) and cell.cls == "StackedRNNCells":
        cell = cell.params.get("cells")
    if isinstance(cell, (list, tuple)) and cell:
        cell = cell[-1]
    return cell if isinstance(cell, LayerNode) and cell.cls in CELLS else None


CONV_LSTM_RANK = {"ConvLSTM1D": 1, "ConvLSTM2D": 2, "ConvLSTM3D": 3}


@rule(*CONV_LSTM_RANK, symbolic=True, input_rank={n: r + 3 for n, r in CONV_LSTM_RANK.items()})
def conv_lstm(layer: LayerNode, shape: Shape) -> Shape | None:
    n = CONV_LSTM_RANK[layer.cls]
    first = data_format(layer) == "channels_first" if _known_format(layer) else False
    if len(shape) != n + 3:
        raise RankMismatch(n + 3, ("time", *spatial_axes(n, first)))
    if not _known_format(layer) or flag(layer, "return_state"):
        return None
    lengths = shape[3:] if first else shape[2:-1]
    out = conv_lengths(layer, shape, lengths, allow_causal=False)
    filters = size_param(layer, "filters")
    per_step = (filters, *out) if first else (*out, filters)
    if flag(layer, "return_sequences"):
        return (shape[0], shape[1], *per_step)
    return (shape[0], *per_step)


def _known_format(layer: LayerNode) -> bool:
    try:
        data_format(layer)
    except UnknownParam:
        return False
    return True


@rule("Bidirectional", symbolic=True, input_rank=3)
def bidirectional(layer: LayerNode, shape: Shape) -> Shape | None:
    inner = layer.inner
    if inner is None or inner.cls not in keras_api.RECURRENT:
        return None
    out = apply_layer(inner, [shape])  # the inner layer's rank error is the wrapper's
    mode = layer.params.get("merge_mode", "concat")
    if out is None or not isinstance(mode, str):
        return None
    if mode == "concat":
        last = out[-1]
        return (*out[:-1], 2 * last if is_size(last) else None)  # type: ignore[operator]
    if mode in ("sum", "mul", "ave"):
        return out
    return None


@rule("TimeDistributed", symbolic=True)
def time_distributed(layer: LayerNode, shape: Shape) -> Shape | None:
    inner = layer.inner
    inner_name = inner.display if inner is not None and inner.resolved else "layer"
    if len(shape) < 3:
        as_is = ""
        if inner is not None and inner.cls in _ANY_RANK:
            as_is = f" (the {inner_name} takes {format_shape(shape)} as it is)"
        raise RankMismatch(
            3,
            ("steps", "..."),
            at_least=True,
            hint=f"TimeDistributed applies its {inner_name} to each step of a sequence. "
            f"Remove TimeDistributed{as_is}, or feed a sequence (batch, steps, ...).",
        )
    if inner is None or not inner.resolved:
        return None
    step = (shape[0], *shape[2:])
    try:
        out = apply_layer(inner, [step])
    except RankMismatch as mismatch:
        raise _misplaced(layer, inner, shape, mismatch) from None
    except Rejection as rejection:
        raise Rejection(
            rejection.kind,
            f"In {layer.display}, {rejection.message}",
            f"{layer.display} applies the {inner.display} to each step of its input "
            f"{format_shape(shape)}. {rejection.help}",
        ) from None
    if out is None:
        return None
    return (out[0], shape[1], *out[1:])


def _misplaced(
    layer: LayerNode, inner: LayerNode, shape: Shape, mismatch: RankMismatch
) -> Rejection:
    """The wrapped layer cannot take one step: explain it in terms of steps."""
    steps = shape[1]
    each = f"each of the {steps} steps" if steps is not None else "each step"
    step_dims = shape[2:]
    batch = "batch" if shape[0] is None else str(shape[0])
    rest = ", ".join(str(d) for d in shape[1:])
    got = f"{format_shape(shape)}"
    needs = format_axes(mismatch.axes)
    if (
        inner.cls in keras_api.SEQUENCE_LAYERS
        and len(step_dims) == 1
        and mismatch.rank == 3
        and not mismatch.at_least
    ):
        return Rejection(
            "time-distributed",
            f"{layer.display} receives {got}: each step reaches the {inner.display} as a vector",
            f"TimeDistributed hands {each} to the {inner.display} separately, but "
            f"{article(inner.display)} needs {needs}, so Keras refuses to build the model. "
            f"Remove TimeDistributed, or feed ({batch}, outer_steps, {rest}).",
        )
    seen = "a vector" if len(step_dims) == 1 else format_dims(step_dims)
    if len(step_dims) == mismatch.rank - 2:
        fix = f"Remove TimeDistributed, or feed ({batch}, steps, {rest})."
    else:
        fix = f"Reshape the input so that each step has the shape {needs}."
    return Rejection(
        "rank",
        f"{layer.display} receives {got}: each step reaches the {inner.display} as {seen}",
        f"TimeDistributed hands {each} to the {inner.display} separately, but "
        f"{article(inner.display)} needs {needs}, so Keras refuses to build the model. {fix}",
    )
