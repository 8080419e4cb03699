"""Keras training calls: optimizers, losses, metrics, ``compile`` and the fit/evaluate/predict
family, recorded as the IR's ``CompileInfo`` and ``FitCall`` for the checks to read.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.keras_layers import param_value
from kerascheck.frontends.python.libraries import datasets
from kerascheck.frontends.python.scope import dotted_name
from kerascheck.frontends.python.values import (
    ArrayValue,
    Const,
    Function,
    LossValue,
    Mapping,
    OptimizerValue,
    Qual,
    Sequence,
    Value,
    to_python,
)
from kerascheck.ir import UNKNOWN, CompileInfo, DataArg, FitCall, LossInfo, OptimizerInfo
from kerascheck.keras_api import (
    canonical_loss,
    canonical_metric,
    canonical_optimizer,
    resolve_keras,
)

FIT_METHODS = {
    "fit": ("x", "y", "batch_size", "epochs"),
    "evaluate": ("x", "y", "batch_size"),
    "train_on_batch": ("x", "y"),
    "test_on_batch": ("x", "y"),
    "fit_generator": ("generator", "steps_per_epoch", "epochs"),
    "evaluate_generator": ("generator", "steps"),
    # prediction: x only, the same input checks as fit (KC105)
    "predict": ("x", "batch_size"),
    "predict_on_batch": ("x",),
    "predict_generator": ("generator", "steps"),
    "__call__": ("inputs", "training", "mask"),
}
#: the parameter that holds the data (a stream of batches for the Keras 2 *_generator methods)
_DATA_PARAMS = ("x", "inputs", "generator")


def make_optimizer(interp: InterpreterState, symbol: str, args: CallArgs) -> Value | None:
    name = canonical_optimizer(symbol)
    if name is None:
        return None  # a schedule or something we do not model
    info = OptimizerInfo(name=name, anchor=args.node)
    for key, (value, expr) in args.keywords.items():
        info.params[key] = param_value(value)
        arg = args.keyword_arg(key)
        info.param_anchors[key] = (arg.keyword, expr) if arg and arg.keyword else expr
    first = args.get(0)
    if first is not None:
        info.params.setdefault("learning_rate", param_value(first))
        info.param_anchors.setdefault("learning_rate", args.expr(0))
    rate = info.params.get("learning_rate", info.params.get("lr"))
    if rate is None:
        info.learning_rate = UNKNOWN if args.has_star else None
    elif isinstance(rate, (int, float)) and not isinstance(rate, bool):
        info.learning_rate = float(rate)
    else:
        info.learning_rate = UNKNOWN
    interp.ir.optimizers.append(info)
    return OptimizerValue(info)


def make_loss_info(symbol: str, args: CallArgs) -> LossInfo:
    from_logits = args.get(None, "from_logits")
    logits = to_python(from_logits) if from_logits is not None else None
    return LossInfo(
        name=canonical_loss(symbol),
        from_logits=logits if isinstance(logits, bool) or logits is None else UNKNOWN,
        anchor=args.node,
    )


def make_compile(interp: InterpreterState, args: CallArgs) -> CompileInfo:
    info = CompileInfo(anchor=args.node)
    optimizer = args.get(0, "optimizer")
    info.optimizer = _optimizer_info(interp, optimizer, args.expr(0, "optimizer") or args.node)
    loss = args.get(1, "loss")
    if loss is not None:
        info.loss = _loss_info(loss, args.expr(1, "loss"))
    metrics = args.get(None, "metrics")
    if metrics is not None:
        info.metrics_anchor = args.expr(None, "metrics")
        info.metrics = _metric_names(metrics)
    return info


def _optimizer_info(interp: InterpreterState, value: Value | None, anchor: Any) -> OptimizerInfo:
    if value is None:
        return OptimizerInfo("RMSprop", None, anchor=anchor)  # Keras's default
    if isinstance(value, OptimizerValue):
        return value.info
    name: str | None = None
    if isinstance(value, Const) and isinstance(value.value, str):
        name = canonical_optimizer(value.value)
    elif isinstance(value, Qual):
        resolved = resolve_keras(value.name)
        if resolved and resolved[0] == "optimizers":
            name = canonical_optimizer(resolved[1])
    if name is None:
        return OptimizerInfo(None, UNKNOWN, anchor=anchor)
    info = OptimizerInfo(name, None, anchor=anchor)
    interp.ir.optimizers.append(info)
    return info


def _loss_info(value: Value, anchor: Any) -> LossInfo:
    if isinstance(value, LossValue):
        return value.info
    if isinstance(value, Const) and isinstance(value.value, str):
        return LossInfo(canonical_loss(value.value), None, anchor=anchor)
    if isinstance(value, Qual):
        resolved = resolve_keras(value.name)
        if resolved and resolved[0] == "losses":
            return LossInfo(canonical_loss(resolved[1]), None, anchor=anchor)
    if isinstance(value, Function):
        return LossInfo(None, None, anchor=anchor)
    return LossInfo(None, UNKNOWN, anchor=anchor)


def _metric_names(value: Value) -> list[Any]:
    items = value.items if isinstance(value, Sequence) else [value]
    names: list[Any] = []
    for item in items:
        if isinstance(item, Const) and isinstance(item.value, str):
            names.append(canonical_metric(item.value))
        elif isinstance(item, Qual):
            resolved = resolve_keras(item.name)
            names.append(canonical_metric(resolved[1]) if resolved else UNKNOWN)
        else:
            names.append(UNKNOWN)
    return names


def make_fit(method: str, args: CallArgs) -> FitCall:
    signature = FIT_METHODS[method]
    fit = FitCall(method=method, anchor=args.node)
    for index, name in enumerate(signature):
        value = args.get(index, name)
        if value is not None and name not in ("y", *_DATA_PARAMS):
            fit.params[name] = to_python(value)
            fit.param_anchors[name] = args.expr(index, name)
    for name, (value, expr) in args.keywords.items():
        if name in ("y", *_DATA_PARAMS):
            continue
        fit.params[name] = to_python(value)
        arg = args.keyword_arg(name)
        fit.param_anchors[name] = (arg.keyword, expr) if arg and arg.keyword else expr
    data = next((name for name in _DATA_PARAMS if name in signature), None)
    if data is not None:
        fit.x = _data_arg(args, 0, data)
        if "y" in signature:
            fit.y = _data_arg(args, 1, "y")
        stream = datasets.batches(args.get(0, data))
        if stream is not None and fit.x is not None:  # a dataset or generator yields (x, y)
            fit.x.info, fit.x.unbatched = stream.x, stream.unbatched
            fit.x.parts, fit.x.keys = (), ()
            if stream.inputs is not None:  # a dict of features, a tuple of inputs
                fit.x.parts, fit.x.keys = data_parts(stream.inputs, fit.x.anchor)
            labelled = method != "__call__" and not method.startswith("predict")
            if labelled and fit.y is None and stream.y is not None:
                fit.y = DataArg(anchor=fit.x.anchor, info=stream.y)
    return fit


def _data_arg(args: CallArgs, index: int, name: str) -> DataArg | None:
    if args.has_star and args.get(index, name) is None:
        return None
    expr = args.expr(index, name)
    if expr is None:
        return None
    value = args.get(index, name)
    info = value.info if isinstance(value, ArrayValue) else None
    arg = DataArg(anchor=expr, info=info, label=dotted_name(expr))
    if value is not None and info is None:
        arg.parts, arg.keys = data_parts(value, expr)
    return arg


def data_parts(value: Value, expr: Any) -> tuple[tuple[DataArg, ...], tuple[str, ...]]:
    """x given as several arrays, one per model input: a list or tuple of arrays (by position)
    or a dict of arrays with string keys (by name). Each part is anchored at its own
    expression when x is written as a literal, else at x. A list of numbers is one array, not
    parts; a list that may have grown in a loop is not followed."""
    if isinstance(value, Sequence) and value.exact and value.items:
        if any(isinstance(item, (Const, Sequence)) for item in value.items):
            return (), ()
        exprs = _element_exprs(expr, len(value.items))
        parts = tuple(
            _part(item, anchor, expr) for item, anchor in zip(value.items, exprs, strict=True)
        )
        return parts, ()
    if isinstance(value, Mapping) and value.exact and value.items:
        if not all(isinstance(key, str) for key in value.items):
            return (), ()
        anchors = _value_exprs(expr)
        keys = tuple(value.items)
        parts = tuple(_part(value.items[key], anchors.get(key, expr), expr) for key in keys)
        return parts, keys
    return (), ()


def _part(value: Value, anchor: Any, whole: Any) -> DataArg:
    """One array of x; named as written only when anchored at its own expression."""
    info = value.info if isinstance(value, ArrayValue) else None
    label = dotted_name(anchor) if anchor is not whole else None
    return DataArg(anchor=anchor, info=info, label=label)


def _element_exprs(expr: Any, count: int) -> list[Any]:
    """The expressions of a list or tuple literal's items, when they are the value's items
    one for one (no ``*rest``); else ``expr`` for each."""
    if (
        isinstance(expr, (cst.List, cst.Tuple))
        and len(expr.elements) == count
        and all(isinstance(element, cst.Element) for element in expr.elements)
    ):
        return [element.value for element in expr.elements]
    return [expr] * count


def _value_exprs(expr: Any) -> dict[str, Any]:
    """A dict literal's value expressions by their plain string keys."""
    found: dict[str, Any] = {}
    if isinstance(expr, cst.Dict):
        for element in expr.elements:
            if isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString):
                found[element.key.evaluated_value] = element.value  # type: ignore[index]
    return found
