"""Data provenance for the interpreter: where the arrays that reach ``fit`` come from.

numpy, pandas, scikit-learn, ``tf.random``, Python's ``random`` and Keras's datasets and utils,
reduced to what the data rules need: origin (random, disk, dataset ...), scaling, label
encoding, static shape, splits and fitted scalers.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import libcst as cst

from kerascheck.datafiles import TEXT_DEFAULT_DELIMITER, sample_beside
from kerascheck.frontends.python.scope import callee_text
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    EncoderValue,
    Identity,
    Qual,
    RandomGenerator,
    ScalerValue,
    Sequence,
    TokenizerValue,
    Value,
    combine_arrays,
    to_python,
)
from kerascheck.ir import UNKNOWN, ArrayInfo, Leak, Origin, ScalerFit, Shape

if TYPE_CHECKING:
    from kerascheck.frontends.python.interpreter import CallArgs, Interpreter

# --- tables -------------------------------------------------------------------------------------

#: numpy.random function -> (index of the size argument, its keyword, integer-valued?)
_NUMPY_RANDOM: dict[str, tuple[int | None, str, bool]] = {
    "rand": (None, "", False),  # rand(d0, d1, ...)
    "randn": (None, "", False),
    "random": (0, "size", False),
    "random_sample": (0, "size", False),
    "ranf": (0, "size", False),
    "sample": (0, "size", False),
    "standard_normal": (0, "size", False),
    "uniform": (2, "size", False),
    "normal": (2, "size", False),
    "exponential": (1, "size", False),
    "beta": (2, "size", False),
    "gamma": (2, "size", False),
    "lognormal": (2, "size", False),
    "randint": (2, "size", True),
    "integers": (2, "size", True),
    "random_integers": (2, "size", True),
    "binomial": (2, "size", True),
    "poisson": (1, "size", True),
    "geometric": (1, "size", True),
    "choice": (1, "size", False),
    "permutation": (None, "", True),
}
_TF_RANDOM = {"uniform", "normal", "truncated_normal", "stateless_uniform", "stateless_normal"}
_PY_RANDOM = {"random", "randint", "uniform", "gauss", "normalvariate", "choice", "randrange"}
_NUMPY_LOADERS = {"load", "loadtxt", "genfromtxt", "fromfile", "memmap", "recfromcsv"}
_DISK_LOADERS = {
    "scipy.io.loadmat",
    "h5py.File",
    "cv2.imread",
    "PIL.Image.open",
    "imageio.imread",
    "imageio.v2.imread",
    "skimage.io.imread",
}
_NUMPY_KEEP = {
    "array",
    "asarray",
    "asanyarray",
    "copy",
    "ascontiguousarray",
    "float32",
    "float64",
    "nan_to_num",
    "clip",
    "round",
    "abs",
    "absolute",
    "flip",
    "sort",
    "roll",
    "tile",
    "repeat",
    "squeeze",
}
_NUMPY_NEUTRAL = {"log", "log1p", "log2", "log10", "sqrt", "exp", "tanh", "sin", "cos", "sign"}
_NUMPY_COMBINE = {"concatenate", "vstack", "hstack", "stack", "column_stack", "dstack", "append"}
_NUMPY_REDUCE = {"mean", "std", "var", "sum", "max", "min", "median", "prod", "amax", "amin"}
_NUMPY_FILL = {"zeros", "ones", "empty", "full"}
_SCALERS = {
    "StandardScaler",
    "MinMaxScaler",
    "RobustScaler",
    "MaxAbsScaler",
    "QuantileTransformer",
    "PowerTransformer",
}
_SCALE_FUNCTIONS = {
    "scale",
    "minmax_scale",
    "robust_scale",
    "maxabs_scale",
    "power_transform",
    "quantile_transform",
}
_ENCODERS = {
    "LabelEncoder": "int",
    "OrdinalEncoder": "int",
    "OneHotEncoder": "onehot",
    "LabelBinarizer": "onehot",
}
_PANDAS_READERS = {
    "read_csv",
    "read_excel",
    "read_table",
    "read_json",
    "read_parquet",
    "read_feather",
    "read_pickle",
    "read_hdf",
    "read_sql",
    "read_sql_query",
    "read_sql_table",
    "read_fwf",
    "read_orc",
}
_INT_DTYPES = {
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "long",
    "bool",
}
#: file names that say the data on disk is already scaled
_SCALED_HINTS = ("norm", "scal", "standard", "std", "preprocessed", "processed")

#: keras.datasets loaders: (train x shape, train y shape, test x, test y, kind, classes)
_DATASETS: dict[str, tuple[Shape, Shape, Shape, Shape, str, int | None]] = {
    "mnist": ((60000, 28, 28), (60000,), (10000, 28, 28), (10000,), "image", 10),
    "fashion_mnist": ((60000, 28, 28), (60000,), (10000, 28, 28), (10000,), "image", 10),
    "cifar10": ((50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1), "image", 10),
    "cifar100": ((50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1), "image", 100),
    "imdb": ((25000,), (25000,), (25000,), (25000,), "tokens", 2),
    "reuters": ((None,), (None,), (None,), (None,), "tokens", 46),
    "boston_housing": ((None, 13), (None,), (None, 13), (None,), "tabular", None),
    "california_housing": ((None, 8), (None,), (None, 8), (None,), "tabular", None),
}


# --- helpers ------------------------------------------------------------------------------------


def _written(args: CallArgs) -> str:
    """The callee as the user wrote it (``np.random.randint``), for messages."""
    return callee_text(args.node.func)


def _origin(kind: str, args: CallArgs) -> Origin:
    return Origin(kind=kind, call=_written(args), anchor=args.node)


def as_shape(value: Any) -> Shape | None:
    """A size argument (``100`` or ``(100, 20)``) as a shape tuple."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (value,)
    if isinstance(value, (tuple, list)) and all(
        (isinstance(d, int) and not isinstance(d, bool)) or d is None for d in value
    ):
        return tuple(value)
    return None


def _dim(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _array_info(value: Value | None) -> ArrayInfo | None:
    if isinstance(value, ArrayValue):
        return value.info
    if isinstance(value, Sequence):
        return _sequence_info(value)
    return None


def _sequence_info(value: Sequence) -> ArrayInfo | None:
    """``np.array(...)`` of a list literal or of a list of arrays."""
    python = to_python(value) if _is_literal(value) else UNKNOWN
    if python is not UNKNOWN:
        shape = _literal_shape(python)
        if shape is None:
            return None
        integers = _all_ints(python)
        return ArrayInfo(
            origins=frozenset(),
            shape=shape if value.exact else (None, *shape[1:]),
            encoding="int" if integers else None,
        )
    items = [item for item in value.items if isinstance(item, ArrayValue)]
    if not items or len(items) != len(value.items):
        return None
    info = combine_arrays([i.info for i in items])
    shapes = {i.info.shape for i in items}
    inner = shapes.pop() if len(shapes) == 1 else None
    length = len(items) if value.exact else None
    shape = (length, *inner) if inner is not None else None
    encodings = {i.info.encoding for i in items}
    encoding = encodings.pop() if len(encodings) == 1 else None
    return replace(info, shape=shape, encoding=encoding)


def _is_literal(value: Value) -> bool:
    if isinstance(value, Sequence):
        return all(_is_literal(item) for item in value.items)
    return isinstance(value, Const)


def _literal_shape(value: Any) -> Shape | None:
    if isinstance(value, (list, tuple)):
        if not value:
            return (0,)
        inner = {_literal_shape(item) for item in value}
        if len(inner) != 1:
            return None
        rest = inner.pop()
        return None if rest is None else (len(value), *rest)
    if (isinstance(value, (int, float)) and not isinstance(value, bool)) or isinstance(value, bool):
        return ()
    return None


def _all_ints(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_all_ints(item) for item in value)
    return isinstance(value, int)


def _is_int_dtype(value: Value | None) -> bool:
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value in _INT_DTYPES
    if isinstance(value, Qual):
        return value.name.rsplit(".", 1)[-1] in _INT_DTYPES
    return False


def _reshape(shape: Shape | None, target: Any) -> Shape | None:
    new = as_shape(target)
    if new is None:
        return None
    if -1 in new:
        if new.count(-1) > 1:
            return None
        known = [d for d in new if d != -1]
        if not all(isinstance(d, int) for d in known):  # reshape((None, -1)): unknown
            return tuple(None if d == -1 else d for d in new)
        total = math.prod(shape) if shape and all(isinstance(d, int) for d in shape) else None
        rest = math.prod(known) if known else 1
        fill = total // rest if total is not None and rest and total % rest == 0 else None
        return tuple(fill if d == -1 else d for d in new)
    return new


def _drop_axis(shape: Shape | None, axis: Any) -> Shape | None:
    if shape is None:
        return None
    if axis is None:
        return ()
    axes = axis if isinstance(axis, tuple) else (axis,)
    if not all(isinstance(a, int) and -len(shape) <= a < len(shape) for a in axes):
        return None
    dropped = {a % len(shape) for a in axes}
    return tuple(d for i, d in enumerate(shape) if i not in dropped)


# --- calls to functions ---------------------------------------------------------------------------


def call_function(interp: Interpreter, name: str, args: CallArgs) -> Value | None:
    head, _, tail = name.rpartition(".")
    if head == "builtins":
        return _builtin(tail, args)
    if head in ("numpy.random", "numpy.random.mtrand"):
        return _numpy_random(tail, args)
    if head == "numpy":
        return _numpy(interp, tail, args)
    if head == "tensorflow.random" and tail in _TF_RANDOM:
        return _random_array(
            args,
            as_shape(to_python(args.get(0, "shape") or Const(None))),
            _is_int_dtype(args.get(None, "dtype")),
        )
    if head == "tensorflow":
        return _tensorflow(tail, args)
    if head == "random":
        return _python_random(tail, args)
    if head == "pandas":
        return _pandas(tail, args)
    if name in _DISK_LOADERS:
        return _from_disk(args)
    if head.startswith("sklearn"):
        return _sklearn(interp, head, tail, args)
    return None


def _builtin(name: str, args: CallArgs) -> Value | None:
    first = args.get(0)
    if name == "range":
        bounds = [to_python(v) for v, _ in args.positional]
        if bounds and all(isinstance(b, int) and not isinstance(b, bool) for b in bounds):
            try:
                return Const(range(*bounds))
            except (TypeError, ValueError):
                return None
        return None
    if name == "len":
        if isinstance(first, Sequence) and first.exact:
            return Const(len(first.items))
        if isinstance(first, Const) and isinstance(first.value, (str, tuple, range)):
            return Const(len(first.value))
        if isinstance(first, ArrayValue) and first.info.shape:
            dim = first.info.shape[0]
            return Const(dim) if dim is not None else None
        return None
    if name in ("int", "float") and isinstance(first, Const):
        try:
            return Const(int(first.value) if name == "int" else float(first.value))
        except (TypeError, ValueError, OverflowError):
            return None
    if name in ("list", "tuple") and isinstance(first, Sequence):
        return Sequence(
            list(first.items), is_tuple=name == "tuple", exact=first.exact, depth=first.depth
        )
    if name in ("list", "tuple") and isinstance(first, ArrayValue):
        return first
    if (
        name in ("abs", "round")
        and isinstance(first, Const)
        and isinstance(first.value, (int, float))
    ):
        return Const(abs(first.value) if name == "abs" else round(first.value))
    return None


def _numpy_random(name: str, args: CallArgs) -> Value | None:
    if name in ("default_rng", "RandomState", "Generator"):
        return RandomGenerator()
    spec = _NUMPY_RANDOM.get(name)
    if spec is None:
        return None
    index, keyword, integer = spec
    if index is None:
        dims = [to_python(v) for v, _ in args.positional]
        shape = (
            as_shape(tuple(dims)) if name != "permutation" else as_shape(dims[0] if dims else None)
        )
    else:
        size = args.get(index, keyword)
        shape = as_shape(to_python(size)) if size is not None else ()
    if name == "choice":
        population = to_python(args.get(0, "a") or Const(None))
        integer = isinstance(population, int) or (
            isinstance(population, (list, tuple)) and _all_ints(population)
        )
    if name in ("randint", "integers") and args.get(1, "high") is None:
        classes = _dim(to_python(args.get(0, "low") or Const(None)))
    elif name in ("randint", "integers"):
        low, high = (
            _dim(to_python(args.get(i, k) or Const(None))) for i, k in ((0, "low"), (1, "high"))
        )
        classes = high - low if low is not None and high is not None else None
    else:
        classes = None
    array = _random_array(args, shape, integer)
    return array.evolve(num_classes=classes) if classes else array


def _random_array(args: CallArgs, shape: Shape | None, integer: bool) -> ArrayValue:
    return ArrayValue(
        ArrayInfo(
            origins=frozenset({_origin("random", args)}),
            shape=shape,
            encoding="int" if integer else None,
        )
    )


def _python_random(name: str, args: CallArgs) -> Value | None:
    if name == "sample":
        k = _dim(to_python(args.get(1, "k") or Const(None)))
        return _random_array(args, (k,) if k is not None else None, False)
    if name in _PY_RANDOM:
        return _random_array(args, (), name in ("randint", "randrange"))
    return None


def _from_disk(args: CallArgs, shape: Shape | None = None, loader: str = "") -> ArrayValue:
    source = to_python(args.get(0) or Const(None))
    hinted = isinstance(source, str) and any(hint in source.lower() for hint in _SCALED_HINTS)
    path = source if isinstance(source, str) else None
    sample = _sample(args, path, loader) if path is not None else None
    if sample is not None:
        shape = _sampled_shape(args, sample, loader, shape)
    origin = Origin("disk", _written(args), anchor=args.node, path=path, sample=sample)
    info = ArrayInfo(origins=frozenset({origin}), scale=None if hinted else "raw", shape=shape)
    return ArrayValue(info)


def _sample(args: CallArgs, path: str, loader: str) -> Any:
    """A bounded sample of the file when it lies next to the script and reading is on."""
    if loader not in TEXT_DEFAULT_DELIMITER and loader != "load":
        return None
    delimiter = TEXT_DEFAULT_DELIMITER.get(loader)
    for name in ("delimiter", "sep"):
        given = to_python(args.get(None, name) or Const(None))
        if isinstance(given, str) and given:
            delimiter = given
    if to_python(args.get(None, "delim_whitespace") or Const(None)) is True:
        delimiter = None
    return sample_beside(path, delimiter)


def _sampled_shape(args: CallArgs, sample: Any, loader: str, shape: Shape | None) -> Shape | None:
    """What the loader returns for the sampled file: a ``.npy`` says its whole shape; a table
    its column count, unless the call picks columns (usecols, index_col, unpack)."""
    if loader == "load":
        return tuple(sample.shape) if sample.format == "npy" and sample.shape else shape
    if sample.format != "text" or sample.columns is None:
        return shape
    if any(args.get(None, name) is not None for name in ("usecols", "index_col", "unpack")):
        return shape
    if loader in ("read_csv", "read_table"):
        return (None, sample.columns)
    return (None, sample.columns) if sample.columns > 1 else (None,)


def _numpy(interp: Interpreter, name: str, args: CallArgs) -> Value | None:
    first = args.get(0)
    info = _array_info(first)
    if name in _NUMPY_LOADERS:
        return _from_disk(args, loader=name)
    if name in _NUMPY_FILL:
        shape = as_shape(to_python(first or Const(None)))
        return ArrayValue(ArrayInfo(origins=frozenset({_origin("literal", args)}), shape=shape))
    if name in ("zeros_like", "ones_like", "full_like", "empty_like") and info is not None:
        return ArrayValue(
            ArrayInfo(origins=frozenset({_origin("literal", args)}), shape=info.shape)
        )
    if name in ("arange", "linspace"):
        count = to_python(args.get(2 if name == "linspace" else 0) or Const(None))
        shape = (count,) if name == "linspace" and _dim(count) else None
        if name == "arange" and len(args.positional) == 1 and _dim(count) is not None:
            shape = (count,)
        return ArrayValue(ArrayInfo(origins=frozenset({_origin("generated", args)}), shape=shape))
    if name == "eye" or name == "identity":
        return Identity(_dim(to_python(first or Const(None))))
    if info is None:
        return None
    if name in _NUMPY_KEEP:
        if name == "squeeze":
            return ArrayValue(replace(info, shape=_squeeze(info.shape)))
        if name in ("tile", "repeat"):
            return ArrayValue(replace(info, shape=None))
        dtype = args.get(None, "dtype")
        if dtype is not None and _is_int_dtype(dtype) and info.encoding != "onehot":
            return ArrayValue(replace(info, encoding="int"))
        return ArrayValue(info)
    if name in _NUMPY_NEUTRAL:
        return ArrayValue(replace(info, scale=None))
    if name == "cumsum":
        return ArrayValue(replace(info, scale="raw", encoding=None))
    if name == "reshape":
        return ArrayValue(
            replace(
                info,
                shape=_reshape(
                    info.shape,
                    to_python(args.get(1, "newshape") or args.get(None, "shape") or Const(None)),
                ),
            )
        )
    if name == "expand_dims":
        return ArrayValue(
            replace(info, shape=_expand(info.shape, to_python(args.get(1, "axis") or Const(None))))
        )
    if name == "transpose":
        return ArrayValue(replace(info, shape=tuple(reversed(info.shape)) if info.shape else None))
    if name in _NUMPY_COMBINE and isinstance(first, Sequence):
        parts = [_array_info(item) for item in first.items]
        if all(parts):
            return ArrayValue(replace(combine_arrays([p for p in parts if p]), shape=None))
        return None
    if name in _NUMPY_REDUCE:
        axis = to_python(args.get(1, "axis") or Const(None))
        return ArrayValue(
            replace(info, shape=_drop_axis(info.shape, axis), encoding=None, num_classes=None)
        )
    if name in ("dot", "matmul"):
        return _matmul(info, _array_info(args.get(1)))
    if name == "argmax":
        axis = to_python(args.get(1, "axis") or Const(None))
        return _argmax(info, axis)
    if name == "where" and len(args.positional) == 3:
        branches = [_array_info(v) for v, _ in args.positional[1:]]
        parts = [info, *[b for b in branches if b]]
        values = [to_python(v) for v, _ in args.positional[1:]]
        integer = all(isinstance(v, int) for v in values)
        return ArrayValue(
            replace(combine_arrays(parts), shape=info.shape, encoding="int" if integer else None)
        )
    return None


def _squeeze(shape: Shape | None) -> Shape | None:
    if shape is None or any(d is None for d in shape):
        return None
    return tuple(d for d in shape if d != 1)


def _expand(shape: Shape | None, axis: Any) -> Shape | None:
    if shape is None or not isinstance(axis, int):
        return None
    position = axis if axis >= 0 else len(shape) + 1 + axis
    if not 0 <= position <= len(shape):
        return None
    return (*shape[:position], 1, *shape[position:])


def _argmax(info: ArrayInfo, axis: Any) -> ArrayValue:
    classes = info.num_classes
    if classes is None and info.encoding == "onehot" and info.shape:
        classes = _dim(info.shape[-1])
    return ArrayValue(
        replace(
            info,
            shape=_drop_axis(info.shape, axis),
            encoding="int",
            num_classes=classes,
            scale=None,
        )
    )


def _tensorflow(name: str, args: CallArgs) -> Value | None:
    first = args.get(0)
    info = _array_info(first)
    if name == "one_hot" and info is not None:
        return one_hot(info, _dim(to_python(args.get(1, "depth") or Const(None))))
    if info is None:
        return None
    if name in ("constant", "convert_to_tensor", "cast", "identity", "Variable"):
        dtype = args.get(1, "dtype")
        if dtype is not None and _is_int_dtype(dtype) and info.encoding != "onehot":
            return ArrayValue(replace(info, encoding="int"))
        return ArrayValue(info)
    if name == "reshape":
        return ArrayValue(
            replace(
                info, shape=_reshape(info.shape, to_python(args.get(1, "shape") or Const(None)))
            )
        )
    if name == "expand_dims":
        return ArrayValue(
            replace(info, shape=_expand(info.shape, to_python(args.get(1, "axis") or Const(None))))
        )
    return None


def _pandas(name: str, args: CallArgs) -> Value | None:
    if name in _PANDAS_READERS:
        return _from_disk(args, shape=(None, None), loader=name)  # a DataFrame: rows by columns
    info = _array_info(args.get(0, "data"))
    if info is None:
        return None
    if name in ("DataFrame", "Series", "concat"):
        return ArrayValue(replace(info, shape=None))
    if name == "get_dummies":
        if info.shape is not None and len(info.shape) == 1:
            return one_hot(info, None)  # a label column
        # a whole frame: its categorical columns become indicators, the rest stays as it was
        return ArrayValue(replace(info, shape=(None, None) if info.shape else None))
    if name == "factorize":
        return ArrayValue(replace(info, encoding="int", shape=None))
    return None


def one_hot(info: ArrayInfo, classes: int | None) -> ArrayValue:
    """Labels one-hot encoded into ``classes`` columns (unknown when None)."""
    shape = info.shape
    if shape is not None and len(shape) == 2 and shape[1] == 1:
        shape = shape[:1]
    new_shape = (*shape, classes) if shape is not None and len(shape) == 1 else None
    return ArrayValue(
        replace(
            info,
            encoding="onehot",
            num_classes=classes,
            shape=new_shape,
            scale=None,
            token_ids=False,
        )
    )


def one_hot_from_identity(identity: Identity, index: Any) -> Value:
    """``np.eye(n)[y]``."""
    info = _array_info(index) if isinstance(index, Value) else None
    if info is None:
        return UNKNOWN_VALUE
    return one_hot(info, identity.size)


# --- scikit-learn ---------------------------------------------------------------------------------


def _sklearn(interp: Interpreter, module: str, name: str, args: CallArgs) -> Value | None:
    if name == "train_test_split":
        return _split(interp, args)
    if name == "shuffle" and module.startswith("sklearn.utils"):
        arrays = [value for value, _ in args.positional]
        return arrays[0] if len(arrays) == 1 else Sequence(arrays, is_tuple=True)
    if name in _SCALERS:
        return ScalerValue(name)
    if name == "Normalizer":
        return ScalerValue(name, leaks_statistics=False)
    if name in _ENCODERS:
        return EncoderValue(_ENCODERS[name])
    info = _array_info(args.get(0, "X"))
    if info is None:
        return None
    if name == "normalize":
        return ArrayValue(replace(info, scale="scaled"))
    if name in _SCALE_FUNCTIONS:
        fits = info.scaler_fits
        if not info.split:
            fits = fits | {ScalerFit(anchor=args.node, description=f"{_written(args)}(...)")}
        return ArrayValue(replace(info, scale="scaled", scaler_fits=fits))
    return None


def _split(interp: Interpreter, args: CallArgs) -> Value:
    """``train_test_split(x, y)`` -> x_train, x_test, y_train, y_test (provenance kept)."""
    results: list[Value] = []
    for value, _ in args.positional:
        info = _array_info(value)
        if info is None:
            results.extend([UNKNOWN_VALUE, UNKNOWN_VALUE])
            continue
        for fit in info.scaler_fits:
            interp.ir.leaks.append(Leak(fit=fit, split_anchor=args.node))
        shape = (None, *info.shape[1:]) if info.shape else None
        part = ArrayValue(replace(info, split=True, shape=shape, scaler_fits=frozenset()))
        results.extend([part, ArrayValue(part.info)])
    return Sequence(results, is_tuple=True)


# --- Keras utilities and datasets -----------------------------------------------------------------


def keras_utility(interp: Interpreter, name: str, args: CallArgs) -> Value | None:
    info = _array_info(args.get(0))
    if name == "to_categorical":
        if info is None:
            info = ArrayInfo()
        return one_hot(info, _dim(to_python(args.get(1, "num_classes") or Const(None))))
    if name == "normalize" and info is not None:
        return ArrayValue(replace(info, scale="scaled"))
    if name == "pad_sequences":
        length = _dim(to_python(args.get(None, "maxlen") or Const(None)))
        base = info or ArrayInfo()
        shape = (base.shape[0] if base.shape else None, length) if length else None
        return ArrayValue(replace(base, token_ids=True, scale=None, shape=shape))
    return None


def load_dataset(interp: Interpreter, name: str, args: CallArgs) -> Value | None:
    dataset, _, function = name.partition(".")
    spec = _DATASETS.get(dataset)
    if spec is None or function != "load_data":
        return None
    x_train, y_train, x_test, y_test, kind, classes = spec

    def array(shape: Shape, labels: bool) -> ArrayValue:
        origin = Origin(kind="dataset", call=f"{dataset}.load_data()", anchor=args.node)
        if labels:
            encoding = "int" if classes else None
            return ArrayValue(
                ArrayInfo(frozenset({origin}), shape=shape, encoding=encoding, num_classes=classes)
            )
        tokens = kind == "tokens"
        return ArrayValue(
            ArrayInfo(
                frozenset({origin}), scale=None if tokens else "raw", shape=shape, token_ids=tokens
            )
        )

    train = Sequence([array(x_train, False), array(y_train, True)], is_tuple=True)
    test = Sequence([array(x_test, False), array(y_test, True)], is_tuple=True)
    return Sequence([train, test], is_tuple=True)


# --- methods ------------------------------------------------------------------------------------


def call_method(interp: Interpreter, receiver: Value, method: str, args: CallArgs) -> Value | None:
    if isinstance(receiver, ArrayValue):
        return _array_method(receiver, method, args)
    if isinstance(receiver, ScalerValue):
        return _scaler_method(receiver, method, args)
    if isinstance(receiver, EncoderValue):
        info = _array_info(args.get(0))
        if method in ("fit_transform", "transform") and info is not None:
            encoded = replace(info, encoding=receiver.encoding, scale=None)
            if receiver.encoding == "onehot":
                encoded = replace(encoded, shape=None, num_classes=None)
            return ArrayValue(encoded)
        return receiver if method == "fit" else None
    if isinstance(receiver, RandomGenerator):
        return _numpy_random(method, args)
    if isinstance(receiver, TokenizerValue):
        if method == "texts_to_sequences":
            return ArrayValue(
                ArrayInfo(origins=frozenset({_origin("generated", args)}), token_ids=True)
            )
        return None
    return None


def _scaler_method(scaler: ScalerValue, method: str, args: CallArgs) -> Value | None:
    info = _array_info(args.get(0, "X"))
    if method in ("fit", "fit_transform") and info is not None:
        if scaler.leaks_statistics and not info.split:
            scaler.fits = frozenset(
                {ScalerFit(anchor=args.node, description=f"{_written(args)}(...)")}
            )
        else:
            scaler.fits = frozenset()
        if method == "fit":
            return scaler
    if method in ("fit_transform", "transform") and info is not None:
        return ArrayValue(replace(info, scale="scaled", scaler_fits=info.scaler_fits | scaler.fits))
    if method == "inverse_transform" and info is not None:
        return ArrayValue(replace(info, scale=None))
    return None


#: methods that keep an array's values and shape
_KEEP_METHODS = {
    "copy",
    "values",
    "to_numpy",
    "tolist",
    "fillna",
    "toarray",
    "todense",
    "clip",
    "round",
    "map",
    "apply",
    "replace",
    "numpy",
    "interpolate",
    "ffill",
    "bfill",
}
#: methods that keep the rank but may change sizes (rows dropped, columns removed)
_SAME_RANK_METHODS = {
    "dropna",
    "head",
    "tail",
    "sample",
    "sort_values",
    "sort_index",
    "reset_index",
    "set_index",
    "drop",
    "drop_duplicates",
    "select_dtypes",
    "rename",
    "assign",
    "query",
    "filter",
    "where",
    "mask",
}


def _array_method(array: ArrayValue, method: str, args: CallArgs) -> Value | None:
    info = array.info
    if method == "reshape":
        target: Any = (
            to_python(args.get(0) or Const(None))
            if len(args.positional) == 1
            else tuple(to_python(v) for v, _ in args.positional)
        )
        return ArrayValue(replace(info, shape=_reshape(info.shape, target)))
    if method == "astype":
        dtype = args.get(0, "dtype")
        if _is_int_dtype(dtype) and info.encoding != "onehot":
            return ArrayValue(replace(info, encoding="int"))
        return array
    if method in ("flatten", "ravel"):
        size = (
            math.prod(info.shape)
            if info.shape and all(isinstance(d, int) for d in info.shape)
            else None
        )
        return ArrayValue(replace(info, shape=(size,)))
    if method == "squeeze":
        return ArrayValue(replace(info, shape=_squeeze(info.shape)))
    if method == "transpose":
        return ArrayValue(replace(info, shape=tuple(reversed(info.shape)) if info.shape else None))
    if method in _KEEP_METHODS:
        return array
    if method == "drop":
        dropped = _dropped_columns(info.shape, args)
        if dropped is not None:
            return ArrayValue(replace(info, shape=dropped))
    if method in _SAME_RANK_METHODS:
        shape = tuple(None for _ in info.shape) if info.shape is not None else None
        return ArrayValue(replace(info, shape=shape))
    if method == "dot":
        return _matmul(info, _array_info(args.get(0)))
    if method in _NUMPY_REDUCE:
        axis = to_python(args.get(0, "axis") or Const(None))
        return ArrayValue(
            replace(info, shape=_drop_axis(info.shape, axis), encoding=None, num_classes=None)
        )
    if method == "argmax":
        return _argmax(info, to_python(args.get(0, "axis") or Const(None)))
    if method == "cumsum":
        return ArrayValue(replace(info, scale="raw"))
    if method == "pop":
        return ArrayValue(replace(info, shape=None))
    if method == "factorize":
        return ArrayValue(replace(info, encoding="int", shape=None))
    return None


def _dropped_columns(shape: Shape | None, args: CallArgs) -> Shape | None:
    """``df.drop("label", axis=1)`` / ``df.drop(columns=[...])`` on a frame whose column count
    is known: that many columns fewer."""
    if shape is None or len(shape) != 2 or not isinstance(shape[1], int):
        return None
    labels = args.get(None, "columns")
    if labels is None:
        axis = to_python(args.get(1, "axis") or Const(0))
        if axis not in (1, "columns"):
            return None
        labels = args.get(0, "labels")
    if isinstance(labels, Const) and isinstance(labels.value, str):
        count = 1
    elif isinstance(labels, Sequence) and labels.exact:
        count = len(labels.items)
    else:
        return None
    return (shape[0], shape[1] - count) if count <= shape[1] else None


def array_attribute(array: ArrayValue, name: str) -> Value:
    info = array.info
    if name == "shape":
        if info.shape is None:
            return UNKNOWN_VALUE
        return Sequence(
            [Const(d) if d is not None else UNKNOWN_VALUE for d in info.shape], is_tuple=True
        )
    if name == "ndim" and info.shape is not None:
        return Const(len(info.shape))
    if name == "T":
        return ArrayValue(replace(info, shape=tuple(reversed(info.shape)) if info.shape else None))
    if name in ("values", "iloc", "loc", "str", "cat", "codes", "dt", "array"):
        encoding = "int" if name == "codes" else info.encoding
        return ArrayValue(replace(info, encoding=encoding))
    return UNKNOWN_VALUE


def subscript_array(array: ArrayValue, indices: list[Any]) -> Value:
    """Indexing and slicing keep provenance; the shape follows when it is simple."""
    info = array.info
    if len(indices) == 1 and isinstance(indices[0], Const) and isinstance(indices[0].value, str):
        # a DataFrame column holds one value per row; np.load("a.npz")["x"] is any array
        frame = info.shape is not None and len(info.shape) == 2
        return ArrayValue(replace(info, shape=(None,) if frame else None))
    if len(indices) == 1 and isinstance(indices[0], Sequence):
        columns = len(indices[0].items) if indices[0].exact else None
        return ArrayValue(replace(info, shape=(None, columns)))  # df[["a", "b"]]
    if any(isinstance(i, Const) and isinstance(i.value, str) for i in indices):
        return ArrayValue(replace(info, shape=None))
    return ArrayValue(replace(info, shape=_index_shape(info.shape, indices)))


def _index_shape(shape: Shape | None, indices: list[Any]) -> Shape | None:
    if shape is None:
        return None
    result: list[int | None] = []
    axis = 0
    for position, index in enumerate(indices):
        if isinstance(index, Const) and index.value is ...:
            remaining = sum(not _is_newaxis(i) for i in indices[position + 1 :])
            keep = len(shape) - axis - remaining
            if keep < 0:
                return None
            result.extend(shape[axis : axis + keep])
            axis += keep
        elif _is_newaxis(index):
            result.append(1)
        elif isinstance(index, slice):
            if axis >= len(shape):
                return None
            result.append(_slice_length(shape[axis], index))
            axis += 1
        elif isinstance(index, Const) and isinstance(index.value, int):
            if axis >= len(shape):
                return None
            axis += 1
        elif isinstance(index, ArrayValue):
            if axis >= len(shape):
                return None
            result.append(None)
            axis += 1
        else:
            return None
    result.extend(shape[axis:])
    return tuple(result)


def _is_newaxis(index: Any) -> bool:
    return (isinstance(index, Const) and index.value is None) or (
        isinstance(index, Qual) and index.name == "numpy.newaxis"
    )


def _slice_length(dim: int | None, index: slice) -> int | None:
    bounds = [
        to_python(b) if isinstance(b, Value) else UNKNOWN
        for b in (index.start, index.stop, index.step)
    ]
    if any(b is UNKNOWN or not (b is None or isinstance(b, int)) for b in bounds):
        return None
    if dim is None:
        start, stop, step = bounds
        if (
            start is not None
            and stop is not None
            and start >= 0
            and stop >= 0
            and step in (None, 1)
        ):
            return max(stop - start, 0)
        return None
    return len(range(dim)[slice(*bounds)])


def _matmul(left: ArrayInfo, right: ArrayInfo | None) -> ArrayValue:
    """``x @ w``, ``x.dot(w)``, ``np.dot(x, w)``: the result is computed from both."""
    parts = [left] if right is None else [left, right]
    shape: Shape | None = None
    if (
        right is not None
        and left.shape
        and right.shape
        and len(right.shape) in (1, 2)
        and left.shape[-1] == right.shape[0]
    ):
        shape = (*left.shape[:-1], *right.shape[1:])
    return ArrayValue(replace(combine_arrays(parts), shape=shape, encoding=None, token_ids=False))


def array_binary(interp: Interpreter, op: type | None, left: Value, right: Value) -> Value:
    left_info, right_info = _array_info(left), _array_info(right)
    if op is cst.MatrixMultiply and left_info is not None:
        return _matmul(left_info, right_info)
    infos = [i for i in (left_info, right_info) if i is not None]
    combined = combine_arrays(infos)
    base = left_info or right_info
    assert base is not None
    shape = _broadcast(left_info.shape if left_info else (), right_info.shape if right_info else ())
    scale = combined.scale
    encoding = None
    if op is cst.Divide and left_info is not None:
        scale = "scaled"
    elif op is cst.Multiply:
        factor = to_python(right if left_info is not None else left)
        if isinstance(factor, (int, float)) and 0 < abs(factor) < 1:
            scale = "scaled"
    elif op in (cst.FloorDivide, cst.Modulo):
        encoding = "int"
    elif op is cst.Subtract and left_info is not None and left_info.scale == "raw":
        scale = "raw"
    return ArrayValue(
        replace(
            combined, scale=scale, shape=shape, encoding=encoding, num_classes=None, token_ids=False
        )
    )


def _broadcast(a: Shape | None, b: Shape | None) -> Shape | None:
    if a is None or b is None:
        return None
    if a == b or b == ():
        return a
    if a == ():
        return b
    return None


def array_comparison(left: Value, rights: list[Value]) -> Value:
    infos = [i for i in (_array_info(v) for v in (left, *rights)) if i is not None]
    combined = combine_arrays(infos)
    shape = next((i.shape for i in infos if i.shape is not None), None)
    return ArrayValue(
        replace(combined, scale=None, encoding="int", num_classes=2, shape=shape, token_ids=False)
    )


def comprehension(element: Value, length: int | None) -> Value:
    """``[random.randint(0, 1) for _ in range(100)]`` is a random label array of 100."""
    if isinstance(element, ArrayValue):
        inner = element.info.shape
        shape = (length, *inner) if inner is not None else None
        return ArrayValue(replace(element.info, shape=shape))
    return UNKNOWN_VALUE


def mutate_list(interp: Interpreter, sequence: Sequence, method: str, args: CallArgs) -> None:
    if interp.uncertainty > sequence.depth:
        sequence.exact = False
    value = args.get(0) if method != "insert" else args.get(1)
    if value is None:
        return
    if method == "extend":
        if isinstance(value, Sequence):
            sequence.items.extend(value.items)
        else:
            sequence.exact = False
        return
    if method == "insert":
        sequence.items.insert(0, value)
        return
    sequence.items.append(value)
