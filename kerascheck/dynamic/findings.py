"""What every dynamic finding shares: rule names, the constructor, and where models and layers
are anchored (always IR anchors, never spans: the engine places them like static findings)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kerascheck.diagnostics import Diagnostic, Related, Severity
from kerascheck.ir import Model, Node

NAMES = {
    "KC901": "build-failure",
    "KC902": "output-label-mismatch",
    "KC903": "static-loss",
    "KC904": "non-finite-loss",
    "KC905": "vanishing-or-exploding-gradients",
    "KC906": "chance-accuracy",
}
PREFIX = "Training check"


@dataclass
class Note:
    """A line about the dynamic run that is not a finding: a check that passed or could not
    conclude, a model that was not checked and why, what the rebuild translated or read.

    Notes never change the exit status; the command line prints them after the findings.
    """

    kind: str  # "passed" | "inconclusive" | "skipped" | "translated" | "input"
    message: str
    anchor: Any = None


@dataclass
class Confirmation:
    """A static finding the dynamic run confirms: it gets ``related`` instead of a second
    finding with the same words."""

    static: Diagnostic
    related: Related


def make(
    code: str,
    message: str,
    anchor: Any,
    severity: Severity | None = None,
    related: Iterable[Related] = (),
    *,
    help: str = "",
    **extra: Any,
) -> Diagnostic:
    """A dynamic finding: ``message`` what (one line), ``help`` why and the fix, as
    ``kerascheck.diagnostics`` says."""
    return Diagnostic(
        code=code,
        message=message,
        help=help,
        anchor=anchor,
        severity=severity,
        related=tuple(r for r in related if r.anchor is not None),
        name=NAMES[code],
        extra=extra,
    )


def model_anchor(model: Model) -> Any:
    if model.anchor is not None:
        return model.anchor
    for node in model.nodes:
        if node.layer.anchor is not None:
            return node.layer.anchor
    return None


def node_anchor(node: Node | None, model: Model) -> Any:
    if node is None:
        return model_anchor(model)
    return node.layer.anchor or node.where or model_anchor(model)
