"""``--format lsp``: LSP ``Diagnostic`` objects per file, for editors that shell out.

The output is a JSON array of ``{"uri": "file:///...", "diagnostics": [...]}``, one entry per
file with findings. Positions are 0-based, as the protocol has them, and characters count
UTF-16 code units, the protocol's default encoding (kerascheck's own columns count code
points, so lines with non-ASCII text are converted, not copied). The language server
(``kerascheck.lsp``) builds its diagnostics with the same functions, so the two never
disagree; it only swaps in the position encoding it negotiated with the client.

Every diagnostic carries ``data.fix``: the finding's fix as LSP ``TextEdit`` objects, or null,
``data.cell``: for a notebook, the cell whose lines the range counts (else null), and
``data.help``: why the finding matters and how to fix it. The ``message`` stays one short
line, as editors show it inline; the help is also the last ``relatedInformation`` entry, at
the finding's own range (as rust-analyzer passes on rustc's ``help:``), which clients such as
VS Code show under the message. ``codeDescription`` links the rule's documentation when the
``docs-url`` setting gives one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from kerascheck.diagnostics import Diagnostic, Fix, Position, Severity, Span

if TYPE_CHECKING:
    from kerascheck.reporters import ReportOptions

#: The ``source`` of every diagnostic: what editors show next to the code.
SOURCE = "kerascheck"

#: How an LSP position counts characters (``PositionEncodingKind``).
Encoding = Literal["utf-8", "utf-16", "utf-32"]
DEFAULT_ENCODING: Encoding = "utf-16"

#: ``DiagnosticSeverity``: 1 error, 2 warning, 3 information (4 hint is unused).
LSP_SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}

#: What LSP counts as a line break (Python's ``str.splitlines`` knows several more).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

#: Finds the text of a file for position conversion; None when it cannot be read.
LineSource = Callable[[str], "Sequence[str] | None"]


def report(diagnostics: Sequence[Diagnostic], out: TextIO, options: ReportOptions) -> None:
    lines_of = _file_lines()
    by_file: dict[str, list[dict[str, Any]]] = {}
    for diagnostic in diagnostics:
        # A notebook finding's rows count within its cell, not within the .ipynb file.
        lines = lines_of(diagnostic.filename) if diagnostic.cell is None else None
        by_file.setdefault(diagnostic.filename, []).append(
            to_lsp(diagnostic, lines, lines_of=lines_of)
        )
    document = [
        {"uri": file_uri(filename), "diagnostics": items} for filename, items in by_file.items()
    ]
    json.dump(document, out, indent=2)
    out.write("\n")


def to_lsp(
    diagnostic: Diagnostic,
    lines: Sequence[str] | None,
    encoding: Encoding = DEFAULT_ENCODING,
    lines_of: LineSource | None = None,
    uri: str | None = None,
) -> dict[str, Any]:
    """One finding as an LSP ``Diagnostic`` (a plain dict in the protocol's JSON shape).

    ``lines`` is the text of the finding's file, split as LSP splits it; without it,
    characters are code points (exact for ASCII lines). ``lines_of`` reads other files
    that related locations point into. ``uri`` names the finding's own file (an editor's
    URI for it, which related locations in the same file reuse).
    """
    span = diagnostic.span or Span.at_file_start()
    item: dict[str, Any] = {
        "range": lsp_range(span, lines, encoding),
        "severity": LSP_SEVERITY.get(diagnostic.severity or Severity.ERROR, 1),
        "code": diagnostic.code,
        "source": SOURCE,
        "message": diagnostic.message,
    }
    if diagnostic.url:
        item["codeDescription"] = {"href": diagnostic.url}
    related = []
    for note in diagnostic.related:
        filename = note.filename or diagnostic.filename
        same_file = filename == diagnostic.filename
        note_lines = lines if same_file else (lines_of(filename) if lines_of else None)
        related.append(
            {
                "location": {
                    "uri": uri if same_file and uri else file_uri(filename),
                    "range": lsp_range(note.span or Span.at_file_start(), note_lines, encoding),
                },
                "message": note.message,
            }
        )
    if diagnostic.help:
        own = {"uri": uri or file_uri(diagnostic.filename), "range": item["range"]}
        related.append({"location": own, "message": f"help: {diagnostic.help}"})
    if related:
        item["relatedInformation"] = related
    item["data"] = {
        "name": diagnostic.name or None,
        "cell": diagnostic.cell,
        "fix": lsp_fix(diagnostic.fix, lines, encoding),
        "help": diagnostic.help or None,
    }
    return item


def lsp_fix(
    fix: Fix | None, lines: Sequence[str] | None, encoding: Encoding = DEFAULT_ENCODING
) -> dict[str, Any] | None:
    """A fix with its edits as LSP ``TextEdit`` objects."""
    if fix is None:
        return None
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [
            {"range": lsp_range(edit.span, lines, encoding), "newText": edit.content}
            for edit in fix.edits
        ],
    }


def lsp_range(
    span: Span, lines: Sequence[str] | None, encoding: Encoding = DEFAULT_ENCODING
) -> dict[str, Any]:
    """A 1-based, end-exclusive span as an LSP ``Range`` (0-based, end-exclusive too)."""
    return {
        "start": lsp_position(span.start, lines, encoding),
        "end": lsp_position(span.end, lines, encoding),
    }


def lsp_position(
    position: Position, lines: Sequence[str] | None, encoding: Encoding = DEFAULT_ENCODING
) -> dict[str, int]:
    line = max(position.row - 1, 0)
    text = lines[line] if lines is not None and line < len(lines) else None
    return {"line": line, "character": character(text, position.column, encoding)}


def character(line: str | None, column: int, encoding: Encoding = DEFAULT_ENCODING) -> int:
    """The LSP character offset of 1-based code point ``column`` in ``line``.

    Characters beyond the end of the line (or on an unknown line) count one unit each.
    """
    index = max(column - 1, 0)
    if line is None or encoding == "utf-32" or line.isascii():
        return index
    prefix = line[:index]
    beyond = index - len(prefix)
    if encoding == "utf-8":
        return len(prefix.encode("utf-8", "surrogatepass")) + beyond
    return len(prefix.encode("utf-16-le", "surrogatepass")) // 2 + beyond


def split_lines(text: str) -> list[str]:
    """``text`` split into lines the way LSP counts them, without line breaks."""
    return _LINE_BREAK.split(text)


def file_uri(filename: str) -> str:
    """A ``file://`` URI for a linted path (``-``, standard input without a name, stays ``-``)."""
    if filename == "-":
        return filename
    return Path(os.path.abspath(filename)).as_uri()


def _file_lines() -> LineSource:
    """Reads each file once, for position conversion; unreadable files give None."""
    cache: dict[str, Sequence[str] | None] = {}

    def lines_of(filename: str) -> Sequence[str] | None:
        if filename not in cache:
            if filename == "-":  # standard input has been read already
                return None
            try:
                text = Path(filename).read_bytes().decode("utf-8", "surrogateescape")
            except (OSError, ValueError):
                cache[filename] = None
            else:
                cache[filename] = split_lines(text)
        return cache[filename]

    return lines_of
