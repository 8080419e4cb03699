"""Keras layers: constructing one from its call, and applying it to graph tensors.

A layer call becomes a ``LayerNode`` whose parameters are literals (or UNKNOWN), anchored at
the expressions that wrote them; applying a layer to tensors (the functional API) makes a graph
``Node``. Models are ``keras_models``'s business, compile and fit ``keras_training``'s.
"""

from __future__ import annotations

from typing import Any

from kerascheck.frontends.python import eager
from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    LambdaLayer,
    LayerValue,
    Qual,
    Sequence,
    TensorValue,
    Value,
    to_python,
)
from kerascheck.ir import UNKNOWN, LayerNode, Node, Shape, Sym, is_size, topological_order
from kerascheck.keras_api import (
    ACTIVATIONS,
    LAYER_SIGNATURES,
    RECURRENT,
    canonical_layer,
    resolve_keras,
)

#: Parameters checks read; when a call passes ``**kwargs`` they become UNKNOWN, not "absent".
_CHECKED_PARAMS = (
    "units",
    "activation",
    "return_sequences",
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "rate",
    "input_shape",
    "batch_input_shape",
    "input_dim",
    "layer",
    "merge_mode",
    "target_shape",
    "pool_size",
    "output_dim",
)
_INPUT_DECLARATIONS = ("input_shape", "batch_input_shape", "input_dim", "input_length")


def make_layer(interp: InterpreterState, symbol: str, args: CallArgs) -> LayerValue:
    canonical = canonical_layer(symbol)
    layer = LayerNode(cls=canonical or "", anchor=args.node, spelled=symbol)
    signature = LAYER_SIGNATURES.get(canonical or "", ())
    positional: list[str] = []
    extra: list[Any] = []
    for index, (value, expr) in enumerate(args.positional):
        if index < len(signature):
            name = signature[index]
            layer.params[name] = param_value(value)
            layer.param_anchors[name] = expr
            positional.append(name)
        else:
            extra.append(param_value(value))
    for name, (value, expr) in args.keywords.items():
        layer.params[name] = param_value(value)
        if (shapes := array_shapes(value)) is not None:
            layer.array_shapes[name] = shapes
        arg = args.keyword_arg(name)
        layer.param_anchors[name] = (arg.keyword, expr) if arg and arg.keyword else expr
    if args.has_star:
        for name in (*signature, *_CHECKED_PARAMS):
            layer.params.setdefault(name, UNKNOWN)
    layer.positional = tuple(positional)
    layer.extra_positional = tuple(extra)
    inner = layer.params.get("layer")
    if isinstance(inner, LayerNode):
        layer.inner = inner
    interp.ir.layers.append(layer)
    if layer.cls == "Lambda" and "arguments" not in layer.params:
        return LambdaLayer(layer, args.get(0, "function"))
    return LayerValue(layer)


def param_value(value: Value) -> Any:
    """What a layer/optimizer parameter holds: a literal, a nested layer, or UNKNOWN."""
    if isinstance(value, LayerValue):
        return value.layer
    if (
        isinstance(value, Sequence)
        and value.items
        and all(isinstance(item, LayerValue) for item in value.items)
    ):  # ``RNN([LSTMCell(8), GRUCell(4)])``, ``Pipeline([...])``
        return [item.layer for item in value.items]  # type: ignore[union-attr]
    if isinstance(value, Qual):
        return _activation_name(value.name)
    return to_python(value)


def array_shapes(value: Value) -> tuple[Shape | None, ...] | None:
    """The shapes of an array argument, or of a list of arrays (``weights=[M]``)."""
    items = value.items if isinstance(value, Sequence) else [value]
    if not items or not all(isinstance(item, ArrayValue) for item in items):
        return None
    return tuple(item.info.shape for item in items)  # type: ignore[union-attr]


def _activation_name(qualified: str) -> Any:
    """``keras.activations.relu`` or ``tf.nn.softmax`` as the string Keras would accept."""
    resolved = resolve_keras(qualified)
    if resolved and resolved[0] == "activations":
        return resolved[1]
    if qualified.startswith(("tensorflow.nn.", "tensorflow.math.")):
        name = qualified.rsplit(".", 1)[1]
        return name if name in ACTIVATIONS else UNKNOWN
    return UNKNOWN


def make_input(args: CallArgs) -> TensorValue:
    layer = LayerNode("InputLayer", anchor=args.node, spelled="Input")
    shape = to_python(args.get(0, "shape") or Const(None))
    batch_shape = to_python(args.get(None, "batch_shape") or Const(None))
    if isinstance(batch_shape, (tuple, list)) and batch_shape:
        shape = tuple(batch_shape[1:])
    layer.params["shape"] = shape_tuple(shape)
    dtype = args.get(None, "dtype")
    if dtype is not None:
        layer.params["dtype"] = to_python(dtype) if isinstance(dtype, Const) else UNKNOWN
    name = args.get(None, "name")
    if name is not None:  # a dict of arrays reaches this input by its name
        layer.params["name"] = name.value if isinstance(name, Const) else UNKNOWN
    return TensorValue(Node(layer))


def shape_tuple(shape: Any) -> Any:
    if is_size(shape) or isinstance(shape, Sym):
        return (shape,)
    if isinstance(shape, (tuple, list)):
        # None is a variable length the user wrote, a Sym a size the script reads from its data
        # (``X.shape[1]``); a size we could not resolve stays UNKNOWN
        return tuple(
            dim if is_size(dim) or dim is None or isinstance(dim, Sym) else UNKNOWN for dim in shape
        )
    return UNKNOWN


#: Layers whose Keras 1/2 ``input_dim`` is the width of each step of a sequence.
SEQUENCE_INPUTS = RECURRENT | {"Conv1D"}


def declared_input(layer: LayerNode) -> LayerNode | None:
    """The InputLayer a first layer declares with ``input_shape=`` & co, if any."""
    params = layer.params
    source = layer
    if not any(name in params for name in _INPUT_DECLARATIONS):
        return None
    if "batch_input_shape" in params:
        batch = params["batch_input_shape"]
        shape = tuple(batch[1:]) if isinstance(batch, (tuple, list)) and batch else UNKNOWN
    elif "input_shape" in params:
        shape = params["input_shape"]
    elif "input_dim" in params and layer.cls in SEQUENCE_INPUTS:
        # Keras 1/2 sequence layers: ``input_dim`` is each step's width, ``input_length`` the
        # number of steps (``SimpleRNN(input_dim=28, input_length=28)`` reads (28, 28)); no
        # length is None, any (``shape_tuple`` below makes an unresolved size UNKNOWN)
        shape = (params.get("input_length"), params["input_dim"])
    elif "input_dim" in params and layer.cls != "Embedding":
        dim = params["input_dim"]
        shape = (dim,) if is_size(dim) or isinstance(dim, Sym) else UNKNOWN
    elif layer.cls == "Embedding" and "input_length" in params:
        length = params["input_length"]
        shape = (length,) if is_size(length) or isinstance(length, Sym) else UNKNOWN
    else:
        return None
    anchor_name = next(name for name in _INPUT_DECLARATIONS if name in params)
    return LayerNode(
        "InputLayer",
        params={"shape": shape_tuple(shape)},
        anchor=source.anchor_of(anchor_name),
        spelled="Input",
    )


def apply_layer(interp: InterpreterState, layer: LayerValue, args: CallArgs) -> Value:
    """Functional API: ``Dense(10)(x)`` makes a graph node fed by ``x``; further tensors of the
    call (``mha(q, v)``, ``key=k``, ``initial_state=[h, c]``) are kept as the node's extras."""
    value = args.get(0, "inputs")
    keyword: str | None = None
    if value is None:  # keywords only: ``mha(query=q, value=v)``
        for name, (item, _) in args.keywords.items():
            if _tensors_in(item):
                value, keyword = item, name
                break
    if isinstance(value, ArrayValue):  # an eager call on data, not a graph
        return eager.layer_on_array(layer.layer, value) if keyword is None else UNKNOWN_VALUE
    inputs = tensor_nodes(value)
    if isinstance(layer, LambdaLayer) and len(args.positional) == 1 and not args.keywords:
        read = _read_lambda(interp, layer, value, inputs, args)
        if read is not None:
            return read
    extra: list[tuple[str, Node]] = []
    for position, (item, _) in enumerate(args.positional[1:], start=1):
        extra += _named_tensors(str(position), item)
    for name, (item, _) in args.keywords.items():
        if name not in ("inputs", keyword):
            extra += _named_tensors(name, item)
    node = Node(layer.layer, inputs, anchor=args.node, keyword=keyword, extra=tuple(extra))
    states = _state_count(layer.layer)
    if states:
        return _with_states(node, states, args)
    return TensorValue(node)


def _read_lambda(
    interp: InterpreterState,
    layer: LambdaLayer,
    value: Value | None,
    inputs: list[Node],
    args: CallArgs,
) -> Value | None:
    """``Lambda(lambda t: K.mean(t, axis=1))(h)``: the function interpreted on the tensor, its
    result kept when it is a tensor grown from the input (the functions of tensors it applies
    are op nodes); None when it cannot be read (the Lambda stays one layer of unknown output)."""
    if layer.function is None or value is None or any(n.layer.spelled == "?" for n in inputs):
        return None
    interp.graph_calls += 1
    try:
        result = interp.call_value(layer.function, CallArgs(args.node, [(value, args.node)]))
    finally:
        interp.graph_calls -= 1
    if not isinstance(result, TensorValue) or any(result.node is node for node in inputs):
        return None  # ``lambda x: x`` is the Lambda itself, kept as a layer of the model
    reached = {id(node) for node in topological_order([result.node])}
    return result if any(id(node) in reached for node in inputs) else None


#: How many state tensors a recurrent layer with ``return_state=True`` returns after its output.
_STATES = {"LSTM": 2, "GRU": 1, "SimpleRNN": 1}


def _state_count(layer: LayerNode) -> int:
    """``LSTM(..., return_state=True)`` returns ``[output, h, c]``; a Bidirectional one the
    output, then the forward states, then the backward ones."""
    recurrent = layer.inner if layer.cls == "Bidirectional" else layer
    if recurrent is None or recurrent.params.get("return_state") is not True:
        return 0
    count = _STATES.get(recurrent.cls, 0)
    return 2 * count if layer.cls == "Bidirectional" else count


def _with_states(node: Node, count: int, args: CallArgs) -> Sequence:
    """The output and each state as an op read off the recurrent call: it takes the call's
    input (its rules need the sequence, not the list Keras returns) and keeps the layer's node
    as a parent, so ``out, h, c = lstm(x)`` keeps every shape and the graph keeps the LSTM."""
    parent = (("layer", node),)
    tensors: list[Value] = []
    for cls in ["RecurrentOutput"] + ["RecurrentState"] * count:
        op = LayerNode(cls, anchor=args.node, spelled=node.layer.spelled, inner=node.layer)
        op_node = Node(op, list(node.inputs), anchor=args.node, keyword=node.keyword)
        op_node.extra = parent
        tensors.append(TensorValue(op_node))
    return Sequence(tensors)


def _tensors_in(value: Value | None) -> list[Node]:
    """The graph tensors of one call argument: a tensor, or a list of tensors only."""
    if isinstance(value, TensorValue):
        return [value.node]
    items = value.items if isinstance(value, Sequence) else []
    if items and all(isinstance(item, TensorValue) for item in items):
        return [item.node for item in items]  # type: ignore[union-attr]
    return []


def _named_tensors(name: str, value: Value | None) -> list[tuple[str, Node]]:
    nodes = _tensors_in(value)
    if isinstance(value, TensorValue):
        return [(name, nodes[0])]
    return [(f"{name}[]", node) for node in nodes]


def tensor_nodes(value: Value | None) -> list[Node]:
    """The graph nodes a call argument holds (an unknown source node when it holds none)."""
    nodes = held_tensors(value)
    if nodes is not None:
        return nodes
    return [Node(LayerNode("", spelled="?"))]  # unknown source: the graph goes on, unknown


def held_tensors(value: Value | None) -> list[Node] | None:
    """The graph nodes of a tensor or of a list of tensors; None when it holds anything else."""
    if isinstance(value, TensorValue):
        return [value.node]
    if isinstance(value, Sequence) and value.items:
        nodes = [item.node for item in value.items if isinstance(item, TensorValue)]
        if len(nodes) == len(value.items):
            return nodes
    return None
