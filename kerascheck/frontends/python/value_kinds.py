"""What kind of numbers an array holds, as far as the code shows: continuous, counts, integers.

Keras 3 resolves ``metrics=["accuracy"]`` from the shapes of labels and output, not from the
loss: with one output unit it is binary accuracy (prediction > 0.5 compared with the target).
With mse on 0/1 labels that metric is meaningful and moves; on continuous targets, or on counts
that go past 1, it can almost never match. KC302 therefore needs to know the targets' kind:

- ``CONTINUOUS``: floats that are not all integers: float random draws, regression data set
  targets, a scaler's output, true division, arithmetic with a continuous array or with a
  non-integer number, ``np.sin``/``np.log``/..., means;
- ``COUNTS``: integers that outgrow class ids: a sum over integer values (``X.sum(axis=1)`` of
  0/1 features), a cumulative sum;
- ``INTEGER``: integers: ``randint`` draws, comparisons, ``astype(int)``, ``argmax``, ``//``,
  ``%``, class ids of classification data sets, encoders;
- ``None``: unknown (data read from disk, anything not followed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import libcst as cst

CONTINUOUS = "continuous"
COUNTS = "counts"
INTEGER = "integer"

#: Column names that say a table holds a measured quantity, i.e. regression targets
#: (``df["SalePrice"]``): like file names that say "normalized", they are what the code shows.
CONTINUOUS_COLUMN_HINTS = (
    "price",
    "cost",
    "salary",
    "income",
    "revenue",
    "amount",
    "temperature",
    "charges",
    "medv",
    "mpg",
)

_ROUNDING = frozenset({"round", "around", "rint", "floor", "ceil", "trunc", "fix"})

#: Column-name parts that say the column holds classes of a quantity, not the quantity.
_CLASS_MARKERS = ("range", "class", "categ", "bin", "level", "label", "band", "group", "bucket")

_ELEMENTWISE = (cst.Add, cst.Subtract, cst.Multiply, cst.Power, cst.MatrixMultiply)


def join(kinds: Iterable[str | None]) -> str | None:
    """The kind of values computed element by element from arrays of these kinds (sums,
    products, stacking): continuous if any part is; otherwise counts or integers when every
    part is known to hold integers; unknown otherwise."""
    found = list(kinds)
    if CONTINUOUS in found:
        return CONTINUOUS
    if not found or None in found:
        return None
    return COUNTS if COUNTS in found else INTEGER


def of_number(value: Any) -> str | None:
    """The kind of a Python number used as an operand (``y * 0.5``, ``x + 1``)."""
    if isinstance(value, bool):
        return INTEGER
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return INTEGER if value.is_integer() else CONTINUOUS
    return None


def after_binary(op: type | None, operands: list[str | None]) -> str | None:
    """The kind of ``a <op> b`` from its operands' kinds (an array's kind or ``of_number``)."""
    if op is cst.Divide:
        return CONTINUOUS
    if op in (cst.FloorDivide, cst.Modulo):
        return INTEGER
    if op in _ELEMENTWISE:
        if CONTINUOUS in operands:
            return CONTINUOUS
        return join(operands)
    return None


def after_reduction(kind: str | None, method: str) -> str | None:
    """``x.sum(axis=1)``, ``np.mean(x)``, ``x.max()``: sums of integers become counts, means
    of anything known become continuous; max/min/median keep the kind."""
    if method in ("sum", "prod", "cumsum"):
        return COUNTS if kind in (INTEGER, COUNTS) else kind
    if method in ("mean", "std", "var"):
        return CONTINUOUS if kind is not None else None
    return kind


def after_function(kind: str | None, function: str) -> str | None:
    """``np.sin(x)``, ``np.log(x)``, ``np.sign(x)``: what an element-wise function gives."""
    if function == "sign":
        return INTEGER
    return CONTINUOUS


def after_elementwise(kind: str | None, function: str, decimals: Any = None) -> str | None:
    """``np.round(x)``, ``np.floor(x)``, ``x.clip(0, 1)``: rounding to whole numbers gives
    integers (``np.round(np.random.rand(n))`` is 0/1 labels); clip and abs keep the kind."""
    if function in _ROUNDING and decimals in (None, 0):
        return COUNTS if kind == COUNTS else INTEGER
    return kind


def of_column(name: str) -> str | None:
    """``df["SalePrice"]``: continuous when the column's name says it holds a quantity (and
    not classes of it: ``price_range`` of the mobile-price data set holds classes 0..3)."""
    lowered = name.lower()
    if any(marker in lowered for marker in _CLASS_MARKERS):
        return None
    return CONTINUOUS if any(hint in lowered for hint in CONTINUOUS_COLUMN_HINTS) else None
