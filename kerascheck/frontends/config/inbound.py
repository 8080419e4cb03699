"""Which tensors each call of a layer received, in both functional config formats.

Keras 3 writes one ``{"args": [...], "kwargs": {...}}`` per call, the tensors being
``{"class_name": "__keras_tensor__", "config": {"keras_history": [layer, node, tensor]}}``.
Keras 2 wrote one list per call of ``[layer, node, tensor, kwargs]`` entries. Like the Python
frontend, the first argument (``inputs``) feeds the graph: ``Concatenate()([a, b])`` has two
inputs, the ``mask=None`` of a call has none. The call's further tensors
(``MultiHeadAttention(...)(query, value)``, ``initial_state=[h, c]``) are its extras.
"""

from __future__ import annotations

from typing import Any

#: ``(layer name, call index of that layer, output index)``; None marks an unreadable reference.
Ref = tuple[str, int, int]


def calls(entry: dict[str, Any]) -> list[list[Ref | None]]:
    """The input references of every call of the layer, in call order."""
    nodes = entry.get("inbound_nodes")
    if not isinstance(nodes, list):
        return []
    return [_call_inputs(node) for node in nodes]


def _call_inputs(node: Any) -> list[Ref | None]:
    if isinstance(node, dict):  # Keras 3
        args = node.get("args")
        kwargs = node.get("kwargs")
        if isinstance(args, list) and args:
            first = args[0]
        elif isinstance(kwargs, dict) and "inputs" in kwargs:
            first = kwargs["inputs"]
        else:
            return [None]
        items = first if isinstance(first, list) else [first]
        return [_keras_tensor(item) for item in items]
    if isinstance(node, list):  # Keras 2: [[name, node, tensor, kwargs], ...]
        return [_keras2_ref(item) for item in node]
    return [None]


def extras(entry: dict[str, Any]) -> list[list[tuple[str, Ref | None]]]:
    """The further tensors of every call (Keras 3 configs), by position ("1") or keyword
    ("value"; "initial_state[]" for each item of a list), in call order."""
    nodes = entry.get("inbound_nodes")
    if not isinstance(nodes, list):
        return []
    return [_call_extras(node) for node in nodes]


def _call_extras(node: Any) -> list[tuple[str, Ref | None]]:
    if not isinstance(node, dict):
        return []
    found: list[tuple[str, Ref | None]] = []
    args = node.get("args")
    for position, item in enumerate(args[1:] if isinstance(args, list) else [], start=1):
        found += _named(str(position), item)
    kwargs = node.get("kwargs")
    for name, item in kwargs.items() if isinstance(kwargs, dict) else ():
        if name != "inputs":  # ``inputs`` given by keyword is the call's first argument
            found += _named(name, item)
    return found


def _named(name: str, item: Any) -> list[tuple[str, Ref | None]]:
    """A call argument's tensors; arguments that hold no tensor (``mask=None``) give none."""
    if isinstance(item, list) and item and all(_is_tensor(i) for i in item):
        return [(f"{name}[]", _keras_tensor(i)) for i in item]
    return [(name, _keras_tensor(item))] if _is_tensor(item) else []


def _is_tensor(item: Any) -> bool:
    return isinstance(item, dict) and item.get("class_name") == "__keras_tensor__"


def _keras_tensor(item: Any) -> Ref | None:
    if not isinstance(item, dict) or item.get("class_name") != "__keras_tensor__":
        return None
    config = item.get("config")
    history = config.get("keras_history") if isinstance(config, dict) else None
    return ref_of(history)


def _keras2_ref(item: Any) -> Ref | None:
    return ref_of(item[:3]) if isinstance(item, list) else None


def ref_of(value: Any) -> Ref | None:
    """``["lstm_1", 0, 0]`` as a reference; anything else is unreadable."""
    if not isinstance(value, list) or len(value) != 3:
        return None
    name, node, tensor = value
    if not isinstance(name, str) or not _index(node) or not _index(tensor):
        return None
    return (name, node, tensor)


def refs_of(value: Any) -> list[Ref | None] | None:
    """``input_layers``/``output_layers``: one reference (Keras 3, one tensor) or a list."""
    if not isinstance(value, list) or not value:
        return None
    single = ref_of(value)
    if single is not None:
        return [single]
    return [ref_of(item) for item in value]


def _index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
