"""numpy: loaders (raw data from disk), generators (random, constant), and array functions.

Each function is one entry of ``FUNCTIONS`` (``numpy.X``) or ``RANDOM`` (``numpy.random.X``,
also the methods of ``default_rng()`` / ``RandomState()``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from kerascheck.dims import shift
from kerascheck.frontends.python import arrays, value_kinds, value_ranges
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.libraries import builtins, shuffles
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Identity,
    RandomGenerator,
    Sequence,
    Value,
    combine_arrays,
    to_python,
)
from kerascheck.ir import UNKNOWN, ArrayInfo, Dim, Shape, Sym, ValueRange, is_size, same_dim

# --- numpy.random -------------------------------------------------------------------------------

#: numpy.random function -> (index of the size argument, its keyword, integer-valued?)
_RANDOM_SIZES: dict[str, tuple[int | None, str, bool]] = {
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


def _generator(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``default_rng(42)``: a fresh seeded generator repeats the shuffles of its twins."""
    generator = RandomGenerator()
    if args.get(0, "seed") is not None:
        family = "numpy" if name == "RandomState" else "default_rng"
        stream = shuffles.generator_stream(generator)
        shuffles.streams(interp).seed(stream, shuffles.seed_key(family, args))
    return generator


def _draw(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """A random array: its shape from the size argument, its class count from randint's bounds."""
    index, keyword, integer = _RANDOM_SIZES[name]
    if args.has_star:
        shape = None  # rand(*dims) with dims unknown: the positions say nothing
    elif index is None:
        dims = [to_python(v) for v, _ in args.positional]
        shape = (
            arrays.as_shape(tuple(dims))
            if name != "permutation"
            else arrays.as_shape(dims[0] if dims else None)
        )
    else:
        size = args.get(index, keyword)
        shape = arrays.as_shape(to_python(size)) if size is not None else ()
    if name == "choice":
        population = to_python(args.get(0, "a") or Const(None))
        integer = isinstance(population, int) or (
            isinstance(population, (list, tuple)) and arrays.all_ints(population)
        )
    classes: int | None = None
    if name in ("randint", "integers") and args.get(1, "high") is None:
        classes = arrays.dim(to_python(args.get(0, "low") or Const(None)))
    elif name in ("randint", "integers"):
        low, high = (
            arrays.dim(to_python(args.get(i, k) or Const(None)))
            for i, k in ((0, "low"), (1, "high"))
        )
        classes = high - low if low is not None and high is not None else None
    array = arrays.random_array(args, shape, integer)
    bounds = _drawn_range(name, args)
    if bounds is not None:
        array = array.evolve(**value_ranges.with_range(array.info, bounds, array.info.scale))
    return array.evolve(num_classes=classes) if classes else array


def _drawn_from(stream: Any, method: str) -> Handler:
    """A draw from ``stream`` (the global generator or a ``default_rng``): it moves the stream
    on; shuffles and permutations of arrays reorder what they are given (``shuffles``)."""

    def handler(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
        if method == "shuffle":
            return shuffles.shuffle_in_place(interp, stream, args)
        if method == "permutation":
            copy = shuffles.permuted_copy(interp, stream, args)
            if copy is not None:
                return copy
        shuffles.streams(interp).draw(stream)
        return _draw(interp, name, args)

    return handler


def _seed(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    shuffles.streams(interp).seed(shuffles.NUMPY, shuffles.seed_key("numpy", args))
    return Const(None)


def _get_state(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return shuffles.get_state(interp, shuffles.NUMPY)


def _set_state(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return shuffles.set_state(interp, shuffles.NUMPY, args)


_DRAWS = (*_RANDOM_SIZES, "shuffle")


def _number(args: CallArgs, index: int, keyword: str, default: Any = None) -> Any:
    value = args.get(index, keyword)
    number = to_python(value) if value is not None else default
    return number if isinstance(number, (int, float)) and not isinstance(number, bool) else None


def _drawn_range(name: str, args: CallArgs) -> ValueRange | None:
    """The bounds of what a generator draws, for the distributions that have them."""
    if name in ("rand", "random", "random_sample", "ranf", "sample", "beta"):
        return (0.0, 1.0)
    if name == "uniform":
        return value_ranges.known(_number(args, 0, "low", 0.0), _number(args, 1, "high", 1.0))
    if name in ("randint", "integers", "random_integers"):
        low, high = _number(args, 0, "low"), _number(args, 1, "high")
        if high is None and args.get(1, "high") is None and low is not None:
            low, high = 0, low  # randint(10): [0, 10)
        if low is None or high is None:
            return None
        inclusive = name == "random_integers" or to_python(
            args.get(None, "endpoint") or Const(False)
        )
        return value_ranges.known(low, high if inclusive is True else high - 1)
    if name == "binomial":
        return value_ranges.known(0, _number(args, 0, "n"))
    if name == "choice":
        population = to_python(args.get(0, "a") or Const(None))
        if isinstance(population, int) and not isinstance(population, bool):
            return value_ranges.known(0, population - 1)
        if isinstance(population, (list, tuple)):
            return value_ranges.of_numbers(population)
    return None


RANDOM: dict[str, Handler] = {
    **dict.fromkeys(("default_rng", "RandomState", "Generator"), _generator),
    **{name: _drawn_from(shuffles.NUMPY, name) for name in _DRAWS},
    "seed": _seed,
    "get_state": _get_state,
    "set_state": _set_state,
}


def generator_method(
    interp: InterpreterState, generator: RandomGenerator, method: str, args: CallArgs
) -> Value | None:
    """``rng.integers(0, 2, 100)``, ``rng.shuffle(y)``: a generator's methods draw like
    ``numpy.random``, from the generator's own stream."""
    if method not in _DRAWS:
        return None
    return _drawn_from(shuffles.generator_stream(generator), method)(interp, method, args)


# --- numpy --------------------------------------------------------------------------------------


def _load(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return arrays.from_disk(args, loader=name)


def _fill(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    size = to_python(args.get(0, "shape") or Const(None))
    if isinstance(size, tuple | list):  # a literal tuple fixes the rank: (len(vocab) + 1, 100)
        size = tuple(None if d is UNKNOWN else d for d in size)
    shape = arrays.as_shape(size)
    fill = {"zeros": 0, "ones": 1, "full": _number(args, 1, "fill_value")}.get(name)
    bounds = value_ranges.known(fill, fill)
    return ArrayValue(
        ArrayInfo(
            origins=frozenset({arrays.origin("literal", args)}),
            shape=shape,
            value_range=bounds,
            scale=value_ranges.scale_for(bounds, None),
        )
    )


def _fill_like(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0))
    if info is None:
        return None
    return ArrayValue(
        ArrayInfo(origins=frozenset({arrays.origin("literal", args)}), shape=info.shape)
    )


def _range(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    count = to_python(args.get(2 if name == "linspace" else 0) or Const(None))
    shape = (count,) if name == "linspace" and arrays.dim(count) else None
    if name == "arange" and len(args.positional) == 1 and arrays.dim(count) is not None:
        shape = (count,)
    kind = value_kinds.CONTINUOUS if name == "linspace" else _arange_kind(args)
    bounds = _range_bounds(name, args)
    return ArrayValue(
        ArrayInfo(
            origins=frozenset({arrays.origin("generated", args)}),
            shape=shape,
            value_range=bounds,
            value_kind=kind,
            scale=value_ranges.scale_for(bounds, None),
        )
    )


def _range_bounds(name: str, args: CallArgs) -> ValueRange | None:
    """``np.arange(-100, 100, 0.5)`` lies in [-100, 100]; ``np.linspace(a, b)`` in [a, b]."""
    if name == "linspace":
        return value_ranges.known(_number(args, 0, "start"), _number(args, 1, "stop"))
    if len(args.positional) == 1 and args.get(None, "stop") is None:
        return value_ranges.known(0, _number(args, 0, "stop"))
    return value_ranges.known(_number(args, 0, "start"), _number(args, 1, "stop"))


def _arange_kind(args: CallArgs) -> str | None:
    """``np.arange(-100, 100, 0.5)`` holds non-integers; ``np.arange(10)`` integers."""
    kinds = [value_kinds.of_number(to_python(value)) for value, _ in args.positional]
    if args.has_star or not kinds or None in kinds:
        return None
    return value_kinds.CONTINUOUS if value_kinds.CONTINUOUS in kinds else value_kinds.INTEGER


def _identity(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return Identity(arrays.dim(to_python(args.get(0) or Const(None))))


def _on_array(
    function: Callable[[ArrayInfo, CallArgs], Value | None],
) -> Handler:
    """A numpy function of an array argument: unknown when the first argument is no array."""

    def handler(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
        info = arrays.array_info(args.get(0))
        return function(info, args) if info is not None else None

    return handler


def _conversion(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``np.array(x)`` / ``np.asarray(x)``: always an array. Of a value not followed (a list
    filled in a loop, a function's result), an array of unknown shape: a later
    ``.reshape(-1, 512, 1)`` still gives its rank."""
    value = args.get(0, "object" if name == "array" else "a")
    if arrays.array_info(value) is not None:
        return _keep(interp, name, args)
    if args.has_star or not (value is UNKNOWN_VALUE or isinstance(value, Sequence)):
        return None
    return ArrayValue(ArrayInfo(shape=None))


@_on_array
def _keep(info: ArrayInfo, args: CallArgs) -> Value:
    dtype = args.get(None, "dtype")
    if dtype is not None and arrays.is_int_dtype(dtype) and info.encoding != "onehot":
        return ArrayValue(replace(info, encoding="int", value_kind=value_kinds.INTEGER))
    if dtype is not None and info.encoding == "int" and not info.origins and _is_float(dtype):
        return ArrayValue(replace(info, encoding=None))  # np.array([-40, 0, 38], dtype=float)
    return ArrayValue(info)


def _is_float(dtype: Value) -> bool:
    """``float``, ``"float32"``, ``np.float64``: a dtype that makes literal integers numbers."""
    name = dtype.value if isinstance(dtype, Const) else getattr(dtype, "name", None)
    return isinstance(name, str) and name.rsplit(".", 1)[-1].startswith("float")


def _valued(function: Callable[[ArrayInfo, str, CallArgs], Value | None]) -> Handler:
    """Like ``_on_array``, with the function's name (its range rule is looked up by name)."""

    def handler(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
        info = arrays.array_info(args.get(0))
        return function(info, name, args) if info is not None else None

    return handler


@_valued
def _elementwise(info: ArrayInfo, name: str, args: CallArgs) -> Value:
    """``np.abs``, ``np.round``, ``np.clip``: values change within known bounds."""
    bounds = info.value_range
    if bounds is not None and name == "clip":
        bounds = value_ranges.clip(bounds, _number(args, 1, "a_min"), _number(args, 2, "a_max"))
    elif bounds is not None:
        bounds = value_ranges.FUNCTIONS[name](bounds)
    decimals = to_python(args.get(1, "decimals") or Const(None)) if name == "round" else None
    kind = value_kinds.after_elementwise(info.value_kind, name, decimals)
    ranged = value_ranges.with_range(info, bounds, info.scale)
    return ArrayValue(replace(info, **ranged, value_kind=kind))


@_valued
def _neutral(info: ArrayInfo, name: str, args: CallArgs) -> Value:
    """``np.log``, ``np.sin`` ...: the values are no longer the raw ones; their range follows
    when the input's was known (``np.exp`` of [0, 100] is anything but scaled)."""
    rule = value_ranges.FUNCTIONS.get(name)
    bounds = rule(info.value_range) if rule is not None and info.value_range else None
    kind = value_kinds.after_function(info.value_kind, name)
    ranged = value_ranges.with_range(info, bounds, None)
    return ArrayValue(replace(info, value_kind=kind, computed=True, **ranged))


@_on_array
def _squeeze(info: ArrayInfo, args: CallArgs) -> Value:
    return ArrayValue(replace(info, shape=arrays.squeeze(info.shape)))


@_on_array
def _repeat(info: ArrayInfo, args: CallArgs) -> Value:
    return ArrayValue(replace(info, shape=None))


@_on_array
def _cumsum(info: ArrayInfo, args: CallArgs) -> Value:
    kind = value_kinds.after_reduction(info.value_kind, "cumsum")
    return ArrayValue(
        replace(info, scale="raw", encoding=None, value_range=None, value_kind=kind, computed=True)
    )


@_on_array
def _reshape(info: ArrayInfo, args: CallArgs) -> Value:
    target = to_python(args.get(1, "newshape") or args.get(None, "shape") or Const(None))
    return ArrayValue(arrays.reshaped_array(info, target, args.node))


@_on_array
def _expand_dims(info: ArrayInfo, args: CallArgs) -> Value:
    axis = to_python(args.get(1, "axis") or Const(None))
    return ArrayValue(replace(info, shape=arrays.expand(info.shape, axis)))


@_on_array
def _transpose(info: ArrayInfo, args: CallArgs) -> Value:
    axes = args.get(1, "axes")
    order = to_python(axes) if axes is not None else None
    return ArrayValue(replace(info, shape=arrays.transpose(info.shape, order)))


@_on_array
def _swapaxes(info: ArrayInfo, args: CallArgs) -> Value:
    first, second = (
        to_python(args.get(i, k) or Const(None)) for i, k in ((1, "axis1"), (2, "axis2"))
    )
    return ArrayValue(replace(info, shape=arrays.swap_axes(info.shape, first, second)))


@_on_array
def _moveaxis(info: ArrayInfo, args: CallArgs) -> Value:
    source, destination = (
        to_python(args.get(i, k) or Const(None)) for i, k in ((1, "source"), (2, "destination"))
    )
    return ArrayValue(replace(info, shape=arrays.move_axis(info.shape, source, destination)))


def _prod(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``np.prod(x.shape[1:])`` is a size; ``np.prod(x, axis=0)`` reduces an array."""
    if isinstance(args.get(0), Sequence):
        return builtins.MATH["prod"](interp, name, args)
    return _reduce(interp, name, args)


def _combine(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``np.hstack([np.ones((n, 1)), X])`` & co: provenance of all parts, and the shape when
    the parts' ranks line up (a bias column makes one feature more)."""
    first = args.get(0)
    if not isinstance(first, Sequence) or not first.items:
        return None
    parts = [arrays.array_info(item) for item in first.items]
    if not all(parts):
        return None
    infos = [p for p in parts if p is not None]
    shapes = [i.shape for i in infos] if not args.has_star else [None]
    shape = None
    if all(s is not None for s in shapes) and name != "append":
        axis = to_python(args.get(1, "axis") or Const(0))
        shape = _stacked(name, shapes, axis)  # type: ignore[arg-type]
        if not first.exact and shape is not None:  # a list grown in a loop: count unknown
            shape = _any_count(shape, _stacked(name, shapes * 2, axis))  # type: ignore[arg-type]
    bounds = infos[0].value_range
    for part in infos[1:]:
        bounds = value_ranges.join(bounds, part.value_range)
    combined = combine_arrays(infos)
    return ArrayValue(
        replace(combined, shape=shape, **value_ranges.with_range(combined, bounds, combined.scale))
    )


def _any_count(once: Shape, twice: Shape | None) -> Shape | None:
    """The shape of stacking a list of unknown length whose items all have the shapes seen:
    the sizes that grow with the number of items (compared with twice as many) are unknown."""
    if twice is None or len(twice) != len(once):
        return None
    return tuple(a if same_dim(a, b) is True else None for a, b in zip(once, twice, strict=True))


def _stacked(name: str, shapes: list[Shape], axis: Any) -> Shape | None:
    """The shape numpy's stacking functions give to parts of these shapes."""
    if name == "stack":
        if not isinstance(axis, int) or len({len(s) for s in shapes}) != 1:
            return None
        rank = len(shapes[0]) + 1
        if not -rank <= axis < rank:
            return None
        joined = _joined(shapes)
        position = axis % rank
        return None if joined is None else (*joined[:position], len(shapes), *joined[position:])
    promote: dict[str, Callable[[Shape], Shape]] = {
        "vstack": lambda s: (1, *s) if len(s) == 1 else s,
        "column_stack": lambda s: (*s, 1) if len(s) == 1 else s,
        "dstack": lambda s: (1, *s, 1) if len(s) == 1 else ((*s, 1) if len(s) == 2 else s),
    }
    if name in promote:
        shapes = [promote[name](s) for s in shapes]
    along = {"vstack": 0, "column_stack": 1, "dstack": 2}.get(name, axis)
    if name == "hstack":
        along = 0 if all(len(s) == 1 for s in shapes) else 1
    return _concatenated(shapes, along)


def _concatenated(shapes: list[Shape], axis: Any) -> Shape | None:
    ranks = {len(s) for s in shapes}
    if len(ranks) != 1 or not isinstance(axis, int) or isinstance(axis, bool):
        return None
    rank = ranks.pop()
    if not -rank <= axis < rank:
        return None
    position = axis % rank
    rest = _joined([(*s[:position], *s[position + 1 :]) for s in shapes])
    if rest is None:
        return None
    total: Dim = 0
    for shape in shapes:
        size = shape[position]
        if is_size(total) and is_size(size):
            total = total + size  # type: ignore[operator]
        elif is_size(size):
            total = shift(total, size)  # type: ignore[arg-type]
        elif is_size(total) and isinstance(size, Sym):
            total = shift(size, total)  # type: ignore[arg-type]
        else:
            total = None
    return (*rest[:position], total, *rest[position:])


def _joined(shapes: list[Shape]) -> Shape | None:
    """The sizes parts must share: known where every part that knows it agrees."""
    if len({len(s) for s in shapes}) != 1:
        return None
    joined: list[Dim] = []
    for dims in zip(*shapes, strict=True):
        known = [d for d in dims if d is not None]
        joined.append(known[0] if known and all(same_dim(known[0], d) for d in known) else None)
    return tuple(joined)


@_valued
def _reduce(info: ArrayInfo, name: str, args: CallArgs) -> Value:
    axis = to_python(args.get(1, "axis") or Const(None))
    keep = to_python(args.get(None, "keepdims") or Const(False))
    kind = value_kinds.after_reduction(info.value_kind, name)
    reduced = arrays.reduced(info, name, axis, keep)
    return ArrayValue(replace(reduced, value_kind=kind, computed=True))


@_on_array
def _matmul(info: ArrayInfo, args: CallArgs) -> Value:
    return arrays.matmul(info, arrays.array_info(args.get(1)))


@_on_array
def _argmax(info: ArrayInfo, args: CallArgs) -> Value:
    return arrays.argmax(info, to_python(args.get(1, "axis") or Const(None)))


@_on_array
def _where(info: ArrayInfo, args: CallArgs) -> Value | None:
    if len(args.positional) == 1 and not args.keywords and info.shape is not None:
        # ``np.where(y == 3)``: per axis of the condition, the indices of its true entries
        found = ArrayInfo(shape=(None,), encoding="int", value_kind=value_kinds.INTEGER)
        return Sequence([ArrayValue(found) for _ in info.shape], is_tuple=True)
    if len(args.positional) != 3:
        return None
    branches = [arrays.array_info(v) for v, _ in args.positional[1:]]
    parts = [info, *[b for b in branches if b]]
    integer = all(isinstance(to_python(v), int) for v, _ in args.positional[1:])
    combined = combine_arrays(parts)
    return ArrayValue(
        replace(
            combined,
            shape=info.shape,
            encoding="int" if integer else None,
            value_kind=value_kinds.INTEGER if integer else combined.value_kind,
        )
    )


FUNCTIONS: dict[str, Handler] = {
    **dict.fromkeys(("load", "loadtxt", "genfromtxt", "fromfile", "memmap", "recfromcsv"), _load),
    **dict.fromkeys(("zeros", "ones", "empty", "full"), _fill),
    **dict.fromkeys(("zeros_like", "ones_like", "full_like", "empty_like"), _fill_like),
    **dict.fromkeys(("arange", "linspace"), _range),
    **dict.fromkeys(("eye", "identity"), _identity),
    **dict.fromkeys(
        ("array", "asarray", "asanyarray"),
        _conversion,
    ),
    **dict.fromkeys(
        (
            "copy",
            "ascontiguousarray",
            "float32",
            "float64",
            "nan_to_num",
            "flip",
            "sort",
            "roll",
        ),
        _keep,
    ),
    **dict.fromkeys(("tile", "repeat"), _repeat),
    "squeeze": _squeeze,
    **dict.fromkeys(("clip", "round", "abs", "absolute", "floor", "ceil"), _elementwise),
    **dict.fromkeys(
        ("log", "log1p", "log2", "log10", "sqrt", "exp", "tanh", "sin", "cos", "sign"), _neutral
    ),
    "cumsum": _cumsum,
    "reshape": _reshape,
    "expand_dims": _expand_dims,
    "transpose": _transpose,
    "swapaxes": _swapaxes,
    "moveaxis": _moveaxis,
    "prod": _prod,
    "product": _prod,
    **dict.fromkeys(
        ("concatenate", "vstack", "hstack", "stack", "column_stack", "dstack", "append"), _combine
    ),
    **dict.fromkeys(("mean", "std", "var", "sum", "max", "min", "median", "amax", "amin"), _reduce),
    **dict.fromkeys(("dot", "matmul"), _matmul),
    "argmax": _argmax,
    "where": _where,
}
