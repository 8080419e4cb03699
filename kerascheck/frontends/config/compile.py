"""A saved compile configuration as ``CompileInfo``: loss, optimizer, metrics.

``.keras`` archives keep it as ``compile_config`` (``optimizer``, ``loss``, ``metrics``);
HDF5 files as the ``training_config`` attribute (``optimizer_config`` instead of
``optimizer``). Both serialize classes as ``{"class_name": ..., "config": {...}}``.
A saved optimizer always states its learning rate: a float, or a schedule (UNKNOWN).
"""

from __future__ import annotations

from typing import Any

from kerascheck import keras_api
from kerascheck.frontends.config.places import Places, join
from kerascheck.frontends.config.values import class_name, is_keras_object, param_value
from kerascheck.ir import UNKNOWN, CompileInfo, LossInfo, ModuleIR, OptimizerInfo

#: Keras 2.11+ (tf.keras) wrote its new optimizers as "Custom>Adam".
_CUSTOM_PREFIX = "Custom>"


def make_compile(ir: ModuleIR, places: Places, config: dict[str, Any], path: str) -> CompileInfo:
    info = CompileInfo(anchor=places.of(config, path))
    anchors = places.members(config, path)
    key = "optimizer" if "optimizer" in config else "optimizer_config"
    if key in config:
        where = join(path, key)
        info.optimizer = make_optimizer(ir, places, config[key], where, anchors.get(key))
    loss = config.get("loss")
    if loss is not None:
        info.loss = make_loss(loss, anchors.get("loss"))
    metrics = config.get("metrics")
    if metrics is not None:
        info.metrics = metric_names(metrics)
        info.metrics_anchor = anchors.get("metrics")
    return info


def make_optimizer(
    ir: ModuleIR, places: Places, value: Any, path: str, anchor: Any
) -> OptimizerInfo:
    """An optimizer named by string (its default rate) or serialized with its config."""
    if isinstance(value, str):
        info = OptimizerInfo(keras_api.canonical_optimizer(value), None, anchor=anchor)
        ir.optimizers.append(info)
        return info
    name = class_name(value)
    if name.startswith(_CUSTOM_PREFIX):
        name = name[len(_CUSTOM_PREFIX) :]
    canonical = keras_api.canonical_optimizer(name) if is_keras_object(value) else None
    info = OptimizerInfo(canonical, UNKNOWN, anchor=places.of(value, path))
    config = value.get("config") if isinstance(value, dict) else None
    if canonical is None or not isinstance(config, dict):
        return info
    anchors = places.members(config, path)
    for key, item in config.items():
        if key == "decay" and not item:
            continue  # Keras 2 optimizers always wrote decay=0.0: nothing was asked for
        name_in_ir = "learning_rate" if key == "lr" else key  # Keras 2.0's spelling, not the user's
        info.params[name_in_ir] = param_value(item)
        if key in anchors:
            info.param_anchors[name_in_ir] = anchors[key]
    rate = info.params.get("learning_rate")
    if rate is None:
        info.learning_rate = None
    elif isinstance(rate, int | float) and not isinstance(rate, bool):
        info.learning_rate = float(rate)
    inner = config.get("inner_optimizer")
    if canonical == "LossScaleOptimizer" and isinstance(inner, dict):
        make_optimizer(ir, places, inner, join(path, "inner_optimizer"), anchor)
    ir.optimizers.append(info)
    return info


def make_loss(value: Any, anchor: Any) -> LossInfo:
    """A loss named by string, as a Keras function, or as a class with ``from_logits``."""
    if isinstance(value, str):
        return LossInfo(keras_api.canonical_loss(value), None, anchor=anchor)
    name = class_name(value)
    config = value.get("config") if isinstance(value, dict) else None
    if name == "function" and isinstance(config, str):  # Keras 3: keras.losses.mse and friends
        module = value.get("module")
        known = module in ("builtins", "keras.losses") or is_keras_object(value)
        return LossInfo(keras_api.canonical_loss(config) if known else None, None, anchor=anchor)
    if not name or not is_keras_object(value):
        return LossInfo(None, UNKNOWN, anchor=anchor)  # a dict or list per output, or custom
    from_logits = config.get("from_logits") if isinstance(config, dict) else None
    return LossInfo(
        keras_api.canonical_loss(name),
        from_logits if isinstance(from_logits, bool) or from_logits is None else UNKNOWN,
        anchor=anchor,
    )


def metric_names(value: Any) -> list[Any]:
    items = value if isinstance(value, list) else [value]
    names: list[Any] = []
    for item in items:
        if isinstance(item, str):
            names.append(keras_api.canonical_metric(item))
        elif class_name(item) and is_keras_object(item):
            name = class_name(item)
            config = item.get("config")
            if name == "function" and isinstance(config, str):
                name = config
            names.append(keras_api.canonical_metric(name))
        else:
            names.append(UNKNOWN)
    return names
