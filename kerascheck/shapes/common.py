"""Shared vocabulary of shape inference: formatting, parameter reading, the rule table.

Each layer family lives in its own module and registers a *rule* here: a function from the
layer's constructor arguments and its input shape(s) to its output shape. A rule returns None
when the output is not known statically, and raises when Keras would refuse the input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kerascheck.ir import UNKNOWN, LayerNode, Shape

#: A rule for a single-input layer: ``(layer, input_shape) -> output_shape | None``.
Rule = Callable[[LayerNode, Shape], "Shape | None"]
#: A rule for a merge layer: ``(layer, input_shapes) -> output_shape | None``.
MultiRule = Callable[[LayerNode, list[Shape]], "Shape | None"]

RULES: dict[str, Rule] = {}
MULTI_RULES: dict[str, MultiRule] = {}


def rule(*classes: str) -> Callable[[Rule], Rule]:
    """Register ``function`` as the shape rule of the Keras layer classes ``classes``."""

    def register(function: Rule) -> Rule:
        for name in classes:
            RULES[name] = function
        return function

    return register


def multi_rule(*classes: str) -> Callable[[MultiRule], MultiRule]:
    def register(function: MultiRule) -> MultiRule:
        for name in classes:
            MULTI_RULES[name] = function
        return function

    return register


# --- why a layer refuses its input ----------------------------------------------------------


@dataclass
class RankMismatch(Exception):
    """The layer needs another rank. The message is written by the caller, who knows the graph.

    ``axes`` names the non-batch axes the layer expects, e.g. ``("steps", "features")``.
    """

    rank: int  # the rank the layer needs, batch axis included
    axes: tuple[str, ...]
    at_least: bool = False
    hint: str = ""  # the rule's own advice, used when the graph suggests nothing better

    def describe(self) -> str:
        """``4 dimensions (batch, height, width, channels)``."""
        amount = f"at least {self.rank}" if self.at_least else str(self.rank)
        return f"{amount} dimensions {format_axes(('batch', *self.axes))}"


@dataclass
class Rejection(Exception):
    """Keras refuses the input for another reason than rank; the texts are complete.

    ``message`` says what the layer receives and why it cannot take it, in one line;
    ``help`` why the model does not build and how to fix it (kerascheck.diagnostics).
    """

    kind: str  # "size" | "reshape" | "merge" | "rank" | "time-distributed"
    message: str
    help: str


def apply_layer(layer: LayerNode, inputs: list[Shape | None]) -> Shape | None:
    """Output shape of ``layer`` applied to ``inputs``; None when it cannot be known.

    Raises RankMismatch or Rejection when the (known) input cannot be taken.
    """
    if not layer.cls or any(shape is None for shape in inputs) or not inputs:
        return None
    known: list[Shape] = [shape for shape in inputs if shape is not None]
    try:
        multi = MULTI_RULES.get(layer.cls)
        if multi is not None:
            return multi(layer, known)
        single = RULES.get(layer.cls)
        if single is None or len(known) != 1:
            return None
        return single(layer, known[0])
    except UnknownParam:
        return None


# --- formatting -----------------------------------------------------------------------------


def format_shape(shape: Shape) -> str:
    """``(None, 20, 1)`` -> ``"(batch, 20, 1)"``: the leading None is the batch axis."""
    parts = ["batch" if i == 0 and d is None else str(d) for i, d in enumerate(shape)]
    if len(parts) == 1:
        return f"({parts[0]},)"
    return f"({', '.join(parts)})"


def format_dims(dims: tuple[int | None, ...]) -> str:
    """Per-sample dims without a batch axis: ``(20, 1)``, ``(20,)``."""
    text = ", ".join(str(d) for d in dims)
    return f"({text},)" if len(dims) == 1 else f"({text})"


def format_axes(names: tuple[str, ...]) -> str:
    return f"({', '.join(names)})"


def article(name: str) -> str:
    """``an LSTM``, ``a GRU``, ``a SimpleRNN``, ``an AveragePooling1D``."""
    if not name:
        return "a"
    first = name[0]
    if first.lower() in "aeiou":
        return f"an {name}"
    acronym = len(name) > 1 and name[1].isupper()
    if acronym and first in "FHLMNRSX":
        return f"an {name}"
    return f"a {name}"


# --- reading constructor arguments ----------------------------------------------------------


class UnknownParam(Exception):
    """A parameter that decides the output's layout is not known: the output is unknown."""


def flag(layer: LayerNode, name: str, default: bool = False) -> bool:
    """A boolean argument; raises UnknownParam when it could not be resolved."""
    value = layer.params.get(name, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if value is None:
        return default
    raise UnknownParam(name)


def positive_int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def int_tuple(value: Any, n: int, *, allow_zero: bool = False) -> tuple[int, ...] | None:
    """An ``int`` or an n-tuple of ints (``kernel_size=3`` or ``(3, 3)``); None if not known."""
    floor = 0 if allow_zero else 1

    def ok(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and v >= floor

    if ok(value):
        return (value,) * n
    if isinstance(value, (tuple, list)) and len(value) == n and all(ok(v) for v in value):
        return tuple(value)
    return None


def data_format(layer: LayerNode) -> str:
    """``channels_last`` (the Keras default) or ``channels_first``; raises UnknownParam."""
    value = layer.params.get("data_format")
    if value is None:
        return "channels_last"
    if isinstance(value, str) and value.lower() in ("channels_last", "channels_first"):
        return value.lower()
    raise UnknownParam("data_format")


def padding_mode(layer: LayerNode, allowed: tuple[str, ...]) -> str | None:
    value = layer.params.get("padding", "valid")
    if isinstance(value, str) and value.lower() in allowed:
        return value.lower()
    return None


def size_param(layer: LayerNode, name: str) -> int | None:
    """A width such as ``units`` or ``filters``: None (an unknown dim) unless a positive int."""
    return positive_int(layer.params.get(name, UNKNOWN))


def product(dims: tuple[int | None, ...]) -> int | None:
    total = 1
    for d in dims:
        if d is None:
            return None
        total *= d
    return total
