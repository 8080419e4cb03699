"""Shape rules for the functions of graph tensors that move, pick or repeat values:
``tf.reshape``, ``tf.transpose``, reductions, ``tf.concat``, ``tf.squeeze``, ``tf.tile``,
subscripts, ``tf.gather``, ``tf.split``, ``tf.image.resize``, ``depth_to_space``. What an op
node is, and how operands carry their batch axis, is in ``tensor_ops``."""

from __future__ import annotations

from typing import Any

from kerascheck.dims import CountMismatch, count, describe_count, reshaped, slice_length
from kerascheck.ir import Dim, LayerNode, Shape, Sym, is_size
from kerascheck.shapes.common import Rejection, format_shape
from kerascheck.shapes.tensor_ops import (
    BATCH,
    Operand,
    axes_param,
    merge_dims,
    named,
    op_rule,
    shown,
    size_param,
)

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
        wanted = tuple(size_param(d) for d in target[1:])
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
    return tuple(None if (is_size(d) and d == -1) else size_param(d) for d in target)


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
        perm = axes_param(perm_value, rank)
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
    axes = list(range(rank)) if axis is None else axes_param(axis, rank)
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
    axes = axes_param(layer.params.get("axis"), rank)
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
            possible, size = merge_dims(column)
            if not possible and all(o.batched for o in operands):
                texts = " and ".join(shown(o) for o in operands)
                raise Rejection(
                    "merge",
                    f"{named(layer)} (axis={layer.params.get('axis')}) cannot join {texts}",
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
        found = axes_param(axis, rank)
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


# --- picking parts ---------------------------------------------------------------------------


@op_rule("Gather")
def gather(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.gather(x, indices, axis=1)``, ``ops.take``: the axis replaced by the indices'
    shape (``indices_shape`` for a list or an array of indices, else the second operand's).
    ``tf.gather(weights, ids)`` of a batched ``ids`` is batched."""
    if not operands or len(operands) > 2:
        return None
    x = operands[0]
    found = axes_param(layer.params.get("axis", 0), len(x.shape)) if x.shape else None
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
        indices, batched = tuple(size_param(d) for d in given), x.batched and axis != 0
    return Operand((*x.shape[:axis], *indices, *x.shape[axis + 1 :]), batched)


@op_rule("SplitPart")
def split_part(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """One part of ``tf.split(x, 3, axis=-1)`` (a third of the axis) or of
    ``tf.split(x, [2, 6], axis=1)`` (its size)."""
    if len(operands) != 1:
        return None
    (x,) = operands
    found = axes_param(layer.params.get("axis", 0), len(x.shape)) if x.shape else None
    if not found:
        return None
    (axis,) = found
    size = layer.params.get("size")
    if size is None:
        parts, dim = layer.params.get("parts"), x.shape[axis]
        if not is_size(parts) or parts <= 0:
            return None
        size = dim // parts if is_size(dim) and dim % parts == 0 else None
    shape = (*x.shape[:axis], size_param(size), *x.shape[axis + 1 :])
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
    return Operand((x.shape[0], size_param(size[0]), size_param(size[1]), x.shape[3]), True)


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
