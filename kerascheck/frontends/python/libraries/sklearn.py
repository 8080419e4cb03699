"""scikit-learn: scalers and encoders (and what they were fitted on), splits, shuffles.

Functions are looked up by their last name in any ``sklearn.*`` module; ``METHODS`` holds what
the fitted objects do.
"""

from __future__ import annotations

from dataclasses import replace

from kerascheck.frontends.python import arrays, value_kinds, value_ranges
from kerascheck.frontends.python.array_ops import known_labels
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.libraries import shuffles
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    EncoderValue,
    Record,
    ScalerValue,
    Sequence,
    Value,
    to_python,
)
from kerascheck.ir import ArrayInfo, Leak, Origin, Rescaling, ScalerFit, ValueRange

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
    "MultiLabelBinarizer": "multihot",
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


#: scalers whose output is centred on zero unless told otherwise: (that keyword, its default)
_CENTRING = {
    "StandardScaler": ("with_mean", True),
    "RobustScaler": ("with_centering", True),
    "PowerTransformer": ("standardize", True),
}


def _scaler(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    keyword, default = _CENTRING.get(name, ("", False))
    given = args.get(None, keyword) if keyword else None
    centres = default if given is None else to_python(given) is True
    unit_range = name == "MinMaxScaler" and args.get(0, "feature_range") is None
    return ScalerValue(name, centres=centres, unit_range=unit_range)


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
    centres = name in ("scale", "robust_scale", "power_transform") and (
        to_python(args.get(None, "with_mean") or Const(True)) is True
    )
    return ArrayValue(
        replace(
            info,
            scale="scaled",
            scaler_fits=fits,
            value_kind=value_kinds.CONTINUOUS,
            value_range=None,
            rescaled=_rescaled(info, args, centres),
        )
    )


def _rescaled(info: ArrayInfo, args: CallArgs, centres: bool) -> Rescaling:
    """The record KC107 reads: a scaler applied to these values, here."""
    written = f"{arrays.written(args)}(...)"
    return Rescaling(args.node, written=written, of_labels=known_labels(info), centred=centres)


def _multi_hot(args: CallArgs) -> Value:
    """Rows with several ones: ``MultiLabelBinarizer().fit_transform(genres)``."""
    labels = Origin("labels", f"{arrays.written(args)}", anchor=args.node)
    info = ArrayInfo(
        origins=frozenset({labels}), encoding="multihot", shape=(None, None), value_range=(0.0, 1.0)
    )
    return ArrayValue(info)


def _multilabel_data(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``X, Y = make_multilabel_classification(...)``: Y holds several ones per row."""
    indicator = args.get(None, "return_indicator")
    if indicator is not None and to_python(indicator) not in (True, "dense"):
        return None
    if any(args.get(None, k) is not None for k in ("return_distributions",)):
        return None
    sizes = [to_python(args.get(i, k) or Const(d)) for i, k, d in _MULTILABEL_SIZES]
    samples, features, classes = (arrays.dim(s) for s in sizes)
    made = Origin("generated", arrays.written(args), anchor=args.node)
    x = ArrayInfo(origins=frozenset({made}), shape=(samples, features))
    labels = Origin("labels", arrays.written(args), anchor=args.node)
    y = ArrayInfo(
        origins=frozenset({labels}),
        encoding="multihot",
        shape=(samples, classes),
        value_range=(0.0, 1.0),
    )
    return Sequence([ArrayValue(x), ArrayValue(y)], is_tuple=True)


#: make_multilabel_classification's size arguments: (position, keyword, default)
_MULTILABEL_SIZES = ((0, "n_samples", 100), (1, "n_features", 20), (2, "n_classes", 5))


#: scikit-learn's bundled datasets: (samples, features, classes or None, feature bounds,
#: target bounds when a regression). The values are what the files shipped with it hold.
_TOY_DATASETS: dict[str, tuple[int, int, int | None, ValueRange, ValueRange | None]] = {
    "load_iris": (150, 4, 3, (0.1, 7.9), None),
    "load_digits": (1797, 64, 10, (0.0, 16.0), None),
    "load_wine": (178, 13, 3, (0.13, 1680.0), None),
    "load_breast_cancer": (569, 30, 2, (0.0, 4254.0), None),
    "load_diabetes": (442, 10, None, (-0.138, 0.199), (25.0, 346.0)),
    # removed in scikit-learn 1.2, still everywhere in older tutorials' code
    "load_boston": (506, 13, None, (0.0, 711.0), (5.0, 50.0)),
}


def _toy_dataset(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``load_iris()`` (a Bunch: ``.data``, ``.target``) or ``load_iris(return_X_y=True)``."""
    samples, features, classes, bounds, target_bounds = _TOY_DATASETS[name]
    if any(args.get(None, k) is not None for k in ("as_frame", "n_class", "scaled")):
        return None  # frames, fewer digit classes, unscaled diabetes: not followed
    made = Origin("dataset", arrays.written(args), anchor=args.node)
    x = ArrayInfo(
        origins=frozenset({made}),
        shape=(samples, features),
        value_kind=value_kinds.CONTINUOUS,
        **value_ranges.with_range(ArrayInfo(), bounds, None),
    )
    if classes is not None:
        y = ArrayInfo(
            origins=frozenset({made}),
            shape=(samples,),
            encoding="int",
            num_classes=classes,
            value_range=(0.0, classes - 1.0),
            value_kind=value_kinds.INTEGER,
        )
    else:
        y = ArrayInfo(
            origins=frozenset({made}),
            shape=(samples,),
            value_range=target_bounds,
            value_kind=value_kinds.CONTINUOUS,
        )
    data, target = ArrayValue(x), ArrayValue(y)
    if to_python(args.get(None, "return_X_y") or Const(False)) is True:
        return Sequence([data, target], is_tuple=True)
    return Record({"data": data, "target": target})


#: scikit-learn's sample generators: (samples default, features (position, keyword,
#: default) or a fixed count, classes (keyword, default) or None for a regression)
_GENERATORS: dict[str, tuple[int, tuple[int, str, int] | int, tuple[str, int] | None]] = {
    "make_moons": (100, 2, ("", 2)),
    "make_circles": (100, 2, ("", 2)),
    "make_classification": (100, (1, "n_features", 20), ("n_classes", 2)),
    "make_regression": (100, (1, "n_features", 100), None),
}


def _generated(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``X, y = make_moons(n_samples, noise=0.1)`` & co: (samples, features) points and one
    target per point, class ids or (``make_regression``) values computed from the points.
    A tuple of sizes (``make_moons((50, 50))``), several targets or extra returns: unknown."""
    default, features_at, classes_at = _GENERATORS[name]
    if any(args.get(None, k) is not None for k in ("n_targets", "coef", "return_centers")):
        return None
    if args.has_star or len(args.positional) > (1 if isinstance(features_at, int) else 2):
        return None  # old positional calls: which argument is which is not certain
    samples = to_python(args.get(0, "n_samples") or Const(default))
    if not isinstance(samples, int) or isinstance(samples, bool) or samples <= 0:
        return None
    if isinstance(features_at, int):
        features: object = features_at
    else:
        index, keyword, fallback = features_at
        features = to_python(args.get(index, keyword) or Const(fallback))
    classes: object = None
    if classes_at is not None:
        keyword, fallback = classes_at
        classes = to_python(args.get(None, keyword) or Const(fallback)) if keyword else fallback
    made = Origin("generated", arrays.written(args), anchor=args.node)
    x = ArrayInfo(
        origins=frozenset({made}),
        shape=(samples, arrays.dim(features)),
        value_kind=value_kinds.CONTINUOUS,
    )
    if classes_at is None:
        kind = value_kinds.CONTINUOUS
        y = ArrayInfo(origins=frozenset({made}), shape=(samples,), value_kind=kind)
    else:
        count = arrays.dim(classes)
        y = ArrayInfo(
            origins=frozenset({made}),
            shape=(samples,),
            encoding="int",
            num_classes=count,
            value_range=(0.0, count - 1.0) if count is not None else None,
            value_kind=value_kinds.INTEGER,
        )
    return Sequence([ArrayValue(x), ArrayValue(y)], is_tuple=True)


FUNCTIONS: dict[str, Handler] = {
    **dict.fromkeys(_TOY_DATASETS, _toy_dataset),
    **dict.fromkeys(_GENERATORS, _generated),
    "train_test_split": _split,
    "shuffle": _shuffle,
    **dict.fromkeys(_SCALERS, _scaler),
    "Normalizer": _normalizer,
    **dict.fromkeys(_ENCODERS, _encoder),
    "normalize": _normalize,
    "make_multilabel_classification": _multilabel_data,
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
        return ArrayValue(
            replace(
                info,
                scale="scaled",
                scaler_fits=info.scaler_fits | scaler.fits,
                value_kind=value_kinds.CONTINUOUS,  # floats, not class ids any more
                value_range=(0.0, 1.0) if scaler.unit_range else None,
                column_ranges=None,
                column_names=(),
                rescaled=_rescaled(info, args, scaler.centres),
            )
        )
    if method == "inverse_transform" and info is not None:
        return ArrayValue(
            replace(info, scale=None, value_kind=None, value_range=None, rescaled=None)
        )
    return None


def encoder_method(
    interp: InterpreterState, encoder: EncoderValue, method: str, args: CallArgs
) -> Value | None:
    info = arrays.array_info(args.get(0))
    if method in ("fit_transform", "transform") and info is not None:
        labels = Origin("labels", f"{arrays.written(args)}", anchor=args.node)
        encoded = replace(
            info,
            encoding=encoder.encoding,
            scale=None,
            value_kind=value_kinds.INTEGER,
            origins=info.origins | {labels},
            value_range=None if encoder.encoding == "int" else (0.0, 1.0),
            column_ranges=None,
            column_names=(),
            rescaled=None,
        )
        if encoder.encoding != "int":
            encoded = replace(encoded, shape=None, num_classes=None)
        return ArrayValue(encoded)
    if method == "fit_transform" and encoder.encoding == "multihot":
        return _multi_hot(args)  # MultiLabelBinarizer of a list of label lists
    return encoder if method == "fit" else None
