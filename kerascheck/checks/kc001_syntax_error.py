"""KC001 syntax-error: the file cannot be parsed; other files are still linted."""

from __future__ import annotations

from libcst import ParserSyntaxError

from kerascheck.diagnostics import Diagnostic, Position, Span


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
    reason = reason.rstrip(".")
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


def declaration_error(reason: str, row: int) -> Diagnostic:
    """CPython refuses the file because of its encoding declaration (PEP 263)."""
    return Diagnostic(
        "KC001",
        f"Syntax error: {reason}. Python refuses to read the file as it is declared; fix the "
        "`coding:` declaration (or the bytes) and lint again.",
        span=Span(Position(row, 1), Position(row, 2)),
    )
