"""KC001 syntax-error: the file cannot be parsed; other files are still linted."""

from __future__ import annotations

from libcst import ParserSyntaxError

from kerascheck.diagnostics import Diagnostic, Position, Span


def syntax_error(error: ParserSyntaxError, text: str) -> Diagnostic:
    """A diagnostic at the error's position.

    libcst sometimes places a syntax error a line late; CPython's own compiler is exact and
    fast, so its position and wording win whenever it agrees that the file is invalid.
    ``extra["reason"]`` keeps the parser's own words, for callers that reword the finding.
    """
    row, column, reason = max(error.raw_line, 1), max(error.raw_column, 0) + 1, error.message
    try:
        compile(text, "<kerascheck>", "exec", dont_inherit=True)
    except SyntaxError as exact:
        if exact.lineno:
            row, column = exact.lineno, max(exact.offset or 1, 1)
            reason = exact.msg
    except (ValueError, RecursionError, MemoryError):
        pass
    return cpython_syntax_error(SyntaxError(reason, ("<kerascheck>", row, column, None)))


def cpython_syntax_error(error: SyntaxError) -> Diagnostic:
    """A KC001 from CPython's own verdict on the whole file."""
    row, column, reason = _place(error)
    return Diagnostic(
        "KC001",
        f"Syntax error: {reason}. kerascheck cannot analyse the file until it parses; "
        "fix the syntax (Python 3 grammar) and lint again.",
        span=Span(Position(row, column), Position(row, column + 1)),
        extra={"reason": reason},
    )


def cell_syntax_error(error: SyntaxError, source: str, first_row: int) -> Diagnostic:
    """A KC001 for one notebook cell, in rows of the notebook's joined program.

    ``error`` counts rows within the cell (whose text as written is ``source``); the other
    cells are still analysed, so the message says so. A cell that starts with a shell
    command IPython knows (``mkdir data``) is told how to write it.
    """
    row, column, reason = _place(error)
    lines = source.split("\n")
    line = lines[row - 1] if row <= len(lines) else ""
    hint = _shell_hint(line)
    return Diagnostic(
        "KC001",
        f"Syntax error in this cell: {reason}. kerascheck checked the other cells without "
        f"it; fix the syntax to have it checked too.{hint}",
        span=Span(Position(first_row + row - 1, column), Position(first_row + row - 1, column + 1)),
        extra={"reason": reason},
    )


def parser_failure(reason: str) -> Diagnostic:
    """The parser gave up for another reason (e.g. nesting too deep for it)."""
    return Diagnostic(
        "KC001",
        f"The file could not be parsed: {reason}. kerascheck cannot analyse it.",
        span=Span.at_file_start(),
    )


def _place(error: SyntaxError) -> tuple[int, int, str]:
    row = max(error.lineno or 1, 1)
    column = max(error.offset or 1, 1)
    return row, column, (error.msg or "invalid syntax").rstrip(".")


def _shell_hint(line: str) -> str:
    from kerascheck.ipynb import SHELL_ALIASES

    words = line.split()
    if not words or words[0] not in SHELL_ALIASES:
        return ""
    command = line.strip()
    return (
        f" `{words[0]}` is a shell command: IPython runs it only with automagic in a terminal; "
        f"in a notebook write `!{command}` (or `%{command}`)."
    )
