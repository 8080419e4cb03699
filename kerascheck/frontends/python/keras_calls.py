"""Keras semantics for the interpreter: layers, Sequential and functional models, compile, fit.

Every function here receives the interpreter (for the IR under construction and its state)
and the evaluated call arguments, and returns the abstract value of the call.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.libraries import datasets, keras_data
from kerascheck.frontends.python.model_graph import (
    disagrees,
    get_layer,
    inline,
    predicted,
    symbolic_shape,
)
from kerascheck.frontends.python.scope import dotted_name
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Function,
    LayerValue,
    LossValue,
    ModelValue,
    OptimizerValue,
    Qual,
    Sequence,
    TensorValue,
    Value,
    to_python,
)
from kerascheck.ir import (
    UNKNOWN,
    ArrayInfo,
    CompileInfo,
    DataArg,
    FitCall,
    LayerNode,
    LossInfo,
    Model,
    Node,
    OptimizerInfo,
    Shape,
    Sym,
    is_size,
    topological_order,
)
from kerascheck.keras_api import (
    ACTIVATIONS,
    LAYER_SIGNATURES,
    MERGE_FUNCTIONS,
    canonical_layer,
    canonical_loss,
    canonical_metric,
    canonical_optimizer,
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
_FIT_METHODS = {
    "fit": ("x", "y", "batch_size", "epochs"),
    "evaluate": ("x", "y", "batch_size"),
    "train_on_batch": ("x", "y"),
    "test_on_batch": ("x", "y"),
    "fit_generator": ("generator", "steps_per_epoch", "epochs"),
    "evaluate_generator": ("generator", "steps"),
    # prediction: x only, the same input checks as fit (KC105)
    "predict": ("x", "batch_size"),
    "predict_on_batch": ("x",),
    "predict_generator": ("generator", "steps"),
    "__call__": ("inputs", "training", "mask"),
}
#: the parameter that holds the data (a stream of batches for the Keras 2 *_generator methods)
_DATA_PARAMS = ("x", "inputs", "generator")


# --- entry points ---------------------------------------------------------------------------


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
        return keras_data.backend(interp, symbol, args)
    return None


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
    if method in _FIT_METHODS:
        model.fits.append(make_fit(method, args))
        if method in ("predict", "predict_on_batch"):
            return predicted(model, args.get(0, "x"))
        return UNKNOWN_VALUE
    return None


# --- layers -------------------------------------------------------------------------------------


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
    layer.params["shape"] = _shape_tuple(shape)
    dtype = args.get(None, "dtype")
    if dtype is not None:
        layer.params["dtype"] = to_python(dtype) if isinstance(dtype, Const) else UNKNOWN
    return TensorValue(Node(layer))


def _shape_tuple(shape: Any) -> Any:
    if is_size(shape) or isinstance(shape, Sym):
        return (shape,)
    if isinstance(shape, (tuple, list)):
        # None is a variable length the user wrote, a Sym a size the script reads from its data
        # (``X.shape[1]``); a size we could not resolve stays UNKNOWN
        return tuple(
            dim if is_size(dim) or dim is None or isinstance(dim, Sym) else UNKNOWN for dim in shape
        )
    return UNKNOWN


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
        params={"shape": _shape_tuple(shape)},
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
    if isinstance(value, ArrayValue):
        return UNKNOWN_VALUE  # an eager call on data, not a graph
    inputs = _tensor_nodes(value)
    extra: list[tuple[str, Node]] = []
    for position, (item, _) in enumerate(args.positional[1:], start=1):
        extra += _named_tensors(str(position), item)
    for name, (item, _) in args.keywords.items():
        if name not in ("inputs", keyword):
            extra += _named_tensors(name, item)
    node = Node(layer.layer, inputs, anchor=args.node, keyword=keyword, extra=tuple(extra))
    return TensorValue(node)


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


def apply_model(interp: InterpreterState, model: ModelValue, args: CallArgs) -> Value:
    """A model used as a layer: its graph copied onto the caller's tensors when it is known
    (``model_graph.inline``), else one opaque layer inside the other graph."""
    value = args.get(0, "inputs")
    if isinstance(value, ArrayValue):
        model.model.fits.append(make_fit("__call__", args))  # an eager call: predict's checks
        return predicted(model.model, value)
    inputs = _tensor_nodes(value)
    if len(inputs) == 1 and inputs[0].layer.spelled != "?" and args.expr(0, "inputs"):
        shape = symbolic_shape(inputs[0])
        if shape is not None and disagrees(model.model, shape):  # KC105 says why, at the call
            call = FitCall(method="__call__", anchor=args.node)
            expr = args.expr(0, "inputs")
            call.x = DataArg(anchor=expr, info=ArrayInfo(shape=shape), label=dotted_name(expr))
            model.model.fits.append(call)
    outputs = inline(model.model, inputs) if inputs[0].layer.spelled != "?" else None
    if outputs is not None:
        if len(outputs) == 1:
            return TensorValue(outputs[0])
        return Sequence([TensorValue(node) for node in outputs], is_tuple=False)
    opaque = LayerNode("", anchor=args.node, spelled="Model")
    return TensorValue(Node(opaque, inputs, anchor=args.node))


def tensor_nodes(value: Value | None) -> list[Node]:
    """The graph nodes a call argument holds (an unknown source node when it holds none)."""
    return _tensor_nodes(value)


def _tensor_nodes(value: Value | None) -> list[Node]:
    if isinstance(value, TensorValue):
        return [value.node]
    if isinstance(value, Sequence) and value.items:
        nodes = [item.node for item in value.items if isinstance(item, TensorValue)]
        if len(nodes) == len(value.items):
            return nodes
    return [Node(LayerNode("", spelled="?"))]  # unknown source: the graph goes on, unknown


# --- models -------------------------------------------------------------------------------------


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
    if not isinstance(value, ModelValue) and not interp.is_appliable(value):
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
        "InputLayer", {"shape": _shape_tuple(shape)}, anchor=layer.anchor, spelled="InputLayer"
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
    declared = _graph_ends(inputs)
    model.inputs = (
        declared
        if declared is not None
        else [n for n in model.nodes if n.layer.cls == "InputLayer" and not n.inputs]
    )
    if any(not n.layer.resolved for n in model.nodes):
        model.complete = False
    return ModelValue(model)


def _graph_ends(value: Value | None) -> list[Node] | None:
    if isinstance(value, TensorValue):
        return [value.node]
    if isinstance(value, Sequence) and value.items:
        nodes = [item.node for item in value.items if isinstance(item, TensorValue)]
        if len(nodes) == len(value.items):
            return nodes
    return None


# --- compile, optimizers, losses, fit -------------------------------------------------------------


def make_optimizer(interp: InterpreterState, symbol: str, args: CallArgs) -> Value | None:
    name = canonical_optimizer(symbol)
    if name is None:
        return None  # a schedule or something we do not model
    info = OptimizerInfo(name=name, anchor=args.node)
    for key, (value, expr) in args.keywords.items():
        info.params[key] = param_value(value)
        arg = args.keyword_arg(key)
        info.param_anchors[key] = (arg.keyword, expr) if arg and arg.keyword else expr
    first = args.get(0)
    if first is not None:
        info.params.setdefault("learning_rate", param_value(first))
        info.param_anchors.setdefault("learning_rate", args.expr(0))
    rate = info.params.get("learning_rate", info.params.get("lr"))
    if rate is None:
        info.learning_rate = UNKNOWN if args.has_star else None
    elif isinstance(rate, (int, float)) and not isinstance(rate, bool):
        info.learning_rate = float(rate)
    else:
        info.learning_rate = UNKNOWN
    interp.ir.optimizers.append(info)
    return OptimizerValue(info)


def make_loss_info(symbol: str, args: CallArgs) -> LossInfo:
    from_logits = args.get(None, "from_logits")
    logits = to_python(from_logits) if from_logits is not None else None
    return LossInfo(
        name=canonical_loss(symbol),
        from_logits=logits if isinstance(logits, bool) or logits is None else UNKNOWN,
        anchor=args.node,
    )


def make_compile(interp: InterpreterState, args: CallArgs) -> CompileInfo:
    info = CompileInfo(anchor=args.node)
    optimizer = args.get(0, "optimizer")
    info.optimizer = _optimizer_info(interp, optimizer, args.expr(0, "optimizer") or args.node)
    loss = args.get(1, "loss")
    if loss is not None:
        info.loss = _loss_info(loss, args.expr(1, "loss"))
    metrics = args.get(None, "metrics")
    if metrics is not None:
        info.metrics_anchor = args.expr(None, "metrics")
        info.metrics = _metric_names(metrics)
    return info


def _optimizer_info(interp: InterpreterState, value: Value | None, anchor: Any) -> OptimizerInfo:
    if value is None:
        return OptimizerInfo("RMSprop", None, anchor=anchor)  # Keras's default
    if isinstance(value, OptimizerValue):
        return value.info
    name: str | None = None
    if isinstance(value, Const) and isinstance(value.value, str):
        name = canonical_optimizer(value.value)
    elif isinstance(value, Qual):
        resolved = resolve_keras(value.name)
        if resolved and resolved[0] == "optimizers":
            name = canonical_optimizer(resolved[1])
    if name is None:
        return OptimizerInfo(None, UNKNOWN, anchor=anchor)
    info = OptimizerInfo(name, None, anchor=anchor)
    interp.ir.optimizers.append(info)
    return info


def _loss_info(value: Value, anchor: Any) -> LossInfo:
    if isinstance(value, LossValue):
        return value.info
    if isinstance(value, Const) and isinstance(value.value, str):
        return LossInfo(canonical_loss(value.value), None, anchor=anchor)
    if isinstance(value, Qual):
        resolved = resolve_keras(value.name)
        if resolved and resolved[0] == "losses":
            return LossInfo(canonical_loss(resolved[1]), None, anchor=anchor)
    if isinstance(value, Function):
        return LossInfo(None, None, anchor=anchor)
    return LossInfo(None, UNKNOWN, anchor=anchor)


def _metric_names(value: Value) -> list[Any]:
    items = value.items if isinstance(value, Sequence) else [value]
    names: list[Any] = []
    for item in items:
        if isinstance(item, Const) and isinstance(item.value, str):
            names.append(canonical_metric(item.value))
        elif isinstance(item, Qual):
            resolved = resolve_keras(item.name)
            names.append(canonical_metric(resolved[1]) if resolved else UNKNOWN)
        else:
            names.append(UNKNOWN)
    return names


def make_fit(method: str, args: CallArgs) -> FitCall:
    signature = _FIT_METHODS[method]
    fit = FitCall(method=method, anchor=args.node)
    for index, name in enumerate(signature):
        value = args.get(index, name)
        if value is not None and name not in ("y", *_DATA_PARAMS):
            fit.params[name] = to_python(value)
            fit.param_anchors[name] = args.expr(index, name)
    for name, (value, expr) in args.keywords.items():
        if name in ("y", *_DATA_PARAMS):
            continue
        fit.params[name] = to_python(value)
        arg = args.keyword_arg(name)
        fit.param_anchors[name] = (arg.keyword, expr) if arg and arg.keyword else expr
    data = next((name for name in _DATA_PARAMS if name in signature), None)
    if data is not None:
        fit.x = _data_arg(args, 0, data)
        if "y" in signature:
            fit.y = _data_arg(args, 1, "y")
        stream = datasets.batches(args.get(0, data))
        if stream is not None and fit.x is not None:  # a dataset or generator yields (x, y)
            fit.x.info, fit.x.unbatched = stream.x, stream.unbatched
            labelled = method != "__call__" and not method.startswith("predict")
            if labelled and fit.y is None and stream.y is not None:
                fit.y = DataArg(anchor=fit.x.anchor, info=stream.y)
    return fit


def _data_arg(args: CallArgs, index: int, name: str) -> DataArg | None:
    if args.has_star and args.get(index, name) is None:
        return None
    expr = args.expr(index, name)
    if expr is None:
        return None
    value = args.get(index, name)
    info = value.info if isinstance(value, ArrayValue) else None
    return DataArg(anchor=expr, info=info, label=dotted_name(expr))
