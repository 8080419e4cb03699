"""``--format github``: GitHub Actions workflow commands that annotate a pull request.

One line per finding::

    ::error file=train.py,line=24,col=11,endLine=24,endColumn=40,title=KC203 ...::message

``error``, ``warning`` and ``notice`` follow the finding's severity. Related places (where
random labels were generated ...) and the finding's help become extra lines of the
annotation's message. A finding
in a notebook annotates the ``.ipynb`` file as a whole (its rows count within a cell, not
within the JSON file) and names ``cell N:row:col`` in the message. Paths are relative to the
repository's root (``ReportOptions.root``), as GitHub expects them, even when kerascheck runs
in a subfolder; outside a repository, relative to the working folder. Values are escaped as the
runner's parser expects: ``%``, CR and LF everywhere, and ``:`` and ``,`` in properties as
well, so that a message or a path can never end the command early; before that, control
characters in text from the linted files are escaped as in the text format.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from kerascheck.diagnostics import Diagnostic, Severity, Span
from kerascheck.reporters import display_path, printable

if TYPE_CHECKING:
    from kerascheck.reporters import ReportOptions

#: ``escape_data`` encodes line breaks, so a message may span lines of one annotation.
_LINE_BREAK = "\r\n"

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def report(diagnostics: Sequence[Diagnostic], out: TextIO, options: ReportOptions) -> None:
    for diagnostic in diagnostics:
        # GitHub resolves annotation paths from the repository's root, wherever we ran
        out.write(format_command(diagnostic, options.root or options.cwd) + "\n")


def format_command(diagnostic: Diagnostic, cwd: str | None = None) -> str:
    """One ``::error file=...::message`` line."""
    span = diagnostic.span or Span.at_file_start()
    command = COMMAND[diagnostic.severity or Severity.ERROR]
    title = f"{diagnostic.code} {diagnostic.name}".strip()
    properties = {"file": printable(display_path(diagnostic.filename, cwd))}
    if diagnostic.cell is None:
        properties.update(
            line=str(span.start.row),
            col=str(span.start.column),
            endLine=str(span.end.row),
            endColumn=str(span.end.column),
        )
    properties["title"] = title
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{command} {listed}::{escape_data(_message(diagnostic, cwd))}"


def escape_data(text: str) -> str:
    """The message part: ``%``, CR and LF are percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as data, plus ``:`` and ``,`` which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _message(diagnostic: Diagnostic, cwd: str | None) -> str:
    lines = [printable(diagnostic.message, keep=_LINE_BREAK)]
    if diagnostic.cell is not None:
        span = diagnostic.span or Span.at_file_start()
        lines[0] = f"cell {diagnostic.cell}:{span.start.row}:{span.start.column}: {lines[0]}"
    for note in diagnostic.related:
        where = printable(display_path(note.filename or diagnostic.filename, cwd))
        if note.span is not None:  # (a note in another cell has none: its message says where)
            if diagnostic.cell is not None:
                where += f":cell {diagnostic.cell}"
            where += f":{note.span.start.row}:{note.span.start.column}"
        lines.append(f"note: {where}: {printable(note.message, keep=_LINE_BREAK)}")
    lines += [f"help: {printable(line)}" for line in diagnostic.help.splitlines() if line.strip()]
    return "\n".join(lines)
