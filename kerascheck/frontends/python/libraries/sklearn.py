"""scikit-learn: scalers and encoders (and what they were fitted on), splits, shuffles.

Functions are looked up by their last name in any ``sklearn.*`` module; ``METHODS`` holds what
the fitted objects do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kerascheck.frontends.python import arrays, value_kinds
from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.libraries import shuffles
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    EncoderValue,
    ScalerValue,
    Sequence,
    Value,
)
from kerascheck.ir import Leak, ScalerFit

Handler = Callable[[InterpreterState, str, CallArgs], Value | None]

_SCALERS = (
    "StandardScaler",
    "MinMaxScaler",
    "RobustScaler",
    "MaxAbsScaler",
    "QuantileTransformer",
    "PowerTransformer",
)
_SCALE_FUNCTIONS = (
    "scale",
    "minmax_scale",
    "robust_scale",
    "maxabs_scale",
    "power_transform",
    "quantile_transform",
)
_ENCODERS = {
    "LabelEncoder": "int",
    "OrdinalEncoder": "int",
    "OneHotEncoder": "onehot",
    "LabelBinarizer": "onehot",
}


def _split(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``train_test_split(x, y)`` -> x_train, x_test, y_train, y_test (provenance kept)."""
    results: list[Value] = []
    for value, _ in args.positional:
        info = arrays.array_info(value)
        if info is None:
            results.extend([UNKNOWN_VALUE, UNKNOWN_VALUE])
            continue
        for fit in info.scaler_fits:
            interp.ir.leaks.append(Leak(fit=fit, split_anchor=args.node))
        shape = (None, *info.shape[1:]) if info.shape else None
        part = ArrayValue(replace(info, split=True, shape=shape, scaler_fits=frozenset()))
        results.extend([part, ArrayValue(part.info)])
    return Sequence(results, is_tuple=True)


def _shuffle(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``sklearn.utils.shuffle(x, y)`` keeps rows aligned; ``shuffle(y)`` alone does not."""
    return shuffles.sklearn_shuffle(interp, args)


def _scaler(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return ScalerValue(name)


def _normalizer(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return ScalerValue(name, leaks_statistics=False)  # row-wise: no fitted statistics


def _encoder(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return EncoderValue(_ENCODERS[name])


def _normalize(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0, "X"))
    if info is None:
        return None
    return ArrayValue(replace(info, scale="scaled", value_kind=value_kinds.CONTINUOUS))


def _scale(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``scale(X)``: fits and transforms at once, so a later split leaks like a scaler's."""
    info = arrays.array_info(args.get(0, "X"))
    if info is None:
        return None
    fits = info.scaler_fits
    if not info.split:
        fits = fits | {ScalerFit(anchor=args.node, description=f"{arrays.written(args)}(...)")}
    kind = value_kinds.CONTINUOUS
    return ArrayValue(replace(info, scale="scaled", scaler_fits=fits, value_kind=kind))


FUNCTIONS: dict[str, Handler] = {
    "train_test_split": _split,
    "shuffle": _shuffle,
    **dict.fromkeys(_SCALERS, _scaler),
    "Normalizer": _normalizer,
    **dict.fromkeys(_ENCODERS, _encoder),
    "normalize": _normalize,
    **dict.fromkeys(_SCALE_FUNCTIONS, _scale),
}


def call(interp: InterpreterState, module: str, name: str, args: CallArgs) -> Value | None:
    if name == "shuffle" and not module.startswith("sklearn.utils"):
        return None
    handler = FUNCTIONS.get(name)
    return handler(interp, name, args) if handler is not None else None


# --- fitted objects -------------------------------------------------------------------------------


def scaler_method(
    interp: InterpreterState, scaler: ScalerValue, method: str, args: CallArgs
) -> Value | None:
    info = arrays.array_info(args.get(0, "X"))
    if method in ("fit", "fit_transform") and info is not None:
        if scaler.leaks_statistics and not info.split:
            description = f"{arrays.written(args)}(...)"
            scaler.fits = frozenset({ScalerFit(anchor=args.node, description=description)})
        else:
            scaler.fits = frozenset()
        if method == "fit":
            return scaler
    if method in ("fit_transform", "transform") and info is not None:
        fits = info.scaler_fits | scaler.fits
        kind = value_kinds.CONTINUOUS  # a scaler's output: floats, not class ids any more
        return ArrayValue(replace(info, scale="scaled", scaler_fits=fits, value_kind=kind))
    if method == "inverse_transform" and info is not None:
        return ArrayValue(replace(info, scale=None, value_kind=None))
    return None


def encoder_method(
    interp: InterpreterState, encoder: EncoderValue, method: str, args: CallArgs
) -> Value | None:
    info = arrays.array_info(args.get(0))
    if method in ("fit_transform", "transform") and info is not None:
        encoded = replace(
            info, encoding=encoder.encoding, scale=None, value_kind=value_kinds.INTEGER
        )
        if encoder.encoding == "onehot":
            encoded = replace(encoded, shape=None, num_classes=None)
        return ArrayValue(encoded)
    return encoder if method == "fit" else None
