"""Reporters print the surviving diagnostics of a run in one output format.

A reporter is a function ``report(diagnostics, out, options)``. The diagnostics arrive
sorted (file, row, column, code) with spans, names and severities already set by the
engine; a reporter only formats. New formats (sarif, github, json-lines, ...) register
here under the name ``--format`` accepts.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, TextIO

from kerascheck.diagnostics import Diagnostic


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False  # ANSI colors (text only)
    quiet: bool = False  # diagnostics only: no summary line
    statistics: bool = False  # one line per code with its count, instead of every finding
    cwd: str | None = None  # paths under it are shown relative to it (text only)
    root: str | None = None  # the repository's root: CI formats (github, sarif) count from it
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


def repository_root(cwd: str) -> str | None:
    """Where CI resolves paths: ``$GITHUB_WORKSPACE`` when the run is inside it, else the
    nearest folder at or above ``cwd`` holding ``.git``; None outside a repository."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace and _is_within(cwd, workspace):
        return os.path.abspath(workspace)
    folder = os.path.abspath(cwd)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def printable(text: str, keep: str = "") -> str:
    """``text`` with every character a terminal would act on escaped as ``repr`` writes it
    (but those in ``keep``, for formats that encode them their own way).

    Layer names, paths and messages can hold text from configs and archives that someone
    else wrote: raw, a newline forges a report line (``All checks passed!``), an escape
    sequence clears the screen, a bidirectional override reorders what is shown. Printable
    text, spaces included, is returned as it is.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char in keep else _escaped(char) for char in text)


def _escaped(char: str) -> str:
    return repr(char)[1:-1]


def is_fixable(diagnostic: Diagnostic, unsafe: bool = False) -> bool:
    """Whether ``--fix`` (with ``--unsafe-fixes`` when ``unsafe``) would fix the finding."""
    fix = diagnostic.fix
    return fix is not None and bool(fix.edits) and (unsafe or fix.applicability == "safe")


def _is_within(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([os.path.abspath(path), os.path.abspath(folder)]) == (
            os.path.abspath(folder)
        )
    except ValueError:
        return False


class _Registry(Mapping[str, Reporter]):
    """``--format`` name -> reporter, each module imported on first use: a run prints one
    format, and start-up (what pre-commit pays per run) should not import the others."""

    _modules: ClassVar[dict[str, str]] = {
        "text": "text",
        "json": "json",
        "json-lines": "json_lines",
        "sarif": "sarif",
        "github": "github",
        "lsp": "lsp",
    }

    def __getitem__(self, name: str) -> Reporter:
        module = importlib.import_module(f"{__name__}.{self._modules[name]}")
        report: Reporter = module.report
        return report

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


REPORTERS: Mapping[str, Reporter] = _Registry()

__all__ = [
    "REPORTERS",
    "ReportOptions",
    "Reporter",
    "display_path",
    "is_fixable",
    "printable",
    "repository_root",
]
