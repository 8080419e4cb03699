"""Known bounds of array values, carried through the arithmetic scripts do on them.

``x = np.arange(-100, 100, 0.5)`` lies in [-100, 100]; ``x ** 4`` in [0, 1e8];
``x.sum(axis=1) * 40`` of ten uniform [0, 1) columns in [0, 400]. Interval arithmetic is exact
for one array and a constant, and only an over-approximation when both operands are arrays;
when they come from the same data (``x - x.mean()``, ``x / x.max()``) the bounds would be
far too wide, so they are dropped (the caller then keeps what it knew before).

A known range decides ``ArrayInfo.scale``: values reaching beyond ``RAW_ABOVE`` are unscaled
for a network's first layer; smaller ones are not. There is no separate notion of "range-raw".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from kerascheck.ir import ArrayInfo, Dim, ValueRange, is_size

#: Inputs whose magnitude exceeds this are unscaled (KC101): a Dense layer's initial weights
#: expect values of order one, and years, prices or ``x ** 4`` saturate or explode it, while
#: small counts (the 0-16 of sklearn's digits) still train.
RAW_ABOVE = 20.0
#: Bounds beyond this are treated as unknown (an overflowing power, a product of huge sums).
_LIMIT = 1e300


def known(low: Any, high: Any) -> ValueRange | None:
    """``(low, high)`` as a range when both are finite numbers (bools count as 0/1)."""
    if not all(isinstance(v, (int, float)) for v in (low, high)):
        return None
    low, high = float(low), float(high)
    if not (math.isfinite(low) and math.isfinite(high)) or max(abs(low), abs(high)) > _LIMIT:
        return None
    return (min(low, high), max(low, high))


def of_numbers(values: Iterable[Any]) -> ValueRange | None:
    """The bounds of a literal's numbers (nested lists), None when any item is no number."""
    flat: list[float] = []
    stack = [values]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, (int, float)):
            flat.append(float(item))
        else:
            return None
    return known(min(flat), max(flat)) if flat else None


def scale_for(bounds: ValueRange | None, fallback: str | None) -> str | None:
    """``scale`` of values with these bounds: "raw" beyond ``RAW_ABOVE``; within it, "scaled"
    when something else called them raw (a file that turns out to hold [0, 1] values), else
    neutral. Unknown bounds keep ``fallback``."""
    if bounds is None:
        return fallback
    if max(abs(bounds[0]), abs(bounds[1])) > RAW_ABOVE:
        return "raw"
    return "scaled" if fallback == "raw" else fallback


def with_range(info: ArrayInfo, bounds: ValueRange | None, fallback: str | None) -> dict[str, Any]:
    """The ``replace`` arguments that give ``info`` these bounds and the scale they imply."""
    return {"value_range": bounds, "scale": scale_for(bounds, fallback)}


# --- arithmetic -----------------------------------------------------------------------------


def _span(values: Iterable[float]) -> ValueRange | None:
    try:
        items = list(values)
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    return known(min(items), max(items)) if items else None


def add(a: ValueRange, b: ValueRange) -> ValueRange | None:
    return known(a[0] + b[0], a[1] + b[1])


def subtract(a: ValueRange, b: ValueRange) -> ValueRange | None:
    return known(a[0] - b[1], a[1] - b[0])


def multiply(a: ValueRange, b: ValueRange) -> ValueRange | None:
    return _span(x * y for x in a for y in b)


def divide(a: ValueRange, b: ValueRange) -> ValueRange | None:
    if b[0] <= 0 <= b[1]:
        return None  # the divisor may be zero: anything goes
    return _span(x / y for x in a for y in b)


def power(a: ValueRange, exponent: ValueRange) -> ValueRange | None:
    """``a ** n`` for a constant exponent ``n``."""
    if exponent[0] != exponent[1]:
        return None
    n = exponent[0]
    try:
        if n == int(n) and n >= 0:
            ends = (a[0] ** int(n), a[1] ** int(n))
            if int(n) % 2 == 0 and a[0] < 0 < a[1]:
                return known(0.0, max(ends))
            return known(min(ends), max(ends))
        if a[0] >= 0 and (n > 0 or a[0] > 0):
            ends = (a[0] ** n, a[1] ** n)
            return known(min(ends), max(ends))
    except (OverflowError, ZeroDivisionError):
        return None
    return None


def negate(a: ValueRange) -> ValueRange:
    return (-a[1], -a[0])


#: operator name -> interval function (the caller maps libcst's operator classes)
BINARY = {
    "add": add,
    "subtract": subtract,
    "multiply": multiply,
    "divide": divide,
    "power": power,
}


# --- functions of one array -----------------------------------------------------------------


def _monotonic(function: Any, a: ValueRange, low: float = -math.inf) -> ValueRange | None:
    if a[0] < low:
        return None  # outside the function's domain somewhere: nan or inf
    try:
        return known(function(a[0]), function(a[1]))
    except (OverflowError, ValueError):
        return None


def absolute(a: ValueRange) -> ValueRange:
    if a[0] >= 0:
        return a
    if a[1] <= 0:
        return negate(a)
    return (0.0, max(-a[0], a[1]))


FUNCTIONS = {
    "abs": absolute,
    "absolute": absolute,
    "sqrt": lambda a: _monotonic(math.sqrt, a, 0.0),
    "exp": lambda a: _monotonic(math.exp, a),
    "log": lambda a: _monotonic(math.log, a, 1e-300),
    "log2": lambda a: _monotonic(math.log2, a, 1e-300),
    "log10": lambda a: _monotonic(math.log10, a, 1e-300),
    "log1p": lambda a: _monotonic(math.log1p, a, -1.0 + 1e-300),
    "tanh": lambda a: _monotonic(math.tanh, a),
    "sin": lambda a: (-1.0, 1.0),
    "cos": lambda a: (-1.0, 1.0),
    "sign": lambda a: (-1.0, 1.0),
    "round": lambda a: a,
    "floor": lambda a: _monotonic(math.floor, a),
    "ceil": lambda a: _monotonic(math.ceil, a),
}


def clip(a: ValueRange, low: Any, high: Any) -> ValueRange | None:
    lo = low if isinstance(low, (int, float)) else -math.inf
    hi = high if isinstance(high, (int, float)) else math.inf
    return known(min(max(a[0], lo), hi), max(min(a[1], hi), lo))


def reduced(a: ValueRange | None, method: str, count: Dim) -> ValueRange | None:
    """The bounds of ``x.mean()``, ``x.max(axis=0)``, ``x.sum(axis=1)`` (``count`` values
    summed per result; a sum over an unknown count is unknown)."""
    if a is None:
        return None
    if method in ("mean", "max", "min", "median", "amax", "amin", "average", "nanmean"):
        return a
    if method == "sum":
        return multiply(a, (float(count), float(count))) if is_size(count) else None
    if method == "std":
        return (0.0, (a[1] - a[0]) / 2)
    if method == "var":
        return known(0.0, ((a[1] - a[0]) / 2) ** 2)
    return None


def axis_count(shape: tuple[Dim, ...] | None, axis: Any) -> Dim:
    """How many values ``axis`` gathers: one axis's size, or the product of several."""
    if shape is None:
        return None
    if axis is None:
        axes = tuple(range(len(shape)))
    else:
        axes = axis if isinstance(axis, tuple) else (axis,)
    if not all(isinstance(x, int) and -len(shape) <= x < len(shape) for x in axes):
        return None
    count = 1
    for position in {x % len(shape) for x in axes}:
        size = shape[position]
        if not is_size(size):
            return None
        count *= size
    return count


def join(a: ValueRange | None, b: ValueRange | None) -> ValueRange | None:
    """What bounds two arrays stacked together have."""
    if a is None or b is None:
        return None
    return (min(a[0], b[0]), max(a[1], b[1]))


def describe(bounds: ValueRange) -> str:
    """``[-100, 99.5]`` for messages."""
    return f"[{_number(bounds[0])}, {_number(bounds[1])}]"


def _number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.3g}"


# --- the columns of a sampled table -----------------------------------------------------------


def with_columns(
    info: ArrayInfo, ranges: tuple[ValueRange | None, ...], names: tuple[str, ...]
) -> dict[str, Any]:
    """``replace`` arguments for a table whose columns have these bounds (None: unknown)."""
    bounds: ValueRange | None = None
    if ranges and all(r is not None for r in ranges):
        bounds = ranges[0]
        for item in ranges[1:]:
            bounds = join(bounds, item)
    return {
        "column_ranges": ranges,
        "column_names": names,
        **with_range(info, bounds, info.scale),
    }


def pick_columns(info: ArrayInfo, positions: list[int] | None) -> dict[str, Any]:
    """``replace`` arguments after selecting columns by position; None: which columns is not
    known, so only bounds that no selection can contradict survive."""
    ranges = info.column_ranges
    if ranges is None:
        return {}
    if positions is None or not all(-len(ranges) <= p < len(ranges) for p in positions):
        return forget_columns(info)
    names = info.column_names
    picked = tuple(ranges[p] for p in positions)
    kept_names = tuple(names[p] for p in positions) if len(names) == len(ranges) else ()
    return with_columns(info, picked, kept_names)


def column_positions(info: ArrayInfo, labels: list[Any]) -> list[int] | None:
    """Positions of columns named by header labels, None when any is not in the header."""
    names = info.column_names
    if not names or info.column_ranges is None or len(names) != len(info.column_ranges):
        return None
    positions = []
    for label in labels:
        if not isinstance(label, str) or label not in names:
            return None
        positions.append(names.index(label))
    return positions


def forget_columns(info: ArrayInfo) -> dict[str, Any]:
    """Columns picked in a way not followed: a table's overall bounds still cap any subset
    (so "already scaled" stands), but "raw" may have come from a column left out, so large
    bounds are dropped and the scale falls back to what the loader said."""
    if info.column_ranges is None:
        return {}
    changes: dict[str, Any] = {"column_ranges": None, "column_names": ()}
    bounds = info.value_range
    if bounds is not None and max(abs(bounds[0]), abs(bounds[1])) > RAW_ABOVE:
        changes["value_range"] = None
        named = [o.path for o in info.origins if o.kind == "disk"]
        changes["scale"] = None if named and all(scaled_by_name(p) for p in named) else "raw"
    return changes


#: file names that say the data on disk is already scaled
_SCALED_HINTS = ("norm", "scal", "standard", "std", "preprocessed", "processed")


def scaled_by_name(path: str | None) -> bool:
    """``x_train_normalized.npy``: the name says the values were scaled before saving."""
    return isinstance(path, str) and any(hint in path.lower() for hint in _SCALED_HINTS)
