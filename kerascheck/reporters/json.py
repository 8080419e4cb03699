"""Machine output: a JSON list in ruff's shape, plus kerascheck's own fields.

Fields per finding: ``filename``, ``code``, ``name``, ``severity``, ``message`` (what is
wrong, one line), ``help`` (why it matters and how to fix it), ``location``/``end_location``
(1-based ``{row, column}``), ``fix`` (null or ``{applicability, message, edits}``), ``url``
(the rule's documentation from the ``docs-url`` setting, or null), ``noqa_row``, ``cell`` and
``related``. Tools written for ruff's JSON read ours unchanged.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from kerascheck.diagnostics import Diagnostic, Fix, Position, Related, Span
from kerascheck.reporters import is_fixable
from kerascheck.suppression import noqa_row

if TYPE_CHECKING:
    from kerascheck.reporters import ReportOptions


def report(diagnostics: Sequence[Diagnostic], out: TextIO, options: ReportOptions) -> None:
    if options.statistics:
        document: list[dict[str, Any]] = statistics(diagnostics, options.unsafe_fixes)
    else:
        document = [to_dict(diagnostic) for diagnostic in diagnostics]
    json.dump(document, out, indent=2)
    out.write("\n")


def to_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    """One finding as a JSON object (also the payload other machine formats start from)."""
    span = diagnostic.span
    return {
        "filename": diagnostic.filename,
        "code": diagnostic.code,
        "name": diagnostic.name or None,
        "severity": str(diagnostic.severity) if diagnostic.severity is not None else None,
        "message": diagnostic.message,
        "help": diagnostic.help or None,
        "location": _position(span.start) if span else None,
        "end_location": _position(span.end) if span else None,
        "fix": _fix(diagnostic.fix),
        "url": diagnostic.url,
        "noqa_row": noqa_row(diagnostic),
        "cell": diagnostic.cell,
        "related": [_related(related, diagnostic.filename) for related in diagnostic.related],
    }


def statistics(diagnostics: Sequence[Diagnostic], unsafe: bool = False) -> list[dict[str, Any]]:
    """``--statistics --format json``: one object per code, most frequent first, with how many
    of its findings ``--fix`` can fix (``fixable_count``; ``fixable``: any of them)."""
    counts = Counter(diagnostic.code for diagnostic in diagnostics)
    fixable = Counter(d.code for d in diagnostics if is_fixable(d, unsafe))
    first: dict[str, Diagnostic] = {}
    for diagnostic in diagnostics:
        first.setdefault(diagnostic.code, diagnostic)
    return [
        {
            "code": code,
            "name": first[code].name or None,
            "severity": str(first[code].severity) if first[code].severity else None,
            "count": count,
            "fixable": fixable[code] > 0,
            "fixable_count": fixable[code],
        }
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def _position(position: Position) -> dict[str, int]:
    return {"row": position.row, "column": position.column}


def _fix(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [
            {
                "content": edit.content,
                "location": _position(edit.span.start),
                "end_location": _position(edit.span.end),
            }
            for edit in fix.edits
        ],
    }


def _related(related: Related, filename: str) -> dict[str, Any]:
    span: Span | None = related.span
    return {
        "filename": related.filename or filename,
        "location": _position(span.start) if span else None,
        "message": related.message,
        "cell": related.cell,
    }
