"""Config values as the IR holds them, and the facts about serialized Keras objects.

A layer's config is already a dict of keyword arguments with Keras 3 names; only nested
serialized objects (initializers, regularizers, dtype policies, activation layers) are beyond
what the rules read, and become UNKNOWN. JSON lists become tuples, as a user writes
``kernel_size=(3, 3)``.
"""

from __future__ import annotations

from typing import Any

from kerascheck.frontends.config.limits import MAX_VALUE_DEPTH
from kerascheck.ir import UNKNOWN

#: Top-level model classes; "Model" is what Keras 2 wrote for functional models.
MODEL_CLASSES = frozenset({"Sequential", "Functional", "Model"})


#: Packages whose serialized classes are Keras's own (tf_keras is Keras 2 packaged for TF 2.16+).
_KERAS_PACKAGES = frozenset({"keras", "tf_keras"})
#: Serialized dtype policies; Keras accepts their name (``dtype="float32"``) in their place.
_DTYPE_POLICIES = frozenset({"DTypePolicy", "FloatDTypePolicy", "Policy"})


def param_value(value: Any, depth: int = 0) -> Any:
    """A literal (str, number, bool, None, tuple of literals) or UNKNOWN."""
    if isinstance(value, dict):
        return _policy_name(value)  # any other serialized object: the rules never look inside
    if isinstance(value, list):
        if depth >= MAX_VALUE_DEPTH:
            return UNKNOWN
        return tuple(param_value(item, depth + 1) for item in value)
    return value


def _policy_name(value: dict[str, Any]) -> Any:
    """``{"class_name": "DTypePolicy", "config": {"name": "float32"}}`` -> ``"float32"``."""
    config = value.get("config")
    if class_name(value) in _DTYPE_POLICIES and isinstance(config, dict):
        name = config.get("name")
        if isinstance(name, str):
            return name
    return UNKNOWN


def class_name(entry: Any) -> str:
    """The ``class_name`` of a serialized object, or "" when it has none."""
    if isinstance(entry, dict):
        name = entry.get("class_name")
        if isinstance(name, str):
            return name
    return ""


def is_keras_object(entry: Any) -> bool:
    """True unless the object says it comes from another package (a custom layer).

    Keras 3 writes ``module`` ("keras.layers", "keras.src.models.functional" ...) and a
    ``registered_name`` for custom classes; Keras 2 wrote neither.
    """
    if not isinstance(entry, dict):
        return False
    module = entry.get("module")
    if module is not None and not (
        isinstance(module, str) and module.split(".")[0] in _KERAS_PACKAGES
    ):
        return False
    registered = entry.get("registered_name")
    return registered is None or registered == entry.get("class_name")


def is_model_entry(entry: Any) -> bool:
    """A serialized Sequential or functional model (top level, or nested in another model)."""
    if class_name(entry) not in MODEL_CLASSES or not is_keras_object(entry):
        return False
    config = entry.get("config")
    return isinstance(config, dict) or (
        class_name(entry) == "Sequential" and isinstance(config, list)  # Keras 2.0/2.1
    )


def shape_without_batch(params: dict[str, Any]) -> Any:
    """The per-sample shape an input declares, from whichever spelling the config uses."""
    for name in ("batch_shape", "batch_input_shape"):
        batch = params.get(name)
        if isinstance(batch, tuple) and batch:
            return _dims(batch[1:])
    for name in ("shape", "input_shape"):
        if name in params:
            return _dims(params[name])
    return UNKNOWN


def _dims(shape: Any) -> Any:
    if isinstance(shape, int) and not isinstance(shape, bool):
        return (shape,)
    if isinstance(shape, tuple):
        return tuple(d if isinstance(d, int) and not isinstance(d, bool) else None for d in shape)
    return UNKNOWN
