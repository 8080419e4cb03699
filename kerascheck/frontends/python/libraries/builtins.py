"""Python's builtins that carry sizes and shapes: ``range``, ``len``, ``list``, ``int`` ..."""

from __future__ import annotations

from kerascheck.dims import as_dim, product
from kerascheck.frontends.python import array_ops
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.libraries.datasets import DatasetValue
from kerascheck.frontends.python.scope import dotted_name
from kerascheck.frontends.python.values import (
    ArrayValue,
    Const,
    FrameColumns,
    Mapping,
    Sequence,
    Value,
    Vocabulary,
    to_python,
)
from kerascheck.ir import Sym


def _range(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    bounds = [to_python(v) for v, _ in args.positional]
    if bounds and all(isinstance(b, int) and not isinstance(b, bool) for b in bounds):
        try:
            return Const(range(*bounds))
        except (TypeError, ValueError):
            return None
    return None


def _len(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    first = args.get(0)
    if isinstance(first, Sequence) and first.exact:
        return Const(len(first.items))
    if isinstance(first, Const) and isinstance(first.value, (str, tuple, range)):
        return Const(len(first.value))
    if isinstance(first, FrameColumns):
        return Const(array_ops.axis_size(first.frame, 1, first.label))
    if isinstance(first, Vocabulary):  # every len(tokenizer.word_index) is the same size
        if first.size is None:
            expr = args.expr(0)
            first.size = Sym.new(f"len({(dotted_name(expr) if expr else None) or 'word_index'})")
        return Const(first.size)
    if isinstance(first, ArrayValue) and first.info.shape != ():
        expr = args.expr(0)
        label = (dotted_name(expr) if expr is not None else None) or "x"
        return Const(array_ops.axis_size(first, 0, label))  # len(X) is X.shape[0]
    return None


def _number(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    first = args.get(0)
    if not isinstance(first, Const):
        return None
    try:
        return Const(int(first.value) if name == "int" else float(first.value))
    except (TypeError, ValueError, OverflowError):
        return None


def _container(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    first = args.get(0)
    if isinstance(first, Sequence):
        if not interp.may_build(len(first.items)):
            return None  # a copy (``list(a)``) counts towards the file's total
        return Sequence(
            list(first.items), is_tuple=name == "tuple", exact=first.exact, depth=first.depth
        )
    if isinstance(first, Mapping) and first.exact and interp.may_build(len(first.items)):
        keys: list[Value] = [Const(key) for key in first.items]  # ``list(VOCABS)``: its keys
        return Sequence(keys, is_tuple=name == "tuple", depth=first.depth)
    if isinstance(first, ArrayValue):
        return first
    return None


def _dict(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``dict(features)`` copies a dict of features (``make_csv_dataset``'s ordered dicts made
    plain in a ``map``); keywords or other arguments stay unknown."""
    if args.has_star or args.keywords or len(args.positional) != 1:
        return None
    first = args.get(0)
    if isinstance(first, Mapping) and first.exact and interp.may_build(len(first.items)):
        return Mapping(dict(first.items), depth=first.depth)
    return None


def _abs_round(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    first = args.get(0)
    if isinstance(first, Const) and isinstance(first.value, (int, float)):
        return Const(abs(first.value) if name == "abs" else round(first.value))
    return None


def _iteration(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``next(iter(train_ds))``: a dataset's first element (a batch, once batched)."""
    first = args.get(0)
    if isinstance(first, DatasetValue) and not args.has_star:
        return first if name == "iter" else first.element
    return None


def _items(value: Value | None) -> list[Value] | None:
    """The items of a tuple or list literal followed exactly, or of a constant range / tuple."""
    if isinstance(value, Sequence) and value.exact:
        return list(value.items)
    if isinstance(value, Const) and isinstance(value.value, (range, tuple)):
        return [Const(item) for item in value.value]
    return None


def _pairs(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``enumerate(stages)``, ``zip(filters, strides)`` over known sequences: tuples a loop
    can be unrolled over (``for i, filters in enumerate(stages)``)."""
    if args.has_star or args.keywords.keys() - {"start"}:
        return None
    iterables = args.positional[:1] if name == "enumerate" else args.positional
    found = [_items(value) for value, _ in iterables]
    columns = [column for column in found if column is not None]
    if not columns or len(columns) != len(found):
        return None
    if name == "enumerate":
        start = to_python(args.get(1, "start") or Const(0))
        if not isinstance(start, int) or isinstance(start, bool):
            return None
        columns.insert(0, [Const(start + i) for i in range(len(columns[0]))])
    length = min(len(column) for column in columns)
    if not interp.may_build(length * (len(columns) + 1)):
        return None
    rows = [Sequence([column[i] for column in columns], is_tuple=True) for i in range(length)]
    return Sequence(rows)


FUNCTIONS: dict[str, Handler] = {
    "enumerate": _pairs,
    "zip": _pairs,
    "iter": _iteration,
    "next": _iteration,
    "range": _range,
    "len": _len,
    "int": _number,
    "float": _number,
    "list": _container,
    "tuple": _container,
    "dict": _dict,
    "abs": _abs_round,
    "round": _abs_round,
}


def _prod(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``math.prod(x.shape[1:])``: the size of a flattened sample."""
    first = args.get(0)
    if not isinstance(first, Sequence) or not first.exact:
        return None
    size = product(tuple(as_dim(to_python(item)) for item in first.items))
    return Const(size) if size is not None else None


#: the standard library's ``math`` module
MATH: dict[str, Handler] = {"prod": _prod}
