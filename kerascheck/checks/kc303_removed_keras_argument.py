"""KC303: Keras 1/2 spellings that Keras 3 rejects or silently reads differently.

Old tutorials and answers still teach ``init=``, ``border_mode=``, ``lr=``, ``nb_epoch=`` and
``Convolution2D(32, 3, 3)``. Each case here was checked against Keras 3: the renamed keyword
arguments make layer, optimizer or ``fit`` calls fail; ``decay=`` is dropped with only a
warning; and the third positional number of a 2-D convolution is now its stride.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kerascheck import keras_api
from kerascheck.checks.context import CheckContext
from kerascheck.checks.model_walk import (
    is_int,
    is_number,
    module_layers,
    module_optimizers,
    number,
    once,
)
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import LayerNode, Model, OptimizerInfo

CODE = "KC303"


@dataclass(frozen=True)
class Legacy:
    """A removed keyword: what replaces it, and on which layers the old name is not valid."""

    replacement: str  # "kernel_initializer", or advice when there is no one-to-one rename
    only: frozenset[str] | None = None  # None: an unknown keyword on every Keras layer
    rename: bool = True  # False: ``replacement`` is a whole sentence of advice, not a new name
    era: str = "Keras 1"


_RECURRENT = keras_api.RECURRENT | frozenset({"LSTMCell", "GRUCell", "SimpleRNNCell"})

LAYER_KEYWORDS: dict[str, Legacy] = {
    "init": Legacy("kernel_initializer"),
    "inner_init": Legacy("recurrent_initializer"),
    "forget_bias_init": Legacy("unit_forget_bias (True by default)"),
    "inner_activation": Legacy("recurrent_activation"),
    "border_mode": Legacy("padding"),
    "subsample": Legacy("strides"),
    "subsample_length": Legacy("strides"),
    "filter_length": Legacy("kernel_size"),
    "pool_length": Legacy("pool_size"),
    "stride": Legacy("strides"),
    "nb_filter": Legacy("filters"),
    "nb_row": Legacy("Use kernel_size=(rows, cols).", rename=False),
    "nb_col": Legacy("Use kernel_size=(rows, cols).", rename=False),
    "output_dim": Legacy("units", only=frozenset({"Dense"}) | keras_api.RECURRENT_WITH_UNITS),
    "W_regularizer": Legacy("kernel_regularizer"),
    "b_regularizer": Legacy("bias_regularizer"),
    "U_regularizer": Legacy("recurrent_regularizer"),
    "W_constraint": Legacy("kernel_constraint"),
    "b_constraint": Legacy("bias_constraint"),
    "U_constraint": Legacy("recurrent_constraint"),
    "dropout_W": Legacy("dropout"),
    "dropout_U": Legacy("recurrent_dropout"),
    "bias": Legacy("use_bias"),
    "dim_ordering": Legacy(
        "Use data_format: 'tf' is 'channels_last', 'th' is 'channels_first'.", rename=False
    ),
    "consume_less": Legacy("Remove it.", rename=False),
    "input_length": Legacy(
        "Remove it and declare the steps in Input(shape=(steps, features)).",
        only=_RECURRENT,
        rename=False,
        era="Keras 1/2",
    ),
    "mode": Legacy("Remove it.", only=frozenset({"BatchNormalization"}), rename=False),
}

FIT_KEYWORDS = {
    "nb_epoch": "epochs",
    "samples_per_epoch": "steps_per_epoch (counted in batches, not samples)",
    "nb_val_samples": "validation_steps (counted in batches, not samples)",
}

#: 2-D convolutions whose Keras 1 signature was ``(nb_filter, nb_row, nb_col)``.
CONV_2D = frozenset({"Conv2D", "SeparableConv2D", "Conv2DTranspose"})
_KERAS1_NAMES = ("Convolution", "Deconvolution", "SeparableConvolution", "AtrousConvolution")


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


def _layer_diagnostics(layer: LayerNode) -> Iterator[Diagnostic]:
    name = layer.spelled or layer.cls
    for param, legacy in LAYER_KEYWORDS.items():
        if param not in layer.params or (legacy.only is not None and layer.cls not in legacy.only):
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
    conv = _conv_strides_texts(layer)
    if conv is not None:
        message, help = conv
        yield Diagnostic(CODE, message, help=help, anchor=layer.anchor_of("strides"))


def _conv_strides_texts(layer: LayerNode) -> tuple[str, str] | None:
    """``Conv2D(32, 3, 3)``: Keras 1 meant a 3x3 kernel; Keras 3 reads strides=3.

    Modern code may pass strides positionally on purpose (``Conv2D(64, 3, 2)``), so the rule
    fires only where the Keras 1 reading is the likely one: a square kernel (rows == cols),
    a Keras 1 class name, or other Keras 1 arguments on the same call. ``Conv2D(n, 1, 1)``
    means the same in both versions and is left alone.
    """
    if layer.cls not in CONV_2D:
        return None
    if not all(p in layer.positional for p in ("filters", "kernel_size", "strides")):
        return None
    filters, rows, cols = (layer.params.get(p) for p in ("filters", "kernel_size", "strides"))
    if not (is_int(filters) and is_int(rows) and is_int(cols)) or rows == cols == 1:
        return None
    keras1 = layer.spelled.startswith(_KERAS1_NAMES) or any(
        p in layer.params for p in LAYER_KEYWORDS
    )
    if rows != cols and not keras1:
        return None
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
