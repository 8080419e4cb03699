"""KC302: the ``accuracy`` metric next to a regression loss.

Keras picks the accuracy variant from the output's shape, not from the loss: binary accuracy
(prediction rounded at 0.5, compared with the target) for one unit, categorical accuracy for
several. Against continuous regression targets those comparisons almost never hold, so the
metric reads about 0 and never moves while the loss falls; with class labels the loss is the
thing to change.
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck import keras_api
from kerascheck.checks.context import CheckContext
from kerascheck.checks.model_walk import once
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import Model

CODE = "KC302"


@check(CODE)
def check_accuracy_with_regression_loss(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from once(d for model in ctx.module.models for d in _model_diagnostics(model))


def _model_diagnostics(model: Model) -> Iterator[Diagnostic]:
    compile_info = model.compile
    if compile_info is None or compile_info.loss is None:
        return
    loss = compile_info.loss.name
    if loss not in keras_api.REGRESSION_LOSSES:
        return
    if not any(_is_plain_accuracy(metric) for metric in compile_info.metrics):
        return
    yield Diagnostic(
        CODE,
        f"metrics=['accuracy'] with the regression loss {loss}: accuracy never moves",
        help="Accuracy counts predictions that match the target exactly (after rounding at 0.5 "
        "or taking the arg-max), which continuous targets almost never do, so it reads about 0 "
        "while the loss falls. Track a regression metric such as 'mae' or "
        "RootMeanSquaredError(), or, if the targets are classes, use a crossentropy loss.",
        anchor=compile_info.anchor,
    )


def _is_plain_accuracy(metric: object) -> bool:
    """'accuracy'/'acc' only: binary_accuracy and friends are an explicit choice."""
    return isinstance(metric, str) and keras_api.canonical_metric(metric) == "accuracy"
