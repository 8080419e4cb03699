"""Worker side: rebuild one model from its spec, one layer at a time.

Layer by layer (through the functional API, which is what ``Sequential`` does internally), so
that a failure is pinned to the node that caused it and the shapes of everything before it
are known. Only classes on the allowlist are looked up in ``keras.layers``; arguments are
decoded from plain literals. Imported only inside the worker process (it imports Keras).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import keras

from kerascheck.dynamic.codec import decode
from kerascheck.dynamic.spec import ALLOWED_LAYERS

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Built:
    """A built model, or where and why building stopped."""

    model: Any = None
    layers: dict[int, Any] = field(default_factory=dict)  # spec layer -> Keras layer
    shapes: dict[int, Any] = field(default_factory=dict)  # spec node -> output shape(s)
    failure: dict[str, Any] | None = None

    def report(self) -> dict[str, Any]:
        params = {}
        for index, layer in self.layers.items():
            try:
                params[index] = int(layer.count_params()) if layer.built else None
            except Exception:  # count_params raises on a layer that could not build
                params[index] = None
        return {
            "ok": self.failure is None,
            "failure": self.failure,
            "shapes": {str(k): v for k, v in self.shapes.items()},
            "params": {str(k): v for k, v in params.items()},
        }


def keras_message(error: BaseException) -> str:
    """Keras's own words, without colour codes or the 'Arguments received' appendix."""
    text = _ANSI.sub("", str(error)).strip()
    if text.startswith("Exception encountered when calling"):
        parts = [p.strip() for p in text.split("\n\n") if p.strip()]
        if len(parts) >= 2:
            text = parts[1]
    text = text.split("\n\nArguments received by")[0].strip()
    return text[:800]


def construct(spec: dict[str, Any]) -> Any:
    """One layer from ``{"cls": ..., "params": {...}}``; nested layers for wrappers."""
    name = spec["cls"]
    if name not in ALLOWED_LAYERS:
        raise ValueError(f"layer class {name!r} is not on kerascheck's allowlist")
    cls = getattr(keras.layers, name)
    if not (isinstance(cls, type) and issubclass(cls, keras.layers.Layer)):
        raise ValueError(f"keras.layers.{name} is not a layer class")
    params = {key: decode(value, construct) for key, value in spec["params"].items()}
    return cls(**params)


def suggestions(spec: dict[str, Any]) -> dict[str, str]:
    """For each argument the layer's class does not take, the closest one it does take
    (``return_sequence`` -> ``return_sequences``): misspelt keywords are common."""
    import difflib
    import inspect

    cls = getattr(keras.layers, spec["cls"], None)
    if cls is None:
        return {}
    known: set[str] = set()
    for klass in inspect.getmro(cls):
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        try:
            known |= set(inspect.signature(init).parameters) - {"self", "kwargs", "args"}
        except (TypeError, ValueError):
            continue
    known |= {"name", "dtype", "trainable", "input_shape", "input_dim", "batch_size"}
    found = {}
    for argument in spec["params"]:
        if argument not in known:
            close = difflib.get_close_matches(argument, sorted(known), n=1, cutoff=0.75)
            if close:
                found[argument] = close[0]
    return found


def shape_of(tensor: Any) -> Any:
    if isinstance(tensor, (list, tuple)):
        return [shape_of(t) for t in tensor]
    return [None if d is None else int(d) for d in tensor.shape]


def call(layer: Any, sources: list[Any], extra: list[tuple[str, Any]], keyword: str | None) -> Any:
    """Apply ``layer`` the way the script did: one tensor or a list, plus the call's further
    tensors by position ("1") or keyword ("value", "initial_state[]" for list items)."""
    primary = sources[0] if len(sources) == 1 else sources
    positional: dict[int, Any] = {}
    keywords: dict[str, Any] = {keyword: primary} if keyword else {}
    if not keyword:
        positional[0] = primary
    for name, tensor in extra:
        many = name.endswith("[]")
        key = name[:-2] if many else name
        target: dict[Any, Any] = positional if key.isdigit() else keywords
        slot = int(key) if key.isdigit() else key
        if many:
            target.setdefault(slot, []).append(tensor)
        else:
            target[slot] = tensor
    ordered = [positional[i] for i in sorted(positional)]
    return layer(*ordered, **keywords)


def build(spec: dict[str, Any]) -> Built:
    built = Built()
    tensors: dict[int, Any] = {}
    for index, node in enumerate(spec["nodes"]):
        if node["kind"] == "input":
            tensor = keras.Input(
                shape=tuple(node["shape"]),
                batch_size=node.get("batch_size"),
                dtype=node.get("dtype"),
            )
            tensors[index] = tensor
            built.shapes[index] = shape_of(tensor)
            continue
        sources = [tensors[i] for i in node["inputs"]]
        extra = [(name, tensors[i]) for name, i in node.get("extra", [])]
        received = [shape_of(t) for t in sources] + [shape_of(t) for _, t in extra]
        layer_index = node["layer"]
        stage = "construct"
        try:
            if layer_index not in built.layers:
                built.layers[layer_index] = construct(spec["layers"][layer_index])
            stage = "call"
            layer = built.layers[layer_index]
            output = call(layer, sources, extra, node.get("keyword"))
        except Exception as error:
            built.failure = {
                "node": index,
                "stage": stage,
                "type": type(error).__name__,
                "message": keras_message(error),
                "received": received,
            }
            if stage == "construct":
                built.failure["suggest"] = suggestions(spec["layers"][layer_index])
            return built
        if isinstance(output, (list, tuple)):  # return_state=True and friends
            built.shapes[index] = shape_of(output)
            output = output[0]
        else:
            built.shapes[index] = shape_of(output)
        tensors[index] = output
    inputs = [tensors[i] for i in spec["inputs"]]
    outputs = [tensors[i] for i in spec["outputs"]]
    try:
        built.model = keras.Model(
            inputs=inputs[0] if len(inputs) == 1 else inputs,
            outputs=outputs[0] if len(outputs) == 1 else outputs,
        )
    except Exception as error:
        built.failure = {
            "node": None,
            "stage": "model",
            "type": type(error).__name__,
            "message": keras_message(error),
            "received": [],
        }
    return built
