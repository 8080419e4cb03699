"""Python's own syntax on graph tensors: operators (``0.5 * z_log_var``, ``x / 255.0``,
``a @ w``, ``-x``, ``inputs -= mean``), subscripts (``x[:, 0]``, ``x[..., :3]``), ``x.shape`` /
``tf.shape(x)`` sizes, and a custom layer's weights (``self.add_weight``), read as op nodes
(``tensor_nodes``) whose rules are in ``kerascheck/shapes/tensor_ops.py``.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.tensor_nodes import combine, make_op, op_param, tensor_node
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    Const,
    Sequence,
    TensorDim,
    TensorShape,
    TensorValue,
    Value,
)
from kerascheck.ir import UNKNOWN, Node, Sym, is_size

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


def binary(op: type | None, left: Value, right: Value, node: cst.CSTNode) -> Value | None:
    """``0.5 * z_log_var``, ``x / 255.0``, ``a / b``, ``a @ w`` with a graph tensor; None when
    neither side is one or the operator is not followed."""
    args = CallArgs(node)  # type: ignore[arg-type]
    if op is cst.MatrixMultiply:
        a, b = tensor_node(left), tensor_node(right)
        return make_op("MatMul", [a, b], args, "@") if a is not None and b is not None else None
    if op in _BROADCASTING or op in _SCALAR_OPS:
        return combine(left, right, node, _SYMBOLS.get(op, "operator"))
    return None


def negative(value: TensorValue, node: cst.CSTNode) -> Value:
    """``-x``: the same shape."""
    return make_op("Elementwise", [value.node], CallArgs(node), "-")  # type: ignore[arg-type]


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
    return make_op("Slice", [value.node], args, "[]", {"index": tuple(entries)})


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
    return make_op("Weight", [], args, "add_weight", {"shape": op_param(shape, refs)}, refs)
