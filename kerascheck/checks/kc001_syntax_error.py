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


def syntax_error(error: ParserSyntaxError, text: str) -> Diagnostic:
    """A diagnostic at the error's position.

    libcst sometimes places a syntax error a line late; CPython's own compiler is exact and
    fast, so its position and wording win whenever it agrees that the file is invalid.
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
    return syntax_error_at(row, column, reason)


def syntax_error_at(row: int, column: int, reason: str) -> Diagnostic:
    """KC001 at a known position, with the parser's own words for what is wrong."""
    return Diagnostic(
        "KC001",
        f"Syntax error: {reason.strip().rstrip('.') or 'invalid syntax'}",
        help=_HELP,
        span=Span(Position(row, column), Position(row, column + 1)),
    )


def parser_failure(reason: str) -> Diagnostic:
    """The parser gave up for another reason (e.g. nesting too deep for it)."""
    return Diagnostic(
        "KC001",
        f"The file could not be parsed: {reason}",
        help="kerascheck cannot analyse a file it cannot parse; the other files are still linted.",
        span=Span.at_file_start(),
    )
