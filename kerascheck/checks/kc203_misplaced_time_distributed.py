"""KC203: TimeDistributed wraps a sequence layer whose per-step input is not a sequence.

``TimeDistributed(LSTM(32))`` on ``(batch, 20, 1)`` hands the LSTM one step at a time, a
vector of 1 feature: Keras 3 refuses to build it, and older versions trained a model that
never saw the sequence. Shape inference finds it; this check only reports it.
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.registry import check
from kerascheck.checks.shape_findings import shape_problem_findings
from kerascheck.diagnostics import Diagnostic


@check("KC203")
def misplaced_time_distributed(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from shape_problem_findings(ctx, "KC203", frozenset({"time-distributed"}))
