"""Automatic fixes: one small module per rule, each a libcst rewrite of the anchored node.

``make_fixer`` gives the Python frontend its ``Fixer``: called by the engine for each finding
while the finding still carries its anchor, it returns a ``Fix`` whose edits already carry
1-based spans. Every edit stays inside the anchored node (the notebook reader relies on that
to keep a fix inside one cell). Applying fixes to files is ``kerascheck.apply``'s job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kerascheck.fixes import (
    kc201_return_sequences,
    kc203_unwrap_time_distributed,
    kc205_sigmoid,
    kc303_rename_argument,
)
from kerascheck.fixes.context import FixContext

if TYPE_CHECKING:
    import libcst as cst

    from kerascheck.diagnostics import Diagnostic, Fix
    from kerascheck.frontends.base import Fixer
    from kerascheck.ir import ModuleIR

FixFunction = Callable[[FixContext, "Diagnostic"], "Fix | None"]

#: rule code -> the function that proposes its fix
FIXERS: dict[str, FixFunction] = {
    "KC201": kc201_return_sequences.fix,
    "KC203": kc203_unwrap_time_distributed.fix,
    "KC205": kc205_sigmoid.fix,
    "KC303": kc303_rename_argument.fix,
}


def make_fixer(module: cst.Module, text: str, ir: ModuleIR, homes: dict[int, int]) -> Fixer:
    """The frontend's fixer for one parsed file; its indexes are built on first use."""
    context: list[FixContext] = []

    def fixer(diagnostic: Diagnostic) -> Fix | None:
        function = FIXERS.get(diagnostic.code)
        if function is None or diagnostic.anchor is None:
            return None
        if not context:
            context.append(FixContext(module, text, ir, homes))
        return function(context[0], diagnostic)

    return fixer


__all__ = ["FIXERS", "FixContext", "make_fixer"]
