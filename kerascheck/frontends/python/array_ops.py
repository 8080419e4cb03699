"""What Python code does to an array value: methods, attributes, indexing and operators.

numpy arrays and pandas frames share most of their method names (``reshape``, ``astype``,
``values``, ``dropna`` ...); each method is one entry of ``METHODS``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import libcst as cst

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Sequence,
    Value,
    combine_arrays,
    to_python,
)

MethodHandler = Callable[[ArrayValue, str, CallArgs], Value | None]

#: methods that keep an array's values and shape
_KEEP = (
    "copy",
    "values",
    "to_numpy",
    "tolist",
    "fillna",
    "toarray",
    "todense",
    "clip",
    "round",
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
    "drop",
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


def _same_rank(array: ArrayValue, method: str, args: CallArgs) -> Value:
    shape = array.info.shape
    return array.evolve(shape=tuple(None for _ in shape) if shape is not None else None)


def _reshape(array: ArrayValue, method: str, args: CallArgs) -> Value:
    target: Any = (
        to_python(args.get(0) or Const(None))
        if len(args.positional) == 1
        else tuple(to_python(v) for v, _ in args.positional)
    )
    return array.evolve(shape=arrays.reshape(array.info.shape, target))


def _astype(array: ArrayValue, method: str, args: CallArgs) -> Value:
    if arrays.is_int_dtype(args.get(0, "dtype")) and array.info.encoding != "onehot":
        return array.evolve(encoding="int")
    return array


def _flatten(array: ArrayValue, method: str, args: CallArgs) -> Value:
    shape = array.info.shape
    size = math.prod(shape) if shape and all(isinstance(d, int) for d in shape) else None
    return array.evolve(shape=(size,))


def _squeeze(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return array.evolve(shape=arrays.squeeze(array.info.shape))


def _transpose(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return array.evolve(shape=arrays.transpose(array.info.shape))


def _dot(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return arrays.matmul(array.info, arrays.array_info(args.get(0)))


def _reduce(array: ArrayValue, method: str, args: CallArgs) -> Value:
    axis = to_python(args.get(0, "axis") or Const(None))
    return array.evolve(
        shape=arrays.drop_axis(array.info.shape, axis), encoding=None, num_classes=None
    )


def _argmax(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return arrays.argmax(array.info, to_python(args.get(0, "axis") or Const(None)))


def _cumsum(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return array.evolve(scale="raw")


def _pop(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return array.evolve(shape=None)


def _factorize(array: ArrayValue, method: str, args: CallArgs) -> Value:
    return array.evolve(encoding="int", shape=None)


METHODS: dict[str, MethodHandler] = {
    **dict.fromkeys(_KEEP, _keep),
    **dict.fromkeys(_SAME_RANK, _same_rank),
    **dict.fromkeys(_REDUCE, _reduce),
    "reshape": _reshape,
    "astype": _astype,
    "flatten": _flatten,
    "ravel": _flatten,
    "squeeze": _squeeze,
    "transpose": _transpose,
    "dot": _dot,
    "argmax": _argmax,
    "cumsum": _cumsum,
    "pop": _pop,
    "factorize": _factorize,
}


def call_method(array: ArrayValue, method: str, args: CallArgs) -> Value | None:
    handler = METHODS.get(method)
    return handler(array, method, args) if handler is not None else None


def attribute(array: ArrayValue, name: str) -> Value:
    info = array.info
    if name == "shape":
        if info.shape is None:
            return UNKNOWN_VALUE
        return Sequence(
            [Const(d) if d is not None else UNKNOWN_VALUE for d in info.shape], is_tuple=True
        )
    if name == "ndim" and info.shape is not None:
        return Const(len(info.shape))
    if name == "T":
        return array.evolve(shape=arrays.transpose(info.shape))
    if name in ("values", "iloc", "loc", "str", "cat", "codes", "dt", "array"):
        return array.evolve(encoding="int" if name == "codes" else info.encoding)
    return UNKNOWN_VALUE


def subscript(array: ArrayValue, indices: list[Any]) -> Value:
    """Indexing and slicing keep provenance; the shape follows when it is simple."""
    info = array.info
    if len(indices) == 1 and isinstance(indices[0], Const) and isinstance(indices[0].value, str):
        # a DataFrame column holds one value per row; np.load("a.npz")["x"] is any array
        frame = info.shape is not None and len(info.shape) == 2
        return array.evolve(shape=(None,) if frame else None)
    if len(indices) == 1 and isinstance(indices[0], Sequence):
        columns = len(indices[0].items) if indices[0].exact else None
        return array.evolve(shape=(None, columns))  # df[["a", "b"]]
    if any(isinstance(i, Const) and isinstance(i.value, str) for i in indices):
        return array.evolve(shape=None)
    return array.evolve(shape=arrays.index_shape(info.shape, indices))


def binary(op: type | None, left: Value, right: Value) -> Value:
    """``x / 255``, ``x - mean``, ``x @ w``, ``y % 2``: provenance, scaling and shape."""
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
    return ArrayValue(
        replace(
            combined, scale=scale, shape=shape, encoding=encoding, num_classes=None, token_ids=False
        )
    )


def comparison(left: Value, rights: list[Value]) -> Value:
    """``y > 0.5``: a boolean array, i.e. binary class labels."""
    infos = [i for i in (arrays.array_info(v) for v in (left, *rights)) if i is not None]
    combined = combine_arrays(infos)
    shape = next((i.shape for i in infos if i.shape is not None), None)
    return ArrayValue(
        replace(combined, scale=None, encoding="int", num_classes=2, shape=shape, token_ids=False)
    )


def comprehension(element: Value, length: int | None) -> Value:
    """``[random.randint(0, 1) for _ in range(100)]`` is a random label array of 100."""
    if isinstance(element, ArrayValue):
        inner = element.info.shape
        return element.evolve(shape=(length, *inner) if inner is not None else None)
    return UNKNOWN_VALUE
