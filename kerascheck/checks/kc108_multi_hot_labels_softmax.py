"""KC108 multi-hot-labels-softmax: labels with several ones per row against a softmax or a
categorical cross-entropy.

A softmax makes the classes compete for one unit of probability: with two true tags per row
each can reach at most 0.5, the loss has a floor it never passes, and no tag pair is ever
predicted. Categorical cross-entropy assumes the same single choice. Multi-label targets
(``MultiLabelBinarizer``, ``make_multilabel_classification``, literal multi-hot rows) need an
independent sigmoid per class and binary cross-entropy. KC206 stays quiet about a softmax
output that KC108 reports.
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import (
    CATEGORICAL_LOSSES,
    known,
    labels_phrase,
    loss_name,
    model_fits,
)
from kerascheck.checks.model_walk import describe, once, output_head
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic, Related
from kerascheck.ir import Model

CODE = "KC108"


@check(CODE)
def check_multi_hot_labels_softmax(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from once(d for model in ctx.module.models for d in _model_diagnostics(model))


def _model_diagnostics(model: Model) -> Iterator[Diagnostic]:
    if model.output is None:
        return
    head = output_head(model.output)
    loss = loss_name(model)
    softmax = head is not None and head.activation == "softmax" and head.units != 1
    categorical = loss in CATEGORICAL_LOSSES
    if not (softmax or categorical):
        return
    for fit in model_fits(model):
        labels = known(fit.y)
        if fit.y is None or labels is None or labels.encoding != "multihot":
            continue
        if softmax and head is not None:
            problem = f"{describe(head.layer)} ends in softmax"
            anchor = head.activation_anchor
        else:
            problem = f"the loss is {loss}"
            anchor = head.activation_anchor if head is not None else model.output.where
        yield Diagnostic(
            CODE,
            f"{labels_phrase(fit.y)} are multi-hot (several ones per row), but {problem}",
            help="A softmax (and categorical cross-entropy, which assumes one) makes the classes "
            "compete for a total of 1: with two true labels per row each can reach at most "
            "0.5, the loss has a floor it never passes, and no pair of labels is ever "
            "predicted. For multi-label targets use one sigmoid per class, "
            "Dense(n, activation='sigmoid'), with loss='binary_crossentropy'.",
            anchor=anchor,
            related=(Related(f"the multi-hot labels reach {fit.method}() here", fit.y.anchor),),
        )
        return
