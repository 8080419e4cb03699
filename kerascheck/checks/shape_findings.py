"""Findings read straight off static shape inference (KC203 and KC210 share this walk)."""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.diagnostics import Diagnostic


def shape_problem_findings(
    ctx: CheckContext, code: str, kinds: frozenset[str]
) -> Iterator[Diagnostic]:
    """One finding per shape problem of the given kinds, at the layer that cannot build."""
    seen: set[tuple[int, str]] = set()
    for model in ctx.module.models:
        for problem in ctx.shapes(model).problems:
            if problem.kind not in kinds:
                continue
            layer = problem.node.layer
            key = (layer.uid, problem.message)  # a shared layer is reported once
            if key in seen:
                continue
            seen.add(key)
            anchor = layer.anchor if layer.anchor is not None else problem.node.where
            yield Diagnostic(code, problem.message, help=problem.help, anchor=anchor)
