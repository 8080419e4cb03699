"""Graph walking shared by the model checks: layers, neighbours, activations, output heads.

Several rules ask the same questions of a model ("what does this recurrent layer feed once
Dropout is skipped?", "what activation does the model's output really end with?"). They are
answered here once, so that every rule skips the same layers and meets ``UNKNOWN`` the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kerascheck import keras_api
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import UNKNOWN, LayerNode, Model, ModuleIR, Node, OptimizerInfo

LayerTest = Callable[[LayerNode], bool]


#: What the activation *layers* compute, in the vocabulary of activation strings.
_ACTIVATION_LAYER_NAMES = {
    "ReLU": "relu",
    "LeakyReLU": "leaky_relu",
    "PReLU": "prelu",
    "ELU": "elu",
    "ThresholdedReLU": "thresholded_relu",
}

_CONV_LSTM_RANK = {"ConvLSTM1D": 4, "ConvLSTM2D": 5, "ConvLSTM3D": 6}


# --- layers -----------------------------------------------------------------------------------


def core(layer: LayerNode) -> LayerNode | None:
    """The layer inside any TimeDistributed/Bidirectional wrappers; None if a wrapper's inner
    layer is not known (``Bidirectional(my_layer)``)."""
    while layer.cls in keras_api.WRAPPERS:
        if layer.inner is None:
            return None
        layer = layer.inner
    return layer


def core_cls(layer: LayerNode) -> str:
    inner = core(layer)
    return inner.cls if inner is not None else ""


def time_distributed_depth(layer: LayerNode) -> int:
    """How many TimeDistributed wrappers surround the core layer (each adds one input axis)."""
    depth = 0
    current: LayerNode | None = layer
    while current is not None and current.cls in keras_api.WRAPPERS:
        depth += current.cls == "TimeDistributed"
        current = current.inner
    return depth


def layers_of(layer: LayerNode) -> Iterator[LayerNode]:
    """The layer and every layer it wraps, outermost first."""
    current: LayerNode | None = layer
    while current is not None:
        yield current
        current = current.inner


def module_layers(module: ModuleIR) -> Iterator[LayerNode]:
    """Every layer of the file once: those the frontend saw constructed (in a model or not) and
    those of every model (a layer object can be shared by several models)."""
    seen: set[int] = set()
    roots = [*module.layers, *(node.layer for model in module.models for node in model.nodes)]
    for root in roots:
        for layer in layers_of(root):
            if layer.uid not in seen:
                seen.add(layer.uid)
                yield layer


def module_optimizers(module: ModuleIR) -> Iterator[OptimizerInfo]:
    """Every optimizer once: constructed anywhere in the file, or named in a compile call."""
    seen: set[int] = set()
    compiled = [m.compile.optimizer for m in module.models if m.compile is not None]
    for optimizer in [*module.optimizers, *compiled]:
        if optimizer is not None and id(optimizer) not in seen:
            seen.add(id(optimizer))
            yield optimizer


def is_int(value: Any) -> bool:
    """An int value that is not a bool (``Dense(True)`` is not a unit count anyone meant)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def describe(layer: LayerNode) -> str:
    """``LSTM(32)``, ``Bidirectional(LSTM(32))``, ``Dense``: the layer as the user would name it."""
    name = layer.spelled or layer.cls or "layer"
    if layer.inner is not None:
        return f"{name}({describe(layer.inner)})"
    for param in ("units", "filters"):
        value = layer.params.get(param)
        if is_int(value):
            return f"{name}({value})"
    return name


def argument_owner(layer: LayerNode) -> str:
    """Where an argument of a wrapped layer is written: ``the LSTM(32) inside Bidirectional``."""
    inner = core(layer)
    if layer.inner is None or inner is None:
        return describe(layer)
    return f"the {describe(inner)} inside {layer.spelled or layer.cls}"


def number(value: float) -> str:
    """Numbers as users write them: ``0.001``, ``1e-08``, ``500``."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e6:
        return f"{value:.1f}"  # 32.0 stays visibly a float
    return f"{value:g}"


# --- recurrent layers -------------------------------------------------------------------------


def is_recurrent(layer: LayerNode) -> bool:
    """A recurrent layer, possibly inside Bidirectional and/or TimeDistributed."""
    return core_cls(layer) in keras_api.RECURRENT


def returns_sequences(layer: LayerNode) -> Any:
    """True/False for a (wrapped) recurrent layer, UNKNOWN when the argument is not resolved.

    Bidirectional and TimeDistributed have no ``return_sequences`` of their own: it is read
    from the wrapped layer.
    """
    inner = core(layer)
    if inner is None:
        return UNKNOWN
    value = inner.params.get("return_sequences", False)
    if value is UNKNOWN:
        return UNKNOWN
    return bool(value)


def sequence_rank(layer: LayerNode) -> int:
    """The rank (batch included) a (wrapped) recurrent layer needs for its input.

    LSTM needs ``(batch, steps, features)``; ConvLSTM2D needs five axes; every TimeDistributed
    around it adds one. A recurrent layer without ``return_sequences`` drops one axis.
    """
    base = _CONV_LSTM_RANK.get(core_cls(layer), 3)
    return base + time_distributed_depth(layer)


# --- walking the graph ------------------------------------------------------------------------


def is_rank_keeping(layer: LayerNode) -> bool:
    """Layers that pass a tensor on with its rank unchanged: dropout, normalisation, activations."""
    cls = core_cls(layer)
    return cls in keras_api.PASS_THROUGH or cls in keras_api.ACTIVATION_LAYERS


def next_nodes(model: Model, node: Node, skip: LayerTest) -> list[Node]:
    """The nodes ``node`` feeds, looking through single-input nodes whose layer ``skip`` accepts."""
    found: list[Node] = []
    seen: set[int] = set()
    pending = model.successors(node)
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if len(current.inputs) == 1 and skip(current.layer):
            pending.extend(model.successors(current))
        else:
            found.append(current)
    return found


def previous_node(node: Node, skip: LayerTest) -> Node | None:
    """The node feeding ``node``, looking back through single-input nodes that ``skip`` accepts."""
    if len(node.inputs) != 1:
        return None
    current = node.inputs[0]
    while skip(current.layer):
        if len(current.inputs) != 1:
            return None
        current = current.inputs[0]
    return current


# --- activations ------------------------------------------------------------------------------


def activation_name(value: Any) -> Any:
    """An ``activation=`` value as an activation string: None -> "linear"; UNKNOWN for anything
    unresolved or not a Keras activation (KC208 reports the misspelt ones)."""
    if value is None:
        return "linear"
    if isinstance(value, str) and value in keras_api.ACTIVATIONS:
        return value
    return UNKNOWN


def layer_activation(layer: LayerNode) -> Any:
    """The activation a layer applies last, as a string, or UNKNOWN.

    Dense and Conv default to "linear", recurrent layers to "tanh"; the activation layers
    (``Softmax()``, ``ReLU()`` ...) are named after what they compute.
    """
    if layer.cls == "Activation":
        if "activation" not in layer.params:
            return UNKNOWN
        return activation_name(layer.params["activation"])
    if layer.cls == "Softmax":
        axis = layer.params.get("axis", -1)
        return "softmax" if axis == -1 else UNKNOWN  # softmax over time is another story
    if layer.cls in _ACTIVATION_LAYER_NAMES:
        return _ACTIVATION_LAYER_NAMES[layer.cls]
    if "activation" in layer.params:
        return activation_name(layer.params["activation"])
    if layer.cls in keras_api.LINEAR_WEIGHTED:
        return "linear"
    if layer.cls in keras_api.RECURRENT_WITH_UNITS or layer.cls in _CONV_LSTM_RANK:
        return "tanh"
    return UNKNOWN


def is_linear_weighted(layer: LayerNode) -> bool:
    """A Dense/Conv layer (possibly TimeDistributed) that applies no activation."""
    inner = core(layer)
    return (
        inner is not None
        and inner.cls in keras_api.LINEAR_WEIGHTED
        and layer_activation(inner) == "linear"
    )


def output_units(layer: LayerNode) -> Any:
    """The size of the last axis a layer produces: units, filters, or UNKNOWN."""
    if layer.cls == "Bidirectional":
        if layer.inner is None:
            return UNKNOWN
        units = output_units(layer.inner)
        merge_mode = layer.params.get("merge_mode", "concat")
        if not is_int(units) or merge_mode is UNKNOWN or merge_mode is None:
            return UNKNOWN
        return units * 2 if merge_mode == "concat" else units
    if layer.cls in keras_api.WRAPPERS:
        return output_units(layer.inner) if layer.inner is not None else UNKNOWN
    for param in ("units", "filters"):
        if param in layer.params:
            value = layer.params[param]
            return value if is_int(value) else UNKNOWN
    return UNKNOWN


@dataclass
class OutputHead:
    """How a model's output is produced: the layer that sets its width, and the final activation.

    ``layer`` is the Dense/Conv/recurrent layer whose units make the output's last axis;
    ``activation_layer`` is a separate ``Activation``/``Softmax`` layer after it when that layer
    decides the activation, else None.
    """

    layer: LayerNode
    units: Any
    activation: Any
    activation_layer: LayerNode | None = None

    @property
    def activation_anchor(self) -> Any:
        return (self.activation_layer or self.layer).anchor


_HEAD_LAYERS = (
    keras_api.LINEAR_WEIGHTED | keras_api.RECURRENT_WITH_UNITS | frozenset(_CONV_LSTM_RANK)
)


def output_head(node: Node) -> OutputHead | None:
    """The head of the model output ``node``: ``Dense(n, activation)`` possibly followed by
    Activation/Softmax/Dropout layers. None when the output is produced any other way
    (Flatten, a merge, an unresolved layer) or passes a normalisation layer after its activation.
    """
    activation: Any = None
    activation_layer: LayerNode | None = None
    current = node
    while True:
        inner = core(current.layer)
        if inner is None or not inner.resolved:
            return None
        if inner.cls in keras_api.ACTIVATION_LAYERS:
            applied = layer_activation(inner)
            if applied is UNKNOWN:
                return None
            if activation is None and applied != "linear":
                activation, activation_layer = applied, current.layer
        elif inner.cls in _HEAD_LAYERS:
            if activation is None:
                activation = layer_activation(inner)
            return OutputHead(
                current.layer, output_units(current.layer), activation, activation_layer
            )
        elif inner.cls not in keras_api.VALUE_KEEPING:
            return None
        if len(current.inputs) != 1:
            return None
        current = current.inputs[0]


def is_single_unit_softmax(head: OutputHead) -> bool:
    """Softmax over one unit: always 1.0 (KC205; KC206 stays quiet where it fires)."""
    return head.activation == "softmax" and head.units == 1


# --- reporting --------------------------------------------------------------------------------


def once(diagnostics: Iterable[Diagnostic]) -> Iterator[Diagnostic]:
    """Drop repeats: a layer shared by two models (an encoder and the full autoencoder) must not
    be reported twice at the same place with the same words."""
    seen: set[tuple[str, int, str]] = set()
    for diagnostic in diagnostics:
        key = (diagnostic.code, id(diagnostic.anchor), diagnostic.message)
        if key not in seen:
            seen.add(key)
            yield diagnostic
