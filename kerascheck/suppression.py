"""Inline suppression comments: ``# noqa``, ``# kerascheck: ignore[...]`` and ``ignore-file``.

The engine asks two questions: does this file opt out entirely (``ignores_file``), and does
this physical line silence a code (``is_suppressed``). Directives count only inside comments,
so a string literal that happens to contain ``# noqa`` silences nothing.

Codes match exactly, as in ruff: ``# noqa: KC2`` does *not* silence ``KC201``. A prefix that
silenced a whole family would hide new rules the day they are added. A directive whose code
list is empty or unreadable (``# noqa:`` alone, ``# kerascheck: ignore[]``) silences nothing,
again as in ruff, so a typo never turns into a blanket suppression.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Any

__all__ = ["comment_of", "ignores_file", "is_suppressed", "noqa_row", "suppressed_codes"]

ALL = "ALL"
"""Returned by ``suppressed_codes`` for a blanket directive."""

_CODE = r"[A-Za-z]+[0-9]+"
_NOQA = re.compile(
    rf"#\s*noqa(?![\w-])(?P<colon>\s*:\s*(?P<codes>{_CODE}(?:[\s,]+{_CODE})*)?)?",
    re.IGNORECASE,
)
_IGNORE = re.compile(
    r"#\s*kerascheck\s*:\s*ignore(?![\w-])"
    r"(?:(?P<bracket>\s*\[(?P<codes>[^\]]*)\])|(?!\s*\[))",
    re.IGNORECASE,
)
_IGNORE_FILE = re.compile(r"^#\s*kerascheck\s*:\s*ignore-file\s*$", re.IGNORECASE)
_CODE_LIST = re.compile(rf"^\s*{_CODE}(?:\s*,\s*{_CODE})*\s*,?\s*$")


def comment_of(line: str) -> str | None:
    """The comment part of one physical line (from its ``#``), or None.

    A light scan that follows string quotes (single, triple, escapes) so that a ``#``
    inside a literal is not taken for a comment. A line that ends inside an open string
    (the first line of a triple-quoted block) has no comment.
    """
    quote: str | None = None
    index = 0
    length = len(line)
    while index < length:
        char = line[index]
        if quote is None:
            if char == "#":
                return line[index:].rstrip("\r\n")
            if char in "\"'":
                triple = line.startswith(char * 3, index)
                quote = char * 3 if triple else char
                index += len(quote)
                continue
        elif char == "\\":
            index += 2
            continue
        elif line.startswith(quote, index):
            index += len(quote)
            quote = None
            continue
        index += 1
    return None


def suppressed_codes(line: str) -> frozenset[str] | str | None:
    """What the comment on ``line`` silences: ``ALL``, a set of exact codes, or None."""
    comment = comment_of(line)
    if comment is None:
        return None
    codes: set[str] = set()
    for match in _NOQA.finditer(comment):
        if match.group("colon") is None:
            return ALL
        if match.group("codes"):
            codes.update(_split_codes(match.group("codes")))
    for match in _IGNORE.finditer(comment):
        if match.group("bracket") is None:
            return ALL
        listed = match.group("codes")
        if _CODE_LIST.match(listed):
            codes.update(_split_codes(listed))
    return frozenset(codes) if codes else None


def is_suppressed(line: str, code: str) -> bool:
    """Whether the comment on this physical line silences ``code``."""
    codes = suppressed_codes(line)
    if codes is None:
        return False
    return codes == ALL or code.upper() in codes


def ignores_file(text: str) -> bool:
    """Whether a comment line ``# kerascheck: ignore-file`` appears anywhere in ``text``.

    The comment must stand on its own line, as ruff's ``# ruff: noqa`` does, so that a
    directive quoted in a docstring or a trailing comment does not silence a whole file.
    """
    if "ignore-file" not in text.lower():
        return False
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        # A file that does not tokenize (the engine still reports KC001 for it): judge by
        # lines, where a line that is nothing but the comment is good enough evidence.
        return any(_IGNORE_FILE.match(line.strip()) for line in text.splitlines())
    return any(
        token.type == tokenize.COMMENT
        and token.line.strip() == token.string.strip()
        and _IGNORE_FILE.match(token.string.strip())
        for token in tokens
    )


def noqa_row(diagnostic: Any) -> int | None:
    """The row whose comment can silence ``diagnostic``: the first row of its span.

    This is the line the engine hands to ``is_suppressed``, and what JSON reports as
    ``noqa_row`` so that editors know where to add a suppression.
    """
    span = getattr(diagnostic, "span", None)
    return span.start.row if span is not None else None


def _split_codes(text: str) -> list[str]:
    return [code.upper() for code in re.split(r"[\s,]+", text.strip()) if code]
