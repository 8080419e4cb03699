"""KC210: static shapes show a layer receiving an input it cannot take.

Chiefly a rank the layer cannot take (Conv2D on ``(batch, 28, 28)``, an LSTM after Flatten).
The same rule reports the other ways a layer refuses a statically known input, because each
stops the model from building at the same place and no other rule covers them: a convolution
or pooling window larger than its input ("size"), a Reshape whose target holds another number
of values ("reshape"), merge layers over incompatible branches ("merge").

Left to other rules: TimeDistributed around a sequence layer (KC203) and a recurrent layer fed
by one without ``return_sequences`` (KC201), which shape inference marks with their own kinds.
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic

#: ShapeProblem kinds this rule reports.
KINDS = frozenset({"rank", "size", "reshape", "merge"})


@check("KC210")
def layer_rank_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    seen: set[tuple[int, str]] = set()
    for model in ctx.module.models:
        for problem in ctx.shapes(model).problems:
            if problem.kind not in KINDS:
                continue
            layer = problem.node.layer
            key = (layer.uid, problem.message)  # a shared layer is reported once
            if key in seen:
                continue
            seen.add(key)
            anchor = layer.anchor if layer.anchor is not None else problem.node.where
            yield Diagnostic("KC210", problem.message, anchor=anchor)
