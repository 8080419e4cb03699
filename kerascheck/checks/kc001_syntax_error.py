"""KC001 syntax-error: the file cannot be parsed; other files are still linted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kerascheck.diagnostics import Diagnostic, Position, Span

if TYPE_CHECKING:
    from libcst import ParserSyntaxError

_HELP = (
    "kerascheck cannot analyse a file until it parses; the other files are still linted. "
    "Fix the syntax (Python 3 grammar) and lint again."
)
_CELL_HELP = (
    "IPython compiles each cell on its own: kerascheck checked the other cells without this "
    "one. Fix its syntax to have it checked too."
)


def syntax_error(error: ParserSyntaxError, text: str) -> Diagnostic:
    """A diagnostic at the error's position.

    libcst sometimes places a syntax error a line late; CPython's own compiler is exact and
    fast, so its position and wording win whenever it agrees that the file is invalid. When
    CPython compiles the file, libcst hit a limit of its own (100,000 implicitly concatenated
    strings): that is the info KC002 of a limit, not a syntax error.
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
    else:  # Python reads it: a limit of libcst's parser, not the user's syntax
        from kerascheck.limits import parser_limit

        return parser_limit(reason)
    return syntax_error_at(row, column, reason)


def syntax_error_at(row: int, column: int, reason: str) -> Diagnostic:
    """KC001 at a known position, with the parser's own words for what is wrong (also kept
    in ``extra["reason"]``, for callers that reword the finding)."""
    reason = reason.strip().rstrip(".") or "invalid syntax"
    return Diagnostic(
        "KC001",
        f"Syntax error: {reason}",
        help=_HELP,
        span=Span(Position(row, column), Position(row, column + 1)),
        extra={"reason": reason},
    )


def cpython_syntax_error(error: SyntaxError) -> Diagnostic:
    """A KC001 from CPython's own verdict on the whole file."""
    return syntax_error_at(*_place(error))


def cell_syntax_error(error: SyntaxError, source: str, first_row: int) -> Diagnostic:
    """A KC001 for one notebook cell, in rows of the notebook's joined program.

    ``error`` counts rows within the cell (whose text as written is ``source``); the other
    cells are still analysed, so the help says so. A cell that starts with a shell command
    IPython knows (``mkdir data``) is told how to write it.
    """
    row, column, reason = _place(error)
    lines = source.split("\n")
    line = lines[row - 1] if row <= len(lines) else ""
    program_row = first_row + row - 1
    return Diagnostic(
        "KC001",
        f"Syntax error in this cell: {reason}",
        help=_CELL_HELP + _shell_hint(line),
        span=Span(Position(program_row, column), Position(program_row, column + 1)),
        extra={"reason": reason},
    )


def parser_failure(reason: str) -> Diagnostic:
    """The parser gave up for another reason (e.g. nesting too deep for it)."""
    return Diagnostic(
        "KC001",
        f"The file could not be parsed: {reason}",
        help="kerascheck cannot analyse a file it cannot parse; the other files are still linted.",
        span=Span.at_file_start(),
    )


def _place(error: SyntaxError) -> tuple[int, int, str]:
    row = max(error.lineno or 1, 1)
    column = max(error.offset or 1, 1)
    return row, column, (error.msg or "invalid syntax").strip().rstrip(".") or "invalid syntax"


def _shell_hint(line: str) -> str:
    from kerascheck.ipynb import SHELL_ALIASES

    words = line.split()
    if not words or words[0] not in SHELL_ALIASES:
        return ""
    command = line.strip()
    return (
        f" `{words[0]}` is a shell command: IPython runs it without `!` only with automagic "
        f"in a terminal; in a notebook write `!{command}` (or `%{command}`)."
    )


def declaration_error(reason: str, row: int, column: int = 1) -> Diagnostic:
    """CPython refuses the file because of its encoding declaration (PEP 263)."""
    return Diagnostic(
        "KC001",
        f"Syntax error: {reason}",
        help="Python refuses to read the file as its `coding:` declaration says (PEP 263), "
        "and so does kerascheck; the other files are still linted. Fix the declaration, or "
        "the bytes it does not cover, and lint again.",
        span=Span(Position(row, column), Position(row, column + 1)),
    )
