"""Findings anchored in a project module that the linted file imports.

A fault can lie in one file and show only through another: ``lib/trainer.py`` calls
``self.model.fit(x_train, ...)`` on whatever arrays ``train.py`` passes in, so the bad shape is
known only when ``train.py`` is linted, while the faulty call is written in ``trainer.py``.
Such a finding is placed in the file that holds its anchor (its span computed in that file's
tree), and the engine keeps it only if that file's own lint does not report it already.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import libcst as cst

from kerascheck.diagnostics import Diagnostic
from kerascheck.frontends.python.positions import locate


@dataclass(frozen=True)
class Placed:
    """A finding resolved in another file: the file, its text (for suppression comments)
    and the finding with its span (anchors dropped, related notes kept when in that file)."""

    path: Path
    text: str
    diagnostic: Diagnostic


def place_elsewhere(
    found: Iterable[Diagnostic], sources: list[tuple[Path, str, cst.Module]]
) -> list[Placed]:
    """Each finding placed in the imported file that holds its anchor; findings whose anchor
    is in none of them are dropped."""
    remaining = list(found)
    placed: list[Placed] = []
    for path, text, module in sources:
        if not remaining:
            break
        anchors: list[Any] = []
        for diagnostic in remaining:
            anchors.append(diagnostic.anchor)
            anchors.extend(related.anchor for related in diagnostic.related)
        spans = locate(module, anchors, text)
        left: list[Diagnostic] = []
        for diagnostic in remaining:
            span = spans.get(id(diagnostic.anchor))
            if span is None:
                left.append(diagnostic)
                continue
            related = tuple(
                replace(r, span=spans[id(r.anchor)], anchor=None, filename=str(path))
                for r in diagnostic.related
                if id(r.anchor) in spans
            )
            resolved = replace(diagnostic, span=span, related=related, anchor=None, fix=None)
            placed.append(Placed(path, text, resolved))
        remaining = left
    return placed
