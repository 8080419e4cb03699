"""Reporters print the surviving diagnostics of a run in one output format.

A reporter is a function ``report(diagnostics, out, options)``. The diagnostics arrive
sorted (file, row, column, code) with spans, names and severities already set by the
engine; a reporter only formats. New formats (sarif, github, json-lines, ...) register
here under the name ``--format`` accepts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from kerascheck.diagnostics import Diagnostic


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False  # ANSI colors (text only)
    quiet: bool = False  # diagnostics only: no summary line
    statistics: bool = False  # one line per code with its count, instead of every finding
    cwd: str | None = None  # paths under it are shown relative to it (text only)
    unsafe_fixes: bool = False  # --unsafe-fixes: unsafe fixes count as fixable (--statistics)


Reporter = Callable[[Sequence[Diagnostic], TextIO, ReportOptions], None]


def display_path(filename: str, cwd: str | None) -> str:
    """A filename as ruff shows it: relative to the working directory when inside it."""
    if not cwd or not os.path.isabs(filename):
        return filename
    try:
        relative = os.path.relpath(filename, cwd)
    except ValueError:  # another drive on Windows
        return filename
    return filename if relative.startswith(os.pardir) else relative


def is_fixable(diagnostic: Diagnostic, unsafe: bool = False) -> bool:
    """Whether ``--fix`` (with ``--unsafe-fixes`` when ``unsafe``) would fix the finding."""
    fix = diagnostic.fix
    return fix is not None and bool(fix.edits) and (unsafe or fix.applicability == "safe")


# They import the names above.
from kerascheck.reporters import github, json, json_lines, lsp, sarif, text  # noqa: E402

REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": json.report,
    "json-lines": json_lines.report,
    "sarif": sarif.report,
    "github": github.report,
    "lsp": lsp.report,
}

__all__ = ["REPORTERS", "ReportOptions", "Reporter", "display_path", "is_fixable"]
