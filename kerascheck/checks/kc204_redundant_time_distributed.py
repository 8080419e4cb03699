"""KC204: TimeDistributed(Dense) on a rank-3 input.

Dense already applies the same weights at every position of the last axis, so on
``(batch, steps, features)`` the wrapper changes nothing. It is harmless, hence only info:
worth knowing when reading a model, and a hint that the author may have expected it to do
something (often the same misunderstanding that produces KC203).
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.shapes import format_shape


@check("KC204")
def redundant_time_distributed(ctx: CheckContext) -> Iterator[Diagnostic]:
    seen: set[int] = set()
    for model in ctx.module.models:
        shapes = ctx.shapes(model)
        for node in model.nodes:
            layer = node.layer
            if layer.cls != "TimeDistributed" or layer.inner is None:
                continue
            if layer.inner.cls != "Dense" or layer.uid in seen:
                continue
            got = shapes.input_of(node)
            if got is None or len(got) != 3 or shapes.problem_of(node) is not None:
                continue
            seen.add(layer.uid)
            yield Diagnostic(
                "KC204",
                f"{layer.display} is redundant on input of shape {format_shape(got)}",
                help="Dense already acts on the last axis of (batch, steps, features), applying "
                "the same weights at every step, so the wrapper changes nothing. Keep it only for "
                "clarity, or remove it.",
                anchor=layer.anchor if layer.anchor is not None else node.where,
            )
