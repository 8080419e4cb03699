"""Keras's build errors, retold in the user's terms: which layer, what it got, what it needs,
and what to change.

Keras reports what went wrong inside the framework ("Shapes used to initialize variables must
be fully-defined", a variable path, ``ndim``). The user wrote layers. When static shape
inference already explains the layer, its message (which carries the fix) is used; otherwise
the common Keras messages are matched and rephrased, and anything else is quoted as is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kerascheck import keras_api
from kerascheck.diagnostics import MESSAGE_LIMIT
from kerascheck.ir import LayerNode
from kerascheck.shapes import format_shape

_NDIM = re.compile(r"expected (min_|max_)?ndim=(\d+), found ndim=(\d+)")
_AXIS = re.compile(r"expected axis (-?\d+) of input shape to have value (\d+)")
_UNKNOWN_KWARGS = re.compile(r"Unrecognized keyword arguments passed to (\w+): \{(.*)\}")
_ACTIVATION = re.compile(r"Could not interpret activation function identifier: (\S+)")
_INITIALIZER = re.compile(r"Could not interpret initializer identifier: (\S+)")
_VARIABLE = re.compile(r"Received: shape=\(([^)]*)\) for variable path='([^']*)'")
_RESHAPE = re.compile(r"input_shape=\(([^)]*)\), target_shape=\(([^)]*)\)")

#: what a layer family needs, in words, for messages
_NEEDS = {
    "recurrent": "(batch, steps, features)",
    "Conv1D": "(batch, steps, channels)",
    "Conv2D": "(batch, height, width, channels)",
    "Conv3D": "(batch, depth, height, width, channels)",
}


def quote(message: str, limit: int = 300) -> str:
    """Keras's message, shortened to its first lines."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def note(text: str) -> str:
    """A related note: one line of at most ``MESSAGE_LIMIT`` characters, like a message."""
    return quote(text, MESSAGE_LIMIT)


def shape_text(shape: Any) -> str:
    if shape is None:
        return "(unknown)"
    if shape and isinstance(shape[0], list):
        return " and ".join(shape_text(s) for s in shape)
    return format_shape(tuple(shape))


#: (message, help): what is wrong in one line, then why and the fix (kerascheck.diagnostics).
Texts = tuple[str, str]


def construct_failure(
    layer: LayerNode, message: str, suggest: dict[str, str] | None = None
) -> Texts:
    """The layer's constructor refused its arguments; ``suggest`` maps a refused keyword to
    the closest one the class takes (a misspelling)."""
    name = layer.display
    found = _UNKNOWN_KWARGS.search(message)
    if found:
        names = re.findall(r"'(\w+)'\s*:", found.group(2))
        listed = ", ".join(f"`{n}=`" for n in names) or "some arguments"
        meant = [f"`{suggest[n]}=`" for n in names if suggest and n in suggest]
        if meant:
            return (
                f"Keras 3 cannot create {name}: it does not accept {listed}",
                f"Did you mean {', '.join(meant)}? A misspelt keyword stops the script when it "
                "creates this layer.",
            )
        return (
            f"Keras 3 cannot create {name}: it does not accept {listed}",
            "A misspelt argument, or an older Keras spelling that is not recognised any more: "
            "the script stops here. Rename or remove the argument.",
        )
    found = _ACTIVATION.search(message)
    if found:
        return (
            f"Keras 3 cannot create {name}: {found.group(1)!s} is not an activation it knows",
            "The script stops when it creates this layer. Use one of 'relu', 'sigmoid', "
            "'tanh', 'softmax', 'linear' ...",
        )
    found = _INITIALIZER.search(message)
    if found:
        return (
            f"Keras 3 cannot create {name}: {found.group(1)!s} is not an initializer it knows",
            "The script stops when it creates this layer. Use one of 'glorot_uniform', "
            "'he_normal', 'he_uniform', 'lecun_normal', 'orthogonal', 'zeros' ...",
        )
    return (
        f"Keras 3 cannot create {name}",
        f'Keras 3 stops with: "{quote(message)}". Change the arguments it names.',
    )


def call_failure(
    layer: LayerNode, message: str, received: list[Any], explained: Texts | None
) -> Texts:
    """The layer refused its input; ``explained`` is static shape inference's (message, help)."""
    got = shape_text(received[0] if len(received) == 1 else received)
    if explained:
        what, help = explained
        return what, f'{help} Building the model in Keras 3 fails here: "{quote(message)}".'
    for matcher in _MATCHERS:
        texts = matcher(layer, message, got, received)
        if texts:
            what, help = texts
            return what, f'{help} Keras 3 says: "{quote(message, 200)}".'
    return (
        f"{layer.display} cannot take its input of shape {got}",
        f'Building the model in Keras 3 fails here: "{quote(message)}". Make what reaches the '
        "layer match what it needs.",
    )


def _ndim(layer: LayerNode, message: str, got: str, received: list[Any]) -> Texts | None:
    found = _NDIM.search(message)
    if not found:
        return None
    bound = {"min_": "at least ", "max_": "at most "}.get(found.group(1) or "", "")
    need, have = found.group(2), found.group(3)
    layout = _layout(layer)
    what = f"{layer.display} receives {got} ({have} dimensions) but needs {bound}{need}"
    why = (
        f"The layer works on {layout}." if layout else f"The layer needs {bound}{need} dimensions."
    )
    if int(have) < int(need):
        return what, (
            f"{why} Something before it removed an axis (a recurrent layer without "
            "return_sequences=True, a Flatten, a pooling layer), or the data lacks one: add it "
            "back with Reshape, or reshape the data."
        )
    return what, (
        f"{why} Flatten or pool the extra axis first, or wrap the layer in TimeDistributed."
    )


def _axis(layer: LayerNode, message: str, got: str, received: list[Any]) -> Texts | None:
    found = _AXIS.search(message)
    if not found:
        return None
    return (
        f"{layer.display} was built for a last axis of {found.group(2)} but receives {got}",
        "A layer used twice must receive inputs of the same size; use a separate layer for "
        "this input.",
    )


def _variables(layer: LayerNode, message: str, got: str, received: list[Any]) -> Texts | None:
    if "must be fully-defined" not in message:
        return None
    found = _VARIABLE.search(message)
    path = found.group(2) if found else ""
    inner = layer.inner
    if layer.cls == "TimeDistributed" and inner is not None and received:
        steps = received[0]
        step_shape = format_shape((steps[0], *steps[2:])) if len(steps) >= 2 else got
        return (
            f"{layer.display} passes each step of {got} to the {inner.display} as {step_shape}",
            f"The {inner.display} needs {_layout(inner) or 'more dimensions'} and cannot size "
            "its weights. Remove TimeDistributed, or give the data an outer time axis.",
        )
    where = f" (weights {path})" if path else ""
    return (
        f"{layer.display} receives {got}: the axis its weights depend on has no size",
        f"Keras cannot size the layer's weights{where}. Give that axis a fixed size in the "
        "model's input.",
    )


def _too_small(layer: LayerNode, message: str, got: str, received: list[Any]) -> Texts | None:
    if "output size would be zero or negative" not in message and "Negative dimension" not in (
        message
    ):
        return None
    return (
        f"{layer.display} receives {got}, smaller than its kernel or pool size",
        "Its output would have no positions left. Use padding='same', a smaller kernel or "
        "pool size, or fewer downsampling layers before it.",
    )


def _reshape(layer: LayerNode, message: str, got: str, received: list[Any]) -> Texts | None:
    if "total size of the" not in message:
        return None
    found = _RESHAPE.search(message)
    if not found:
        return None
    have = _product(found.group(1))
    need = _product(found.group(2))
    return (
        f"{layer.display} cannot turn samples of shape ({found.group(1)}) into ({found.group(2)})",
        f"The first holds {have} values and the second {need}. Make the target shape hold the "
        "same number of values (use -1 for one axis to let Keras work it out).",
    )


def _concatenate(layer: LayerNode, message: str, got: str, received: list[Any]) -> Texts | None:
    if "matching shapes except for the concatenation axis" not in message:
        return None
    return (
        f"{layer.display} cannot join inputs of shapes {got}",
        "They differ on an axis other than the one it concatenates along. Make them agree "
        "(pooling, Reshape, or return_sequences on the branches), or concatenate along "
        "another axis.",
    )


def _time_distributed(
    layer: LayerNode, message: str, got: str, received: list[Any]
) -> Texts | None:
    if "TimeDistributed" not in message or "at least 3 dimensions" not in message:
        return None
    inner = layer.inner.display if layer.inner else "wrapped layer"
    return (
        f"{layer.display} receives {got}, which has no time axis to distribute over",
        f"TimeDistributed needs (batch, steps, ...). On a 2-dimensional input, use the {inner} "
        "without TimeDistributed.",
    )


_Matcher = Callable[[LayerNode, str, str, list[Any]], "Texts | None"]
_MATCHERS: tuple[_Matcher, ...] = (
    _ndim,
    _axis,
    _variables,
    _too_small,
    _reshape,
    _concatenate,
    _time_distributed,
)


def core_class(layer: LayerNode) -> str:
    """The class inside TimeDistributed/Bidirectional wrappers."""
    core = layer
    while core.inner is not None and core.cls in keras_api.WRAPPERS:
        core = core.inner
    return core.cls


def _layout(layer: LayerNode) -> str:
    core = layer
    while core.inner is not None and core.cls in keras_api.WRAPPERS:
        core = core.inner
    if core.cls in keras_api.RECURRENT:
        return _NEEDS["recurrent"]
    for family in ("Conv1D", "Conv2D", "Conv3D"):
        if core.cls.startswith(family[:-2]) and core.cls.endswith(family[-2:]):
            return _NEEDS[family]
        if core.cls.endswith(family[-2:]) and "Pooling" in core.cls:
            return _NEEDS[family].replace("channels", "features")
    return ""


def _product(dims: str) -> str:
    total = 1
    for part in dims.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            return "?"
        total *= int(part)
    return str(total)
