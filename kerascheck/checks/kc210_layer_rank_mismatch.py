"""KC210: static shapes show a layer receiving an input it cannot take.

Chiefly a rank the layer cannot take (Conv2D on ``(batch, 28, 28)``, an LSTM after Flatten).
The same rule reports the other ways a layer refuses a statically known input, because each
stops the model from building at the same place and no other rule covers them: a convolution
or pooling window larger than its input ("size"), a Reshape whose target holds another number
of values, or a ``tf.reshape`` keeping the batch axis whose target cannot hold one sample
("reshape"), merge layers over incompatible branches, and a ``tf.matmul``, ``tf.concat`` or
element-wise function over sizes that cannot meet ("merge").

Left to other rules: TimeDistributed around a sequence layer (KC203) and a recurrent layer fed
by one without ``return_sequences`` (KC201), which shape inference marks with their own kinds.
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.registry import check
from kerascheck.checks.shape_findings import shape_problem_findings
from kerascheck.diagnostics import Diagnostic

#: ShapeProblem kinds this rule reports.
KINDS = frozenset({"rank", "size", "reshape", "merge"})


@check("KC210")
def layer_rank_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from shape_problem_findings(ctx, "KC210", KINDS)
