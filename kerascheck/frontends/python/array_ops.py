"""What Python code does to an array value: methods, attributes, indexing and operators.

numpy arrays and pandas frames share most of their method names (``reshape``, ``astype``,
``values``, ``dropna`` ...); each method is one entry of ``METHODS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import libcst as cst

from kerascheck.dims import product, shift
from kerascheck.frontends.python import arrays, value_kinds, value_ranges
from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayShape,
    ArrayValue,
    Const,
    FrameColumns,
    Sequence,
    Value,
    combine_arrays,
    to_python,
)
from kerascheck.ir import ArrayInfo, Dim, Rescaling, Shape, Sym

MethodHandler = Callable[[ArrayValue, str, CallArgs], Value | None]

#: methods that keep an array's values and shape
_KEEP = (
    "values",
    "to_numpy",
    "tolist",
    "fillna",
    "toarray",
    "todense",
    "map",
    "apply",
    "replace",
    "numpy",
    "interpolate",
    "ffill",
    "bfill",
)
#: methods that keep the rank but may change sizes (rows dropped, columns removed)
_SAME_RANK = (
    "dropna",
    "head",
    "tail",
    "sample",
    "sort_values",
    "sort_index",
    "reset_index",
    "set_index",
    "drop_duplicates",
    "select_dtypes",
    "rename",
    "assign",
    "query",
    "filter",
    "where",
    "mask",
)
_REDUCE = ("mean", "std", "var", "sum", "max", "min", "median", "prod", "amax", "amin")


def _keep(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return array


def _copy(array: ArrayValue, method: str, args: CallArgs) -> Value:
    """A new array object: shuffling the copy in place (a label-permutation baseline) leaves
    the original as it was."""
    return ArrayValue(array.info, dict(array.symbols) if array.symbols else None)


#: row-wise methods: the columns, and the bounds of each, stay as they were
_ROWS_ONLY = frozenset(
    {"dropna", "head", "tail", "sample", "sort_values", "sort_index", "drop_duplicates", "query"}
)


def _same_rank(array: ArrayValue, method: str, args: CallArgs) -> Value:
    shape = array.info.shape
    new_shape = tuple(None for _ in shape) if shape is not None else None
    if method in _ROWS_ONLY and not (method == "dropna" and args.get(None, "axis") is not None):
        return array.evolve(shape=new_shape)
    if method in ("assign", "where", "mask", "reset_index"):  # new or replaced values
        return array.evolve(shape=new_shape, value_range=None, column_ranges=None, column_names=())
    return array.evolve(shape=new_shape, **value_ranges.forget_columns(array.info))


def _reshape(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return ArrayValue(arrays.reshaped_array(array.info, _axes_argument(args), args.node))


def _axes_argument(args: CallArgs) -> Any:
    """``reshape(2, 3)`` / ``reshape((2, 3))`` / ``transpose(2, 0, 1)``: the one tuple meant."""
    if args.has_star:
        return None
    if len(args.positional) == 1:
        return to_python(args.get(0) or Const(None))
    if not args.positional:
        named = args.get(None, "shape") or args.get(None, "newshape") or args.get(None, "axes")
        return to_python(named) if named is not None else None
    return tuple(to_python(v) for v, _ in args.positional)


def _astype(array: ArrayValue, method: str, args: CallArgs) -> Value:
    if arrays.is_int_dtype(args.get(0, "dtype")):
        counts = array.info.value_kind == value_kinds.COUNTS
        kind = value_kinds.COUNTS if counts else value_kinds.INTEGER
        encoding = "onehot" if array.info.encoding == "onehot" else "int"
        return array.evolve(encoding=encoding, value_kind=kind)
    return array


def _flatten(array: ArrayValue, method: str, args: CallArgs) -> Value:
    shape = array.info.shape
    return array.evolve(shape=(product(shape) if shape is not None else None,))


def _squeeze(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return array.evolve(shape=arrays.squeeze(array.info.shape))


def _transpose(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return array.evolve(shape=arrays.transpose(array.info.shape, _axes_argument(args)))


def _swapaxes(array: ArrayValue, method: str, args: CallArgs) -> Value:
    first, second = (to_python(args.get(i) or Const(None)) for i in (0, 1))
    return array.evolve(shape=arrays.swap_axes(array.info.shape, first, second))


def _drop(array: ArrayValue, method: str, args: CallArgs) -> Value:
    """``df.drop("y", axis=1)`` / ``df.drop(columns=[...])``: as many columns fewer."""
    shape = array.info.shape
    if shape is None or len(shape) != 2:
        return _same_rank(array, method, args)
    errors = args.get(None, "errors")
    columns = args.get(None, "columns")
    axis = to_python(args.get(1, "axis") or Const(0))
    if columns is None and axis in (1, "columns"):
        columns = args.get(0, "labels")
    if columns is None:
        return array.evolve(shape=(None, shape[1]))  # rows dropped
    removed = _label_count(columns) if errors is None else None
    return array.evolve(
        shape=(shape[0], None if removed is None else shift(shape[1], -removed)),
        **_dropped_columns(array.info, columns),
    )


def _dropped_columns(info: Any, columns: Value) -> dict[str, Any]:
    """``df.drop(["id", "label"], axis=1)``: the bounds of the columns that stay."""
    if info.column_ranges is None:
        return {}
    labels = to_python(columns)
    labels = [labels] if isinstance(labels, (str, int)) else labels
    names = value_ranges.column_positions(info, list(labels)) if isinstance(labels, list) else None
    if names is None:
        return value_ranges.forget_columns(info)
    kept = [p for p in range(len(info.column_ranges)) if p not in names]
    return value_ranges.pick_columns(info, kept)


def _label_count(labels: Value) -> int | None:
    """How many column labels ``labels`` names: one label, or a list of known length."""
    if isinstance(labels, Const) and isinstance(labels.value, (str, int)):
        return 1
    if isinstance(labels, Sequence) and labels.exact:
        return len(labels.items)
    return None


def _dot(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return arrays.matmul(array.info, arrays.array_info(args.get(0)))


def _reduce(array: ArrayValue, method: str, args: CallArgs) -> Value:
    axis = to_python(args.get(0, "axis") or Const(None))
    kind = value_kinds.after_reduction(array.info.value_kind, method)
    keep = to_python(args.get(None, "keepdims") or Const(False))
    reduced = arrays.reduced(array.info, method, axis, keep)
    return ArrayValue(replace(reduced, value_kind=kind, computed=True))


def _elementwise(array: ArrayValue, method: str, args: CallArgs) -> Value:
    """``x.clip(0, 1)``, ``x.round()``, ``x.abs()``: values stay within known bounds."""
    info = array.info
    bounds = info.value_range
    if bounds is not None and method == "clip":
        low, high = (
            to_python(args.get(i, k) or Const(None)) for i, k in ((0, "lower"), (1, "upper"))
        )
        if args.get(0) is None:
            low = to_python(args.get(None, "min") or Const(None))
            high = to_python(args.get(None, "max") or Const(None))
        bounds = value_ranges.clip(bounds, low, high)
    elif bounds is not None:
        bounds = value_ranges.FUNCTIONS[method](bounds)
    decimals = to_python(args.get(0, "decimals") or Const(None)) if method == "round" else None
    kind = value_kinds.after_elementwise(info.value_kind, method, decimals)
    return array.evolve(**value_ranges.with_range(info, bounds, info.scale), value_kind=kind)


def _argmax(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return arrays.argmax(array.info, to_python(args.get(0, "axis") or Const(None)))


def _cumsum(array: ArrayValue, method: str, args: CallArgs) -> Value:
    kind = value_kinds.after_reduction(array.info.value_kind, "cumsum")
    return array.evolve(scale="raw", value_range=None, value_kind=kind, computed=True)


def _pop(array: ArrayValue, method: str, args: CallArgs) -> Value:
    """``df.pop("price")``: that column (the frame itself changes: see ``mutated``)."""
    label = to_python(args.get(0) or Const(None))
    kind = (value_kinds.of_column(label) if isinstance(label, str) else None) or (
        array.info.value_kind
    )
    frame = array.info.shape is not None and len(array.info.shape) == 2
    if frame and isinstance(label, str):
        return array.evolve(shape=(None,), value_kind=kind, **_columns(array.info, [label]))
    return array.evolve(shape=None, value_kind=kind, **value_ranges.forget_columns(array.info))


def _row_flags(array: ArrayValue, method: str, args: CallArgs) -> Value:
    """pandas' ``df.duplicated()`` / ``s.duplicated()``: one flag per row (a mask that
    ``df[~mask]`` filters rows with)."""
    shape = array.info.shape
    rows = (shape[0],) if shape else None
    return ArrayValue(ArrayInfo(shape=rows, computed=True))


def _cell_flags(array: ArrayValue, method: str, args: CallArgs) -> Value:
    """pandas' ``isna`` / ``notna`` & co: one flag per cell."""
    return ArrayValue(ArrayInfo(shape=array.info.shape, computed=True))


def _factorize(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return array.evolve(encoding="int", shape=None, value_kind=value_kinds.INTEGER)


METHODS: dict[str, MethodHandler] = {
    **dict.fromkeys(_KEEP, _keep),
    **dict.fromkeys(_SAME_RANK, _same_rank),
    **dict.fromkeys(_REDUCE, _reduce),
    "copy": _copy,
    **dict.fromkeys(("clip", "round", "abs"), _elementwise),
    "reshape": _reshape,
    "astype": _astype,
    "flatten": _flatten,
    "ravel": _flatten,
    "squeeze": _squeeze,
    "transpose": _transpose,
    "swapaxes": _swapaxes,
    "drop": _drop,
    "dot": _dot,
    "argmax": _argmax,
    "cumsum": _cumsum,
    "pop": _pop,
    "factorize": _factorize,
    "duplicated": _row_flags,
    **dict.fromkeys(("isna", "isnull", "notna", "notnull"), _cell_flags),
}


def call_method(array: ArrayValue, method: str, args: CallArgs) -> Value | None:
    handler = METHODS.get(method)
    result = handler(array, method, args) if handler is not None else None
    if changes_in_place(method, args):
        mutated(array)
    return result


#: attributes whose value names the array's sizes after the expression that reads them
NAMING_ATTRIBUTES = frozenset({"shape", "columns"})


def attribute(array: ArrayValue, name: str, label: str = "x") -> Value:
    """``x.shape``, ``x.ndim``, ``x.T``, ``df.values`` ...; ``label`` is how the script names
    the array (``X_train``), for the sizes ``x.shape`` names."""
    info = array.info
    if name == "shape":
        if info.shape is None:
            return ArrayShape(array, label)
        return Sequence([Const(d) for d in named_shape(array, label)], is_tuple=True)
    if name == "ndim" and info.shape is not None:
        return Const(len(info.shape))
    if name == "T":
        return array.evolve(shape=arrays.transpose(info.shape))
    if name in ("values", "iloc", "loc", "str", "cat", "codes", "dt", "array"):
        return array.evolve(encoding="int" if name == "codes" else info.encoding)
    if name == "columns" and info.shape is not None and len(info.shape) == 2:
        return FrameColumns(array, label)
    return UNKNOWN_VALUE


def named_shape(array: ArrayValue, label: str) -> Shape:
    """The array's shape with every unknown size named after it (``X.shape[1]``).

    The names are written into the array itself: whatever the script later feeds with it
    (``fit(X)``) carries the same sizes as what it built from them (``Input((X.shape[1],))``).
    """
    shape = array.info.shape
    assert shape is not None
    if all(d is not None for d in shape):
        return shape
    named = tuple(Sym.new(f"{label}.shape[{i}]") if d is None else d for i, d in enumerate(shape))
    array.info = replace(array.info, shape=named)
    return named


def axis_size(array: ArrayValue, axis: int, label: str) -> Dim:
    """``x.shape[axis]`` as a dimension: known, or named after the array."""
    shape = array.info.shape
    if shape is not None:
        if not -len(shape) <= axis < len(shape):
            return None
        return named_shape(array, label)[axis]
    if array.symbols is None:
        array.symbols = {}
    if axis not in array.symbols:
        array.symbols[axis] = Sym.new(f"{label}.shape[{axis}]")
    return array.symbols[axis]


def shape_item(value: ArrayShape, index: Any) -> Value:
    """``x.shape[1]`` of an array of unknown rank."""
    if isinstance(index, Const) and isinstance(index.value, int):
        return Const(axis_size(value.array, index.value, value.label))
    return UNKNOWN_VALUE


#: methods that change a frame or an array in place, whatever their arguments
_IN_PLACE = frozenset({"insert", "pop", "resize", "update"})


def mutated(array: ArrayValue) -> None:
    """The script changed the array in place (``df["new"] = ...``, ``inplace=True``,
    ``df.pop("y")``): neither its sizes nor the names given to them describe it any more."""
    shape = array.info.shape
    array.info = replace(
        array.info,
        shape=None if shape is None else (None,) * len(shape),
        value_range=None,
        column_ranges=None,
        column_names=(),
    )
    array.symbols = None


def changes_in_place(method: str, args: CallArgs) -> bool:
    if method in _IN_PLACE:
        return True
    flag = args.get(None, "inplace")
    return flag is not None and to_python(flag) is not False


def subscript(array: ArrayValue, indices: list[Any]) -> Value:
    """Indexing and slicing keep provenance; the shape follows when it is simple, and so do
    the bounds of the columns picked from a sampled table."""
    info = array.info
    if len(indices) == 1 and isinstance(indices[0], Const) and isinstance(indices[0].value, str):
        # a DataFrame column holds one value per row; np.load("a.npz")["x"] is any array
        frame = info.shape is not None and len(info.shape) == 2
        kind = value_kinds.of_column(indices[0].value) or info.value_kind
        if not frame:
            member = arrays.archive_member(info, indices[0].value)
            if member is not None:
                return ArrayValue(member)
        columns = _columns(info, [indices[0].value]) if frame else {}
        return array.evolve(shape=(None,) if frame else None, value_kind=kind, **columns)
    if len(indices) == 1 and isinstance(indices[0], Sequence):
        count = len(indices[0].items) if indices[0].exact else None
        labels = to_python(indices[0]) if indices[0].exact else None
        columns = _columns(info, list(labels) if isinstance(labels, (list, tuple)) else None)
        return array.evolve(shape=(None, count), **columns)  # df[["a", "b"]]
    if any(isinstance(i, Const) and isinstance(i.value, str) for i in indices):
        return array.evolve(shape=None, **value_ranges.forget_columns(info))
    return array.evolve(
        shape=arrays.index_shape(info.shape, indices), **_positional_columns(info, indices)
    )


def _columns(info: Any, labels: list[Any] | None) -> dict[str, Any]:
    """``df["price"]``, ``df[["a", "b"]]``: the named columns' bounds."""
    if info.column_ranges is None:
        return {}
    positions = value_ranges.column_positions(info, labels) if labels is not None else None
    return value_ranges.pick_columns(info, positions)


def _positional_columns(info: Any, indices: list[Any]) -> dict[str, Any]:
    """``X[:, :-1]``, ``df.iloc[:, 13]``, ``X[:100]``: rows keep every column; a column index
    or slice on the second axis picks columns."""
    ranges = info.column_ranges
    if ranges is None:
        return {}
    if len(indices) == 1 and isinstance(indices[0], slice):
        return {}  # rows only
    if len(indices) != 2 or not isinstance(indices[0], slice):
        return value_ranges.forget_columns(info)
    column = indices[1]
    if isinstance(column, Const) and isinstance(column.value, int):
        return value_ranges.pick_columns(info, [column.value])
    if isinstance(column, slice):
        bounds = [
            to_python(b) if isinstance(b, Value) else None
            for b in (column.start, column.stop, column.step)
        ]
        if all(b is None or isinstance(b, int) for b in bounds):
            return value_ranges.pick_columns(info, list(range(len(ranges)))[slice(*bounds)])
    return value_ranges.forget_columns(info)


_OPERATORS = {
    cst.Add: "add",
    cst.Subtract: "subtract",
    cst.Multiply: "multiply",
    cst.Divide: "divide",
    cst.Power: "power",
}


def binary(op: type | None, left: Value, right: Value, node: cst.CSTNode | None = None) -> Value:
    """``x / 255``, ``x - mean``, ``x @ w``, ``y % 2``: provenance, scaling, bounds and shape."""
    left_info, right_info = arrays.array_info(left), arrays.array_info(right)
    if op is cst.MatrixMultiply and left_info is not None:
        return arrays.matmul(left_info, right_info)
    combined = combine_arrays([i for i in (left_info, right_info) if i is not None])
    shape = arrays.broadcast(
        left_info.shape if left_info else (), right_info.shape if right_info else ()
    )
    scale = combined.scale
    encoding = None
    if op is cst.Divide and left_info is not None:
        scale = "scaled"
    elif op is cst.Multiply:
        factor = to_python(right if left_info is not None else left)
        if isinstance(factor, (int, float)) and 0 < abs(factor) < 1:
            scale = "scaled"
    elif op in (cst.FloorDivide, cst.Modulo):
        encoding = "int"
    elif op is cst.Subtract and left_info is not None and left_info.scale == "raw":
        scale = "raw"
    kind = value_kinds.after_binary(op, [_kind(left), _kind(right)])
    bounds = _bounds(op, left, right, left_info, right_info)
    return ArrayValue(
        replace(
            combined,
            shape=shape,
            encoding=encoding,
            num_classes=None,
            token_ids=False,
            value_kind=kind,
            rescaled=_rescaling(op, left, right, left_info, node)
            or (left_info.rescaled if left_info is not None and right_info is None else None),
            **value_ranges.with_range(combined, bounds, scale),
        )
    )


def _kind(operand: Value) -> str | None:
    """An operand's value kind: an array's, or a literal number's."""
    info = arrays.array_info(operand)
    return info.value_kind if info is not None else value_kinds.of_number(to_python(operand))


def _bounds(op: type | None, left: Value, right: Value, left_info: Any, right_info: Any) -> Any:
    """The bounds of the result, when both operands have known ones and are not computed
    from the same data (``x - x.mean()`` is far narrower than interval arithmetic says)."""
    rule = value_ranges.BINARY.get(_OPERATORS.get(op, "")) if op is not None else None
    if rule is None:
        return None
    if left_info is not None and right_info is not None and left_info.derived_from(right_info):
        return None
    ranges = [_operand_range(v, i) for v, i in ((left, left_info), (right, right_info))]
    if ranges[0] is None or ranges[1] is None:
        return None
    return rule(ranges[0], ranges[1])


def _operand_range(value: Value, info: Any) -> Any:
    if info is not None:
        return info.value_range
    number = to_python(value)
    if isinstance(number, (int, float)):
        return value_ranges.known(number, number)
    return None


def _rescaling(
    op: type | None, left: Value, right: Value, left_info: Any, node: cst.CSTNode | None
) -> Rescaling | None:
    """``y / 255.0``, ``y / y.max()``: values divided on their way to ``fit``; when they were
    class labels, the classes are lost (KC107)."""
    if left_info is None or node is None:
        return None
    divisor = to_python(right)
    if op is not cst.Divide or (isinstance(divisor, (int, float)) and abs(divisor) <= 1):
        return None  # not multiplications: ``y * 0.9 + 0.05`` is label smoothing
    of_labels = known_labels(left_info)
    # the expression as written is for KC107's message, which only labels get: generating it
    # for every ``x / 255.0`` would cost a code generation per division
    labelled = of_labels and isinstance(node, cst.BinaryOperation)
    written = cst.Module([]).code_for_node(node) if labelled else ""
    return Rescaling(node, written=written, of_labels=of_labels)


def known_labels(info: Any) -> bool:
    """Values known to be class labels: one-hot rows, or integer ids that a dataset loader, a
    random class draw or a label encoder produced (not any integer array)."""
    if info.encoding in ("onehot", "multihot"):
        return True
    if info.encoding != "int":
        return False
    shape = info.shape
    if shape is not None and not (len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)):
        return False  # random integer images or token grids: one class id per sample is not that
    return info.num_classes is not None or any(
        o.kind in ("dataset", "random", "labels") for o in info.origins
    )


def negative(array: ArrayValue) -> ArrayValue:
    """``-x``: the bounds mirror."""
    bounds = array.info.value_range
    return array.evolve(value_range=value_ranges.negate(bounds)) if bounds else array


def comparison(left: Value, rights: list[Value]) -> Value:
    """``y > 0.5``: a boolean array, i.e. binary class labels."""
    infos = [i for i in (arrays.array_info(v) for v in (left, *rights)) if i is not None]
    combined = combine_arrays(infos)
    shape = next((i.shape for i in infos if i.shape is not None), None)
    return ArrayValue(
        replace(
            combined,
            scale=None,
            encoding="int",
            num_classes=2,
            shape=shape,
            token_ids=False,
            value_kind=value_kinds.INTEGER,
        )
    )


def comprehension(element: Value, length: int | None) -> Value:
    """``[random.randint(0, 1) for _ in range(100)]`` is a random label array of 100."""
    if isinstance(element, ArrayValue):
        inner = element.info.shape
        return element.evolve(shape=(length, *inner) if inner is not None else None)
    return UNKNOWN_VALUE
