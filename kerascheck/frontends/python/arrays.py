"""The abstract array: provenance constructors and the shape algebra every library shares.

numpy arrays, pandas frames, tensors and lists of numbers all become ``ArrayValue``s; what a
reshape, an index, a broadcast or a one-hot encoding does to their static shape is written
once here, whichever library performs it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import libcst as cst

from kerascheck.datafiles import TEXT_DEFAULT_DELIMITER, sample_beside
from kerascheck.dims import CountMismatch, describe_count, reshaped, slice_length
from kerascheck.frontends.python import value_kinds, value_ranges
from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.scope import callee_text, dotted_name
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Identity,
    Number,
    Qual,
    Sequence,
    Value,
    combine_arrays,
    to_python,
)
from kerascheck.ir import (
    UNKNOWN,
    ArrayInfo,
    Dim,
    Origin,
    ReshapeFailure,
    Shape,
    Sym,
    is_size,
    same_dim,
)

INT_DTYPES = frozenset(
    {"int", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "long", "bool"}
)


# --- provenance ---------------------------------------------------------------------------------


def written(args: CallArgs) -> str:
    """The callee as the user wrote it (``np.random.randint``), for messages."""
    return callee_text(args.node.func)


def origin(kind: str, args: CallArgs) -> Origin:
    return Origin(kind=kind, call=written(args), anchor=args.node)


def from_disk(args: CallArgs, shape: Shape | None = None, loader: str = "") -> ArrayValue:
    """Values read from a file: raw unless the file name says they were scaled already, or
    it is fetched from a URL.

    With ``loader`` (``loadtxt``, ``load``, ``read_csv`` ...) and reading on (see
    ``kerascheck.datafiles.reading_beside``), a bounded sample of a file next to the script
    gives the shape and the bounds of each column, which then decide the scale; the origin
    keeps the path and the sample (None: the file was not found or not read).
    """
    source = to_python(args.get(0) or Const(None))
    path = source if isinstance(source, str) else None
    # a published file fetched at run time (``np.loadtxt(root_url + "FordA_TRAIN.tsv")``) is
    # never beside the script and often normalised already: its scale is not guessed
    hinted = value_ranges.scaled_by_name(path) or (path is not None and "://" in path)
    sample = _sample(args, path, loader) if path is not None and loader else None
    if sample is not None:
        shape = _sampled_shape(args, sample, loader, shape)
    found = Origin("disk", written(args), anchor=args.node, path=path, sample=sample)
    info = ArrayInfo(origins=frozenset({found}), scale=None if hinted else "raw", shape=shape)
    if sample is not None and _whole_table(args, sample, loader):
        ranges = tuple(
            value_ranges.known(low, high)
            for low, high in zip(sample.minimum, sample.maximum, strict=False)
        )
        info = replace(info, scale="raw")
        if shape is not None and len(shape) == 2 and len(ranges) == shape[1]:
            names = sample.header if len(sample.header) == len(ranges) else ()
            info = replace(info, **value_ranges.with_columns(info, ranges, names))
        elif all(ranges):
            info = replace(info, **value_ranges.with_range(info, sample.value_range, "raw"))
        if info.value_range is None:
            info = replace(info, scale=None if hinted else "raw")
    return ArrayValue(info)


def archive_member(info: ArrayInfo, key: str) -> ArrayInfo | None:
    """``np.load("mnist.npz")["x_train"]``: that member's shape and bounds, sampled from the
    archive beside the script; None when the array is no such archive or the member is absent."""
    archives = [
        o
        for o in info.origins
        if o.kind == "disk" and o.path and o.sample is not None and o.sample.format == "npz"
    ]
    if len(archives) != 1 or len(info.origins) != 1:
        return None
    sample = sample_beside(archives[0].path, member=key)
    if sample is None or sample.shape is None:
        return None
    hinted = value_ranges.scaled_by_name(archives[0].path) or value_ranges.scaled_by_name(key)
    fallback = None if hinted else "raw"
    complete = bool(sample.minimum) and all(v is not None for v in sample.minimum)
    bounds = sample.value_range if complete else None
    if sample.dtype in ("object", "structured"):
        bounds = None
    member = replace(info, shape=tuple(sample.shape), scale=fallback)
    return replace(member, **value_ranges.with_range(member, bounds, fallback))


def _whole_table(args: CallArgs, sample: Any, loader: str) -> bool:
    """The loader returns the sampled values as they are (no column pick or converter we would
    have to follow, a numeric table). Skipped rows and a dtype leave the bounds valid."""
    if sample.dtype in ("text", "object", "structured") or not sample.minimum:
        return False
    if sample.format == "npz":
        return False  # np.load of an archive gives a mapping of arrays, not one array
    chosen = ("usecols", "index_col", "unpack", "converters", "names", "max_rows", "nrows")
    return not any(args.get(None, name) is not None for name in chosen)


def _sample(args: CallArgs, path: str, loader: str) -> Any:
    """A bounded sample of the file when it lies next to the script and reading is on."""
    if loader not in TEXT_DEFAULT_DELIMITER and loader != "load":
        return None
    delimiter = TEXT_DEFAULT_DELIMITER.get(loader)
    for name in ("delimiter", "sep"):
        given = to_python(args.get(None, name) or Const(None))
        if isinstance(given, str) and given:
            delimiter = given
    if to_python(args.get(None, "delim_whitespace") or Const(None)) is True:
        delimiter = None
    return sample_beside(path, delimiter)


def _sampled_shape(args: CallArgs, sample: Any, loader: str, shape: Shape | None) -> Shape | None:
    """What the loader returns for the sampled file: a ``.npy`` says its whole shape; a table
    its column count, unless the call picks columns (usecols, index_col, unpack)."""
    if loader == "load":
        return tuple(sample.shape) if sample.format == "npy" and sample.shape else shape
    if sample.format != "text" or sample.columns is None:
        return shape
    if any(args.get(None, name) is not None for name in ("usecols", "index_col", "unpack")):
        return shape
    if loader in ("read_csv", "read_table"):
        return (None, sample.columns)
    return (None, sample.columns) if sample.columns > 1 else (None,)


def random_array(args: CallArgs, shape: Shape | None, integer: bool) -> ArrayValue:
    return ArrayValue(
        ArrayInfo(
            origins=frozenset({origin("random", args)}),
            shape=shape,
            encoding="int" if integer else None,
            value_kind=value_kinds.INTEGER if integer else value_kinds.CONTINUOUS,
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
            value_kind=value_kinds.INTEGER,
            value_range=(0.0, 1.0),
            column_ranges=None,
            column_names=(),
        )
    )


def one_hot_from_identity(identity: Identity, index: Any) -> Value:
    """``np.eye(n)[y]``."""
    info = array_info(index) if isinstance(index, Value) else None
    if info is None:
        return UNKNOWN_VALUE
    return one_hot(info, identity.size)


def reduced(info: ArrayInfo, method: str, axis: Any, keepdims: Any = False) -> ArrayInfo:
    """``x.sum(axis=1)``, ``np.mean(x, axis=0)`` ...: one axis fewer (or kept as a 1), no class
    ids any more, and bounds that follow from the values' (a sum multiplies them by the count
    summed)."""
    count = value_ranges.axis_count(info.shape, axis)
    bounds = value_ranges.reduced(info.value_range, method, count)
    return replace(
        info,
        shape=reduce_axes(info.shape, axis, keepdims),
        encoding=None,
        num_classes=None,
        column_ranges=None,
        column_names=(),
        **value_ranges.with_range(info, bounds, info.scale),
    )


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
            value_kind=value_kinds.INTEGER,
            computed=True,
            value_range=None,
            rescaled=None,
        )
    )


# --- arrays from Python values ----------------------------------------------------------------


def array_info(value: Value | None) -> ArrayInfo | None:
    """What an argument holds as an array: an array value, or a list literal of numbers/arrays."""
    if isinstance(value, ArrayValue):
        return value.info
    if isinstance(value, Sequence):
        return _sequence_info(value)
    if isinstance(value, Const) and isinstance(value.value, range):
        return _sequence_info(Sequence([value]), single=True)  # np.array(range(100))
    return None


#: the most numbers a literal's ranges are expanded to (``np.array([range(100), ...])``)
_RANGE_ITEMS = 100_000


def _expand_ranges(python: Any) -> Any:
    """The literal with each ``range`` as the tuple of its numbers; UNKNOWN past the limit."""
    total = 0
    stack = [python]
    while stack:
        item = stack.pop()
        if isinstance(item, range):
            total += len(item)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    if total == 0:
        return python
    if total > _RANGE_ITEMS:
        return UNKNOWN

    def expand(item: Any) -> Any:
        if isinstance(item, range):
            return tuple(item)
        if isinstance(item, (list, tuple)):
            return type(item)(expand(i) for i in item)
        return item

    return expand(python)


def _literal_kind(python: Any) -> str | None:
    """A literal array of numbers: continuous when one of them is a non-integer float."""
    stack = [python]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif value_kinds.of_number(item) == value_kinds.CONTINUOUS:
            return value_kinds.CONTINUOUS
    return None


def _sequence_info(value: Sequence, single: bool = False) -> ArrayInfo | None:
    """``np.array(...)`` of a list literal or of a list of arrays; ``single``: of the one
    literal ``value`` wraps (a ``range``)."""
    python = to_python(value) if _is_literal(value) else UNKNOWN
    if python is not UNKNOWN:
        python = _expand_ranges(python[0] if single else python)
    if python is not UNKNOWN:
        shape = _literal_shape(python)
        if shape is None:
            return None
        integer = all_ints(python)
        bounds = value_ranges.of_numbers(python)
        return ArrayInfo(
            origins=frozenset(),
            shape=shape if value.exact else (None, *shape[1:]),
            encoding=literal_encoding(python, shape),
            value_kind=value_kinds.INTEGER if integer else _literal_kind(python),
            value_range=bounds,
            scale=value_ranges.scale_for(bounds, None),
        )
    # arrays, or lists of arrays (``np.array(pairs)`` of ``[x1, x2]`` pairs)
    found = [array_info(item) for item in value.items if isinstance(item, ArrayValue | Sequence)]
    infos = [info for info in found if info is not None]
    if not infos or len(infos) != len(value.items):
        return None
    info = combine_arrays(infos)
    shapes = {i.shape for i in infos}
    inner = shapes.pop() if len(shapes) == 1 else None
    length = len(infos) if value.exact else None
    shape = (length, *inner) if inner is not None else None
    encodings = {i.encoding for i in infos}
    encoding = encodings.pop() if len(encodings) == 1 else None
    return replace(info, shape=shape, encoding=encoding)


def literal_encoding(python: Any, shape: Shape) -> str | None:
    """How a literal holds labels: rows of 0/1 with one 1 each are one-hot, with several ones
    in some row multi-hot; other integers are class ids."""
    if not all_ints(python):
        return None
    if len(shape) == 2 and shape[1] != 1 and _zeros_and_ones(python):
        ones = [sum(row) for row in python]
        if all(count == 1 for count in ones):
            return "onehot"
        if any(count > 1 for count in ones):
            return "multihot"
    return "int"


def _zeros_and_ones(python: Any) -> bool:
    return all(item in (0, 1) for row in python for item in row)


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
    """A size argument (``100``, ``(100, 20)``, ``(len(X), X.shape[1])``) as a shape tuple."""
    if is_size(value) or isinstance(value, Sym):
        return (value,)
    if isinstance(value, (tuple, list)) and all(
        is_size(d) or d is None or isinstance(d, Sym) for d in value
    ):
        return tuple(value)
    return None


def dim(value: Any) -> int | None:
    return value if is_size(value) else None


def reshape(shape: Shape | None, target: Any) -> Shape | None:
    """The shape after ``reshape(target)``; unknown sizes stay None (see ``checked_reshape``)."""
    try:
        return checked_reshape(shape, target)
    except CountMismatch:
        return None


def checked_reshape(shape: Shape | None, target: Any) -> Shape | None:
    """Like ``reshape``, but raises CountMismatch when the element counts cannot match."""
    new = as_shape(target)
    if new is None:
        return None
    return reshaped(shape if shape is not None else (None,), new)  # (None,): count unknown


def reshaped_array(info: ArrayInfo, target: Any, call: cst.Call) -> ArrayInfo:
    """``a.reshape(target)`` / ``np.reshape(a, target)``: the new shape, or the record of a
    reshape that cannot run (numpy raises ValueError; nothing after it is known)."""
    try:
        return replace(info, shape=checked_reshape(info.shape, target))
    except CountMismatch as mismatch:
        failure = ReshapeFailure(
            call,
            call=_reshape_text(call.func),
            held=describe_count(mismatch.held),
            asked=describe_count(mismatch.asked),
            target=shape_text(as_shape(target) or ()),
        )
        return replace(info, shape=None, reshape_failure=info.reshape_failure or failure)


def _reshape_text(func: cst.BaseExpression) -> str:
    """``x_test.reshape``, ``np.reshape``; ``reshape`` when the receiver is a longer chain."""
    if isinstance(func, cst.Attribute):
        receiver = dotted_name(func.value)
        return f"{receiver}.{func.attr.value}" if receiver else func.attr.value
    return callee_text(func)


def shape_text(shape: Shape) -> str:
    """A shape as numpy prints it: ``(60000, 784)``, ``(10,)``."""
    text = ", ".join("?" if d is None else str(d) for d in shape)
    return f"({text},)" if len(shape) == 1 else f"({text})"


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


def reduce_axes(shape: Shape | None, axis: Any, keepdims: Any = False) -> Shape | None:
    """The shape after ``x.mean(axis)``; ``keepdims=True`` keeps each reduced axis as a 1
    (``x.mean(axis=(0, 2), keepdims=True)`` broadcasts back against ``x``)."""
    if keepdims is False:
        return drop_axis(shape, axis)
    if keepdims is not True or shape is None:
        return None
    kept = drop_axis(tuple(range(len(shape))), axis)  # the positions that stay
    if kept is None:
        return None
    return tuple(d if i in kept else 1 for i, d in enumerate(shape))


def squeeze(shape: Shape | None) -> Shape | None:
    if shape is None or not all(is_size(d) for d in shape):
        return None  # an unknown size may be 1
    return tuple(d for d in shape if d != 1)


def expand(shape: Shape | None, axis: Any) -> Shape | None:
    if shape is None or not isinstance(axis, int):
        return None
    position = axis if axis >= 0 else len(shape) + 1 + axis
    if not 0 <= position <= len(shape):
        return None
    return (*shape[:position], 1, *shape[position:])


def transpose(shape: Shape | None, axes: Any = None) -> Shape | None:
    """``a.T`` / ``a.transpose()`` reverse the axes; ``a.transpose(2, 0, 1)`` permutes them."""
    if not shape:
        return None
    if axes is None:
        return tuple(reversed(shape))
    if (
        not isinstance(axes, (tuple, list))
        or len(axes) != len(shape)
        or not all(is_size(a) for a in axes)
    ):
        return None
    order = [a % len(shape) if -len(shape) <= a < len(shape) else -1 for a in axes]
    if sorted(order) != list(range(len(shape))):
        return None  # numpy raises; we only describe what runs
    return tuple(shape[a] for a in order)


def _two_axes(shape: Shape | None, first: Any, second: Any) -> tuple[int, int] | None:
    """Two axis arguments as non-negative positions, when both are valid for ``shape``."""
    if shape is None or not is_size(first) or not is_size(second):
        return None
    rank = len(shape)
    if not (-rank <= first < rank and -rank <= second < rank):
        return None
    return first % rank, second % rank


def swap_axes(shape: Shape | None, first: Any, second: Any) -> Shape | None:
    axes = _two_axes(shape, first, second)
    if shape is None or axes is None:
        return None
    order = list(range(len(shape)))
    order[axes[0]], order[axes[1]] = axes[1], axes[0]
    return transpose(shape, order)


def move_axis(shape: Shape | None, source: Any, destination: Any) -> Shape | None:
    axes = _two_axes(shape, source, destination)
    if shape is None or axes is None:
        return None
    order = [a for a in range(len(shape)) if a != axes[0]]
    order.insert(axes[1], axes[0])
    return transpose(shape, order)


def broadcast(a: Shape | None, b: Shape | None) -> Shape | None:
    """numpy's broadcasting (``X / X.max(axis=0)``): axes align from the right, a 1 stretches."""
    if a is None or b is None:
        return None
    if a == b or b == ():
        return a
    if a == ():
        return b
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    merged = list(longer[: len(longer) - len(shorter)])
    for x, y in zip(longer[len(longer) - len(shorter) :], shorter, strict=True):
        same = same_dim(x, y)
        if same:
            merged.append(x)
        elif x == 1 or y == 1:
            merged.append(y if x == 1 else x)
        elif same is None:
            merged.append(None)
        else:
            return None  # numpy raises: nothing is known after it
    return tuple(merged)


def matmul(left: ArrayInfo, right: ArrayInfo | None) -> ArrayValue:
    """``x @ w``, ``x.dot(w)``, ``np.dot(x, w)``: the result is computed from both."""
    parts = [left] if right is None else [left, right]
    shape: Shape | None = None
    if (
        right is not None
        and left.shape
        and right.shape
        and len(right.shape) in (1, 2)
        and same_dim(left.shape[-1], right.shape[0])
    ):
        shape = (*left.shape[:-1], *right.shape[1:])
    return ArrayValue(replace(combine_arrays(parts), shape=shape, encoding=None, token_ids=False))


def index_shape(shape: Shape | None, indices: list[Any]) -> Shape | None:
    """The shape of ``a[indices]`` (ints, slices, ``...``, ``None``/``np.newaxis``, arrays)."""
    if shape is None:
        return None
    result: list[Dim] = []
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
        elif _is_scalar_index(index):
            if axis >= len(shape):
                return None
            axis += 1
        elif isinstance(index, ArrayValue):
            if axis >= len(shape) or index.info.shape == ():
                return None  # a 0-d index not known to hold an int: a bool adds an axis
            result.append(None)
            axis += 1
        elif isinstance(index, Sequence) and axis < len(shape) and _flat_list(index, indices):
            result.append(_picked(index))  # ``X[:, [0, 4, 7]]``: those columns
            axis += 1
        else:
            return None
    result.extend(shape[axis:])
    return tuple(result)


def _is_scalar_index(index: Any) -> bool:
    """An int (``x[3]``), a loop's counter of unknown value (``x[i]``) or a 0-d integer array
    (``x[random.randint(0, n)]``): each takes one axis away."""
    if isinstance(index, Const):
        return isinstance(index.value, int) and not isinstance(index.value, bool)
    if isinstance(index, ArrayValue):
        return index.info.shape == () and index.info.value_kind == value_kinds.INTEGER
    return isinstance(index, Number)


def _flat_list(index: Sequence, indices: list[Any]) -> bool:
    """A literal list of ints or bools, the only list or array among the indices: numpy then
    keeps its axis where it stands (several broadcast together, and the axes move)."""
    if sum(isinstance(i, (Sequence, ArrayValue)) for i in indices) != 1 or not index.exact:
        return False
    return bool(index.items) and all(
        isinstance(item, Const) and isinstance(item.value, int) for item in index.items
    )


def _picked(index: Sequence) -> Dim:
    """How many items a list index picks: one per int; a mask of bools, an unknown count."""
    if any(isinstance(item, Const) and isinstance(item.value, bool) for item in index.items):
        return None
    return len(index.items)


def _is_newaxis(index: Any) -> bool:
    return (isinstance(index, Const) and index.value is None) or (
        isinstance(index, Qual) and index.name == "numpy.newaxis"
    )


def _slice_length(size: Dim, index: slice) -> Dim:
    bounds = [
        to_python(b) if isinstance(b, Value) else UNKNOWN
        for b in (index.start, index.stop, index.step)
    ]
    if any(b is UNKNOWN or not (b is None or is_size(b)) for b in bounds):
        return None
    return slice_length(size, *bounds)
