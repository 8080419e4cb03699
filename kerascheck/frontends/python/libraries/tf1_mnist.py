"""TensorFlow 1's tutorial loader: ``input_data.read_data_sets("MNIST_data", one_hot=True)``.

Its splits hold flat float images already in [0, 1] (``images`` (55000, 784)) and labels as
class ids or, with ``one_hot=True``, one-hot rows of 10; ``next_batch(n)`` returns n of each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.libraries.datasets import positive_size
from kerascheck.frontends.python.values import ArrayValue, Const, Sequence, Value, to_python
from kerascheck.ir import UNKNOWN, ArrayInfo, Dim, Origin

_ROWS = {"train": 55000, "validation": 5000, "test": 10000}
_CLASSES = 10


@dataclass(eq=False)
class MnistSets(Value):
    """What ``read_data_sets`` returns: the train, validation and test splits."""

    origin: Origin
    one_hot: bool | None  # None when the argument could not be read
    flat: bool | None  # ``reshape=True`` (the default): images of 784 values


@dataclass(eq=False)
class MnistSplit(Value):
    sets: MnistSets
    rows: int


def _read_data_sets(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    if args.has_star:
        return _sets(args, None, None)
    one_hot = to_python(args.get(None, "one_hot") or Const(False))
    flat = to_python(args.get(None, "reshape") or Const(True))
    return _sets(
        args,
        one_hot if isinstance(one_hot, bool) else None,
        flat if isinstance(flat, bool) else None,
    )


def _sets(args: CallArgs, one_hot: bool | None, flat: bool | None) -> MnistSets:
    origin = Origin("dataset", arrays.written(args), anchor=args.node)
    return MnistSets(origin, one_hot, flat)


def _images(sets: MnistSets, rows: Dim) -> ArrayValue:
    shape = None if sets.flat is None else ((rows, 784) if sets.flat else (rows, 28, 28, 1))
    return ArrayValue(ArrayInfo(frozenset({sets.origin}), scale="scaled", shape=shape))


def _labels(sets: MnistSets, rows: Dim) -> ArrayValue:
    if sets.one_hot is None:
        info = ArrayInfo(frozenset({sets.origin}), num_classes=_CLASSES)
    elif sets.one_hot:
        info = ArrayInfo(
            frozenset({sets.origin}),
            encoding="onehot",
            shape=(rows, _CLASSES),
            num_classes=_CLASSES,
        )
    else:
        info = ArrayInfo(
            frozenset({sets.origin}), encoding="int", shape=(rows,), num_classes=_CLASSES
        )
    return ArrayValue(info)


def attribute(value: Value, name: str) -> Value | None:
    """``mnist.train`` -> a split; ``mnist.train.images`` / ``.labels`` / ``.num_examples``."""
    if isinstance(value, MnistSets) and name in _ROWS:
        return MnistSplit(value, _ROWS[name])
    if isinstance(value, MnistSplit):
        if name == "images":
            return _images(value.sets, value.rows)
        if name == "labels":
            return _labels(value.sets, value.rows)
        if name == "num_examples":
            return Const(value.rows)
    return None


def split_method(
    interp: InterpreterState, split: MnistSplit, method: str, args: CallArgs
) -> Value | None:
    """``mnist.train.next_batch(100)`` -> (images (100, 784), labels)."""
    if method != "next_batch":
        return None
    size = to_python(args.get(0, "batch_size") or Const(UNKNOWN))
    rows = positive_size(size)
    return Sequence([_images(split.sets, rows), _labels(split.sets, rows)], is_tuple=True)


FUNCTIONS: dict[str, Callable[[InterpreterState, str, CallArgs], Value | None]] = {
    "read_data_sets": _read_data_sets,
}
