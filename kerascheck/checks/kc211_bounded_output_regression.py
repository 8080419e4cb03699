"""KC211 bounded-output-regression: a sigmoid/tanh/softmax output regressed on targets it
cannot reach.

A regression loss pulls each prediction toward its target; an output squashed into [0, 1] or
[-1, 1] cannot follow a target of 400, so the unit saturates at its bound, its gradient
vanishes, and the loss stays where it started. The targets' bounds come from the value ranges
the frontend follows (``np.arange``, random draws, literals, sampled data files, arithmetic).
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck import keras_api
from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import describe_range, known, loss_name, model_fits, origin_notes
from kerascheck.checks.model_walk import describe, is_single_unit_softmax, once, output_head
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic, Related
from kerascheck.ir import Model, ValueRange

CODE = "KC211"

#: The values each bounded activation can produce.
ACTIVATION_RANGES: dict[str, ValueRange] = {
    "sigmoid": (0.0, 1.0),
    "hard_sigmoid": (0.0, 1.0),
    "softmax": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "softsign": (-1.0, 1.0),
}
#: Losses that regress outputs onto target values (cosine similarity and Poisson do not
#: compare values one by one).
BOUNDED_REGRESSION_LOSSES = keras_api.REGRESSION_LOSSES - {"cosine_similarity", "poisson"}
#: How far past the activation's bound a target must lie (rounding noise is not a finding).
_MARGIN = 1e-3


@check(CODE)
def check_bounded_output_regression(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from once(d for model in ctx.module.models for d in _model_diagnostics(model))


def _model_diagnostics(model: Model) -> Iterator[Diagnostic]:
    loss = loss_name(model)
    if loss not in BOUNDED_REGRESSION_LOSSES or model.output is None:
        return
    head = output_head(model.output)
    if head is None or is_single_unit_softmax(head):
        return  # unknown head, or KC205's finding
    reach = ACTIVATION_RANGES.get(head.activation) if isinstance(head.activation, str) else None
    if reach is None:
        return
    for fit in model_fits(model):
        targets = known(fit.y)
        if fit.y is None or targets is None or targets.value_range is None:
            continue
        low, high = targets.value_range
        if low >= reach[0] - _MARGIN and high <= reach[1] + _MARGIN:
            continue
        name = f"`{fit.y.label}`" if fit.y.label else "passed to fit()"
        activation = head.activation
        yield Diagnostic(
            CODE,
            f"{describe(head.layer)} ends in {activation} (outputs in {describe_range(reach)}), "
            f"but the targets {name} lie in {describe_range(targets.value_range)}",
            help=f"The {loss} targets lie outside what a {activation} output can produce: "
            "it saturates at its bound, its gradient vanishes and the loss stays where it "
            "started. Use a linear output (no activation) for "
            "regression, or scale the targets into the activation's range (and invert that "
            "scaling on the predictions).",
            anchor=head.activation_anchor,
            related=(
                Related(f"the targets reach {fit.method}() here", anchor=fit.y.anchor),
                *origin_notes(targets, "the targets come from"),
            ),
        )
        return  # one finding per output layer
