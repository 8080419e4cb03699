"""Python constants the interpreter computes: folding of arithmetic and comparisons on known
numbers, strings and named sizes, tuple slices, and the tests a branch can be decided on.

Folding is bounded (a linter must not compute ``10**10**10``): a result past the magnitude
cap is unknown, as anything the interpreter does not follow.
"""

from __future__ import annotations

import operator
from typing import Any

import libcst as cst

from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Sequence,
    Value,
    to_python,
)
from kerascheck.ir import UNKNOWN, Sym, is_size, same_dim

MAX_CONST_MAGNITUDE = 10**12

BINARY_OPERATORS: dict[type[cst.BaseBinaryOp], Any] = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.Divide: operator.truediv,
    cst.FloorDivide: operator.floordiv,
    cst.Modulo: operator.mod,
    cst.Power: operator.pow,
}

COMPARISONS: dict[type[cst.BaseCompOp], Any] = {
    cst.Equal: operator.eq,
    cst.NotEqual: operator.ne,
    cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le,
    cst.GreaterThan: operator.gt,
    cst.GreaterThanEqual: operator.ge,
}


AUG_TO_BINARY: dict[type, type] = {
    cst.AddAssign: cst.Add,
    cst.SubtractAssign: cst.Subtract,
    cst.MultiplyAssign: cst.Multiply,
    cst.DivideAssign: cst.Divide,
    cst.FloorDivideAssign: cst.FloorDivide,
    cst.ModuloAssign: cst.Modulo,
    cst.PowerAssign: cst.Power,
}


def sliced(sequence: Sequence, index: slice) -> Value:
    """``x.shape[1:]``, ``columns[:-1]``: a tuple or list slice with literal bounds."""
    bounds = [
        to_python(b) if isinstance(b, Value) else UNKNOWN
        for b in (index.start, index.stop, index.step)
    ]
    if not sequence.exact or not all(b is None or is_size(b) for b in bounds) or bounds[2] == 0:
        return UNKNOWN_VALUE
    items = sequence.items[slice(*bounds)]
    return Sequence(list(items), is_tuple=sequence.is_tuple, depth=sequence.depth)


def is_decidable(test: Any) -> bool:
    return isinstance(test, (bool, int, float, str, type(None), tuple, list))


def known_length(value: Value) -> int | None:
    if isinstance(value, Const) and isinstance(value.value, range):
        return len(value.value)
    if isinstance(value, Sequence):
        return len(value.items)
    if isinstance(value, ArrayValue) and value.info.shape:
        first = value.info.shape[0]
        return first if isinstance(first, int) else None
    return None


def compare_sizes(op: type, left: Const, right: Const) -> Value:
    """``X.shape[1] == 8``: decided only when the sizes are known to agree or to differ."""
    same = same_dim(left.value, right.value)
    if same is None or op not in (cst.Equal, cst.NotEqual):
        return UNKNOWN_VALUE
    return Const(same if op is cst.Equal else not same)


def fold_size(op: type | None, left: Any, right: Any) -> Value:
    """``X.shape[1] - 1``, ``n + 2``: a named size shifted by a constant stays a named size."""
    if op is cst.Add and is_size(left) and isinstance(right, Sym):
        left, right = right, left
    if isinstance(left, Sym) and is_size(right) and op in (cst.Add, cst.Subtract):
        return Const(left.shifted(right if op is cst.Add else -right))
    same_base = isinstance(left, Sym) and isinstance(right, Sym) and left.base == right.base
    if same_base and op is cst.Subtract:
        return Const(left.offset - right.offset)
    return UNKNOWN_VALUE


def fold(op: type | None, left: Any, right: Any) -> Value:
    """Constant folding for numbers (bounded: a linter must not compute 10**10**10)."""
    if isinstance(left, Sym) or isinstance(right, Sym):
        return fold_size(op, left, right)
    function = BINARY_OPERATORS.get(op) if op else None
    numeric = (int, float)
    if function is None or not isinstance(left, numeric) or not isinstance(right, numeric):
        if op is cst.Add and isinstance(left, str) and isinstance(right, str):
            return Const(left + right)
        return UNKNOWN_VALUE
    if op is cst.Power and (abs(right) > 64 or abs(left) > MAX_CONST_MAGNITUDE):
        return UNKNOWN_VALUE
    try:
        result = function(left, right)
    except (ArithmeticError, ValueError, TypeError):
        return UNKNOWN_VALUE
    if isinstance(result, complex) or abs(result) > MAX_CONST_MAGNITUDE**2:
        return UNKNOWN_VALUE
    return Const(result)
