"""TensorFlow's array functions: ``tf.random.*``, ``tf.one_hot``, ``tf.constant``, reshapes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.values import ArrayValue, Const, Value, to_python

Handler = Callable[[InterpreterState, str, CallArgs], Value | None]


def _draw(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    shape = arrays.as_shape(to_python(args.get(0, "shape") or Const(None)))
    return arrays.random_array(args, shape, arrays.is_int_dtype(args.get(None, "dtype")))


RANDOM: dict[str, Handler] = dict.fromkeys(
    ("uniform", "normal", "truncated_normal", "stateless_uniform", "stateless_normal"), _draw
)


def _one_hot(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0))
    if info is None:
        return None
    return arrays.one_hot(info, arrays.dim(to_python(args.get(1, "depth") or Const(None))))


def _tensor(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0))
    if info is None:
        return None
    dtype = args.get(1, "dtype")
    if dtype is not None and arrays.is_int_dtype(dtype) and info.encoding != "onehot":
        return ArrayValue(replace(info, encoding="int"))
    return ArrayValue(info)


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


FUNCTIONS: dict[str, Handler] = {
    "one_hot": _one_hot,
    **dict.fromkeys(("constant", "convert_to_tensor", "cast", "identity", "Variable"), _tensor),
    "reshape": _reshape,
    "expand_dims": _expand_dims,
    "transpose": _transpose,
}
