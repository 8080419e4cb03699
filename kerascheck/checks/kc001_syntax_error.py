"""KC001 syntax-error: the file cannot be parsed; other files are still linted."""

from __future__ import annotations

from libcst import ParserSyntaxError

from kerascheck.diagnostics import Diagnostic, Position, Span


def syntax_error(error: ParserSyntaxError) -> Diagnostic:
    """A diagnostic at the parser's error position, with libcst's explanation."""
    row = max(error.raw_line, 1)
    column = max(error.raw_column, 0) + 1
    reason = error.message.rstrip(".")
    return Diagnostic(
        "KC001",
        f"Syntax error: {reason}. kerascheck cannot analyse the file until it parses; "
        "fix the syntax (Python 3 grammar) and lint again.",
        span=Span(Position(row, column), Position(row, column + 1)),
    )


def parser_failure(reason: str) -> Diagnostic:
    """The parser gave up for another reason (e.g. nesting too deep for it)."""
    return Diagnostic(
        "KC001",
        f"The file could not be parsed: {reason}. kerascheck cannot analyse it.",
        span=Span.at_file_start(),
    )
