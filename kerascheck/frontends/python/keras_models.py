"""Keras models: Sequential and functional models as they are built, and models used as layers.

A Sequential grows with its list and ``add``; layers added on a path that may not run make it
incomplete. A functional model is the graph between its inputs and outputs. A model applied to
tensors is inlined into the caller's graph when its own graph is known.
"""

from __future__ import annotations

import libcst as cst

from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.keras_layers import (
    declared_input,
    held_tensors,
    shape_tuple,
    tensor_nodes,
)
from kerascheck.frontends.python.keras_training import make_fit
from kerascheck.frontends.python.model_graph import (
    build_on_call,
    disagrees,
    inline,
    predicted,
    symbolic_shape,
)
from kerascheck.frontends.python.scope import dotted_name
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    LambdaLayer,
    LayerValue,
    Mapping,
    ModelValue,
    Sequence,
    TensorValue,
    Value,
)
from kerascheck.ir import (
    UNKNOWN,
    ArrayInfo,
    DataArg,
    FitCall,
    LayerNode,
    Model,
    Node,
    topological_order,
)


def apply_model(interp: InterpreterState, model: ModelValue, args: CallArgs) -> Value:
    """A model used as a layer: its graph copied onto the caller's tensors when it is known
    (``model_graph.inline``), else one opaque layer inside the other graph."""
    value = args.get(0, "inputs")
    if isinstance(value, ArrayValue):
        model.model.fits.append(make_fit("__call__", args))  # an eager call: predict's checks
        return predicted(model.model, value)
    inputs = tensor_nodes(value)
    if len(inputs) == 1 and inputs[0].layer.spelled != "?" and args.expr(0, "inputs"):
        shape = symbolic_shape(inputs[0])
        if shape is not None and disagrees(model.model, shape):  # KC105 says why, at the call
            call = FitCall(method="__call__", anchor=args.node)
            expr = args.expr(0, "inputs")
            call.x = DataArg(anchor=expr, info=ArrayInfo(shape=shape), label=dotted_name(expr))
            model.model.fits.append(call)
        elif shape is not None:
            build_on_call(model.model, shape, args.node)
    outputs = inline(model.model, inputs) if inputs[0].layer.spelled != "?" else None
    if outputs is not None:
        if len(outputs) == 1:
            return TensorValue(outputs[0])
        return Sequence([TensorValue(node) for node in outputs], is_tuple=False)
    opaque = LayerNode("", anchor=args.node, spelled="Model")
    return TensorValue(Node(opaque, inputs, anchor=args.node))


def make_sequential(interp: InterpreterState, args: CallArgs) -> ModelValue:
    model = Model("sequential", anchor=args.node)
    interp.model_depth[model.uid] = interp.uncertainty
    interp.ir.models.append(model)
    layers = args.get(0, "layers")
    if isinstance(layers, Sequence):
        for item in layers.items:
            add_to_sequential(interp, model, item, None)
    elif layers is not None and not (isinstance(layers, Const) and layers.value is None):
        model.complete = False
    return ModelValue(model)


def add_to_sequential(
    interp: InterpreterState, model: Model, value: Value, anchor: cst.BaseExpression | None
) -> None:
    if interp.uncertainty > interp.model_depth.get(model.uid, 0):
        value = UNKNOWN_VALUE  # added on a path that may not run (or run many times)
    if isinstance(value, TensorValue) and value.node.layer.cls == "InputLayer" and not model.nodes:
        _append(model, value.node)
        return
    if (
        isinstance(value, LambdaLayer)
        and model.nodes
        and _add_applied(interp, model, value, anchor)
    ):
        return  # ``Lambda(lambda t: t[:, -1])`` read on the chain's last tensor
    if isinstance(value, LayerValue):
        layer = value.layer
        if layer.cls == "InputLayer":
            if not model.nodes:
                _append(model, Node(_input_layer_from(layer)))
            return
        if not model.nodes:
            declared = declared_input(layer) or (
                declared_input(layer.inner) if layer.inner is not None else None
            )
            if declared is not None:
                _append(model, Node(declared))
        _append(model, Node(layer, model.nodes[-1:]))
        return
    if not model.nodes and not isinstance(value, ModelValue) and interp.is_appliable(value):
        # ``Sequential([MixerBlock(...) for _ in range(4)])``: the custom layer is read on a
        # placeholder input, which the first call on a graph tensor fills (``build_on_call``)
        _append(model, Node(LayerNode("InputLayer", params={"shape": UNKNOWN}, spelled="Input")))
    if not model.nodes and isinstance(value, ModelValue):
        declared = _model_input(value.model)  # Sequential([augmentation, ...]): its input
        if declared is not None:
            _append(model, Node(declared))
    if model.nodes and _add_applied(interp, model, value, anchor):
        return
    opaque = LayerNode("", anchor=anchor, spelled="?")
    model.complete = False
    _append(model, Node(opaque, model.nodes[-1:]))


def _model_input(inner: Model) -> LayerNode | None:
    """The input a model declares, as the input of a Sequential that starts with it."""
    if len(inner.inputs) != 1 or inner.inputs[0].layer.cls != "InputLayer":
        return None
    layer = inner.inputs[0].layer
    return LayerNode("InputLayer", dict(layer.params), anchor=layer.anchor, spelled=layer.spelled)


def _add_applied(
    interp: InterpreterState, model: Model, value: Value, anchor: cst.BaseExpression | None
) -> bool:
    """``Sequential([base, Dense(10)])``, ``model.add(MyBlock())``: a model or a custom layer
    added to a Sequential is applied to its last node, and the nodes it makes join the chain."""
    lambda_layer = isinstance(value, LambdaLayer)
    if not isinstance(value, ModelValue) and not interp.is_appliable(value) and not lambda_layer:
        return False
    last = model.nodes[-1]
    # where a custom layer that cannot be read is anchored: the ``add`` argument, or the
    # Sequential(...) call for an item of its list
    call = next(
        (c for c in (anchor, model.anchor) if isinstance(c, cst.Call)),
        cst.Call(func=cst.Name("add")),
    )
    result = interp.call_value(value, CallArgs(call, [(TensorValue(last), call)]))
    if not isinstance(result, TensorValue):
        return False
    known = {id(node) for node in model.nodes}
    added = [node for node in topological_order([result.node]) if id(node) not in known]
    if not added or any(
        id(parent) not in known and parent not in added for n in added for parent in n.parents
    ):
        return False  # the result does not grow from this model's chain
    model.nodes.extend(added)
    model.outputs = [result.node]
    if any(not node.layer.resolved for node in added):
        model.complete = False
    return True


def _input_layer_from(layer: LayerNode) -> LayerNode:
    """``InputLayer(input_shape=...)`` / ``InputLayer(shape=...)`` as a normal input node."""
    params = layer.params
    shape = params.get("shape", params.get("input_shape", UNKNOWN))
    batch = params.get("batch_shape", params.get("batch_input_shape"))
    if isinstance(batch, (tuple, list)) and batch:
        shape = tuple(batch[1:])
    return LayerNode(
        "InputLayer", {"shape": shape_tuple(shape)}, anchor=layer.anchor, spelled="InputLayer"
    )


def _append(model: Model, node: Node) -> None:
    if node.layer.cls == "InputLayer" and not node.inputs:
        model.inputs.append(node)
    model.nodes.append(node)
    model.outputs = [node]


def make_functional(interp: InterpreterState, args: CallArgs) -> ModelValue:
    model = Model("functional", anchor=args.node)
    interp.ir.models.append(model)
    inputs = args.get(0, "inputs") or args.get(None, "input")
    outputs = args.get(1, "outputs") or args.get(None, "output")
    output_nodes = _graph_ends(outputs)
    if output_nodes is None:
        model.complete = False
        model.inputs = _graph_ends(inputs) or []
        model.nodes = list(model.inputs)
        return ModelValue(model)
    model.nodes = topological_order(output_nodes)
    model.outputs = output_nodes
    model.outputs_in_order = isinstance(outputs, Sequence) and all(
        isinstance(item, TensorValue) for item in outputs.items
    )
    declared = _graph_ends(inputs)
    model.inputs = (
        declared
        if declared is not None
        else [n for n in model.nodes if n.layer.cls == "InputLayer" and not n.inputs]
    )
    if declared is not None:
        _input_order(model, inputs)
    if any(not n.layer.resolved for n in model.nodes):
        model.complete = False
    return ModelValue(model)


def _input_order(model: Model, inputs: Value | None) -> None:
    """How x's arrays will be matched to the declared inputs: a dict by its keys, a list or
    tuple (or one tensor) by position."""
    if isinstance(inputs, TensorValue):
        model.inputs_in_order = True
        return
    items = list(inputs.items.values()) if isinstance(inputs, Mapping) else None
    if isinstance(inputs, Sequence):
        items = inputs.items
    if items is None or len(items) != len(model.inputs):
        return
    if not all(isinstance(item, TensorValue) for item in items):
        return  # nested structures: x must nest the same way
    if isinstance(inputs, Mapping):
        keys = tuple(inputs.items)
        if all(isinstance(key, str) for key in keys):
            model.input_keys = keys
    else:
        model.inputs_in_order = True


def _graph_ends(value: Value | None) -> list[Node] | None:
    """A functional model's inputs or outputs: a tensor, a list of them, or a dict of them."""
    if isinstance(value, Mapping) and value.exact and value.items:  # ``inputs={"age": ...}``
        return held_tensors(Sequence(list(value.items.values())))
    return held_tensors(value)
