"""Keras calls: the entry points that route a Keras name or a model/layer method.

Every function here receives the interpreter (for the IR under construction and its state)
and the evaluated call arguments, and returns the abstract value of the call. What a layer
is lives in ``keras_layers``, a model in ``keras_models``, compile and fit in
``keras_training``; Keras's data utilities in ``libraries.keras_data`` (imported on first use:
most scripts call none of them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.keras_layers import (
    apply_layer,
    array_shapes,
    make_input,
    make_layer,
    tensor_nodes,
)
from kerascheck.frontends.python.keras_models import (
    add_to_sequential,
    make_functional,
    make_sequential,
)
from kerascheck.frontends.python.keras_training import (
    FIT_METHODS,
    make_compile,
    make_fit,
    make_loss_info,
    make_optimizer,
)
from kerascheck.frontends.python.model_graph import get_layer, predicted
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    LayerValue,
    LossValue,
    ModelValue,
    TensorValue,
    Value,
)
from kerascheck.ir import UNKNOWN, LayerNode, Node
from kerascheck.keras_api import MERGE_FUNCTIONS, canonical_layer, canonical_metric
from kerascheck.lazy import lazy_module

if TYPE_CHECKING:
    from kerascheck.frontends.python.libraries import keras_data
else:
    keras_data = lazy_module("kerascheck.frontends.python.libraries.keras_data")


def call_keras(
    interp: InterpreterState, namespace: str, symbol: str, args: CallArgs
) -> Value | None:
    """A call to something Keras exports, e.g. ``layers.LSTM(32)`` or ``Sequential([...])``."""
    if namespace == "layers":
        if symbol == "Input":
            return make_input(args)
        if symbol in MERGE_FUNCTIONS:
            layer = LayerValue(
                LayerNode(canonical_layer(symbol) or "", anchor=args.node, spelled=symbol)
            )
            return apply_layer(interp, layer, args)
        return make_layer(interp, symbol, args)
    if namespace == "models":
        if symbol == "Sequential":
            return make_sequential(interp, args)
        if symbol in ("Model", "Functional"):
            return make_functional(interp, args)
        return None
    if namespace == "initializers" and symbol == "Constant":
        value = args.get(0, "value")  # the matrix itself: KC208 compares it with the layer's
        return value if isinstance(value, ArrayValue) else None
    if namespace == "optimizers":
        return make_optimizer(interp, symbol, args)
    if namespace == "losses" and symbol[:1].isupper():
        return LossValue(make_loss_info(symbol, args))
    if namespace == "metrics" and symbol[:1].isupper():
        return Const(canonical_metric(symbol))
    if namespace in ("utils", "preprocessing"):
        return keras_data.utility(interp, symbol, args)
    if namespace == "datasets":
        return keras_data.load_dataset(interp, symbol, args)
    if namespace in ("backend", "ops"):
        if symbol == "expand_dims" and isinstance(args.get(0, "x"), TensorValue):
            return _graph_expand_dims(args)
        if symbol == "stack" and len(tensor_nodes(args.get(0, "x"))) > 1:
            return _graph_stack(args)
        return keras_data.backend(interp, symbol, args)
    return None


def _graph_expand_dims(args: CallArgs) -> Value:
    """``keras.ops.expand_dims(inputs["age"], -1)`` on a graph tensor: Keras 3 records an
    ``ExpandDims`` operation in the functional graph, so the shape walk keeps going."""
    tensor = args.get(0, "x")
    assert isinstance(tensor, TensorValue)
    axis = args.get(1, "axis")
    params = {"axis": axis.value} if isinstance(axis, Const) else {"axis": UNKNOWN}
    layer = LayerNode("ExpandDims", params=params, anchor=args.node, spelled="expand_dims")
    return TensorValue(Node(layer, [tensor.node], anchor=args.node))


def _graph_stack(args: CallArgs) -> Value:
    """``keras.ops.stack(embeddings, axis=1)`` of graph tensors: one ``Stack`` op of them all
    (the tensors' count becomes a new axis)."""
    nodes = tensor_nodes(args.get(0, "x"))
    axis = args.get(1, "axis")
    value = axis.value if isinstance(axis, Const) else (0 if axis is None else UNKNOWN)
    layer = LayerNode("Stack", params={"axis": value}, anchor=args.node, spelled="stack")
    return TensorValue(Node(layer, nodes, anchor=args.node))


def call_method(
    interp: InterpreterState, receiver: ModelValue | LayerValue, method: str, args: CallArgs
) -> Value | None:
    if isinstance(receiver, LayerValue):
        if method == "adapt":
            receiver.layer.adapted = True
        if method == "set_weights" and receiver.layer.cls == "Embedding":
            shapes = array_shapes(args.get(0, "weights") or UNKNOWN_VALUE)
            if shapes is not None:  # KC208 checks the matrix
                receiver.layer.array_shapes["weights"] = shapes
                receiver.layer.param_anchors["weights"] = args.expr(0, "weights")
        return None
    model = receiver.model
    if method == "add":
        value = args.get(0, "layer")
        add_to_sequential(
            interp, model, value if value is not None else UNKNOWN_VALUE, args.expr(0)
        )
        return Const(None)
    if method == "pop" and model.kind == "sequential" and model.nodes:
        model.nodes.pop()
        model.outputs = model.nodes[-1:]
        return UNKNOWN_VALUE
    if method == "compile":
        model.compile = make_compile(interp, args)
        return Const(None)
    if method == "get_layer":
        return get_layer(model, args.get(0, "name"), args.get(1, "index"))
    if method in FIT_METHODS:
        model.fits.append(make_fit(method, args))
        if method in ("predict", "predict_on_batch"):
            return predicted(model, args.get(0, "x"))
        return UNKNOWN_VALUE
    return None
