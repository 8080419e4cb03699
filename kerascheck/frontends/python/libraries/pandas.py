"""pandas: readers give raw frames of rows by columns; frames keep their provenance."""

from __future__ import annotations

from dataclasses import replace

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.values import ArrayValue, Value

_READERS = (
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
)


def _read(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return arrays.from_disk(args, shape=(None, None), loader=name)  # a frame: rows by columns


def _frame(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0, "data"))
    return ArrayValue(replace(info, shape=None)) if info is not None else None


def _get_dummies(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0, "data"))
    if info is None:
        return None
    if info.shape is not None and len(info.shape) == 1:
        return arrays.one_hot(info, None)  # a label column
    # a whole frame: its categorical columns become indicators, the rest stays as it was
    return ArrayValue(replace(info, shape=(None, None) if info.shape else None))


def _factorize(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0, "values"))
    return ArrayValue(replace(info, encoding="int", shape=None)) if info is not None else None


FUNCTIONS: dict[str, Handler] = {
    **dict.fromkeys(_READERS, _read),
    **dict.fromkeys(("DataFrame", "Series", "concat"), _frame),
    "get_dummies": _get_dummies,
    "factorize": _factorize,
}
