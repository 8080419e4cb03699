"""Python's ``random`` module: every draw is a random value (labels made of it are random)."""

from __future__ import annotations

from collections.abc import Callable

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.values import Const, Value, to_python

Handler = Callable[[InterpreterState, str, CallArgs], Value | None]


def _scalar(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return arrays.random_array(args, (), name in ("randint", "randrange"))


def _sample(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    k = arrays.dim(to_python(args.get(1, "k") or Const(None)))
    return arrays.random_array(args, (k,) if k is not None else None, False)


FUNCTIONS: dict[str, Handler] = {
    **dict.fromkeys(
        ("random", "randint", "uniform", "gauss", "normalvariate", "choice", "randrange"), _scalar
    ),
    "sample": _sample,
}
