"""Literal argument values to JSON and back, shared by the linter and the worker.

JSON has no tuples, and Keras sometimes cares (``Reshape((4, 5))`` vs a list is fine, but
``padding=((1, 1), (2, 2))`` is clearer kept as written), so tuples travel tagged. Nothing
but plain literals and nested layer specs can cross: no dicts (Keras would deserialise a
dict into any importable class), no objects, nothing that could carry code.
"""

from __future__ import annotations

from typing import Any

TUPLE = "__tuple__"
LAYER = "__layer__"


class NotLiteral(ValueError):
    """A value that cannot be rebuilt safely: unresolved, or not a plain literal."""


def encode(value: Any, encode_layer: Any = None) -> Any:
    """A JSON-safe form of ``value``; ``encode_layer`` turns a nested LayerNode into a spec."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return {TUPLE: [encode(v, encode_layer) for v in value]}
    if isinstance(value, list):
        return [encode(v, encode_layer) for v in value]
    if encode_layer is not None and hasattr(value, "cls") and hasattr(value, "params"):
        return {LAYER: encode_layer(value)}
    raise NotLiteral(repr(value))


def decode(value: Any, build_layer: Any = None) -> Any:
    """The inverse of ``encode``; ``build_layer`` turns a nested spec into a Keras layer."""
    if isinstance(value, list):
        return [decode(v, build_layer) for v in value]
    if isinstance(value, dict):
        if TUPLE in value:
            return tuple(decode(v, build_layer) for v in value[TUPLE])
        if LAYER in value and build_layer is not None:
            return build_layer(value[LAYER])
        raise NotLiteral(f"unexpected mapping {value!r}")
    return value
