"""The human format: one ``path:row:col: CODE [severity] message`` line per finding, as ruff.

Related locations follow their finding, indented, so that "where did these random labels
come from" is one click away in any terminal or editor that links ``path:row:col``; then the
finding's help (why it matters, how to fix it) on indented ``help:`` lines. The finding line
stays short, so a list of findings can be scanned line by line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from kerascheck.diagnostics import Diagnostic, Severity, Span
from kerascheck.reporters import display_path, is_fixable

if TYPE_CHECKING:
    from kerascheck.reporters import ReportOptions

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_CYAN = "\x1b[36m"
_GREEN = "\x1b[32m"
_SEVERITY_COLOR = {
    Severity.ERROR: "\x1b[31m",  # red
    Severity.WARNING: "\x1b[33m",  # yellow
    Severity.INFO: "\x1b[34m",  # blue
}


def report(diagnostics: Sequence[Diagnostic], out: TextIO, options: ReportOptions) -> None:
    paint = _Painter(options.color)
    if options.statistics:
        _statistics(diagnostics, out, paint, options.unsafe_fixes)
    else:
        for diagnostic in diagnostics:
            out.write(format_diagnostic(diagnostic, options) + "\n")
            for related in diagnostic.related:
                filename = related.filename or diagnostic.filename
                cell = related.cell if related.cell is not None else diagnostic.cell
                where = _location(filename, cell, related.span, options)
                out.write(f"  {where} {paint('note:', _BOLD)} {related.message}\n")
            for line in diagnostic.help.splitlines():
                if line.strip():
                    out.write(f"  {paint('help:', _BOLD + _CYAN)} {line}\n")
    if not options.quiet:
        out.write(summary(diagnostics, paint) + "\n")


def format_diagnostic(diagnostic: Diagnostic, options: ReportOptions) -> str:
    """``path:row:col: KC201 [error] message`` (with ``cell N:`` for notebooks)."""
    paint = _Painter(options.color)
    where = _location(diagnostic.filename, diagnostic.cell, diagnostic.span, options)
    severity = diagnostic.severity
    color = _SEVERITY_COLOR.get(severity, "") if severity is not None else ""
    code = paint(diagnostic.code, _BOLD + color)
    label = paint(f"[{severity}]", color) if severity is not None else ""
    return " ".join(part for part in (where, code, label, diagnostic.message) if part)


def summary(diagnostics: Sequence[Diagnostic], paint: _Painter | None = None) -> str:
    """ruff's last line: ``All checks passed!`` or ``Found 3 problems (...) in 2 files.``"""
    paint = paint or _Painter(False)
    if not diagnostics:
        return paint("All checks passed!", _BOLD + _GREEN)
    counts = Counter(diagnostic.severity for diagnostic in diagnostics)
    parts = [
        _plural(counts[severity], str(severity), "" if severity is Severity.INFO else "s")
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[severity]
    ]
    files = len({diagnostic.filename for diagnostic in diagnostics})
    breakdown = f" ({', '.join(parts)})" if parts else ""
    return f"Found {_plural(len(diagnostics), 'problem')}{breakdown} in {_plural(files, 'file')}."


def _statistics(
    diagnostics: Sequence[Diagnostic], out: TextIO, paint: _Painter, unsafe: bool
) -> None:
    """ruff's ``--statistics``: count, code, whether ``--fix`` can fix them, severity and rule
    name, most frequent first. The fix column (``[*]`` all, ``[~]`` some, ``[ ]`` none) appears
    only when something is fixable, as in ruff."""
    counts = Counter(diagnostic.code for diagnostic in diagnostics)
    fixable = Counter(d.code for d in diagnostics if is_fixable(d, unsafe))
    first = {}
    for diagnostic in diagnostics:
        first.setdefault(diagnostic.code, diagnostic)
    width = max((len(str(count)) for count in counts.values()), default=1)
    code_width = max((len(code) for code in counts), default=1)
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        sample = first[code]
        color = _SEVERITY_COLOR.get(sample.severity, "") if sample.severity else ""
        severity = paint(f"[{sample.severity}]", color) if sample.severity else ""
        shown = paint(code.ljust(code_width), _BOLD + color)
        mark = ""
        if fixable:
            star = paint("*", _CYAN)
            mark = f"[{star}] " if fixable[code] == count else "[~] " if fixable[code] else "[ ] "
        line = f"{count:>{width}}\t{shown}\t{mark}{severity} {sample.name}"
        out.write(line.rstrip() + "\n")


def _location(filename: str, cell: int | None, span: Span | None, options: ReportOptions) -> str:
    paint = _Painter(options.color)
    parts = [paint(display_path(filename, options.cwd), _BOLD)]
    if cell is not None:
        parts.append(f"cell {cell}")
    if span is not None:
        parts += [str(span.start.row), str(span.start.column)]
    separator = paint(":", _CYAN)
    return separator.join(parts) + separator


def _plural(count: int, word: str, suffix: str = "s") -> str:
    return f"{count} {word}{suffix if count != 1 else ''}"


class _Painter:
    """Wraps text in ANSI codes when colors are on, and is the identity otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        if not self.enabled or not style:
            return text
        return f"{style}{text}{_RESET}"
