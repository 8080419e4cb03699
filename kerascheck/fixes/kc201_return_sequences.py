"""KC201 fix: ``return_sequences=True`` on the recurrent layer that feeds another one.

For ``Bidirectional(LSTM(64))`` the argument goes on the wrapped ``LSTM``, where Keras reads
it. A call that builds several layers (in a loop, or in a function called more than once) is
fixed only when every layer it builds feeds a recurrent layer: in
``for _ in range(3): model.add(LSTM(64))`` the last LSTM must keep returning one vector, and
adding the argument to the one call would break it.
"""

from __future__ import annotations

import libcst as cst

from kerascheck.checks.kc201_missing_return_sequences import needs_sequence_from
from kerascheck.checks.model_walk import core, describe, is_rank_keeping, next_nodes
from kerascheck.diagnostics import Diagnostic, Fix
from kerascheck.fixes.arguments import has_star, keyword, with_arguments
from kerascheck.fixes.context import FixContext

_TRUE = "True"


def fix(ctx: FixContext, diagnostic: Diagnostic) -> Fix | None:
    anchor = diagnostic.anchor
    layers = ctx.layers_at(anchor)
    if not layers or not _every_application_feeds_recurrent(ctx, anchor):
        return None
    targets = {id(target.anchor): target for layer in layers if (target := core(layer))}
    if len(targets) != 1:
        return None
    target = next(iter(targets.values()))
    call = target.anchor
    if not isinstance(call, cst.Call) or has_star(call):
        return None
    message = f"Set return_sequences=True on {describe(target)}"
    if "return_sequences" not in target.params:
        new = with_arguments(call, [keyword("return_sequences", cst.Name(_TRUE))])
        return ctx.fix("safe", message, (call, new))
    written = target.param_anchors.get("return_sequences")
    value = written[1] if isinstance(written, tuple) else None
    if isinstance(value, cst.Name) and value.value == "False":  # an explicit literal only
        return ctx.fix("safe", message, (value, value.with_changes(value=_TRUE)))
    return None


def _every_application_feeds_recurrent(ctx: FixContext, anchor: object) -> bool:
    applications = list(ctx.applications(anchor))
    return bool(applications) and all(
        any(needs_sequence_from(after, node) for after in next_nodes(model, node, is_rank_keeping))
        for model, node in applications
    )
