"""Shared vocabulary of shape inference: formatting, parameter reading, the rule table.

Each layer family lives in its own module and registers a *rule* here: a function from the
layer's constructor arguments and its input shape(s) to its output shape. A rule returns None
when the output is not known statically, and raises when Keras would refuse the input.

Dimensions are ints, named unknowns (``Sym``, e.g. ``X.shape[1]``) or None (see
``kerascheck.ir``). A rule registered with ``symbolic=True`` receives Syms as they are and may
pass them on (Dense keeps every axis but the last); any other rule sees them as None, so a rule
written for ints and None keeps working. A rule registered with ``input_rank`` also gives the
rank of its output when its input is not known at all: Flatten, Conv2D, GlobalAveragePooling2D
produce a known rank whatever came before them (a Lambda, a custom layer, a pretrained base).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from kerascheck.dims import as_dim
from kerascheck.dims import product as product  # re-exported: the family modules use it
from kerascheck.ir import UNKNOWN, Dim, LayerNode, Shape, Sym
from kerascheck.keras_legacy import LAYER_KEYWORDS, translate_layer

#: A rule for a single-input layer: ``(layer, input_shape) -> output_shape | None``.
Rule = Callable[[LayerNode, Shape], "Shape | None"]
#: A rule for a merge layer: ``(layer, input_shapes) -> output_shape | None``.
MultiRule = Callable[[LayerNode, list[Shape]], "Shape | None"]

RULES: dict[str, Rule] = {}
MULTI_RULES: dict[str, MultiRule] = {}
#: classes whose rule handles Syms itself (the others see them as None)
SYMBOLIC: set[str] = set()
#: class -> the input rank its rule requires; applied to an unknown input, the rule runs on
#: that rank with every size unknown (the layer would not build on any other rank)
INPUT_RANKS: dict[str, int] = {}
#: merge classes whose inputs all share one rank (an unknown branch takes the others' rank)
SAME_RANK_MERGES: set[str] = set()


def rule(
    *classes: str, symbolic: bool = False, input_rank: int | Mapping[str, int] | None = None
) -> Callable[[Rule], Rule]:
    """Register ``function`` as the shape rule of the Keras layer classes ``classes``.

    ``input_rank`` (one rank, or one per class) is the rank the layer needs, batch included.
    """

    def register(function: Rule) -> Rule:
        for name in classes:
            RULES[name] = function
            if symbolic:
                SYMBOLIC.add(name)
            rank = input_rank.get(name) if isinstance(input_rank, Mapping) else input_rank
            if rank is not None:
                INPUT_RANKS[name] = rank
        return function

    return register


def multi_rule(
    *classes: str, symbolic: bool = False, same_rank: bool = False
) -> Callable[[MultiRule], MultiRule]:
    def register(function: MultiRule) -> MultiRule:
        for name in classes:
            MULTI_RULES[name] = function
            if symbolic:
                SYMBOLIC.add(name)
            if same_rank:
                SAME_RANK_MERGES.add(name)
        return function

    return register


def erase_symbols(shape: Shape) -> Shape:
    """The shape as a rule written for ints and None sees it."""
    if any(type(d) is Sym for d in shape):
        return tuple(None if type(d) is Sym else d for d in shape)
    return shape


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

    An empty or unknown input still gives a shape when the layer fixes its own input rank
    (``INPUT_RANKS``). Raises RankMismatch or Rejection when a known input cannot be taken.
    """
    if not layer.cls:
        return None
    layer = in_keras3_terms(layer)
    symbolic = layer.cls in SYMBOLIC
    try:
        multi = MULTI_RULES.get(layer.cls)
        if multi is not None:
            shapes = _merge_inputs(layer.cls, inputs)
            if shapes is None:
                return None
            return multi(layer, shapes if symbolic else [erase_symbols(s) for s in shapes])
        single = RULES.get(layer.cls)
        if single is None or len(inputs) > 1:
            return None
        shape = inputs[0] if inputs else None
        if shape is None:
            return _on_unknown_input(layer, single)
        return single(layer, shape if symbolic else erase_symbols(shape))
    except UnknownParam:
        return None


def in_keras3_terms(layer: LayerNode) -> LayerNode:
    """The layer as a Keras 1/2 script meant it (``border_mode="same"``, ``Convolution2D(32,
    3, 3)``): KC303 reports the old spelling, and shapes follow what the author asked for
    rather than the defaults Keras 3 would fall back to."""
    if layer.params.keys().isdisjoint(LAYER_KEYWORDS) and layer.spelled in ("", layer.cls):
        return layer
    translated = translate_layer(layer.cls, layer.spelled, layer.params, layer.positional)
    return replace(layer, params=translated.params) if translated.translations else layer


def _on_unknown_input(layer: LayerNode, single: Rule) -> Shape | None:
    rank = INPUT_RANKS.get(layer.cls)
    if rank is None:
        return None
    try:
        return single(layer, (None,) * rank)
    except (RankMismatch, Rejection):  # a wrapped layer that needs another rank
        return None


def _merge_inputs(cls: str, inputs: list[Shape | None]) -> list[Shape] | None:
    known = [shape for shape in inputs if shape is not None]
    if not inputs or not known:
        return None
    if len(known) == len(inputs):
        return known
    if cls not in SAME_RANK_MERGES or len({len(s) for s in known}) != 1:
        return None
    unknown: Shape = (None,) * len(known[0])
    return [shape if shape is not None else unknown for shape in inputs]


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


def size_param(layer: LayerNode, name: str) -> Dim:
    """A width such as ``units`` or ``filters``: a positive int, a Sym (``Dense(X.shape[1])``),
    or None (an unknown dim)."""
    value = layer.params.get(name, UNKNOWN)
    if isinstance(value, Sym):
        return value
    return positive_int(value)


def dim_param(value: Any) -> Dim:
    """A size given to a layer (``RepeatVector(n)``, a Reshape target entry) as a dimension."""
    return as_dim(value)
