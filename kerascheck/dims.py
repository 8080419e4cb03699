"""Arithmetic on dimensions: what a reshape, a slice or a flatten does to sizes.

A dimension is a known ``int``, a named unknown (``Sym``) or an unknown (``None``); see
``kerascheck.ir``. The interpreter's arrays and the layers' shape rules share these functions,
so that ``x.reshape(-1, X.shape[1], 1)`` and ``Reshape((-1, 1))`` count elements the same way.
Every function answers None rather than guess.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from kerascheck.ir import Dim, Shape, Sym, is_size, same_dim


def as_dim(value: Any) -> Dim:
    """A value as a dimension: an int >= 0 or a Sym; anything else is unknown."""
    if is_size(value):
        return value if value >= 0 else None
    return value if isinstance(value, Sym) else None


def shift(dim: Dim, amount: int) -> Dim:
    """``dim + amount``: exact for ints and Syms, unknown otherwise."""
    if is_size(dim):
        total = dim + amount  # type: ignore[operator]
        return total if total >= 0 else None
    return dim.shifted(amount) if isinstance(dim, Sym) else None


def product(dims: tuple[Dim, ...]) -> Dim:
    """How many elements dims hold: an int when all are known, the one dim when there is one."""
    if len(dims) == 1:
        return dims[0]
    total = 1
    for d in dims:
        if not is_size(d):
            return None
        total *= d  # type: ignore[operator]
    return total


@dataclass(frozen=True)
class Count:
    """An element count as a constant times named unknowns: (s, 28, 28) holds 784 * s."""

    constant: int
    symbols: Counter[Sym]


def count(dims: tuple[Dim, ...]) -> Count | None:
    """The element count of dims; None when one of them is unknown."""
    constant, symbols = 1, Counter[Sym]()
    for d in dims:
        if isinstance(d, Sym):
            symbols[d] += 1
        elif is_size(d):
            constant *= d  # type: ignore[operator]
        else:
            return None
    return Count(constant, symbols)


class CountMismatch(Exception):
    """A reshape that cannot happen: the target holds another number of elements.

    Arrays that reach Keras are never empty, so a named unknown in both counts cancels.
    """

    def __init__(self, held: Count, asked: Count, free_axis: bool) -> None:
        super().__init__("element count mismatch")
        self.held, self.asked, self.free_axis = held, asked, free_axis


def reshaped(dims: tuple[Dim, ...], target: tuple[Dim, ...]) -> tuple[Dim, ...]:
    """``dims`` reshaped to ``target`` (which may hold one ``-1``). Raises CountMismatch when
    the element counts are known not to match; unknown sizes in the result are None."""
    free = [i for i, d in enumerate(target) if _is_free(d)]
    unknown_fill = tuple(None if _is_free(d) else d for d in target)
    if len(free) > 1:
        return unknown_fill
    held, asked = count(dims), count(tuple(d for d in target if not _is_free(d)))
    if held is None or asked is None or asked.symbols - held.symbols:
        return unknown_fill  # an unknown size, or a named one that does not cancel
    left = held.symbols - asked.symbols
    if not free:
        if not left and held.constant != asked.constant:
            raise CountMismatch(held, asked, free_axis=False)
        return target
    fill: Dim = None
    if not left:
        if asked.constant == 0 or held.constant % asked.constant:
            raise CountMismatch(held, asked, free_axis=True)
        fill = held.constant // asked.constant
    elif sum(left.values()) == 1 and held.constant == asked.constant:
        fill = next(iter(left))
    return tuple(fill if i == free[0] else d for i, d in enumerate(target))


def _is_free(dim: Dim) -> bool:
    """The ``-1`` of a reshape target (a Sym never is)."""
    return is_size(dim) and dim == -1


def describe_count(amount: Count) -> str:
    """``7840000``, ``784 * X.shape[0]``: how an element count reads in a message."""
    names = [str(sym) for sym in sorted(amount.symbols.elements(), key=str)]
    if not names:
        return str(amount.constant)
    factors = ([str(amount.constant)] if amount.constant != 1 else []) + names
    return " * ".join(factors)


def slice_length(size: Dim, start: Any, stop: Any, step: Any) -> Dim:
    """The length of ``range(size)[start:stop:step]``; bounds are ints or None."""
    if is_size(size):
        return len(range(size)[slice(start, stop, step)])  # type: ignore[arg-type]
    if step not in (None, 1):
        return None
    if isinstance(size, Sym) and (start is None or start >= 0) and (stop is None or stop < 0):
        return size.shifted(-(start or 0) + (stop or 0))  # x[:, 1:], x[:, :-1]
    if start is not None and stop is not None and start >= 0 and stop >= 0:
        return max(stop - start, 0)  # assumes the data is at least ``stop`` long, as users do
    return None


def same_shape(a: Shape, b: Shape) -> bool:
    """Both shapes are known to be identical, dimension by dimension."""
    return len(a) == len(b) and all(same_dim(x, y) for x, y in zip(a, b, strict=True))
