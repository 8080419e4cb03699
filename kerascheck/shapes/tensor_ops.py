"""Shape rules for functions of graph tensors: what ``tf.reshape``, ``tf.transpose``,
``tf.reduce_mean``, ``tf.matmul``, ``x + y``, ``x[:, 0]`` ... give. The frontend reads those
calls into op nodes (``frontends/python/tensor_ops.py``); this module and the two beside it
hold their rules.

Unlike a Keras layer, such a function may make a tensor without a batch axis (``tf.range(n)``,
a layer's weight, ``tf.random.normal((4, 8))``, a reduction over axis 0) or move the batch
axis away. Each operand is therefore a shape with a flag: *batched* when its axis 0 is the
batch axis (what every Keras layer assumes), *loose* otherwise. The shape walk (``infer``)
keeps loose shapes apart: no check ever sees one, and no layer fed one is blamed. A rule
claims ``batched`` only when it is sure; loose is always the safe answer.

The rules themselves are in ``tensor_layout`` (functions that move, pick or repeat values)
and ``tensor_compute`` (products, encodings, tensors made from none); this module holds what
they share: the operand, the registry, parameter readers, broadcasting and the element-wise
rules. Rules answer None for whatever they cannot know. They raise ``Rejection`` only where the
function is known to fail when the model is built and a batched tensor takes part (a
``tf.reshape`` keeping the batch axis whose target cannot hold one sample, a ``tf.matmul`` whose
inner sizes differ, a concat or broadcast of known sizes that cannot meet); the walk reports it
like a layer's (KC210).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from kerascheck.dims import (
    product,
)
from kerascheck.ir import AxisOf, AxisProduct, Dim, LayerNode, Shape, Sym, is_size, same_dim
from kerascheck.shapes.common import Rejection, format_shape

#: A target entry that is the batch size of a batched tensor (``tf.shape(x)[0]``).
BATCH = "batch"


@dataclass(frozen=True)
class Operand:
    """A tensor's static shape, and whether its axis 0 is the batch axis."""

    shape: Shape
    batched: bool


OpRule = Callable[[LayerNode, list[Operand]], "Operand | None"]

#: op class -> its rule (the op classes are no Keras layer classes)
OP_RULES: dict[str, OpRule] = {}
#: ops that make a tensor from no tensor (``tf.range``, a weight, a random draw)
OP_SOURCES: set[str] = set()


#: ops that only move, pick or repeat values (what checks reading the model's first layers
#: look through, like a Reshape layer); any other op computes new values
LAYOUT_OPS = frozenset(
    {"Slice", "Transpose", "TensorReshape", "Squeeze", "Tile", "TensorConcat", "SplitPart"}
    | {"DepthToSpace", "SpaceToDepth"}
    | {"ExpandDims", "Stack"}  # keras.ops' own, whose rules are in ``core``
)
#: element-wise functions that keep the values (``tf.cast`` ...), spelled as their op's name
VALUE_KEEPING_FUNCTIONS = frozenset({"cast", "identity", "convert_to_tensor", "stop_gradient"})


def keeps_values(layer: LayerNode) -> bool:
    """An op node that changes the layout of its input's values, not the values."""
    if layer.cls == "Elementwise":
        return layer.spelled in VALUE_KEEPING_FUNCTIONS
    return layer.cls in LAYOUT_OPS


def op_rule(*classes: str, source: bool = False) -> Callable[[OpRule], OpRule]:
    def register(function: OpRule) -> OpRule:
        for name in classes:
            OP_RULES[name] = function
            if source:
                OP_SOURCES.add(name)
        return function

    return register


def apply_op(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """The output of the op ``layer`` (its ``AxisOf`` parameters already resolved)."""
    function = OP_RULES.get(layer.cls)
    return function(layer, operands) if function is not None else None


def resolve_params(layer: LayerNode, operand_of: Callable[[Any], Operand | None]) -> LayerNode:
    """``layer`` with each ``AxisOf`` of its parameters read off the walked shapes: the size
    of that axis, ``BATCH`` for the batch axis of a batched tensor, None when unknown."""

    def resolve(value: Any) -> Any:
        if isinstance(value, AxisOf):
            operand = operand_of(value.node)
            if operand is None:
                return None
            rank = len(operand.shape)
            index = value.index + rank if value.index < 0 else value.index
            if not 0 <= index < rank:
                return None
            return BATCH if index == 0 and operand.batched else operand.shape[index]
        if isinstance(value, AxisProduct):
            sizes = [resolve(f) if isinstance(f, AxisOf) else f for f in value.factors]
            return product(tuple(sizes)) if all(is_size(d) for d in sizes) else None
        if isinstance(value, tuple | list):
            return tuple(resolve(item) for item in value)
        return value

    if not any(_holds_axis(value) for value in layer.params.values()):
        return layer
    return replace(layer, params={name: resolve(value) for name, value in layer.params.items()})


def _holds_axis(value: Any) -> bool:
    if isinstance(value, AxisOf | AxisProduct):
        return True
    return isinstance(value, tuple | list) and any(_holds_axis(item) for item in value)


# --- reading parameters ----------------------------------------------------------------------


def int_param(value: Any) -> int | None:
    return value if is_size(value) else None


def axes_param(value: Any, rank: int) -> list[int] | None:
    """An axis or a list of axes, made non-negative; None when one is unknown or out of range."""
    items = list(value) if isinstance(value, tuple | list) else [value]
    axes: list[int] = []
    for item in items:
        axis = int_param(item)
        if axis is None or not -rank <= axis < rank:
            return None
        axes.append(axis % rank)
    return axes if len(set(axes)) == len(axes) else None


def size_param(value: Any) -> Dim:
    """A requested size (a shape entry): an int >= 0, a Sym, else unknown."""
    if is_size(value):
        return value if value >= 0 else None
    return value if isinstance(value, Sym) else None


def merge_dims(dims: list[Dim]) -> tuple[bool, Dim]:
    """Numpy broadcasting of one axis: (possible, size). A known 1 stretches; an unknown may be
    1, so the one size the others name wins; two known sizes that differ cannot broadcast."""
    sizes = [d for d in dims if not (is_size(d) and d == 1)]
    if not sizes:
        return True, 1
    named = [d for d in sizes if d is not None]
    for other in named[1:]:
        if same_dim(named[0], other) is False:
            return False, None
        if same_dim(named[0], other) is None:
            return True, None
    return True, named[0] if named else None


def broadcast_shapes(shapes: list[Shape]) -> Shape | None:
    """Numpy broadcasting: right-aligned; None when two known sizes cannot meet."""
    rank = max(len(shape) for shape in shapes)
    out: list[Dim] = []
    for position in range(rank):
        column = [s[position - rank + len(s)] for s in shapes if position - rank + len(s) >= 0]
        possible, size = merge_dims(column)
        if not possible:
            return None
        out.append(size)
    return tuple(out)


# --- element-wise ----------------------------------------------------------------------------


@op_rule("Elementwise")
def elementwise(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.exp(x)``, ``tf.cast(x, ...)``, ``0.5 * x``, ``-x``: the shape of ``x``."""
    return operands[0] if len(operands) == 1 else None


@op_rule("Broadcast")
def broadcast(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``x + positions``, ``tf.maximum(a, b)``: numpy broadcasting. The result is batched when
    every batched operand has the result's rank (its batch axis stays axis 0)."""
    if not operands:
        return None
    shape = broadcast_shapes([o.shape for o in operands])
    if shape is None:
        if any(o.batched for o in operands):
            texts = " and ".join(shown(o) for o in operands)
            raise Rejection(
                "merge",
                f"{named(layer)} cannot broadcast {texts} together",
                "An element-wise operation stretches axes of size 1 only, and these tensors "
                "have different known sizes on one axis (counted from the right): TensorFlow "
                "refuses it when the model is built. Bring them to the same sizes first, or "
                "give the smaller one an axis of size 1 where it should repeat.",
            )
        return None
    batched = [o for o in operands if o.batched]
    if any(len(o.shape) != len(shape) for o in batched):
        return None  # a batch axis broadcast into another position: not followed
    if batched and any(
        not o.batched and len(o.shape) == len(shape) and o.shape[0] != 1 for o in operands
    ):
        return None  # a loose axis meets the batch axis: the sizes are not the batch's
    return Operand(shape, bool(batched))


def shown(operand: Operand) -> str:
    """A shape in a message: ``(batch, 16, 8)``, or ``(16, 8)`` for a tensor without one."""
    if operand.batched:
        return format_shape(operand.shape)
    dims = ["?" if d is None else str(d) for d in operand.shape]
    return f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"


def flipped(layer: LayerNode, side: str) -> str:
    return " (transposed)" if layer.params.get(f"transpose_{side}") is True else ""


def named(layer: LayerNode) -> str:
    """The function as the message names it: ``matmul``, ``concat``, ``the / operator``."""
    name = layer.spelled or layer.cls
    return name if name.replace("_", "").isalnum() else f"the {name} operator"
