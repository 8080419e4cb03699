"""Python's ``random`` module: every draw is a random value (labels made of it are random),
and ``random.shuffle(y)`` reorders labels on their own (``shuffles``)."""

from __future__ import annotations

from kerascheck.frontends.python import arrays, value_kinds
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.libraries import shuffles
from kerascheck.frontends.python.values import Const, Value, to_python


def _scalar(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    shuffles.streams(interp).draw(shuffles.PYTHON)
    return arrays.random_array(args, (), name in ("randint", "randrange") or _of_ints(name, args))


def _of_ints(name: str, args: CallArgs) -> bool:
    """``random.choice(indices)`` of a 1-d integer array: an int."""
    info = arrays.array_info(args.get(0, "seq")) if name == "choice" else None
    return (
        info is not None
        and info.shape is not None
        and len(info.shape) == 1
        and (info.value_kind == value_kinds.INTEGER)
    )


def _sample(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    shuffles.streams(interp).draw(shuffles.PYTHON)
    k = arrays.dim(to_python(args.get(1, "k") or Const(None)))
    return arrays.random_array(args, (k,) if k is not None else None, False)


def _shuffle(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return shuffles.shuffle_in_place(interp, shuffles.PYTHON, args)


def _seed(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    shuffles.streams(interp).seed(shuffles.PYTHON, shuffles.seed_key("random", args, 0, "a"))
    return Const(None)


def _getstate(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return shuffles.get_state(interp, shuffles.PYTHON)


def _setstate(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return shuffles.set_state(interp, shuffles.PYTHON, args)


FUNCTIONS: dict[str, Handler] = {
    **dict.fromkeys(
        ("random", "randint", "uniform", "gauss", "normalvariate", "choice", "randrange"), _scalar
    ),
    "sample": _sample,
    "shuffle": _shuffle,
    "seed": _seed,
    "getstate": _getstate,
    "setstate": _setstate,
}
