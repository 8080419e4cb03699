"""What surrounds the findings: report options, ruff's fix hints and counts, crash lines.

The reporters (kerascheck.reporters) print findings; this module holds what the command line
adds around them, shared by ``check`` and ``--fix``: which paths and colors the report uses,
``[*] 2 fixable with the `--fix` option.``, and the internal errors printed after the report.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TextIO

from kerascheck.cli.terminal import print_error, use_color
from kerascheck.diagnostics import Diagnostic
from kerascheck.reporters import ReportOptions, display_path, is_fixable, repository_root

if TYPE_CHECKING:
    from kerascheck.engine import FileResult


def report_options(args: argparse.Namespace, out: TextIO, **changes: Any) -> ReportOptions:
    """Paths relative to the working folder for people; to the repository's root for CI."""
    cwd = os.getcwd()
    root = repository_root(cwd) if args.format in ("github", "sarif") else None
    options = ReportOptions(
        color=use_color(args.color, out),
        quiet=args.quiet,
        statistics=args.statistics,
        cwd=cwd,
        root=root,
        unsafe_fixes=args.unsafe_fixes,
    )
    return replace(options, **changes) if changes else options


def report_internal_errors(results: list[FileResult], cwd: str | None, debug: bool) -> bool:
    """Crashes inside checks, after the report: the other findings still count."""
    any_error = False
    for result in results:
        shown = display_path(result.path, cwd)
        if debug:
            for details in result.tracebacks:
                sys.stderr.write(details)
        for message in result.internal_errors:
            # the engine names the file already; show it the way the report does
            if message.startswith(f"{result.path}: "):
                message = message[len(result.path) + 2 :]
            print_error(f"{shown}: {message}")
            any_error = True
    return any_error


def fixable_hint(diagnostics: Sequence[Diagnostic], out: TextIO, *, unsafe: bool) -> None:
    """ruff's ``[*] 2 fixable with the `--fix` option.`` under the summary."""
    available = sum(1 for d in diagnostics if is_fixable(d, unsafe))
    hidden = sum(1 for d in diagnostics if is_fixable(d, unsafe=True)) - available
    if not available:
        return  # only hidden fixes: the summary stays the last line
    option = "`--fix --unsafe-fixes`" if unsafe else "`--fix`"
    note = f" ({hidden_fixes(hidden)})" if hidden else ""
    out.write(f"[*] {available} fixable with the {option} option{note}.\n")


def hidden_fixes(count: int) -> str:
    fixes = "fix" if count == 1 else "fixes"
    return f"{count} hidden {fixes} can be enabled with the `--unsafe-fixes` option"


def plural(number: int, word: str) -> str:
    """``1 problem``, ``3 problems``."""
    return f"{number} {word}{'' if number == 1 else 's'}"
