"""Shape rules for functions of graph tensors: what ``tf.reshape``, ``tf.transpose``,
``tf.reduce_mean``, ``tf.matmul``, ``x + y``, ``x[:, 0]`` ... give. The frontend reads those
calls into op nodes (``frontends/python/tensor_ops.py``); their rules live here.

Unlike a Keras layer, such a function may make a tensor without a batch axis (``tf.range(n)``,
a layer's weight, ``tf.random.normal((4, 8))``, a reduction over axis 0) or move the batch
axis away. Each operand is therefore a shape with a flag: *batched* when its axis 0 is the
batch axis (what every Keras layer assumes), *loose* otherwise. The shape walk (``infer``)
keeps loose shapes apart: no check ever sees one, and no layer fed one is blamed. A rule
claims ``batched`` only when it is sure; loose is always the safe answer.

Rules answer None for whatever they cannot know. They raise ``Rejection`` only where the
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
    CountMismatch,
    count,
    describe_count,
    product,
    reshaped,
    slice_length,
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


def _int(value: Any) -> int | None:
    return value if is_size(value) else None


def _axes(value: Any, rank: int) -> list[int] | None:
    """An axis or a list of axes, made non-negative; None when one is unknown or out of range."""
    items = list(value) if isinstance(value, tuple | list) else [value]
    axes: list[int] = []
    for item in items:
        axis = _int(item)
        if axis is None or not -rank <= axis < rank:
            return None
        axes.append(axis % rank)
    return axes if len(set(axes)) == len(axes) else None


def _size(value: Any) -> Dim:
    """A requested size (a shape entry): an int >= 0, a Sym, else unknown."""
    if is_size(value):
        return value if value >= 0 else None
    return value if isinstance(value, Sym) else None


def _merge_dims(dims: list[Dim]) -> tuple[bool, Dim]:
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
        possible, size = _merge_dims(column)
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
            texts = " and ".join(_shown(o) for o in operands)
            raise Rejection(
                "merge",
                f"{_named(layer)} cannot broadcast {texts} together",
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


def _shown(operand: Operand) -> str:
    """A shape in a message: ``(batch, 16, 8)``, or ``(16, 8)`` for a tensor without one."""
    if operand.batched:
        return format_shape(operand.shape)
    dims = ["?" if d is None else str(d) for d in operand.shape]
    return f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"


def _flipped(layer: LayerNode, side: str) -> str:
    return " (transposed)" if layer.params.get(f"transpose_{side}") is True else ""


def _named(layer: LayerNode) -> str:
    """The function as the message names it: ``matmul``, ``concat``, ``the / operator``."""
    name = layer.spelled or layer.cls
    return name if name.replace("_", "").isalnum() else f"the {name} operator"


# --- layout ----------------------------------------------------------------------------------


@op_rule("TensorReshape")
def tensor_reshape(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.reshape(x, (tf.shape(x)[0], 7, 7, 64))``: the target counts the batch axis too, so
    its length is the rank. Batched when the target starts with the batch size, or with -1
    while the rest holds exactly one sample."""
    target = layer.params.get("shape")
    if len(operands) != 1 or not isinstance(target, tuple | list) or not target:
        return None
    (x,) = operands
    if target[0] == BATCH:
        if not x.batched:
            return None
        _refuse_count(layer, x.shape, target)
        rest = _filled(x.shape[1:], target[1:])
        return Operand((x.shape[0], *rest), True) if rest is not None else None
    if x.batched and target[0] == -1 and -1 not in target[1:]:
        wanted = tuple(_size(d) for d in target[1:])
        held, asked = count(x.shape[1:]), count(wanted)
        if held is not None and held == asked:
            return Operand((x.shape[0], *wanted), True)
    dims = _filled(x.shape, target)
    return Operand(dims, False) if dims is not None else None


def _refuse_count(layer: LayerNode, shape: Shape, target: tuple[Any, ...] | list[Any]) -> None:
    """Raises Rejection when a reshape that keeps the batch axis cannot hold one sample: the
    sizes after the batch size are all known and multiply to another count (TensorFlow
    refuses it when the model is built)."""
    rest = tuple(target[1:])
    if not all((is_size(d) and (d > 0 or d == -1)) or isinstance(d, Sym) for d in rest):
        return
    if rest.count(-1) > 1:
        return
    try:
        reshaped(shape[1:], rest)
    except CountMismatch as mismatch:
        total, fixed = describe_count(mismatch.held), describe_count(mismatch.asked)
        sizes = ", ".join("-1" if d == -1 else str(d) for d in rest)
        if mismatch.free_axis:
            problem = f"{total} values per sample are not a multiple of {fixed}"
            why = f"no size for the -1 in ({sizes}) makes them fit"
        else:
            problem = f"{total} values per sample, not {fixed}"
            why = f"({sizes}) holds {fixed}"
        raise Rejection(
            "reshape",
            f"{layer.spelled or 'reshape'} to (batch, {sizes}) receives {format_shape(shape)}: "
            f"{problem}",
            f"The target keeps the batch axis, so the {total} values of each sample must fill "
            f"the rest, and {why}: TensorFlow refuses the reshape when the model is built. "
            "Choose sizes that multiply to the values of one sample, or put -1 in one place.",
        ) from None


def _filled(dims: tuple[Dim, ...], target: tuple[Any, ...] | list[Any]) -> tuple[Dim, ...] | None:
    """``dims`` reshaped to ``target``; unknown entries give unknown sizes, a known count
    mismatch gives None (the reshape fails at run time)."""
    exact = all((is_size(d) and (d > 0 or d == -1)) or isinstance(d, Sym) for d in target)
    if exact and list(target).count(-1) <= 1:
        try:
            return reshaped(dims, tuple(target))
        except CountMismatch:
            return None
    return tuple(None if (is_size(d) and d == -1) else _size(d) for d in target)


@op_rule("Transpose")
def transpose(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.transpose(x, [0, 2, 1])``; no ``perm`` reverses the axes; ``matrix`` swaps the
    last two (``tf.linalg.matrix_transpose``)."""
    if len(operands) != 1:
        return None
    (x,) = operands
    rank = len(x.shape)
    perm_value = layer.params.get("perm")
    if layer.params.get("matrix"):
        if rank < 2:
            return None
        perm: list[int] | None = [*range(rank - 2), rank - 1, rank - 2]
    elif perm_value is None:
        perm = list(reversed(range(rank)))
    else:
        perm = _axes(perm_value, rank)
    if perm is None or sorted(perm) != list(range(rank)):
        return None
    return Operand(tuple(x.shape[p] for p in perm), x.batched and perm[0] == 0)


@op_rule("Reduce")
def reduce(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.reduce_mean(x, axis=-1, keepdims=True)``, ``tf.argmax(x, axis=1)``: the reduced
    axes removed (or kept as 1); no axis reduces them all (a scalar, no batch axis)."""
    if len(operands) != 1:
        return None
    (x,) = operands
    rank = len(x.shape)
    keep = layer.params.get("keepdims", False)
    if not isinstance(keep, bool):
        return None
    axis = layer.params.get("axis")
    axes = list(range(rank)) if axis is None else _axes(axis, rank)
    if axes is None:
        return None
    if keep:
        shape = tuple(1 if i in axes else d for i, d in enumerate(x.shape))
    else:
        shape = tuple(d for i, d in enumerate(x.shape) if i not in axes)
    return Operand(shape, x.batched and 0 not in axes)


@op_rule("TensorConcat")
def tensor_concat(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.concat([a, b], axis=-1)``: same ranks, sizes summed along the axis."""
    ranks = {len(o.shape) for o in operands}
    if not operands or len(ranks) != 1:
        return None
    rank = ranks.pop()
    axes = _axes(layer.params.get("axis"), rank)
    flags = {o.batched for o in operands}
    if axes is None or len(flags) != 1:
        return None
    (axis,) = axes
    out: list[Dim] = []
    for i in range(rank):
        column = [o.shape[i] for o in operands]
        if i == axis:
            out.append(_sum(column))
        else:
            possible, size = _merge_dims(column)
            if not possible and all(o.batched for o in operands):
                texts = " and ".join(_shown(o) for o in operands)
                raise Rejection(
                    "merge",
                    f"{_named(layer)} (axis={layer.params.get('axis')}) cannot join {texts}",
                    f"Every axis but the concatenation axis must have one size, and axis {i} "
                    "does not: TensorFlow refuses it when the model is built. Bring the tensors "
                    "to the same sizes first, or concatenate along the axis where they differ.",
                )
            if not possible or (any(is_size(d) and d == 1 for d in column) and size != 1):
                return None  # concat does not broadcast
            out.append(size)
    return Operand(tuple(out), flags.pop() and axis != 0)


def _sum(sizes: list[Dim]) -> Dim:
    if all(is_size(d) for d in sizes):
        return sum(sizes)  # type: ignore[arg-type]
    symbols = [d for d in sizes if isinstance(d, Sym)]
    if len(symbols) == 1 and all(is_size(d) or d is symbols[0] for d in sizes):
        rest = sum(d for d in sizes if is_size(d))  # type: ignore[misc]
        return symbols[0].shifted(rest)
    return None


@op_rule("Squeeze")
def squeeze(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.squeeze(x, axis=-1)`` drops size-1 axes; without an axis every axis known to be 1
    (an axis of unknown size, other than the batch axis, leaves the result unknown)."""
    if len(operands) != 1:
        return None
    (x,) = operands
    rank = len(x.shape)
    axis = layer.params.get("axis")
    if axis is None:
        first = 1 if x.batched else 0
        if any(not is_size(d) for d in x.shape[first:]):
            return None
        axes = [i for i, d in enumerate(x.shape) if i >= first and d == 1]
    else:
        found = _axes(axis, rank)
        if found is None or any(is_size(x.shape[i]) and x.shape[i] != 1 for i in found):
            return None
        axes = found
    shape = tuple(d for i, d in enumerate(x.shape) if i not in axes)
    return Operand(shape, x.batched and 0 not in axes)


@op_rule("Tile")
def tile(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.tile(x, [1, n, 1])``: each axis times its multiple."""
    multiples = layer.params.get("multiples")
    if len(operands) != 1 or not isinstance(multiples, tuple | list):
        return None
    (x,) = operands
    if len(multiples) != len(x.shape) or any(is_size(m) and m < 0 for m in multiples):
        return None
    out: list[Dim] = []
    for d, m in zip(x.shape, multiples, strict=True):
        if is_size(m) and m == 1:
            out.append(d)
        else:
            out.append(d * m if is_size(d) and is_size(m) else None)  # type: ignore[operator]
    first = multiples[0]
    return Operand(tuple(out), x.batched and is_size(first) and first == 1)


@op_rule("Slice")
def subscript(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``x[:, 0]``, ``x[..., :3]``, ``x[:, -1, :]``, ``x[:, None]``: an int drops its axis, a
    slice keeps it (its length when the bounds and the size are known), None adds one. The
    batch axis stays axis 0 only when the first entry takes all of it."""
    index = layer.params.get("index")
    if len(operands) != 1 or not isinstance(index, tuple):
        return None
    (x,) = operands
    entries = _expand_ellipsis(index, len(x.shape))
    if entries is None:
        return None
    out: list[Dim] = []
    axis = 0
    batched = x.batched
    for position, entry in enumerate(entries):
        if entry is None:
            out.append(1)
            batched = batched and position > 0
            continue
        size = x.shape[axis]
        if isinstance(entry, slice):
            whole = entry.start is None and entry.stop is None and entry.step is None
            bounds = (entry.start, entry.stop, entry.step)
            if any(b is not None and not is_size(b) for b in bounds):
                out.append(None)
            else:
                out.append(slice_length(size, *bounds))
            batched = batched and (axis > 0 or whole)
        elif is_size(entry):
            if is_size(size) and not -size <= entry < size:  # type: ignore[operator]
                return None
            batched = batched and axis > 0
        else:
            return None
        axis += 1
    return Operand(tuple(out), batched)


def _expand_ellipsis(index: tuple[Any, ...], rank: int) -> list[Any] | None:
    """The entries with ``...`` replaced by full slices and missing trailing axes added."""
    taken = sum(1 for entry in index if entry is not None and entry is not Ellipsis)
    if taken > rank or list(index).count(Ellipsis) > 1:
        return None
    fill = [slice(None)] * (rank - taken)
    if Ellipsis in index:
        position = index.index(Ellipsis)
        return [*index[:position], *fill, *index[position + 1 :]]
    return [*index, *fill]


# --- products --------------------------------------------------------------------------------


@op_rule("MatMul")
def matmul(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.matmul(x, self.kernel)``, ``a @ b``: (..., n, k) x (..., k, m) -> (..., n, m), the
    leading axes broadcast. Vectors (rank 1) are not followed."""
    if len(operands) != 2 or any(len(o.shape) < 2 for o in operands):
        return None
    a, b = operands
    left, right = a.shape, b.shape
    if layer.params.get("transpose_a") is True:
        left = (*left[:-2], left[-1], left[-2])
    if layer.params.get("transpose_b") is True:
        right = (*right[:-2], right[-1], right[-2])
    if same_dim(left[-1], right[-2]) is False:
        if a.batched or b.batched:
            raise Rejection(
                "merge",
                f"{_named(layer)} cannot multiply {_shown(a)}{_flipped(layer, 'a')} by "
                f"{_shown(b)}{_flipped(layer, 'b')}: {left[-1]} against {right[-2]}",
                f"A matrix product sums the last axis of the first tensor ({left[-1]}) against "
                f"the second-to-last axis of the second ({right[-2]}), so they need one size: "
                "TensorFlow refuses it when the model is built. Give the weight that many "
                "rows, or transpose one side (transpose_b=True).",
            )
        return None
    leading = broadcast_shapes([left[:-2], right[:-2]]) if len(left) + len(right) > 4 else ()
    if leading is None:
        return None
    shape = (*leading, left[-2], right[-1])
    if len(shape) == 2:
        batched = a.batched and layer.params.get("transpose_a") is not True
    else:
        batched = any(o.batched and len(o.shape) == len(shape) for o in operands)
    return Operand(shape, batched)


@op_rule("TensorDot")
def tensordot(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.tensordot(a, b, axes)``: an int N sums the last N axes of ``a`` with the first N
    of ``b``; a pair of axis lists names them."""
    if len(operands) != 2:
        return None
    a, b = operands
    axes = layer.params.get("axes")
    if is_size(axes):
        n = axes
        if n > min(len(a.shape), len(b.shape)):
            return None
        summed_a, summed_b = list(range(len(a.shape) - n, len(a.shape))), list(range(n))
    elif isinstance(axes, tuple | list) and len(axes) == 2:
        found_a, found_b = _axes(axes[0], len(a.shape)), _axes(axes[1], len(b.shape))
        if found_a is None or found_b is None or len(found_a) != len(found_b):
            return None
        summed_a, summed_b = found_a, found_b
    else:
        return None
    if any(
        same_dim(a.shape[i], b.shape[j]) is False for i, j in zip(summed_a, summed_b, strict=True)
    ):
        return None
    kept_a = [d for i, d in enumerate(a.shape) if i not in summed_a]
    kept_b = [d for i, d in enumerate(b.shape) if i not in summed_b]
    return Operand((*kept_a, *kept_b), a.batched and 0 not in summed_a)


@op_rule("OneHot")
def one_hot(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.one_hot(ids, depth)``: a new last axis of ``depth``."""
    if len(operands) != 1:
        return None
    (x,) = operands
    return Operand((*x.shape, _size(layer.params.get("depth"))), x.batched)


@op_rule("ExtractPatches")
def extract_patches(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.image.extract_patches(images, sizes=[1, p, p, 1], strides=[1, s, s, 1], ...)``:
    (batch, rows, cols, patch * patch * channels)."""
    if len(operands) != 1 or len(operands[0].shape) != 4:
        return None
    (x,) = operands
    sizes, strides = layer.params.get("sizes"), layer.params.get("strides")
    rates = layer.params.get("rates", (1, 1, 1, 1))
    padding = layer.params.get("padding")
    if not all(_four(v) for v in (sizes, strides, rates)) or tuple(rates) != (1, 1, 1, 1):
        return None
    if not isinstance(padding, str) or padding.upper() not in ("VALID", "SAME"):
        return None
    grid: list[Dim] = []
    for axis in (1, 2):
        size, patch, stride = x.shape[axis], sizes[axis], strides[axis]
        if not is_size(size):
            grid.append(None)
        elif padding.upper() == "VALID":
            grid.append((size - patch) // stride + 1 if size >= patch else None)
        else:
            grid.append(-(-size // stride))
    depth = product((sizes[1], sizes[2], x.shape[3]))
    return Operand((x.shape[0], *grid, depth), x.batched)


def _four(value: Any) -> bool:
    return (
        isinstance(value, tuple | list)
        and len(value) == 4
        and all(is_size(v) and v > 0 for v in value)
        and value[0] == 1
        and value[3] == 1
    )


# --- tensors made from no tensor -------------------------------------------------------------


@op_rule("Range", source=True)
def tensor_range(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.range(start=0, limit=maxlen)``, ``keras.ops.arange(n)``: a vector, no batch axis."""
    start, limit = layer.params.get("start", 0), layer.params.get("limit")
    delta = layer.params.get("delta", 1)
    if is_size(start) and is_size(limit) and is_size(delta) and delta != 0:
        return Operand((len(range(start, limit, delta)),), False)
    if start == 0 and delta == 1 and isinstance(limit, Sym):
        return Operand((limit,), False)
    return Operand((None,), False)


@op_rule("Filled", "Weight", "Constant", source=True)
def filled(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.random.normal(shape=(batch, dim))``, ``tf.zeros(shape)``, a layer's weight of
    ``add_weight(shape=...)``: a tensor of that shape, batched when its first size is the
    batch size of a batched tensor."""
    shape = layer.params.get("shape")
    if not isinstance(shape, tuple | list):
        return None
    if shape and shape[0] == BATCH:
        return Operand((None, *(_size(d) for d in shape[1:])), True)
    return Operand(tuple(_size(d) for d in shape), False)


# --- picking parts ---------------------------------------------------------------------------


@op_rule("Gather")
def gather(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.gather(x, indices, axis=1)``, ``ops.take``: the axis replaced by the indices'
    shape (``indices_shape`` for a list or an array of indices, else the second operand's).
    ``tf.gather(weights, ids)`` of a batched ``ids`` is batched."""
    if not operands or len(operands) > 2:
        return None
    x = operands[0]
    found = _axes(layer.params.get("axis", 0), len(x.shape)) if x.shape else None
    if not found:
        return None
    (axis,) = found
    if len(operands) == 2:
        indices: tuple[Dim, ...] = operands[1].shape
        batched = operands[1].batched if axis == 0 else x.batched
    else:
        given = layer.params.get("indices_shape")
        if not isinstance(given, tuple):
            return None
        indices, batched = tuple(_size(d) for d in given), x.batched and axis != 0
    return Operand((*x.shape[:axis], *indices, *x.shape[axis + 1 :]), batched)


@op_rule("SplitPart")
def split_part(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """One part of ``tf.split(x, 3, axis=-1)`` (a third of the axis) or of
    ``tf.split(x, [2, 6], axis=1)`` (its size)."""
    if len(operands) != 1:
        return None
    (x,) = operands
    found = _axes(layer.params.get("axis", 0), len(x.shape)) if x.shape else None
    if not found:
        return None
    (axis,) = found
    size = layer.params.get("size")
    if size is None:
        parts, dim = layer.params.get("parts"), x.shape[axis]
        if not is_size(parts) or parts <= 0:
            return None
        size = dim // parts if is_size(dim) and dim % parts == 0 else None
    shape = (*x.shape[:axis], _size(size), *x.shape[axis + 1 :])
    return Operand(shape, x.batched and axis != 0)


@op_rule("Resize")
def resize(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.image.resize(images, (224, 224))``: a batch of images of that size."""
    size = layer.params.get("size")
    if len(operands) != 1 or not isinstance(size, tuple) or len(size) != 2:
        return None
    (x,) = operands
    if len(x.shape) != 4 or not x.batched:
        return None
    return Operand((x.shape[0], _size(size[0]), _size(size[1]), x.shape[3]), True)


@op_rule("DepthToSpace", "SpaceToDepth")
def depth_to_space(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.nn.depth_to_space(x, r)`` (sub-pixel upscaling): a batch of (h, w, c) images
    becomes (h * r, w * r, c / r**2); ``space_to_depth`` the converse. A size that does not
    divide stays unknown."""
    block = layer.params.get("block_size")
    if len(operands) != 1 or not is_size(block) or block < 2:
        return None
    (x,) = operands
    if len(x.shape) != 4 or not x.batched:
        return None
    batch, height, width, depth = x.shape
    if layer.cls == "DepthToSpace":
        rows, cols = _times(height, block), _times(width, block)
        channels = _divided(depth, block * block)
    else:
        rows, cols = _divided(height, block), _divided(width, block)
        channels = _times(depth, block * block)
    return Operand((batch, rows, cols, channels), True)


def _times(dim: Dim, factor: int) -> Dim:
    return dim * factor if is_size(dim) else None


def _divided(dim: Dim, factor: int) -> Dim:
    return dim // factor if is_size(dim) and dim % factor == 0 else None


@op_rule("FeatureSpaceEncoded", source=True)
def feature_space_encoded(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``FeatureSpace.get_encoded_features()`` (concat mode): a batch of vectors whose width
    the adapted vocabularies decide."""
    return Operand((None, None), True)
