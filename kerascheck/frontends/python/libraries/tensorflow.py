"""TensorFlow's array functions (``tf.random.*``, ``tf.one_hot``, ``tf.constant``, reshapes,
``tf.image.resize``), the constructors of ``tf.data.Dataset`` (its methods: ``datasets``) and
``tf.data.experimental.make_csv_dataset`` (a dict of one column per feature)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kerascheck.frontends.python import arrays, value_kinds
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.libraries import numpy, shuffles, tf_io
from kerascheck.frontends.python.libraries.datasets import (
    DatasetValue,
    positive_size,
    sliced_element,
)
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Mapping,
    Sequence,
    Value,
    combine_arrays,
    to_python,
)
from kerascheck.ir import UNKNOWN, ArrayInfo, Dim, Shape, is_size, same_dim


def _draw(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    shape = arrays.as_shape(to_python(args.get(0, "shape") or Const(None)))
    return arrays.random_array(args, shape, arrays.is_int_dtype(args.get(None, "dtype")))


def _shuffle(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``tf.random.shuffle(y)``: a reordered copy (``shuffles``). With the same op seed,
    ``shuffle(x, seed=1)`` and ``shuffle(y, seed=1)`` may repeat one permutation (it depends
    on the global seed): taken as twins, to stay silent when unsure."""
    return shuffles.seeded_copy(interp, "tensorflow", args, args.get(None, "seed"))


RANDOM: dict[str, Handler] = {
    **dict.fromkeys(
        ("uniform", "normal", "truncated_normal", "stateless_uniform", "stateless_normal"), _draw
    ),
    "shuffle": _shuffle,
}


def _one_hot(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0))
    if info is None:
        return None
    depth = arrays.dim(to_python(args.get(1, "depth") or Const(None)))
    encoded = arrays.one_hot(info, depth)
    if info.shape == ():  # one class id (a dataset element): tf.one_hot adds the depth axis
        return encoded.evolve(shape=(depth,))
    return encoded


def _tensor(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0))
    if info is None:
        return _strings_tensor(args)
    dtype = args.get(1, "dtype")
    if dtype is not None and arrays.is_int_dtype(dtype) and info.encoding != "onehot":
        return ArrayValue(replace(info, encoding="int"))
    return ArrayValue(info)


def _strings_tensor(args: CallArgs) -> Value | None:
    """``tf.constant(["fixed"])``: a tensor of strings, of the literal's shape."""
    value = args.get(0)
    literal = to_python(value) if isinstance(value, Sequence) else None
    shape = _string_shape(literal)
    if not shape:
        return None
    return ArrayValue(ArrayInfo(origins=frozenset({arrays.origin("literal", args)}), shape=shape))


def _string_shape(value: object) -> Shape | None:
    """The shape of a nested list of strings; None when anything else is in it."""
    if isinstance(value, str):
        return ()
    if not isinstance(value, (list, tuple)) or not value:
        return None
    inner = {_string_shape(item) for item in value}
    if len(inner) != 1:
        return None
    rest = inner.pop()
    return None if rest is None else (len(value), *rest)


def _reshape(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0))
    if info is None:
        return None
    target = to_python(args.get(1, "shape") or Const(None))
    return ArrayValue(arrays.reshaped_array(info, target, args.node))


def _transpose(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0))
    if info is None:
        return None
    perm = args.get(1, "perm")
    order = to_python(perm) if perm is not None else None
    return ArrayValue(replace(info, shape=arrays.transpose(info.shape, order)))


def _expand_dims(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0))
    if info is None:
        return None
    axis = to_python(args.get(1, "axis") or Const(None))
    return ArrayValue(replace(info, shape=arrays.expand(info.shape, axis)))


def _squeeze(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``tf.squeeze(x, axis=-1)`` drops that axis (the op fails unless it is of size 1);
    without an axis, every axis of size 1."""
    info = arrays.array_info(args.get(0, "input"))
    if info is None:
        return None
    axis = to_python(args.get(1, "axis") or Const(None))
    shape = info.shape
    if axis is None or shape is None:
        return ArrayValue(replace(info, shape=arrays.squeeze(shape)))
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    if not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
        return ArrayValue(replace(info, shape=None))
    if not all(-len(shape) <= a < len(shape) for a in axes):
        return None
    dropped = {a % len(shape) for a in axes}
    if any(same_dim(shape[a], 1) is False for a in dropped):
        return None
    kept = tuple(size for i, size in enumerate(shape) if i not in dropped)
    return ArrayValue(replace(info, shape=kept))


def _concat(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``tf.concat([a, b], axis)``: the parts share their rank and every size but the axis',
    so one part of known shape gives the result's rank and those sizes; the parts' sizes
    along the axis add up when all are known."""
    values = args.get(0, "values")
    axis = to_python(args.get(1, "axis") or Const(None))
    if not isinstance(values, Sequence) or not values.items or not values.exact:
        return None
    infos = [arrays.array_info(item) for item in values.items]
    known = [i for i in infos if i is not None and i.shape is not None]
    if not known or not isinstance(axis, int) or isinstance(axis, bool):
        return None
    if len({len(i.shape) for i in known if i.shape is not None}) != 1:
        return None
    rank = len(known[0].shape or ())
    if not -rank <= axis < rank:
        return None
    position = axis % rank
    if len(known) == len(infos):
        total = _sum_sizes([i.shape[position] for i in known if i.shape is not None])
    else:
        total = None
    shape = list(known[0].shape or ())
    shape[position] = total
    combined = combine_arrays([i for i in infos if i is not None])
    return ArrayValue(replace(combined, shape=tuple(shape)))


def _sum_sizes(sizes: list[Dim]) -> Dim:
    if all(is_size(size) for size in sizes):
        return sum(sizes)  # type: ignore[arg-type]
    return None


def _split(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``y, u, v = tf.split(image, 3, axis=-1)``: equal parts of the axis (a count that does
    not divide a known size fails), or parts of the sizes listed."""
    info = arrays.array_info(args.get(0, "value"))
    parts = to_python(args.get(1, "num_or_size_splits") or Const(None))
    axis = to_python(args.get(2, "axis") or Const(0))
    if info is None or info.shape is None or not isinstance(axis, int) or args.has_star:
        return None
    rank = len(info.shape)
    if isinstance(axis, bool) or not -rank <= axis < rank:
        return None
    axis %= rank
    size = info.shape[axis]
    if is_size(parts) and not isinstance(parts, bool) and parts > 0:
        if is_size(size) and size % parts:
            return None
        sizes: list[Dim] = [size // parts if is_size(size) else None] * parts
    elif isinstance(parts, (list, tuple)) and parts and all(is_size(p) for p in parts):
        sizes = list(parts)
    else:
        return None
    pieces = [
        ArrayValue(replace(info, shape=(*info.shape[:axis], part, *info.shape[axis + 1 :])))
        for part in sizes
    ]
    return Sequence(pieces)


FUNCTIONS: dict[str, Handler] = {
    "split": _split,
    "one_hot": _one_hot,
    "squeeze": _squeeze,
    "concat": _concat,
    **dict.fromkeys(("constant", "convert_to_tensor", "cast", "identity", "Variable"), _tensor),
    "reshape": _reshape,
    "expand_dims": _expand_dims,
    "transpose": _transpose,
}


def _resize(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``tf.image.resize(images, (h, w))``: the last three axes are (h, w, channels)."""
    info = arrays.array_info(args.get(0, "images"))
    size = to_python(args.get(1, "size") or Const(None))
    if info is None:
        return None
    shape = info.shape
    if shape is None or len(shape) not in (3, 4):
        return ArrayValue(replace(info, shape=None))
    rows, cols = size if isinstance(size, (tuple, list)) and len(size) == 2 else (None, None)
    return ArrayValue(
        replace(info, shape=(*shape[:-3], positive_size(rows), positive_size(cols), shape[-1]))
    )


#: ``tf.image``: resize here, the ops that keep or set an image's axes in ``tf_io``
IMAGE: dict[str, Handler] = {"resize": _resize, **tf_io.IMAGE}

#: ``tf.abs`` and ``tf.math.abs``: numpy's reading (shape kept, the range folded)
MATH: dict[str, Handler] = {"abs": numpy.FUNCTIONS["abs"]}
FUNCTIONS["abs"] = MATH["abs"]


# --- tf.data.Dataset constructors ---------------------------------------------------------------


def _from_tensor_slices(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """One element per row of the tensors: ``(x, y)`` gives elements ``(x[i], y[i])``."""
    tensors = args.get(0, "tensors")
    return DatasetValue(sliced_element(tensors) if tensors is not None else UNKNOWN_VALUE, False)


def _from_tensors(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """A single element: the tensors themselves, whose first axis already counts samples (fit
    reads the one element as one batch of all of them)."""
    tensors = args.get(0, "tensors")
    element = tensors if isinstance(tensors, (ArrayValue, Sequence)) else UNKNOWN_VALUE
    return DatasetValue(element, batched=True)


def _zip(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``Dataset.zip((images, labels))``: a tuple of the datasets' elements."""
    given = args.get(0, "datasets")
    parts = given.items if isinstance(given, Sequence) and given.is_tuple else None
    if not parts or not all(isinstance(part, DatasetValue) for part in parts):
        return DatasetValue(UNKNOWN_VALUE, False)
    batched = {part.batched for part in parts}  # type: ignore[union-attr]
    element = Sequence([part.element for part in parts], is_tuple=True)  # type: ignore[union-attr]
    return DatasetValue(element, batched.pop() if len(batched) == 1 else False)


@dataclass(eq=False)
class TensorSpecValue(Value):
    """``tf.TensorSpec(shape, dtype)``: the shape a dataset's element is declared with."""

    shape: Shape | None
    integer: bool


def _tensor_spec(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    shape = to_python(args.get(0, "shape") or Const(UNKNOWN))
    dims = arrays.as_shape(shape) if shape != () else ()
    if dims is not None and not all(d is None or is_size(d) for d in dims):
        dims = None
    return TensorSpecValue(dims, arrays.is_int_dtype(args.get(1, "dtype")))


def _declared_element(value: Value | None) -> Value:
    """An ``output_signature``: specs, in tuples or dicts, as the arrays they declare."""
    if isinstance(value, TensorSpecValue):
        kind = value_kinds.INTEGER if value.integer else None
        return ArrayValue(ArrayInfo(shape=value.shape, value_kind=kind))
    if isinstance(value, Sequence) and value.is_tuple and value.exact and value.items:
        return Sequence([_declared_element(item) for item in value.items], is_tuple=True)
    named = isinstance(value, Mapping) and value.exact and bool(value.items)
    if named and all(isinstance(key, str) for key in value.items):  # type: ignore[union-attr]
        items = value.items.items()  # type: ignore[union-attr]
        return Mapping({key: _declared_element(item) for key, item in items})
    return UNKNOWN_VALUE


def _from_generator(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``Dataset.from_generator(gen, output_signature=(tf.TensorSpec((None, 28, 28)), ...))``:
    elements of the declared shapes, as the generator yields them (batches only if it yields
    batches: Keras reads each element as one). Without a signature, unknown."""
    signature = args.get(None, "output_signature")
    if signature is None:
        return DatasetValue(UNKNOWN_VALUE, batched=False)
    return DatasetValue(_declared_element(signature), batched=False)


FUNCTIONS["TensorSpec"] = _tensor_spec


def _list_files(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``Dataset.list_files("images/*.png")``: one file name (a string) per element."""
    names = ArrayValue(ArrayInfo(origins=frozenset({arrays.origin("disk", args)}), shape=()))
    return DatasetValue(names, batched=False)


DATASET: dict[str, Handler] = {
    "from_tensor_slices": _from_tensor_slices,
    "from_tensors": _from_tensors,
    "from_generator": _from_generator,
    "list_files": _list_files,
    "zip": _zip,
}


# --- tf.data.experimental ------------------------------------------------------------------------


def _make_csv_dataset(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``make_csv_dataset(path, batch_size, column_names=[...], label_name="y")``: batches of
    ``({column: (batch,) values}, (batch,) labels)``, one feature per column named in the
    script (``select_columns`` keeps some) except the label. Column names read from the
    file's header, or any name that is not a literal string, leave the element unknown."""
    columns = to_python(args.get(2, "column_names") or Const(None))
    label = to_python(args.get(4, "label_name") or Const(None))
    selected = to_python(args.get(5, "select_columns") or Const(None))
    names = _strings(columns)
    if selected is not None:
        names = _strings(selected) if names is not None else None
    if names is None or not (label is None or isinstance(label, str)):
        return DatasetValue(UNKNOWN_VALUE, batched=True)
    source = frozenset({arrays.origin("disk", args)})

    def column() -> ArrayValue:
        return ArrayValue(ArrayInfo(origins=source, shape=(None,)))

    features = Mapping({key: column() for key in names if key != label})
    if (label is not None and label not in names) or not features.items:
        return DatasetValue(UNKNOWN_VALUE, batched=True)
    element = Sequence([features, column()], is_tuple=True) if label is not None else features
    return DatasetValue(element, batched=True)


def _strings(value: object) -> list[str] | None:
    """A literal list of distinct column names; None for anything else."""
    if not isinstance(value, (list, tuple)) or not value:
        return None
    if not all(isinstance(item, str) for item in value) or len(set(value)) != len(value):
        return None
    return list(value)


EXPERIMENTAL: dict[str, Handler] = {"make_csv_dataset": _make_csv_dataset}
