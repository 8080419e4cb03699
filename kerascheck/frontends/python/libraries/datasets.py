"""Streams of batches: ``tf.data.Dataset`` and the Keras loaders that yield (x, y) batches.

``fit(train_ds)`` reads its x and y from the stream's element, so each loader only has to say
what one element is. The element is an ``ArrayValue`` (x only) or a tuple of values
(``(x, y)`` or ``(x, y, sample_weight)``); each array's shape is the shape of one element, with
a leading batch axis once the stream is batched. ``map`` with a function the interpreter can
follow (``lambda x, y: (tf.cast(x, tf.float32) / 255.0, y)``) updates the element; anything
else makes it unknown, and the rules that need it stay silent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeGuard

import libcst as cst

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Function,
    LambdaValue,
    Mapping,
    Sequence,
    Value,
    to_python,
)
from kerascheck.ir import ArrayInfo, Dim, Shape, is_size


@dataclass(eq=False)
class DatasetValue(Value):
    """A stream of elements; ``batched`` once each element carries a leading batch axis."""

    element: Value
    batched: bool


def positive_size(value: object) -> int | None:
    """A size argument (``batch_size``, ``sequence_length``, ``target_size`` items): a positive
    int, never a bool; anything else is unknown."""
    return value if is_size(value) and value > 0 else None  # type: ignore[return-value,operator]


def batched_element(value: Value, size: Dim = None) -> Value:
    """Every array of an element with a leading batch axis of ``size`` (None: any size)."""
    if isinstance(value, ArrayValue):
        shape = value.info.shape
        return value.evolve(shape=(size, *shape) if shape is not None else None)
    if isinstance(value, Sequence) and value.is_tuple:
        return Sequence([batched_element(item, size) for item in value.items], is_tuple=True)
    if _named(value):
        return Mapping({key: batched_element(item, size) for key, item in value.items.items()})
    return UNKNOWN_VALUE


def _named(value: Value) -> TypeGuard[Mapping]:
    """A dict of features by column name (``make_csv_dataset``, ``{"image": img, ...}``)."""
    return (
        isinstance(value, Mapping)
        and value.exact
        and bool(value.items)
        and all(isinstance(key, str) for key in value.items)
    )


def sliced_element(value: Value) -> Value:
    """Every array of an element without its first axis (``from_tensor_slices``, ``unbatch``)."""
    if isinstance(value, ArrayValue):
        shape = value.info.shape
        return value.evolve(shape=shape[1:] if shape else None)
    if isinstance(value, Sequence) and value.is_tuple:
        return Sequence([sliced_element(item) for item in value.items], is_tuple=True)
    if _named(value):
        return Mapping({key: sliced_element(item) for key, item in value.items.items()})
    info = arrays.array_info(value)  # a list literal of numbers is one tensor
    return sliced_element(ArrayValue(info)) if info is not None else UNKNOWN_VALUE


@dataclass
class Batches:
    """What ``fit(stream)`` receives: x, y, and for an unbatched stream the shape of one
    element, which Keras reads as a whole batch."""

    x: ArrayInfo | None
    y: ArrayInfo | None
    unbatched: Shape | None = None
    #: x as several arrays (a dict of features, a tuple of inputs) of a batched stream
    inputs: Value | None = None


def batches(value: Value | None) -> Batches | None:
    """What ``fit(stream)`` receives as x and y; None when ``value`` is not a stream.

    An unbatched dataset reaches Keras one element at a time, each read as a whole batch: the
    arrays keep their provenance and encoding, not a shape that would say what a sample is."""
    stream = getattr(value, "stream", None)  # a keras.utils.Sequence subclass (classes.py)
    if isinstance(stream, DatasetValue):
        value = stream
    if not isinstance(value, DatasetValue):
        return None
    element = value.element
    items = element.items if isinstance(element, Sequence) and element.is_tuple else [element]
    infos = [arrays.array_info(item) if isinstance(item, ArrayValue) else None for item in items]
    x = infos[0] if infos else None
    y = infos[1] if len(infos) > 1 else None
    if value.batched:
        several = items[0] if items and isinstance(items[0], (Sequence, Mapping)) else None
        return Batches(x, y, inputs=several)
    unbatched = x.shape if x is not None else None
    return Batches(*(replace(i, shape=None) if i is not None else None for i in (x, y)), unbatched)


def element_of(value: Value) -> Value | None:
    """``for x_batch, y_batch in train_ds``: one element (a batch, once batched)."""
    if isinstance(value, DatasetValue) and value.element is not UNKNOWN_VALUE:
        return value.element
    return None


# --- Dataset methods ----------------------------------------------------------------------------

#: methods that keep the element as it is (order, count and caching do not change shapes)
_KEEP = (
    "shuffle",
    "prefetch",
    "cache",
    "repeat",
    "take",
    "skip",
    "filter",
    "shard",
    "with_options",
    "apply_options",
    "ignore_errors",
    "assert_cardinality",
)


def _batch(interp: InterpreterState, dataset: DatasetValue, args: CallArgs) -> Value:
    size = to_python(args.get(0, "batch_size") or Const(None))
    drop = to_python(args.get(None, "drop_remainder") or Const(False))
    known = positive_size(size) if drop is True else None
    return DatasetValue(batched_element(dataset.element, known), batched=True)


def _padded_batch(interp: InterpreterState, dataset: DatasetValue, args: CallArgs) -> Value:
    """Padding changes the element's sizes, not its rank."""
    element = batched_element(dataset.element)
    return DatasetValue(_any_sizes(element), batched=True)


def _any_sizes(value: Value) -> Value:
    if isinstance(value, ArrayValue):
        shape = value.info.shape
        return value.evolve(shape=tuple(None for _ in shape) if shape is not None else None)
    if isinstance(value, Sequence):
        return Sequence([_any_sizes(item) for item in value.items], is_tuple=value.is_tuple)
    if _named(value):
        return Mapping({key: _any_sizes(item) for key, item in value.items.items()})
    return UNKNOWN_VALUE


def _unbatch(interp: InterpreterState, dataset: DatasetValue, args: CallArgs) -> Value:
    return DatasetValue(sliced_element(dataset.element), batched=False)


def _map(interp: InterpreterState, dataset: DatasetValue, args: CallArgs) -> Value:
    """``ds.map(f)``: ``f`` receives the element's items as separate arguments."""
    function = args.get(0, "map_func")
    expr = args.expr(0, "map_func")
    element = dataset.element
    if function is None or expr is None:
        return DatasetValue(UNKNOWN_VALUE, dataset.batched)
    if element is UNKNOWN_VALUE:  # what f makes of it may not depend on it (tf.io.read_file)
        count = _arity(function)
        if count is None:
            return DatasetValue(UNKNOWN_VALUE, dataset.batched)
        element = Sequence([UNKNOWN_VALUE] * count, is_tuple=True) if count > 1 else element
    items = element.items if isinstance(element, Sequence) and element.is_tuple else [element]
    items = [_copied(item) for item in items]  # the function may change its dict in place
    call = CallArgs(args.node, positional=[(item, expr) for item in items])
    result = interp.call_value(function, call)
    followed = (
        isinstance(result, ArrayValue)
        or (isinstance(result, Sequence) and result.is_tuple and bool(result.items))
        or _named(result)
    )
    return DatasetValue(result if followed else UNKNOWN_VALUE, dataset.batched)


def _arity(function: Value) -> int | None:
    """How many items ``ds.map(f)`` gives ``f``: an element of n items is passed as n
    arguments, so a function of exactly n positional parameters (none with a default, no
    ``*args``) receives n. None for any other callable."""
    if not isinstance(function, (Function, LambdaValue)):
        return None
    params = function.node.params
    if params.star_arg is not cst.MaybeSentinel.DEFAULT and params.star_arg is not None:
        return None
    if params.kwonly_params or params.star_kwarg is not None:
        return None
    positional = [*params.posonly_params, *params.params]
    if not positional or any(param.default is not None for param in positional):
        return None
    return len(positional)


def _copied(value: Value) -> Value:
    """A dict element as a map function receives it: its own dict (``features.pop("w")``
    there leaves the dataset's element as it was)."""
    return Mapping(dict(value.items)) if _named(value) else value


def _keep(interp: InterpreterState, dataset: DatasetValue, args: CallArgs) -> Value:
    return dataset


def _next(interp: InterpreterState, dataset: DatasetValue, args: CallArgs) -> Value:
    """``train_generator.next()``: one element (a batch, once batched)."""
    return dataset.element


_METHODS = {
    **dict.fromkeys((*_KEEP, "as_numpy_iterator", "__iter__"), _keep),
    **dict.fromkeys(("next", "__next__"), _next),
    "batch": _batch,
    "padded_batch": _padded_batch,
    "unbatch": _unbatch,
    "map": _map,
}


def dataset_method(
    interp: InterpreterState, dataset: DatasetValue, method: str, args: CallArgs
) -> Value | None:
    handler = _METHODS.get(method)
    return handler(interp, dataset, args) if handler is not None else None
