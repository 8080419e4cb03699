"""Turn a layer's rank refusal into advice, using the graph around the layer.

A rule only knows that, say, an LSTM needs 3 dimensions. The graph knows *why* it got 2:
a Flatten upstream, a recurrent layer without ``return_sequences``, data without a channel
axis. The frequent causes get a specific fix; the rest get the plain statement.
"""

from __future__ import annotations

from collections.abc import Callable

from kerascheck import keras_api
from kerascheck.ir import LayerNode, Node, Shape
from kerascheck.shapes.common import RankMismatch, format_dims, format_shape

ShapeOf = Callable[[Node], "Shape | None"]

#: Layers that do nothing to a tensor's layout, so a layer behind them "feeds" the next.
_TRANSPARENT = keras_api.PASS_THROUGH | keras_api.ACTIVATION_LAYERS
INPUT_CLASSES = ("InputLayer", "Input")
_CONV_LSTM_RANK = {"ConvLSTM1D": 4, "ConvLSTM2D": 5, "ConvLSTM3D": 6}
_SINGULAR = {"channels": "channel", "features": "feature"}
_COLLAPSING = {"Flatten"} | {
    f"Global{kind}Pooling{n}D" for kind in ("Max", "Average") for n in (1, 2, 3)
}


def _core(layer: LayerNode) -> LayerNode | None:
    """The layer inside TimeDistributed/Bidirectional wrappers (None if not known)."""
    current: LayerNode | None = layer
    while current is not None and current.cls in keras_api.WRAPPERS:
        current = current.inner
    return current


def is_recurrent(node: Node) -> bool:
    """A recurrent layer, possibly wrapped (as KC201 sees it)."""
    core = _core(node.layer)
    return core is not None and core.cls in keras_api.RECURRENT


def returns_sequences(node: Node) -> bool | None:
    """``return_sequences`` of a (wrapped) recurrent layer; None when not resolved."""
    core = _core(node.layer)
    if core is None:
        return None
    value = core.params.get("return_sequences", False)
    return value if isinstance(value, bool) else None


def _sequence_rank(layer: LayerNode) -> int:
    """The rank a (wrapped) recurrent layer needs: 3, ConvLSTMnD n + 3, +1 per TimeDistributed."""
    rank = 3
    current: LayerNode | None = layer
    while current is not None:
        if current.cls == "TimeDistributed":
            rank += 1
        elif current.cls in _CONV_LSTM_RANK:
            rank = rank - 3 + _CONV_LSTM_RANK[current.cls]
        current = current.inner
    return rank


def recurrent_feeder(node: Node) -> Node | None:
    """The recurrent layer without ``return_sequences`` that feeds recurrent ``node`` (through
    layout-neutral layers only), when both take sequences of the same rank.

    This is exactly KC201's case; problems found here get the kind "rank-after-recurrent" so
    that KC201, not KC210 or KC203, explains them.
    """
    if not is_recurrent(node) or len(node.inputs) != 1:
        return None
    current = node.inputs[0]
    while (core := _core(current.layer)) is not None and core.cls in _TRANSPARENT:
        if len(current.inputs) != 1:
            return None
        current = current.inputs[0]
    if not is_recurrent(current) or returns_sequences(current) is not False:
        return None
    if _sequence_rank(current.layer) != _sequence_rank(node.layer):
        return None
    return current


def after_recurrent(node: Node, got: Shape, feeder: Node) -> tuple[str, str]:
    """(message, help) for KC201's case, should anyone display it."""
    return (
        f"{node.layer.display} receives {format_shape(got)}: the {feeder.layer.display} before "
        "it returns no sequence",
        f"The {feeder.layer.display} returns only its last output, not the sequence the "
        f"{node.layer.display} needs, so Keras refuses to build the model. Pass "
        f"return_sequences=True to {_setting_place(feeder)}.",
    )


def _setting_place(node: Node) -> str:
    core = _core(node.layer)
    if core is None or core is node.layer:
        return f"that {node.layer.display}"
    return f"the {core.display} inside the {node.layer.display}"


def _reducer(node: Node, shape_of: ShapeOf) -> tuple[Node | None, bool]:
    """The nearest upstream node that changed the rank (or the input), and whether only
    layout-neutral layers (Dropout, activations ...) lie between it and ``node``."""
    direct = True
    current = node.inputs[0] if len(node.inputs) == 1 else None
    for _ in range(1000):
        if current is None:
            return None, direct
        if current.layer.cls in INPUT_CLASSES or len(current.inputs) != 1:
            return current, direct
        out, inp = shape_of(current), shape_of(current.inputs[0])
        if out is None or inp is None:
            return None, direct
        if len(out) != len(inp):
            return current, direct
        if current.layer.cls not in _TRANSPARENT:
            direct = False
        current = current.inputs[0]
    return None, direct


#: Why every rank problem matters; the advice after it depends on the graph.
_NO_BUILD = "Keras refuses to build the model at this layer."


def explain_rank(
    node: Node, mismatch: RankMismatch, got: Shape, shape_of: ShapeOf
) -> tuple[str, str, str]:
    """(kind, message, help) for a layer that refused the rank of ``got``."""
    feeder = recurrent_feeder(node)
    if feeder is not None:
        return ("rank-after-recurrent", *after_recurrent(node, got, feeder))
    message = f"{node.layer.display} receives {format_shape(got)} but needs {mismatch.describe()}"
    return "rank", message, f"{_NO_BUILD} {_rank_advice(node, mismatch, got, shape_of)}"


def _rank_advice(node: Node, mismatch: RankMismatch, got: Shape, shape_of: ShapeOf) -> str:
    """How to fix the rank, from what the graph says about where the axes went."""
    name = node.layer.display
    reducer, direct = _reducer(node, shape_of)
    have, need = len(got), mismatch.rank
    if reducer is not None and have < need:
        before = reducer.layer.display
        if is_recurrent(reducer) and returns_sequences(reducer) is False:
            return (
                f"The {before} before it returns only its last output, not the whole "
                f"sequence. Pass return_sequences=True to {_setting_place(reducer)}."
            )
        if reducer.layer.cls in _COLLAPSING:
            return (
                f"The {before} before it collapsed each sample into one vector. Move the "
                f"{before} after the {name}, or restore the axes with Reshape before the {name}."
            )
    if have == need - 1 and not mismatch.at_least:
        return _add_axis(node, got, mismatch, reducer, direct, shape_of)
    if reducer is not None and have > need and reducer.layer.cls == "Embedding":
        tokens = shape_of(reducer.inputs[0]) if reducer.inputs else None
        if tokens is not None and len(tokens) >= 3 and tokens[-1] == 1:
            ids = tokens[1:-1]
            advice = (
                "The Embedding before it turns every token id into a vector, and its input "
                f"{format_shape(tokens)} has a trailing axis of 1: feed token ids of shape "
                f"{format_shape((tokens[0], *ids))} instead"
            )
            if all(d is not None for d in ids):
                advice += f" (x.reshape(-1, {', '.join(str(d) for d in ids)}) or x[..., 0])"
            return f"{advice}."
    if mismatch.hint:
        return mismatch.hint
    if have == need + 1 and not mismatch.at_least:
        return (
            f"Reshape the input to {need} dimensions, or wrap the {name} in TimeDistributed to "
            f"apply it to {_each(got[1])} along axis 1."
        )
    return (
        f"Give the {name} an input with {mismatch.describe()} (Reshape, Flatten or pooling "
        "before it), or use a layer made for the rank it receives."
    )


def _add_axis(
    node: Node,
    got: Shape,
    mismatch: RankMismatch,
    reducer: Node | None,
    direct: bool,
    shape_of: ShapeOf,
) -> str:
    """Advice for the commonest case: one axis short (no channel / feature axis)."""
    last = mismatch.axes[-1] if mismatch.axes else "feature"
    axis = _SINGULAR.get(last, last)
    name = node.layer.display
    dims = got[1:]
    if any(d is None for d in dims):
        return f"Add a {axis} axis of size 1 (np.expand_dims(x, -1) or a Reshape layer)."
    target = format_dims((*dims, 1))
    from_input = reducer is not None and reducer.layer.cls in INPUT_CLASSES
    if from_input and direct:
        values = ", ".join(str(d) for d in dims)
        return f"Add a {axis} axis (x.reshape(-1, {values}, 1) or Reshape({target}))."
    data = shape_of(reducer) if from_input and reducer is not None else None
    if data is not None and all(d is not None for d in data[1:]):
        values = ", ".join(str(d) for d in data[1:])
        return (
            f"The model's input {format_shape(data)} has no such axis either: add a {axis} "
            f"axis to the data and the input shape (x.reshape(-1, {values}, 1)), or add "
            f"Reshape({target}) before the {name}."
        )
    return f"Add a {axis} axis with Reshape({target}) before the {name}."


def _each(count: int | None) -> str:
    return f"each of the {count} entries" if count is not None else "each entry"
