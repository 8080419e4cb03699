"""Functions of graph tensors read as graph ops: what ``tf.reshape``, ``tf.transpose``,
``tf.reduce_mean``, ``tf.concat``, ``tf.matmul``, ``tf.range``, ``tf.random.normal``,
``keras.ops`` / ``keras.backend`` and Python's operators and subscripts do to a tensor.

Custom layers' ``call`` bodies and functional code apply them between layers; each becomes a
pseudo-layer node (``Transpose``, ``Reduce``, ``TensorReshape`` ...) whose shape rule is in
``kerascheck/shapes/tensor_ops.py``, so the shapes after it stay known. Teaching kerascheck a
function is one entry in ``FUNCTIONS``. A function not in the table leaves its result unknown:
nothing is guessed.

Sizes written with ``tf.shape(x)[0]`` (the batch size) or ``x.shape[-1]`` are kept as
``TensorDim`` values when they are not known while the graph is built, and read in the shape
walk (``ir.AxisOf``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import libcst as cst

from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Sequence,
    TensorDim,
    TensorShape,
    TensorValue,
    Value,
    WeightInitializer,
)
from kerascheck.ir import UNKNOWN, AxisOf, LayerNode, Node, Sym, is_size
from kerascheck.keras_api import resolve_keras

#: positional parameter names of one function, in order (keywords are matched by name)
Params = tuple[str, ...]
Handler = Callable[[CallArgs, Params, dict[str, Any]], Value | None]


# --- arguments -------------------------------------------------------------------------------


def _get(args: CallArgs, params: Params, name: str) -> Value | None:
    """The argument of parameter ``name`` (by keyword, or by its position in ``params``)."""
    index = params.index(name) if name in params else None
    return args.get(index, name)


def _tensor(value: Value | None) -> Node | None:
    return value.node if isinstance(value, TensorValue) else None


def _operands(left: Value | None, right: Value | None, args: CallArgs) -> list[Node] | None:
    """The nodes of two operands of which one at least is a graph tensor; an array of known
    shape beside it (``tf.matmul(x, mask)`` with a numpy mask) is a ``Constant`` op, a tensor
    without a batch axis."""
    if _tensor(left) is None and _tensor(right) is None:
        return None
    nodes: list[Node] = []
    for value in (left, right):
        node = _tensor(value)
        if node is None and isinstance(value, ArrayValue) and value.info.shape is not None:
            shape = tuple(value.info.shape)
            layer = LayerNode("Constant", {"shape": shape}, anchor=args.node, spelled="array")
            node = Node(layer, anchor=args.node)
        if node is None:
            return None
        nodes.append(node)
    return nodes


def _param(value: Value | None, refs: list[Node]) -> Any:
    """A Value as an op parameter: ints, Syms, bools, strings and None as they are, a tuple for
    a list, ``AxisOf`` for a size known only in the walk (its tensor added to ``refs``), and
    UNKNOWN for anything else."""
    if value is None:
        return None
    if isinstance(value, Const):
        return value.value
    if isinstance(value, TensorDim):
        refs.append(value.node)
        return AxisOf(value.node, value.index)
    if isinstance(value, Sequence):
        return tuple(_param(item, refs) for item in value.items)
    if isinstance(value, TensorShape):
        return UNKNOWN  # a whole shape whose rank is not known
    return UNKNOWN


def _op(
    cls: str,
    inputs: list[Node],
    args: CallArgs,
    spelled: str,
    params: dict[str, Any] | None = None,
    refs: list[Node] | None = None,
) -> TensorValue:
    """The op node: fed by ``inputs``; the tensors whose sizes its parameters read are extra
    parents (named ``shape``), so the walk reaches them first."""
    layer = LayerNode(cls, params=params or {}, anchor=args.node, spelled=spelled)
    extra = tuple(("shape", node) for node in dict.fromkeys(refs or []))
    return TensorValue(Node(layer, inputs, anchor=args.node, extra=extra))


def _no_other_tensors(args: CallArgs, first: Value | None) -> bool:
    """Every argument but the tensor operated on is a plain value (a dtype, an axis)."""
    values = [v for v, _ in args.positional] + [v for v, _ in args.keywords.values()]
    return not any(isinstance(v, TensorValue) and v is not first for v in values)


# --- handlers --------------------------------------------------------------------------------


def _elementwise(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.exp(x)``, ``tf.cast(x, "float32")``, ``tf.nn.softmax(x, axis=-1)``: same shape."""
    value = _get(args, params, params[0])
    node = _tensor(value)
    if node is None or not _no_other_tensors(args, value):
        return None
    return _op("Elementwise", [node], args, spec["name"])


def _binary(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.add(a, b)``, ``tf.maximum(x, 0.0)``: two tensors broadcast; a tensor and a number
    keep the tensor's shape."""
    left, right = _get(args, params, params[0]), _get(args, params, params[1])
    return combine(left, right, args.node, spec["name"])


def _where(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.where(mask, x, 0.0)``: the condition and both branches broadcast together (the
    one-argument form, the indices of the true entries, is not followed)."""
    values = [_get(args, params, name) for name in params]
    if any(value is None for value in values):
        return None
    nodes = [_tensor(value) for value in values]
    if not any(nodes) or any(
        n is None and not _is_number(v) for n, v in zip(nodes, values, strict=True)
    ):
        return None
    tensors = [node for node in nodes if node is not None]
    cls = "Broadcast" if len(tensors) > 1 else "Elementwise"
    return _op(cls, tensors, args, spec["name"])


def _reshape(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = _tensor(_get(args, params, params[0]))
    target = _get(args, params, params[1])
    if node is None or not isinstance(target, Sequence):
        return None
    refs: list[Node] = []
    shape = _param(target, refs)
    return _op("TensorReshape", [node], args, spec["name"], {"shape": shape}, refs)


def _transpose(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = _tensor(_get(args, params, params[0]))
    if node is None:
        return None
    if spec.get("matrix"):
        return _op("Transpose", [node], args, spec["name"], {"matrix": True})
    perm = _get(args, params, params[1]) if len(params) > 1 else None
    value = None if perm is None or (isinstance(perm, Const) and perm.value is None) else perm
    refs: list[Node] = []
    return _op("Transpose", [node], args, spec["name"], {"perm": _param(value, refs)})


def _reduce(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = _tensor(_get(args, params, params[0]))
    if node is None:
        return None
    refs: list[Node] = []
    axis_value = _get(args, params, "axis")
    axis = _param(axis_value, refs) if axis_value is not None else spec.get("axis")
    keep = _get(args, params, "keepdims") or args.get(None, "keep_dims")
    keepdims = _param(keep, refs) if keep is not None else False
    params_out = {"axis": axis, "keepdims": keepdims}
    return _op("Reduce", [node], args, spec["name"], params_out)


def _concat(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    values = _get(args, params, params[0])
    if not isinstance(values, Sequence) or not values.items:
        return None
    nodes = [_tensor(item) for item in values.items]
    if any(node is None for node in nodes):
        return None
    axis_value = _get(args, params, "axis")
    refs: list[Node] = []
    axis = _param(axis_value, refs) if axis_value is not None else spec.get("axis")
    return _op("TensorConcat", nodes, args, spec["name"], {"axis": axis})  # type: ignore[arg-type]


def _stack(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.stack(tensors, axis=1)``: the ``Stack`` op of ``keras.ops.stack``."""
    values = _get(args, params, params[0])
    if not isinstance(values, Sequence) or len(values.items) < 2:
        return None
    nodes = [_tensor(item) for item in values.items]
    if any(node is None for node in nodes):
        return None
    axis_value = _get(args, params, "axis")
    axis = _param(axis_value, []) if axis_value is not None else 0
    return _op("Stack", nodes, args, spec["name"], {"axis": axis})  # type: ignore[arg-type]


def _expand_dims(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.expand_dims(x, -1)``: the ``ExpandDims`` op of ``keras.ops.expand_dims``."""
    node = _tensor(_get(args, params, params[0]))
    axis_value = _get(args, params, "axis")
    if node is None or (axis_value is None and "axis" not in spec):
        return None
    axis = _param(axis_value, []) if axis_value is not None else spec["axis"]
    return _op("ExpandDims", [node], args, spec["name"], {"axis": axis})


def _squeeze(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = _tensor(_get(args, params, params[0]))
    if node is None:
        return None
    axis = _get(args, params, "axis")
    return _op("Squeeze", [node], args, spec["name"], {"axis": _param(axis, [])})


def _matmul(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    nodes = _operands(_get(args, params, params[0]), _get(args, params, params[1]), args)
    if nodes is None:
        return None
    flags = {}
    for name in ("transpose_a", "transpose_b", "adjoint_a", "adjoint_b"):
        value = args.get(None, name)
        if value is not None:
            flags[name.replace("adjoint", "transpose")] = _param(value, [])
    return _op("MatMul", nodes, args, spec["name"], flags)


def _tensordot(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    nodes = _operands(_get(args, params, params[0]), _get(args, params, params[1]), args)
    axes_value = _get(args, params, "axes")
    if nodes is None:
        return None
    axes = _param(axes_value, []) if axes_value is not None else spec.get("axes", UNKNOWN)
    return _op("TensorDot", nodes, args, spec["name"], {"axes": axes})


def _one_hot(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = _tensor(_get(args, params, params[0]))
    depth = _get(args, params, params[1])
    if node is None:
        return None
    return _op("OneHot", [node], args, spec["name"], {"depth": _param(depth, [])})


def _tile(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = _tensor(_get(args, params, params[0]))
    multiples = _get(args, params, params[1])
    if node is None or not isinstance(multiples, Sequence):
        return None
    return _op("Tile", [node], args, spec["name"], {"multiples": _param(multiples, [])})


def _extract_patches(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = _tensor(_get(args, params, params[0]))
    if node is None:
        return None
    values = {name: _param(_get(args, params, name), []) for name in params[1:]}
    if values.get("rates") is None:
        values.pop("rates")
    return _op("ExtractPatches", [node], args, spec["name"], values)


def _range(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.range(maxlen)``, ``tf.range(start=0, limit=n, delta=1)``, ``ops.arange(n)``."""
    start, limit = _get(args, params, params[0]), _get(args, params, params[1])
    delta = _get(args, params, params[2])
    if start is None:
        return None
    if limit is None or (isinstance(limit, Const) and limit.value is None):
        start, limit = Const(0), start
    refs: list[Node] = []
    values = {
        "start": _param(start, refs),
        "limit": _param(limit, refs),
        "delta": _param(delta, refs) if delta is not None else 1,
    }
    if not refs and not spec.get("in_graph"):
        return None  # sized by no graph tensor, outside a layer: data (``libraries``)
    return _op("Range", [], args, spec["name"], values, refs)


def _filled(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.random.normal(shape=(batch, dim))``, ``tf.zeros((n, 4))``: a tensor of that shape;
    ``tf.random.normal(tf.shape(x))`` has the shape of ``x``."""
    shape = _get(args, params, params[0])
    if isinstance(shape, TensorShape):
        return _op("Elementwise", [shape.node], args, spec["name"])
    if isinstance(shape, Const) and is_size(shape.value):
        shape = Sequence([shape], is_tuple=True)
    if not isinstance(shape, Sequence):
        return None
    refs: list[Node] = []
    params = {"shape": _param(shape, refs)}
    if not refs and not spec.get("in_graph"):
        return None  # sized by no graph tensor, outside a layer: data (``libraries``)
    return _op("Filled", [], args, spec["name"], params, refs)


def _like(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.zeros_like(x)``: the shape of ``x`` (the tensor is only read for its shape)."""
    node = _tensor(_get(args, params, params[0]))
    return _op("Elementwise", [node], args, spec["name"]) if node is not None else None


def _shape(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = _tensor(_get(args, params, params[0]))
    if node is None:
        return None
    return shape_of(node, spec.get("sizes", "dynamic"))


def _gather(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.gather(x, [0, 2], axis=1)``, ``ops.take(x, ids, axis=0)``, ``tf.gather(w, ids)``."""
    node = _tensor(_get(args, params, params[0]))
    indices = _get(args, params, params[1])
    axis_value = _get(args, params, "axis")
    if node is None or indices is None or _get(args, params, "batch_dims") is not None:
        return None
    axis = _param(axis_value, []) if axis_value is not None else spec.get("axis", UNKNOWN)
    index_node = _tensor(indices)
    if index_node is not None:
        return _op("Gather", [node, index_node], args, spec["name"], {"axis": axis})
    if isinstance(indices, Sequence) and all(isinstance(i, Const) for i in indices.items):
        shape: Any = (len(indices.items),)
    elif isinstance(indices, Const) and is_size(indices.value):
        shape = ()
    elif isinstance(indices, ArrayValue) and indices.info.shape is not None:
        shape = tuple(indices.info.shape)
    else:
        return None
    params_out = {"axis": axis, "indices_shape": shape}
    return _op("Gather", [node], args, spec["name"], params_out)


def _split(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``a, b = tf.split(x, 2, axis=-1)``: one ``SplitPart`` op per part."""
    node = _tensor(_get(args, params, params[0]))
    how = _get(args, params, params[1])
    axis_value = _get(args, params, "axis")
    if node is None or how is None:
        return None
    axis = _param(axis_value, []) if axis_value is not None else 0
    if isinstance(how, Const) and is_size(how.value) and 0 < how.value <= 64:
        parts = [{"parts": how.value, "axis": axis} for _ in range(how.value)]
    elif spec.get("sizes") and isinstance(how, Sequence) and how.items:
        sizes = [_param(item, []) for item in how.items]
        if any(not is_size(size) or size < 0 for size in sizes):
            return None  # -1 for the rest, or an unknown size
        parts = [{"size": size, "axis": axis} for size in sizes]
    else:
        return None
    return Sequence([_op("SplitPart", [node], args, spec["name"], part) for part in parts])


def _resize(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = _tensor(_get(args, params, params[0]))
    size = _get(args, params, params[1])
    if node is None or not isinstance(size, Sequence):
        return None
    return _op("Resize", [node], args, spec["name"], {"size": _param(size, [])})


def _initializer(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    return WeightInitializer()


def _variable(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.Variable(initial_value=init(shape=(n, m)))``: the tensor it starts from."""
    value = _get(args, params, params[0])
    return value if isinstance(value, TensorValue) else None


# --- the table -------------------------------------------------------------------------------

_UNARY = [
    "cast",
    "exp",
    "log",
    "sqrt",
    "rsqrt",
    "square",
    "abs",
    "sign",
    "round",
    "floor",
    "ceil",
    "sigmoid",
    "tanh",
    "negative",
    "stop_gradient",
    "identity",
    "convert_to_tensor",
    "softmax",
    "log_softmax",
    "l2_normalize",
    "clip_by_value",
    "erf",
    "sin",
    "cos",
    "relu",
    "gelu",
    "silu",
    "swish",
    "elu",
    "selu",
    "softplus",
    "clip",
    "leaky_relu",
    "relu6",
    "hard_sigmoid",
    "softsign",
    "log1p",
    "expm1",
    "reciprocal",
    "logical_not",
    "is_nan",
]
_BINARY = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "truediv",
    "maximum",
    "minimum",
    "pow",
    "squared_difference",
    "floordiv",
    "floormod",
    "mod",
    "realdiv",
    "divide_no_nan",
    "equal",
    "not_equal",
    "greater",
    "greater_equal",
    "less",
    "less_equal",
    "logical_and",
    "logical_or",
]
_REDUCE = [
    "reduce_mean",
    "reduce_sum",
    "reduce_max",
    "reduce_min",
    "reduce_prod",
    "reduce_logsumexp",
]
_KERAS_REDUCE = ["mean", "sum", "max", "min", "prod", "logsumexp"]

#: key -> (handler, positional parameters, options). Keys: ``tf.<path>`` for TensorFlow,
#: ``ops.<name>`` for keras.ops, ``backend.<name>`` for keras.backend, ``random.<name>``.
FUNCTIONS: dict[str, tuple[Handler, Params, dict[str, Any]]] = {}


def _register(keys: list[str], handler: Handler, params: Params, **options: Any) -> None:
    for key in keys:
        FUNCTIONS[key] = (handler, params, {"name": key.rsplit(".", 1)[1], **options})


for _name in _UNARY:
    _register([f"tf.{_name}", f"tf.math.{_name}", f"tf.nn.{_name}"], _elementwise, ("x",))
    _register([f"ops.{_name}", f"backend.{_name}"], _elementwise, ("x",))
for _name in _BINARY:
    _register([f"tf.{_name}", f"tf.math.{_name}"], _binary, ("x", "y"))
    _register([f"ops.{_name}", f"backend.{_name}"], _binary, ("x1", "x2"))
_register(["ops.power"], _binary, ("x1", "x2"))
for _name in _REDUCE:
    _register([f"tf.{_name}", f"tf.math.{_name}"], _reduce, ("input_tensor", "axis", "keepdims"))
for _name in _KERAS_REDUCE:
    _register([f"ops.{_name}", f"backend.{_name}"], _reduce, ("x", "axis", "keepdims"))
_register(["tf.argmax", "tf.math.argmax", "tf.argmin", "tf.math.argmin"], _reduce,
          ("input", "axis"), axis=0)  # fmt: skip
_register(["ops.argmax", "ops.argmin"], _reduce, ("x", "axis"))
_register(["backend.argmax", "backend.argmin"], _reduce, ("x", "axis"), axis=-1)
_register(["tf.reshape", "backend.reshape"], _reshape, ("tensor", "shape"))
_register(["ops.reshape"], _reshape, ("x", "newshape"))
_register(["tf.transpose", "tf.linalg.transpose"], _transpose, ("a", "perm"))
_register(["ops.transpose"], _transpose, ("x", "axes"))
_register(["backend.permute_dimensions"], _transpose, ("x", "pattern"))
_register(["tf.linalg.matrix_transpose", "tf.linalg.adjoint"], _transpose, ("a",), matrix=True)
_register(["tf.concat"], _concat, ("values", "axis"))
_register(["ops.concatenate"], _concat, ("xs", "axis"), axis=0)
_register(["backend.concatenate"], _concat, ("tensors", "axis"), axis=-1)
_register(["tf.stack"], _stack, ("values", "axis"))
_register(["ops.stack", "backend.stack"], _stack, ("x", "axis"))
_register(["tf.expand_dims"], _expand_dims, ("input", "axis"))
_register(["ops.expand_dims"], _expand_dims, ("x", "axis"))
_register(["backend.expand_dims"], _expand_dims, ("x", "axis"), axis=-1)
_register(["tf.squeeze"], _squeeze, ("input", "axis"))
_register(["ops.squeeze", "backend.squeeze"], _squeeze, ("x", "axis"))
_register(["tf.matmul", "tf.linalg.matmul"], _matmul, ("a", "b"))
_register(["ops.matmul"], _matmul, ("x1", "x2"))
_register(["backend.batch_dot"], _matmul, ("x", "y"))
_register(["tf.tensordot", "tf.linalg.tensordot"], _tensordot, ("a", "b", "axes"))
_register(["ops.tensordot"], _tensordot, ("x1", "x2", "axes"), axes=2)
_register(["tf.one_hot"], _one_hot, ("indices", "depth"))
_register(["ops.one_hot", "backend.one_hot"], _one_hot, ("x", "num_classes"))
_register(["tf.tile"], _tile, ("input", "multiples"))
_register(["ops.tile", "backend.tile"], _tile, ("x", "repeats"))
_register(["tf.image.extract_patches"], _extract_patches,
          ("images", "sizes", "strides", "rates", "padding"))  # fmt: skip
_register(["tf.range"], _range, ("start", "limit", "delta"))
_register(["ops.arange"], _range, ("start", "stop", "step"))
_register(["backend.arange"], _range, ("start", "stop", "step"))
_register(["tf.random.normal", "tf.random.uniform", "tf.random.truncated_normal", "tf.zeros",
           "tf.ones", "tf.fill", "random.normal", "random.uniform", "random.truncated_normal",
           "backend.random_normal", "backend.random_uniform", "backend.zeros", "backend.ones",
           "ops.zeros", "ops.ones", "ops.full"], _filled, ("shape",))  # fmt: skip
_register(["tf.zeros_like", "tf.ones_like", "ops.zeros_like", "ops.ones_like",
           "backend.zeros_like", "backend.ones_like"], _like, ("x",))  # fmt: skip
_register(["tf.shape", "backend.shape"], _shape, ("x",))
_register(["ops.shape"], _shape, ("x",), sizes="ops")
_register(["backend.int_shape"], _shape, ("x",), sizes="static")
_register(["tf.where"], _where, ("condition", "x", "y"))
_register(["ops.where"], _where, ("condition", "x1", "x2"))
_register(["tf.gather"], _gather, ("params", "indices", "validate_indices", "axis"), axis=0)
_register(["ops.take"], _gather, ("x", "indices", "axis"))
_register(["tf.split"], _split, ("value", "num_or_size_splits", "axis"), sizes=True)
_register(["ops.split"], _split, ("x", "indices_or_sections", "axis"))
_register(["tf.image.resize"], _resize, ("images", "size"))
_register(["tf.Variable"], _variable, ("initial_value",))
_INITIALIZERS = [
    "random_normal",
    "random_uniform",
    "truncated_normal",
    "zeros",
    "ones",
    "constant",
    "glorot_uniform",
    "glorot_normal",
    "he_normal",
    "he_uniform",
    "orthogonal",
    "variance_scaling",
]
_register([f"tf.{kind}_initializer" for kind in _INITIALIZERS], _initializer, ())


def function_key(qualified: str) -> str | None:
    """``tensorflow.math.reduce_mean`` -> ``tf.math.reduce_mean``; ``keras.ops.mean`` ->
    ``ops.mean``; ``keras.random.normal`` -> ``random.normal``; None for anything else."""
    resolved = resolve_keras(qualified)
    if resolved is not None:
        namespace, symbol = resolved
        return f"{namespace}.{symbol}" if namespace in ("ops", "backend") else None
    for prefix in ("tensorflow.keras.random.", "keras.random."):
        if qualified.startswith(prefix):
            return "random." + qualified[len(prefix) :]
    if qualified.startswith("tensorflow."):
        return "tf." + qualified[len("tensorflow.") :]
    return None


def call_function(qualified: str, args: CallArgs, in_graph: bool = False) -> Value | None:
    """A function of the table applied to graph tensors; None when the call is not one (the
    caller goes on with its usual handling: data arrays, datasets ...). ``in_graph``: the call
    is in a layer's ``call``, where a tensor made from constants is a graph tensor too."""
    if args.has_star:
        return None
    key = function_key(qualified)
    entry = FUNCTIONS.get(key) if key is not None else None
    if entry is None:
        return None
    handler, params, options = entry
    return handler(args, params, {**options, "in_graph": in_graph} if in_graph else options)


# --- operators, subscripts and shapes --------------------------------------------------------

#: Python's operators between two tensors beyond the merges (``+ - *`` are Add, Subtract,
#: Multiply layers, as Keras 2 made them)
_BROADCASTING = (cst.Divide, cst.FloorDivide, cst.Power, cst.Modulo)
_SCALAR_OPS = (cst.Add, cst.Subtract, cst.Multiply, *_BROADCASTING)
_SYMBOLS = {
    cst.Add: "+",
    cst.Subtract: "-",
    cst.Multiply: "*",
    cst.Divide: "/",
    cst.FloorDivide: "//",
    cst.Power: "**",
    cst.Modulo: "%",
}


def combine(
    left: Value | None, right: Value | None, anchor: cst.CSTNode, spelled: str
) -> Value | None:
    """Two operands of an element-wise function: two tensors (or a tensor and an array of
    known shape) broadcast, a tensor and a number keep the tensor's shape; None for anything
    else (an unknown value may be an array of any shape)."""
    args = CallArgs(anchor)  # type: ignore[arg-type]
    for node, other in ((_tensor(left), right), (_tensor(right), left)):
        if node is not None and _is_number(other):
            return _op("Elementwise", [node], args, spelled)
    nodes = _operands(left, right, args)
    return _op("Broadcast", nodes, args, spelled) if nodes is not None else None


def _is_number(value: Value | None) -> bool:
    return isinstance(value, Const) and isinstance(value.value, int | float)


def binary(op: type | None, left: Value, right: Value, node: cst.CSTNode) -> Value | None:
    """``0.5 * z_log_var``, ``x / 255.0``, ``a / b``, ``a @ w`` with a graph tensor; None when
    neither side is one or the operator is not followed."""
    args = CallArgs(node)  # type: ignore[arg-type]
    if op is cst.MatrixMultiply:
        a, b = _tensor(left), _tensor(right)
        return _op("MatMul", [a, b], args, "@") if a is not None and b is not None else None
    if op in _BROADCASTING or op in _SCALAR_OPS:
        return combine(left, right, node, _SYMBOLS.get(op, "operator"))
    return None


def negative(value: TensorValue, node: cst.CSTNode) -> Value:
    """``-x``: the same shape."""
    return _op("Elementwise", [value.node], CallArgs(node), "-")  # type: ignore[arg-type]


def subscript(value: TensorValue, indices: list[Any], node: cst.CSTNode) -> Value:
    """``x[:, 0]``, ``x[..., :3]``, ``x[:, None]``: a ``Slice`` op; a tensor or an unknown
    index (a gather, a mask) leaves the result unknown."""
    entries: list[Any] = []
    for index in indices:
        if isinstance(index, slice):
            entries.append(slice(*(_bound(b) for b in (index.start, index.stop, index.step))))
        elif (isinstance(index, Const) and (index.value is None or index.value is Ellipsis)) or (
            isinstance(index, Const) and is_size(index.value)
        ):
            entries.append(index.value)
        else:
            return UNKNOWN_VALUE
    args = CallArgs(node)  # type: ignore[arg-type]
    return _op("Slice", [value.node], args, "[]", {"index": tuple(entries)})


def _bound(value: Any) -> Any:
    if isinstance(value, Const) and (value.value is None or is_size(value.value)):
        return value.value
    return UNKNOWN


def shape_of(node: Node, sizes: str = "dynamic") -> Value:
    """``tf.shape(x)`` / ``ops.shape(x)`` / ``x.shape``: a tuple of the axes' sizes when the rank
    is known while the graph is built, else a ``TensorShape`` whose items are read in the walk.

    ``sizes`` says how the function gives them: ``"dynamic"`` (``tf.shape``: a tensor, every
    item a ``TensorDim``, so that ``tf.range(tf.shape(x)[1])`` stays in the graph), ``"ops"``
    (``keras.ops.shape``: the static sizes, and the batch size as a ``TensorDim``) or
    ``"static"`` (``x.shape``, ``K.int_shape``: the static sizes, None for the batch axis)."""
    from kerascheck.frontends.python.model_graph import symbolic_shape

    static = symbolic_shape(node)
    if static is None:
        return TensorShape(node, sizes == "dynamic")
    items = [_dim(node, i, size, sizes) for i, size in enumerate(static)]
    return Sequence(items, is_tuple=True)


def _dim(node: Node, index: int, size: Any, sizes: str) -> Value:
    """One size: a constant for a static size read off a known axis (``x.shape[-1]``); the
    batch axis of ``x.shape`` is None, as in Keras; anything else a ``TensorDim``."""
    if sizes != "dynamic" and index > 0 and (is_size(size) or isinstance(size, Sym)):
        return Const(size)
    if sizes == "static" and index == 0:
        return Const(size if is_size(size) else None)
    return TensorDim(node, index)


def shape_item(shape: TensorShape, index: Any) -> Value:
    """``tf.shape(x)[-1]`` of a tensor whose rank is not known yet."""
    if isinstance(index, Const) and is_size(index.value):
        return TensorDim(shape.node, index.value)
    return UNKNOWN_VALUE


def weight(args: CallArgs) -> Value | None:
    """``self.add_weight(shape=(n, units))`` in a custom layer (Keras 2 names it first:
    ``add_weight("kernel", (n, units))``): a tensor of that shape, without a batch axis."""
    shape = args.get(None, "shape")
    if shape is None and args.positional:
        first = args.positional[0][0]
        shape = args.get(1) if isinstance(first, Const) and isinstance(first.value, str) else first
    if not isinstance(shape, Sequence) or args.has_star:
        return None
    refs: list[Node] = []
    return _op("Weight", [], args, "add_weight", {"shape": _param(shape, refs)}, refs)
