"""The abstract array: provenance constructors and the shape algebra every library shares.

numpy arrays, pandas frames, tensors and lists of numbers all become ``ArrayValue``s; what a
reshape, an index, a broadcast or a one-hot encoding does to their static shape is written
once here, whichever library performs it.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.scope import callee_text
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Identity,
    Qual,
    Sequence,
    Value,
    combine_arrays,
    to_python,
)
from kerascheck.ir import UNKNOWN, ArrayInfo, Origin, Shape

INT_DTYPES = frozenset(
    {"int", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "long", "bool"}
)
#: file names that say the data on disk is already scaled
_SCALED_HINTS = ("norm", "scal", "standard", "std", "preprocessed", "processed")


# --- provenance ---------------------------------------------------------------------------------


def written(args: CallArgs) -> str:
    """The callee as the user wrote it (``np.random.randint``), for messages."""
    return callee_text(args.node.func)


def origin(kind: str, args: CallArgs) -> Origin:
    return Origin(kind=kind, call=written(args), anchor=args.node)


def from_disk(args: CallArgs, shape: Shape | None = None) -> ArrayValue:
    """Values read from a file: raw unless the file name says they were scaled already."""
    source = to_python(args.get(0) or Const(None))
    hinted = isinstance(source, str) and any(hint in source.lower() for hint in _SCALED_HINTS)
    origins = frozenset({origin("disk", args)})
    return ArrayValue(ArrayInfo(origins=origins, scale=None if hinted else "raw", shape=shape))


def random_array(args: CallArgs, shape: Shape | None, integer: bool) -> ArrayValue:
    return ArrayValue(
        ArrayInfo(
            origins=frozenset({origin("random", args)}),
            shape=shape,
            encoding="int" if integer else None,
        )
    )


def is_int_dtype(value: Value | None) -> bool:
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value in INT_DTYPES
    if isinstance(value, Qual):
        return value.name.rsplit(".", 1)[-1] in INT_DTYPES
    return False


def one_hot(info: ArrayInfo, classes: int | None) -> ArrayValue:
    """Labels one-hot encoded into ``classes`` columns (unknown when None)."""
    shape = info.shape
    if shape is not None and len(shape) == 2 and shape[1] == 1:
        shape = shape[:1]
    new_shape = (*shape, classes) if shape is not None and len(shape) == 1 else None
    return ArrayValue(
        replace(
            info,
            encoding="onehot",
            num_classes=classes,
            shape=new_shape,
            scale=None,
            token_ids=False,
        )
    )


def one_hot_from_identity(identity: Identity, index: Any) -> Value:
    """``np.eye(n)[y]``."""
    info = array_info(index) if isinstance(index, Value) else None
    if info is None:
        return UNKNOWN_VALUE
    return one_hot(info, identity.size)


def argmax(info: ArrayInfo, axis: Any) -> ArrayValue:
    classes = info.num_classes
    if classes is None and info.encoding == "onehot" and info.shape:
        classes = dim(info.shape[-1])
    return ArrayValue(
        replace(
            info,
            shape=drop_axis(info.shape, axis),
            encoding="int",
            num_classes=classes,
            scale=None,
        )
    )


# --- arrays from Python values ----------------------------------------------------------------


def array_info(value: Value | None) -> ArrayInfo | None:
    """What an argument holds as an array: an array value, or a list literal of numbers/arrays."""
    if isinstance(value, ArrayValue):
        return value.info
    if isinstance(value, Sequence):
        return _sequence_info(value)
    return None


def _sequence_info(value: Sequence) -> ArrayInfo | None:
    """``np.array(...)`` of a list literal or of a list of arrays."""
    python = to_python(value) if _is_literal(value) else UNKNOWN
    if python is not UNKNOWN:
        shape = _literal_shape(python)
        if shape is None:
            return None
        return ArrayInfo(
            origins=frozenset(),
            shape=shape if value.exact else (None, *shape[1:]),
            encoding="int" if all_ints(python) else None,
        )
    items = [item for item in value.items if isinstance(item, ArrayValue)]
    if not items or len(items) != len(value.items):
        return None
    info = combine_arrays([i.info for i in items])
    shapes = {i.info.shape for i in items}
    inner = shapes.pop() if len(shapes) == 1 else None
    length = len(items) if value.exact else None
    shape = (length, *inner) if inner is not None else None
    encodings = {i.info.encoding for i in items}
    encoding = encodings.pop() if len(encodings) == 1 else None
    return replace(info, shape=shape, encoding=encoding)


def _is_literal(value: Value) -> bool:
    if isinstance(value, Sequence):
        return all(_is_literal(item) for item in value.items)
    return isinstance(value, Const)


def _literal_shape(value: Any) -> Shape | None:
    if isinstance(value, (list, tuple)):
        if not value:
            return (0,)
        inner = {_literal_shape(item) for item in value}
        if len(inner) != 1:
            return None
        rest = inner.pop()
        return None if rest is None else (len(value), *rest)
    if isinstance(value, (int, float, bool)):
        return ()
    return None


def all_ints(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(all_ints(item) for item in value)
    return isinstance(value, int)


# --- shape algebra ----------------------------------------------------------------------------


def as_shape(value: Any) -> Shape | None:
    """A size argument (``100`` or ``(100, 20)``) as a shape tuple."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (value,)
    if isinstance(value, (tuple, list)) and all(
        (isinstance(d, int) and not isinstance(d, bool)) or d is None for d in value
    ):
        return tuple(value)
    return None


def dim(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def reshape(shape: Shape | None, target: Any) -> Shape | None:
    new = as_shape(target)
    if new is None:
        return None
    if -1 in new:
        if new.count(-1) > 1:
            return None
        known = [d for d in new if d != -1]
        if not all(isinstance(d, int) for d in known):  # reshape((None, -1)): unknown
            return tuple(None if d == -1 else d for d in new)
        total = math.prod(shape) if shape and all(isinstance(d, int) for d in shape) else None
        rest = math.prod(known) if known else 1
        fill = total // rest if total is not None and rest and total % rest == 0 else None
        return tuple(fill if d == -1 else d for d in new)
    return new


def drop_axis(shape: Shape | None, axis: Any) -> Shape | None:
    if shape is None:
        return None
    if axis is None:
        return ()
    axes = axis if isinstance(axis, tuple) else (axis,)
    if not all(isinstance(a, int) and -len(shape) <= a < len(shape) for a in axes):
        return None
    dropped = {a % len(shape) for a in axes}
    return tuple(d for i, d in enumerate(shape) if i not in dropped)


def squeeze(shape: Shape | None) -> Shape | None:
    if shape is None or any(d is None for d in shape):
        return None
    return tuple(d for d in shape if d != 1)


def expand(shape: Shape | None, axis: Any) -> Shape | None:
    if shape is None or not isinstance(axis, int):
        return None
    position = axis if axis >= 0 else len(shape) + 1 + axis
    if not 0 <= position <= len(shape):
        return None
    return (*shape[:position], 1, *shape[position:])


def transpose(shape: Shape | None) -> Shape | None:
    return tuple(reversed(shape)) if shape else None


def broadcast(a: Shape | None, b: Shape | None) -> Shape | None:
    if a is None or b is None:
        return None
    if a == b or b == ():
        return a
    if a == ():
        return b
    return None


def matmul(left: ArrayInfo, right: ArrayInfo | None) -> ArrayValue:
    """``x @ w``, ``x.dot(w)``, ``np.dot(x, w)``: the result is computed from both."""
    parts = [left] if right is None else [left, right]
    shape: Shape | None = None
    if (
        right is not None
        and left.shape
        and right.shape
        and len(right.shape) in (1, 2)
        and left.shape[-1] == right.shape[0]
    ):
        shape = (*left.shape[:-1], *right.shape[1:])
    return ArrayValue(replace(combine_arrays(parts), shape=shape, encoding=None, token_ids=False))


def index_shape(shape: Shape | None, indices: list[Any]) -> Shape | None:
    """The shape of ``a[indices]`` (ints, slices, ``...``, ``None``/``np.newaxis``, arrays)."""
    if shape is None:
        return None
    result: list[int | None] = []
    axis = 0
    for position, index in enumerate(indices):
        if isinstance(index, Const) and index.value is ...:
            remaining = sum(not _is_newaxis(i) for i in indices[position + 1 :])
            keep = len(shape) - axis - remaining
            if keep < 0:
                return None
            result.extend(shape[axis : axis + keep])
            axis += keep
        elif _is_newaxis(index):
            result.append(1)
        elif isinstance(index, slice):
            if axis >= len(shape):
                return None
            result.append(_slice_length(shape[axis], index))
            axis += 1
        elif isinstance(index, Const) and isinstance(index.value, int):
            if axis >= len(shape):
                return None
            axis += 1
        elif isinstance(index, ArrayValue):
            if axis >= len(shape):
                return None
            result.append(None)
            axis += 1
        else:
            return None
    result.extend(shape[axis:])
    return tuple(result)


def _is_newaxis(index: Any) -> bool:
    return (isinstance(index, Const) and index.value is None) or (
        isinstance(index, Qual) and index.name == "numpy.newaxis"
    )


def _slice_length(size: int | None, index: slice) -> int | None:
    bounds = [
        to_python(b) if isinstance(b, Value) else UNKNOWN
        for b in (index.start, index.stop, index.step)
    ]
    if any(b is UNKNOWN or not (b is None or isinstance(b, int)) for b in bounds):
        return None
    if size is None:
        start, stop, step = bounds
        if (
            start is not None
            and stop is not None
            and start >= 0
            and stop >= 0
            and step in (None, 1)
        ):
            return max(stop - start, 0)
        return None
    return len(range(size)[slice(*bounds)])
