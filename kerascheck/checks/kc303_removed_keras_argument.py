"""KC303: Keras 1/2 spellings that Keras 3 rejects or silently reads differently.

Old tutorials and answers still teach ``init=``, ``border_mode=``, ``lr=``, ``nb_epoch=`` and
``Convolution2D(32, 3, 3)``. Each case here was checked against Keras 3: the renamed keyword
arguments make layer, optimizer or ``fit`` calls fail; ``decay=`` is dropped with only a
warning; and the third positional number of a 2-D convolution is now its stride.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from kerascheck.checks.context import CheckContext
from kerascheck.checks.model_walk import (
    is_number,
    module_layers,
    module_optimizers,
    number,
    once,
)
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import UNKNOWN, FitCall, LayerNode, Model, OptimizerInfo
from kerascheck.keras_legacy import (
    DATA_LOADING_KEYWORDS,
    DATA_LOADING_METHODS,
    FIT_KEYWORDS,
    GENERATOR_METHODS,
    LAYER_KEYWORDS,
    keras1_kernel,
    legacy_for,
)

CODE = "KC303"


@check(CODE)
def check_removed_keras_argument(ctx: CheckContext) -> Iterator[Diagnostic]:
    found: list[Diagnostic] = []
    for layer in module_layers(ctx.module):
        if layer.resolved:
            found.extend(_layer_diagnostics(layer))
    for optimizer in module_optimizers(ctx.module):
        found.extend(_optimizer_diagnostics(optimizer))
    for model in ctx.module.models:
        found.extend(_fit_diagnostics(model))
    yield from once(found)


def _written(layer: LayerNode, param: str) -> bool:
    """Whether the call (or config) gives ``param``: a ``**kwargs`` makes every parameter
    possible (its value unknown, with no place in the code), but names none of them."""
    if param not in layer.params:
        return False
    return layer.params[param] is not UNKNOWN or param in layer.param_anchors


def _layer_diagnostics(layer: LayerNode) -> Iterator[Diagnostic]:
    if not LAYER_KEYWORDS.keys().isdisjoint(layer.params):  # most layers give none of them
        yield from _keyword_diagnostics(layer)
    conv = _conv_strides_texts(layer)
    if conv is not None:
        message, help = conv
        yield Diagnostic(CODE, message, help=help, anchor=layer.anchor_of("strides"))
    if layer.removed_path is not None:
        yield _removed_module_diagnostic(layer, layer.removed_path)


def _removed_module_diagnostic(layer: LayerNode, module: str) -> Diagnostic:
    """``layers.experimental.preprocessing.Rescaling``: a module Keras 3 no longer has."""
    name = layer.spelled or layer.cls
    return Diagnostic(
        CODE,
        f"{module}.{name}: Keras 3 has no {module}, the layer is layers.{layer.cls}",
        help=f"On Keras 3 (TensorFlow 2.16 and later included) keras.{module} does not exist: "
        "the attribute raises AttributeError and `from ... import` raises "
        f"ModuleNotFoundError. Use keras.layers.{layer.cls} (same arguments), and import it "
        "from keras.layers.",
        anchor=layer.anchor,
    )


def _keyword_diagnostics(layer: LayerNode) -> Iterator[Diagnostic]:
    name = layer.spelled or layer.cls
    for param in LAYER_KEYWORDS:
        legacy = legacy_for(layer.cls, param)
        if legacy is None or not _written(layer, param):
            continue
        if legacy.rename:
            advice = f"Rename it to {legacy.replacement}{_value(layer.params[param])}."
        else:
            advice = legacy.replacement
        yield Diagnostic(
            CODE,
            f"{name}({param}=...): {param} is a {legacy.era} argument that Keras 3 rejects",
            help="Keras 3 no longer knows it and refuses to create the layer (unrecognized "
            f"keyword argument). {advice}",
            anchor=layer.anchor_of(param),
        )


def _conv_strides_texts(layer: LayerNode) -> tuple[str, str] | None:
    """``Conv2D(32, 3, 3)``: Keras 1 meant a 3x3 kernel; Keras 3 reads strides=3 (see
    ``keras_legacy.keras1_kernel`` for when that reading is the likely one)."""
    written = functools.partial(_written, layer)
    kernel = keras1_kernel(layer.cls, layer.spelled, layer.params, layer.positional, written)
    if kernel is None:
        return None
    filters = layer.params.get("filters")
    rows, cols = kernel
    name = layer.spelled or layer.cls
    written = f"{name}({filters}, {rows}, {cols})"
    return (
        f"{written}: Keras 3 reads the third number as strides={cols}, not as kernel columns",
        "Keras 1 read the two numbers after the filter count as the kernel's rows and columns "
        f"(a {rows}x{cols} kernel); Keras 3 silently uses a {rows}x{rows} kernel that moves "
        f"{cols} pixels at a time and shrinks its output about {cols}x in each direction. "
        f"Write {name}({filters}, ({rows}, {cols})), and pass strides= by name if a stride was "
        "meant.",
    )


def _fit_diagnostics(model: Model) -> Iterator[Diagnostic]:
    for fit in model.fits:
        yield from _generator_method(fit)
        yield from _data_loading_diagnostics(fit)
        for param, replacement in FIT_KEYWORDS.items():
            if param not in fit.params:
                continue
            new_name = replacement.split(" ")[0]
            value = _value(fit.params[param]) if param == "nb_epoch" else ""
            yield Diagnostic(
                CODE,
                f"{fit.method}({param}=...): {param} is the Keras 1 name of {new_name}",
                help=f"Keras 3's {fit.method}() raises TypeError (unexpected keyword argument "
                f"'{param}'). Rename it to {new_name + value if value else replacement}.",
                anchor=fit.param_anchors.get(param, fit.anchor),
            )


def _generator_method(fit: FitCall) -> Iterator[Diagnostic]:
    """``model.fit_generator(gen, ...)``: Keras 3 models have no such method."""
    heir = GENERATOR_METHODS.get(fit.method)
    if heir is None:
        return
    yield Diagnostic(
        CODE,
        f"{fit.method}(): Keras 3 models have no {fit.method}, use {heir}()",
        help=f"Keras 3 raises AttributeError at this call. {heir}() takes the generator, "
        "Sequence or dataset itself, with the same steps and epochs keywords; drop workers, "
        "use_multiprocessing and max_queue_size (they belong to a keras.utils.PyDataset now).",
        anchor=fit.anchor,
    )


def _data_loading_diagnostics(fit: FitCall) -> Iterator[Diagnostic]:
    """``fit(..., workers=4, use_multiprocessing=True)``: Keras 2's loader settings."""
    if fit.method not in DATA_LOADING_METHODS:
        return
    error = (
        "ValueError (arguments not recognized)"
        if fit.method == "evaluate"
        else ("TypeError (unexpected keyword argument)")
    )
    for param in DATA_LOADING_KEYWORDS:
        if param not in fit.params:
            continue
        yield Diagnostic(
            CODE,
            f"{fit.method}({param}=...): Keras 3's {fit.method}() no longer takes {param}",
            help=f"Keras 3 raises {error} before anything runs. workers, "
            "use_multiprocessing and max_queue_size now belong to the data: pass them to the "
            "super().__init__() of a keras.utils.PyDataset subclass, or remove them for arrays "
            "and tf.data pipelines (tf.data sets its own parallelism).",
            anchor=fit.param_anchors.get(param, fit.anchor),
        )


def _optimizer_diagnostics(optimizer: OptimizerInfo) -> Iterator[Diagnostic]:
    name = optimizer.name or "the optimizer"
    params = optimizer.params
    if "lr" in params:
        yield Diagnostic(
            CODE,
            f"{name}(lr=...): Keras 3 optimizers no longer accept lr",
            help="Keras 3 raises ValueError (argument not recognized). Rename it to "
            f"learning_rate{_value(params['lr'])}.",
            anchor=optimizer.param_anchors.get("lr", optimizer.anchor),
        )
    if "decay" in params:
        decay = params["decay"]
        rate = number(decay) if is_number(decay) else "..."
        yield Diagnostic(
            CODE,
            f"{name}(decay=...): Keras 3 ignores decay, so the learning rate never decays",
            help="Keras 3 drops decay with only a warning, and the schedule the script asks for "
            "is lost. Pass learning_rate=keras.optimizers.schedules.InverseTimeDecay("
            f"initial_rate, decay_steps=1, decay_rate={rate}), which is what decay computed in "
            "Keras 2.",
            anchor=optimizer.param_anchors.get("decay", optimizer.anchor),
        )


def _value(value: Any) -> str:
    """``=0.01`` when the value is a plain literal, for a ready-to-paste rename."""
    if isinstance(value, bool) or value is None:
        return f"={value}"
    if isinstance(value, int | float):
        return f"={number(value)}"
    if isinstance(value, str):
        return f"={value!r}"
    return ""
