"""Op nodes made from the interpreter's values: the helpers ``tensor_ops`` (functions of
tensors) and ``tensor_syntax`` (Python's operators, subscripts and shapes) share.

A graph tensor is a ``TensorValue``; an op node is a pseudo-layer (``LayerNode`` of an op class
of ``kerascheck/shapes/tensor_ops.py``) fed by the tensors it reads. Sizes known only in the
shape walk (``tf.shape(x)[0]``) become ``ir.AxisOf`` parameters, their tensors extra parents.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.values import (
    ArrayValue,
    Const,
    Number,
    Sequence,
    TensorDim,
    TensorDimProduct,
    TensorShape,
    TensorValue,
    Value,
)
from kerascheck.ir import UNKNOWN, AxisOf, AxisProduct, LayerNode, Node, is_size


def tensor_node(value: Value | None) -> Node | None:
    return value.node if isinstance(value, TensorValue) else None


def operand_nodes(left: Value | None, right: Value | None, args: CallArgs) -> list[Node] | None:
    """The nodes of two operands of which one at least is a graph tensor; an array of known
    shape beside it (``tf.matmul(x, mask)`` with a numpy mask) is a ``Constant`` op, a tensor
    without a batch axis."""
    if tensor_node(left) is None and tensor_node(right) is None:
        return None
    nodes: list[Node] = []
    for value in (left, right):
        node = tensor_node(value)
        if node is None and isinstance(value, ArrayValue) and value.info.shape is not None:
            shape = tuple(value.info.shape)
            layer = LayerNode("Constant", {"shape": shape}, anchor=args.node, spelled="array")
            node = Node(layer, anchor=args.node)
        if node is None:
            return None
        nodes.append(node)
    return nodes


def op_param(value: Value | None, refs: list[Node]) -> Any:
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
    if isinstance(value, TensorDimProduct):
        factors: list[AxisOf | int] = []
        for factor in value.factors:
            if isinstance(factor, TensorDim):
                refs.append(factor.node)
                factors.append(AxisOf(factor.node, factor.index))
            else:
                factors.append(factor)
        return AxisProduct(tuple(factors))
    if isinstance(value, Sequence):
        return tuple(op_param(item, refs) for item in value.items)
    if isinstance(value, TensorShape):
        return UNKNOWN  # a whole shape whose rank is not known
    return UNKNOWN


def make_op(
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


def combine(
    left: Value | None, right: Value | None, anchor: cst.CSTNode, spelled: str
) -> Value | None:
    """Two operands of an element-wise function: two tensors (or a tensor and an array of
    known shape) broadcast, a tensor and a number (or one size of ``tf.shape``, a scalar) keep
    the tensor's shape; None for anything
    else (an unknown value may be an array of any shape)."""
    args = CallArgs(anchor)  # type: ignore[arg-type]
    for node, other in ((tensor_node(left), right), (tensor_node(right), left)):
        if node is not None and (is_number(other) or isinstance(other, TensorDim)):
            return make_op("Elementwise", [node], args, spelled)
    nodes = operand_nodes(left, right, args)
    return make_op("Broadcast", nodes, args, spelled) if nodes is not None else None


def size_product(left: Value, right: Value) -> Value | None:
    """``h * w`` of sizes of ``tf.shape`` (or of a size and an int): their product, read in
    the walk; None for anything else."""
    factors: list[TensorDim | int] = []
    for value in (left, right):
        if isinstance(value, TensorDim):
            factors.append(value)
        elif isinstance(value, TensorDimProduct):
            factors.extend(value.factors)
        elif isinstance(value, Const) and is_size(value.value):
            factors.append(value.value)
        else:
            return None
    if not any(isinstance(f, TensorDim) for f in factors):
        return None
    return TensorDimProduct(tuple(factors))


def is_number(value: Value | None) -> bool:
    if isinstance(value, Number):
        return True
    return isinstance(value, Const) and isinstance(value.value, int | float)
