"""Shuffles: labels reordered on their own no longer belong to their inputs (KC102).

``np.random.shuffle(y)``, ``random.shuffle(y)`` and ``rng.shuffle(y)`` reorder ``y`` in place;
``np.random.permutation(y)``, ``rng.permutation(y)`` and ``sklearn.utils.shuffle(y)`` return a
reordered copy. The result keeps its provenance and gets a new row order (``ArrayInfo.order``,
the shuffle's origin), so KC102 sees an x and a y fitted together in different orders.
Arrays shuffled together keep one order: one call over both (``shuffle(x, y)``), a shared
index permutation (``x[p], y[p]``: indexing keeps the order it finds), a table shuffled whole
before x and y are cut from it.

Shuffles with the same seed are twins: a shuffle that is the first draw after seeding its
stream (``np.random.seed(s)``, ``np.random.set_state(saved)``, ``random.seed(s)``, a fresh
``default_rng(s)``) repeats the permutation of every other shuffle made right after the same
seed, so they all get one order and x and y shuffled that way still match. A shuffle that may
or may not run (in a branch) changes nothing: stay silent when unsure.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Any

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.values import (
    ArrayValue,
    Const,
    RandomGenerator,
    Sequence,
    Value,
    to_python,
)
from kerascheck.ir import ArrayInfo, Origin

#: The global streams: numpy's legacy generator and Python's ``random`` module.
NUMPY = "numpy"
PYTHON = "random"

_snapshots = itertools.count(1)


@dataclass(eq=False)
class StateSnapshot(Value):
    """``np.random.get_state()`` / ``random.getstate()``: restoring it repeats the next draws."""

    key: Any


@dataclass
class Streams:
    """Which random streams were just seeded (no draw since), and the shuffle made right after
    each seed: the interpreter holds one for the whole file."""

    #: stream -> the seed it was set to, while nothing has been drawn from it since
    seeded: dict[Any, Any] = field(default_factory=dict)
    #: seed -> the origin every shuffle right after that seed shares
    twins: dict[Any, Origin] = field(default_factory=dict)

    def draw(self, stream: Any) -> None:
        """Something was drawn from ``stream``: the next shuffle no longer follows a seed."""
        self.seeded.pop(stream, None)

    def seed(self, stream: Any, key: Any) -> None:
        self.seeded[stream] = key

    def shuffle_origin(self, stream: Any, args: CallArgs) -> Origin:
        """The origin of one shuffle drawn from ``stream`` (a twin's after a seed)."""
        key = self.seeded.pop(stream, None)
        made = Origin("shuffle", arrays.written(args), anchor=args.node)
        if key is None:
            return made
        return self.twins.setdefault(key, made)


def streams(interp: InterpreterState) -> Streams:
    """The file's streams, created on first use."""
    if interp.random_streams is None:
        interp.random_streams = Streams()
    return interp.random_streams


def generator_stream(generator: RandomGenerator) -> Any:
    return ("generator", id(generator))


def seed_key(family: str, args: CallArgs, index: int = 0, keyword: str = "seed") -> Any:
    """What identifies a seed: its family and its literal value ("?" when unresolved: two
    unresolved seeds may well be the same variable, so they are taken as equal)."""
    value = to_python(args.get(index, keyword) or Const(None))
    return (family, value if isinstance(value, (int, str)) else "?")


def shuffled(info: ArrayInfo, origin: Origin) -> ArrayInfo:
    """The same values, with the same provenance, in the order ``origin`` made."""
    return replace(info, order=origin)


def shuffle_in_place(interp: InterpreterState, stream: Any, args: CallArgs) -> Value:
    """``np.random.shuffle(y)``: ``y`` itself changes; the call returns None."""
    target = args.get(0, "x")
    if isinstance(target, ArrayValue) and interp.uncertainty == 0:
        target.info = shuffled(target.info, streams(interp).shuffle_origin(stream, args))
    else:
        streams(interp).draw(stream)
    return Const(None)


def permuted_copy(interp: InterpreterState, stream: Any, args: CallArgs) -> Value | None:
    """``np.random.permutation(y)``: a shuffled copy of an array; None when the argument is
    a length (``permutation(len(x))``: an index permutation, drawn like any random array)."""
    target = args.get(0, "x")
    info = arrays.array_info(target)
    if info is None or (isinstance(target, Sequence) and info.shape == ()):
        return None
    return ArrayValue(shuffled(info, streams(interp).shuffle_origin(stream, args)))


def sklearn_shuffle(interp: InterpreterState, args: CallArgs) -> Value:
    """``sklearn.utils.shuffle(x, y)`` keeps rows aligned: the arrays come back in their
    orders; a single array comes back reordered on its own."""
    given = [value for value, _ in args.positional]
    if len(given) != 1 or not isinstance(given[0], ArrayValue):
        return given[0] if len(given) == 1 else Sequence(given, is_tuple=True)
    return seeded_copy(interp, "sklearn", args, args.get(None, "random_state")) or given[0]


def seeded_copy(
    interp: InterpreterState, family: str, args: CallArgs, seed: Value | None
) -> Value | None:
    """A reordered copy of the first argument by a call that takes its own seed
    (``shuffle(y, random_state=0)``, ``tf.random.shuffle(y, seed=1)``): the same literal seed
    repeats one permutation. None when the argument is no array."""
    info = arrays.array_info(args.get(0))
    if info is None:
        return None
    book = streams(interp)
    stream = (family, id(args.node))
    value = to_python(seed) if seed is not None else None
    if isinstance(value, int) and not isinstance(value, bool):
        book.seed(stream, (family, value))
    return ArrayValue(shuffled(info, book.shuffle_origin(stream, args)))


def get_state(interp: InterpreterState, stream: Any) -> Value:
    """Saving the state marks the next draw as one ``set_state`` can repeat."""
    key = ("state", next(_snapshots))
    streams(interp).seed(stream, key)
    return StateSnapshot(key)


def set_state(interp: InterpreterState, stream: Any, args: CallArgs) -> Value:
    snapshot = args.get(0, "state")
    key = snapshot.key if isinstance(snapshot, StateSnapshot) else ("state", "?")
    streams(interp).seed(stream, key)
    return Const(None)
