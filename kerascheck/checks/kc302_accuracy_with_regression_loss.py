"""KC302: the ``accuracy`` metric on regression targets.

Keras 3 resolves the string ``"accuracy"`` from the shapes of labels and output, not from the
loss: binary accuracy (prediction > 0.5 compared with the target) for one output unit,
categorical or sparse categorical accuracy otherwise. With mse on 0/1 labels that is a fine
metric and it moves. Against continuous targets (prices, a sine, a sum of random floats) the
comparisons almost never hold, so the metric reads about 0 and never moves while the loss
falls; the same holds for counts that go past 1 against a single output unit.

So the rule fires only where the targets' kind is known (``ArrayInfo.value_kind``, followed by
``frontends.python.value_kinds``): continuous targets, or counts with one output unit. Targets
of unknown kind, and class labels trained with a regression loss, stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck import keras_api
from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import known, model_fits
from kerascheck.checks.model_walk import core, once, output_units
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import Model

CODE = "KC302"

_CONTINUOUS = "continuous"
_COUNTS = "counts"


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
    targets = _target_kind(model)
    if targets is None:
        return
    yield Diagnostic(
        CODE,
        f"metrics=['accuracy'] with {loss} on {targets} targets: accuracy never moves",
        help="For these targets Keras resolves 'accuracy' to binary or categorical accuracy, "
        "which counts predictions that match the target exactly after rounding at 0.5 or "
        f"taking the arg-max; {targets} targets almost never do, so it reads about 0 while "
        "the loss falls. Track a regression metric such as 'mae' or RootMeanSquaredError(), "
        "or, if the targets are classes, use a crossentropy loss.",
        anchor=compile_info.anchor,
    )


def _target_kind(model: Model) -> str | None:
    """'continuous' or 'count' when some fit's targets are known to defeat accuracy."""
    kinds = set()
    for fit in model_fits(model):
        labels = known(fit.y)
        if labels is not None:
            kinds.add(labels.value_kind)
    if _CONTINUOUS in kinds:
        return "continuous"
    if _COUNTS in kinds and _single_output_unit(model):
        return "count"
    return None


def _single_output_unit(model: Model) -> bool:
    """One output unit: Keras picks binary accuracy, which only 0/1 targets can match."""
    output = model.output
    inner = core(output.layer) if output is not None else None
    return inner is not None and output_units(inner) == 1


def _is_plain_accuracy(metric: object) -> bool:
    """'accuracy'/'acc' only: binary_accuracy and friends are an explicit choice."""
    return isinstance(metric, str) and keras_api.canonical_metric(metric) == "accuracy"
