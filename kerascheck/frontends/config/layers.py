"""One serialized layer (``{"class_name": "LSTM", "config": {...}}``) as a ``LayerNode``.

Mirrors what the Python frontend builds for ``LSTM(32, return_sequences=True)``: the canonical
class, the arguments by their Keras 3 names, a wrapped layer in ``inner``, and an anchor per
argument. A Lambda keeps everything but its code: the bytecode is never decoded.
"""

from __future__ import annotations

from typing import Any

from kerascheck import keras_api
from kerascheck.diagnostics import Diagnostic, Severity
from kerascheck.frontends.config.context import BuildContext
from kerascheck.frontends.config.places import join
from kerascheck.frontends.config.values import (
    class_name,
    is_keras_object,
    is_model_entry,
    param_value,
    shape_without_batch,
)
from kerascheck.ir import UNKNOWN, LayerNode

#: Lambda arguments that are plain data; the rest (``function``, ``mask``, ``module`` ...) may
#: be code or name code, and is dropped unread.
_LAMBDA_DATA = frozenset({"name", "trainable", "dtype", "output_shape", "arguments"})
_INPUT_DECLARATIONS = ("batch_input_shape", "batch_shape", "input_shape")


def layer_name(entry: Any) -> str:
    """The layer's name as Keras wrote it (``lstm_1``), or "" when there is none."""
    if not isinstance(entry, dict):
        return ""
    config = entry.get("config")
    name = entry.get("name")
    if not isinstance(name, str) and isinstance(config, dict):
        name = config.get("name")
    return name if isinstance(name, str) else ""


def make_layer(ctx: BuildContext, entry: Any, path: str, depth: int) -> LayerNode:
    """The layer of one config entry; unknown and custom classes give ``cls=""``."""
    spelled = class_name(entry)
    canonical = keras_api.canonical_layer(spelled) if is_keras_object(entry) else None
    if is_model_entry(entry):
        canonical = None  # a model used as a layer: opaque here, linted as a model of its own
    layer = LayerNode(
        cls=canonical or "", spelled=spelled or "?", anchor=ctx.places.of(entry, path)
    )
    config = entry.get("config") if isinstance(entry, dict) else None
    if isinstance(config, dict):
        anchors = ctx.places.members(config, path)
        for key, value in config.items():
            if canonical == "Lambda" and key not in _LAMBDA_DATA:
                continue
            if key == "backward_layer" and _mirrors(config.get("layer"), value):
                continue  # Keras 3 writes the backward copy it made itself: not an argument
            layer.params[key] = _argument(ctx, layer, key, value, path, depth)
            if key in anchors:
                layer.param_anchors[key] = anchors[key]
        if canonical == "Lambda":
            _lambda_note(ctx, layer, config, path)
    ctx.ir.layers.append(layer)
    return layer


def _argument(
    ctx: BuildContext, layer: LayerNode, key: str, value: Any, path: str, depth: int
) -> Any:
    if key == "layer" and layer.cls in keras_api.WRAPPERS and isinstance(value, dict):
        inner_path = join(path, f"layer {layer_name(value)}".rstrip())
        inner = make_layer(ctx, value, inner_path, ctx.enter(depth, inner_path))
        layer.inner = inner
        return inner
    if key == "output_shape" and layer.cls == "Lambda":
        shape = param_value(value)
        return shape if _is_shape(shape) else UNKNOWN
    return param_value(value)


def _mirrors(forward: Any, backward: Any) -> bool:
    """A Bidirectional's ``backward_layer`` is Keras's own copy (``backward_lstm`` of
    ``forward_lstm``), not one the user passed."""
    if class_name(forward) != class_name(backward) or not class_name(forward):
        return False
    forward_name, backward_name = layer_name(forward), layer_name(backward)
    return forward_name.startswith("forward_") and backward_name == (
        "backward_" + forward_name.removeprefix("forward_")
    )


def _is_shape(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in value
    )


def _lambda_note(ctx: BuildContext, layer: LayerNode, config: dict[str, Any], path: str) -> None:
    """Say once that a Lambda carries bytecode we did not read (and Keras will not load)."""
    if not _carries_bytecode(config):
        return
    name = config.get("name") if isinstance(config.get("name"), str) else "lambda"
    ctx.notes.append(
        Diagnostic(
            "KC002",
            f"The Lambda layer {name!r} carries marshalled Python bytecode, not checked",
            help="kerascheck never decodes or runs it, so what the layer computes is unknown "
            "to the checks. Keras refuses to load it unless safe_mode=False, which executes "
            "that code: load this model only if you trust where it came from, or replace the "
            "Lambda with a registered layer.",
            anchor=layer.anchor,
            severity=Severity.INFO,
        )
    )


def _carries_bytecode(config: dict[str, Any]) -> bool:
    """Keras 3 writes ``{"class_name": "__lambda__", ...}``; Keras 2 wrote ``*_type: "lambda"``."""
    for key in ("function", "output_shape", "mask"):
        if class_name(config.get(key)) == "__lambda__":
            return True
    return any(config.get(key) == "lambda" for key in ("function_type", "output_shape_type"))


def declared_input(layer: LayerNode) -> LayerNode | None:
    """The InputLayer a first layer declares with ``batch_input_shape`` (Keras 2) & co."""
    for owner in (layer, layer.inner):
        if owner is None:
            continue
        for name in _INPUT_DECLARATIONS:
            if name in owner.params:
                return LayerNode(
                    "InputLayer",
                    params={"shape": shape_without_batch({name: owner.params[name]})},
                    anchor=owner.anchor_of(name),
                    spelled="Input",
                )
    return None


def input_layer(layer: LayerNode) -> LayerNode:
    """An ``InputLayer`` entry as the IR's input node: ``{"shape": (20, 1)}``, no batch axis."""
    return LayerNode(
        "InputLayer",
        params={"shape": shape_without_batch(layer.params)},
        anchor=layer.anchor,
        spelled="InputLayer",
    )
