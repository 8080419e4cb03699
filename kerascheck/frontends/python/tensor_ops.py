"""Functions of graph tensors read as graph ops: what ``tf.reshape``, ``tf.transpose``,
``tf.reduce_mean``, ``tf.concat``, ``tf.matmul``, ``tf.range``, ``tf.random.normal`` and their
``keras.ops`` / ``keras.backend`` spellings do to a tensor (Python's own operators and
subscripts are ``tensor_syntax``'s).

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

from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.tensor_nodes import (
    combine,
    is_number,
    make_op,
    op_param,
    operand_nodes,
    tensor_node,
)
from kerascheck.frontends.python.tensor_syntax import shape_of
from kerascheck.frontends.python.values import (
    ArrayValue,
    Const,
    Number,
    Sequence,
    TensorDim,
    TensorShape,
    TensorValue,
    Value,
    WeightInitializer,
    to_python,
)
from kerascheck.ir import UNKNOWN, Node, is_size
from kerascheck.keras_api import resolve_keras

#: positional parameter names of one function, in order (keywords are matched by name)
Params = tuple[str, ...]
Handler = Callable[[CallArgs, Params, dict[str, Any]], Value | None]


# --- arguments -------------------------------------------------------------------------------


def _get(args: CallArgs, params: Params, name: str) -> Value | None:
    """The argument of parameter ``name`` (by keyword, or by its position in ``params``)."""
    index = params.index(name) if name in params else None
    return args.get(index, name)


def _no_other_tensors(args: CallArgs, first: Value | None) -> bool:
    """Every argument but the tensor operated on is a plain value (a dtype, an axis)."""
    values = [v for v, _ in args.positional] + [v for v, _ in args.keywords.values()]
    return not any(isinstance(v, TensorValue) and v is not first for v in values)


# --- handlers --------------------------------------------------------------------------------


def _elementwise(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.exp(x)``, ``tf.cast(x, "float32")``, ``tf.nn.softmax(x, axis=-1)``: same shape."""
    value = _get(args, params, params[0])
    node = tensor_node(value)
    if node is None and _scalar(value) and _no_other_tensors(args, value):
        return Number()  # ``tf.math.sqrt(tf.cast(tf.shape(k)[-1], tf.float32))``: a scalar
    if node is None or not _no_other_tensors(args, value):
        return None
    return make_op("Elementwise", [node], args, spec["name"])


def _scalar(value: Value | None) -> bool:
    """A number, or one size of ``tf.shape(x)``: what an element-wise function keeps a
    scalar (its value is not followed)."""
    return isinstance(value, TensorDim) or is_number(value)


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
    nodes = [tensor_node(value) for value in values]
    if not any(nodes) or any(
        n is None and not is_number(v) for n, v in zip(nodes, values, strict=True)
    ):
        return None
    tensors = [node for node in nodes if node is not None]
    cls = "Broadcast" if len(tensors) > 1 else "Elementwise"
    return make_op(cls, tensors, args, spec["name"])


def _reshape(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = tensor_node(_get(args, params, params[0]))
    target = _get(args, params, params[1])
    if node is None or not isinstance(target, Sequence):
        return None
    refs: list[Node] = []
    shape = op_param(target, refs)
    return make_op("TensorReshape", [node], args, spec["name"], {"shape": shape}, refs)


def _transpose(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = tensor_node(_get(args, params, params[0]))
    if node is None:
        return None
    if spec.get("matrix"):
        return make_op("Transpose", [node], args, spec["name"], {"matrix": True})
    perm = _get(args, params, params[1]) if len(params) > 1 else None
    value = None if perm is None or (isinstance(perm, Const) and perm.value is None) else perm
    refs: list[Node] = []
    return make_op("Transpose", [node], args, spec["name"], {"perm": op_param(value, refs)})


def _reduce(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = tensor_node(_get(args, params, params[0]))
    if node is None:
        return None
    refs: list[Node] = []
    axis_value = _get(args, params, "axis")
    axis = op_param(axis_value, refs) if axis_value is not None else spec.get("axis")
    keep = _get(args, params, "keepdims") or args.get(None, "keep_dims")
    keepdims = op_param(keep, refs) if keep is not None else False
    params_out = {"axis": axis, "keepdims": keepdims}
    return make_op("Reduce", [node], args, spec["name"], params_out)


def _concat(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    values = _get(args, params, params[0])
    if not isinstance(values, Sequence) or not values.items:
        return None
    nodes = [tensor_node(item) for item in values.items]
    if any(node is None for node in nodes):
        return None
    axis_value = _get(args, params, "axis")
    refs: list[Node] = []
    axis = op_param(axis_value, refs) if axis_value is not None else spec.get("axis")
    return make_op("TensorConcat", nodes, args, spec["name"], {"axis": axis})  # type: ignore[arg-type]


def _stack(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.stack(tensors, axis=1)``: the ``Stack`` op of ``keras.ops.stack``."""
    values = _get(args, params, params[0])
    if not isinstance(values, Sequence) or len(values.items) < 2:
        return None
    nodes = [tensor_node(item) for item in values.items]
    if any(node is None for node in nodes):
        return None
    axis_value = _get(args, params, "axis")
    axis = op_param(axis_value, []) if axis_value is not None else 0
    return make_op("Stack", nodes, args, spec["name"], {"axis": axis})  # type: ignore[arg-type]


def _expand_dims(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.expand_dims(x, -1)``: the ``ExpandDims`` op of ``keras.ops.expand_dims``."""
    node = tensor_node(_get(args, params, params[0]))
    axis_value = _get(args, params, "axis")
    if node is None or (axis_value is None and "axis" not in spec):
        return None
    axis = op_param(axis_value, []) if axis_value is not None else spec["axis"]
    return make_op("ExpandDims", [node], args, spec["name"], {"axis": axis})


def _squeeze(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = tensor_node(_get(args, params, params[0]))
    if node is None:
        return None
    axis = _get(args, params, "axis")
    return make_op("Squeeze", [node], args, spec["name"], {"axis": op_param(axis, [])})


def _matmul(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    nodes = operand_nodes(_get(args, params, params[0]), _get(args, params, params[1]), args)
    if nodes is None:
        return None
    flags = {}
    for name in ("transpose_a", "transpose_b", "adjoint_a", "adjoint_b"):
        value = args.get(None, name)
        if value is not None:
            flags[name.replace("adjoint", "transpose")] = op_param(value, [])
    return make_op("MatMul", nodes, args, spec["name"], flags)


def _tensordot(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    nodes = operand_nodes(_get(args, params, params[0]), _get(args, params, params[1]), args)
    axes_value = _get(args, params, "axes")
    if nodes is None:
        return None
    axes = op_param(axes_value, []) if axes_value is not None else spec.get("axes", UNKNOWN)
    return make_op("TensorDot", nodes, args, spec["name"], {"axes": axes})


def _one_hot(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = tensor_node(_get(args, params, params[0]))
    depth = _get(args, params, params[1])
    if node is None:
        return None
    return make_op("OneHot", [node], args, spec["name"], {"depth": op_param(depth, [])})


def _tile(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = tensor_node(_get(args, params, params[0]))
    multiples = _get(args, params, params[1])
    if node is None or not isinstance(multiples, Sequence):
        return None
    return make_op("Tile", [node], args, spec["name"], {"multiples": op_param(multiples, [])})


def _extract_patches(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = tensor_node(_get(args, params, params[0]))
    if node is None:
        return None
    values = {name: op_param(_get(args, params, name), []) for name in params[1:]}
    if values.get("rates") is None:
        values.pop("rates")
    return make_op("ExtractPatches", [node], args, spec["name"], values)


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
        "start": op_param(start, refs),
        "limit": op_param(limit, refs),
        "delta": op_param(delta, refs) if delta is not None else 1,
    }
    if not refs and not spec.get("in_graph"):
        return None  # sized by no graph tensor, outside a layer: data (``libraries``)
    return make_op("Range", [], args, spec["name"], values, refs)


def _filled(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.random.normal(shape=(batch, dim))``, ``tf.zeros((n, 4))``: a tensor of that shape;
    ``tf.random.normal(tf.shape(x))`` has the shape of ``x``."""
    shape = _get(args, params, params[0])
    if isinstance(shape, TensorShape):
        return make_op("Elementwise", [shape.node], args, spec["name"])
    if isinstance(shape, Const) and is_size(shape.value):
        shape = Sequence([shape], is_tuple=True)
    if not isinstance(shape, Sequence):
        return None
    refs: list[Node] = []
    params = {"shape": op_param(shape, refs)}
    if not refs and not spec.get("in_graph"):
        return None  # sized by no graph tensor, outside a layer: data (``libraries``)
    return make_op("Filled", [], args, spec["name"], params, refs)


def _like(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.zeros_like(x)``: the shape of ``x`` (the tensor is only read for its shape)."""
    node = tensor_node(_get(args, params, params[0]))
    return make_op("Elementwise", [node], args, spec["name"]) if node is not None else None


def _shape(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = tensor_node(_get(args, params, params[0]))
    if node is None:
        return None
    return shape_of(node, spec.get("sizes", "dynamic"))


def _gather(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.gather(x, [0, 2], axis=1)``, ``ops.take(x, ids, axis=0)``, ``tf.gather(w, ids)``."""
    node = tensor_node(_get(args, params, params[0]))
    indices = _get(args, params, params[1])
    axis_value = _get(args, params, "axis")
    if node is None or indices is None or _get(args, params, "batch_dims") is not None:
        return None
    axis = op_param(axis_value, []) if axis_value is not None else spec.get("axis", UNKNOWN)
    index_node = tensor_node(indices)
    if index_node is not None:
        return make_op("Gather", [node, index_node], args, spec["name"], {"axis": axis})
    if isinstance(indices, Sequence) and all(isinstance(i, Const) for i in indices.items):
        shape: Any = (len(indices.items),)
    elif isinstance(indices, Const) and is_size(indices.value):
        shape = ()
    elif isinstance(indices, ArrayValue) and indices.info.shape is not None:
        shape = tuple(indices.info.shape)
    else:
        return None
    params_out = {"axis": axis, "indices_shape": shape}
    return make_op("Gather", [node], args, spec["name"], params_out)


def _split(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``a, b = tf.split(x, 2, axis=-1)``: one ``SplitPart`` op per part."""
    node = tensor_node(_get(args, params, params[0]))
    how = _get(args, params, params[1])
    axis_value = _get(args, params, "axis")
    if node is None or how is None:
        return None
    axis = op_param(axis_value, []) if axis_value is not None else 0
    if isinstance(how, Const) and is_size(how.value) and 0 < how.value <= 64:
        parts = [{"parts": how.value, "axis": axis} for _ in range(how.value)]
    elif spec.get("sizes") and isinstance(how, Sequence) and how.items:
        sizes = [op_param(item, []) for item in how.items]
        if any(not is_size(size) or size < 0 for size in sizes):
            return None  # -1 for the rest, or an unknown size
        parts = [{"size": size, "axis": axis} for size in sizes]
    else:
        return None
    return Sequence([make_op("SplitPart", [node], args, spec["name"], part) for part in parts])


def _resize(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    node = tensor_node(_get(args, params, params[0]))
    size = _get(args, params, params[1])
    if node is None or not isinstance(size, Sequence):
        return None
    return make_op("Resize", [node], args, spec["name"], {"size": op_param(size, [])})


def _depth_to_space(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``tf.nn.depth_to_space(x, 3)`` of channels-last images (another layout: unknown)."""
    value = _get(args, params, params[0])
    node = tensor_node(value)
    block = to_python(_get(args, params, params[1]) or Const(None))
    layout = _get(args, params, params[2])
    if node is None or not is_size(block) or not _no_other_tensors(args, value):
        return None
    if layout is not None and to_python(layout) != "NHWC":
        return None
    cls = "DepthToSpace" if spec["name"] == "depth_to_space" else "SpaceToDepth"
    return make_op(cls, [node], args, spec["name"], {"block_size": block})


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
_register(["tf.nn.depth_to_space", "tf.nn.space_to_depth"], _depth_to_space,
          ("input", "block_size", "data_format"))  # fmt: skip
_register(["tf.Variable"], _variable, ("initial_value",))


def _epsilon(args: CallArgs, params: Params, spec: dict[str, Any]) -> Value | None:
    """``keras.backend.epsilon()``: a number, of a value ``set_epsilon`` may change."""
    return Number() if not args.positional and not args.keywords else None


_register(["backend.epsilon"], _epsilon, ())
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
    if qualified in ("keras.config.epsilon", "tensorflow.keras.config.epsilon"):
        return "backend.epsilon"
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
