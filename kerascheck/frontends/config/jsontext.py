"""JSON that remembers where each object is written, so a finding can point into the file.

The values come from the standard library's C parser (fast, exact, and it reports the line
and column of a syntax error). Positions come from one regular-expression scan over the text:
``object_pairs_hook`` is called once per object in the order the closing braces appear, which
is exactly the order in which the scan closes them, so the n-th hook call gets the n-th span.
The scan is iterative and refuses nesting deeper than a limit before the parser recurses.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from kerascheck.diagnostics import Position, Span

_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_STRUCTURE = re.compile(rf"{_STRING}|[{{}}\[\]]")
_MEMBERS = re.compile(rf"{_STRING}|[{{}}\[\]:,]")


class JsonObject(dict):  # type: ignore[type-arg]
    """A JSON object with the offsets of its ``{`` and of the character after its ``}``."""

    __slots__ = ("end", "start")

    def __init__(self, pairs: list[tuple[str, Any]], start: int = 0, end: int = 0) -> None:
        super().__init__(pairs)
        self.start = start
        self.end = end


class JsonFailure(Exception):
    """The text is not JSON we can read; the message says where and why."""


def parse(text: str, max_depth: int) -> Any:
    """The value of ``text``, with every object a ``JsonObject`` that knows its offsets."""
    spans = iter(_object_spans(text, max_depth))

    def hook(pairs: list[tuple[str, Any]]) -> JsonObject:
        start, end = next(spans, (0, 0))
        return JsonObject(pairs, start, end)

    try:
        return json.loads(text, object_pairs_hook=hook)
    except json.JSONDecodeError as error:
        raise JsonFailure(
            f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:
        raise JsonFailure("the JSON is nested too deeply to read") from None
    except ValueError as error:  # e.g. an integer literal with more digits than Python allows
        raise JsonFailure(f"invalid JSON: {error}") from None


def _object_spans(text: str, max_depth: int) -> list[tuple[int, int]]:
    """``(start, end)`` of every object, in the order of their closing braces."""
    spans: list[tuple[int, int]] = []
    open_at: list[int] = []
    for match in _STRUCTURE.finditer(text):
        char = text[match.start()]
        if char == '"':
            continue
        if char in "{[":
            open_at.append(match.start())
            if len(open_at) > max_depth:
                row, column = LineIndex(text).position(match.start())
                raise JsonFailure(
                    f"the JSON nests objects and lists more than {max_depth} levels deep "
                    f"(line {row}, column {column}); no Keras model config does"
                )
        elif open_at:  # an unbalanced closer is left to the parser to report
            start = open_at.pop()
            if char == "}":
                spans.append((start, match.end()))
    return spans


def member_spans(text: str, obj: JsonObject) -> dict[str, tuple[int, int]]:
    """For each key of ``obj``: the offsets from its key to the end of its value.

    Walks the object's own text once; tokens inside nested values only move the depth.
    Only called on text that ``parse`` accepted, so the token stream is well formed.
    """
    spans: dict[str, tuple[int, int]] = {}
    depth = 0
    key: str | None = None
    key_start = 0
    expecting_key = True
    for match in _MEMBERS.finditer(text, obj.start + 1, max(obj.end - 1, obj.start + 1)):
        token = match.group()
        if token in "{[":
            depth += 1
        elif token in "}]":
            depth -= 1
        elif depth:
            continue
        elif expecting_key and token.startswith('"'):
            key, key_start, expecting_key = _key(token), match.start(), False
        elif token == ",":
            if key is not None:
                spans[key] = (key_start, _strip_back(text, match.start()))
            key, expecting_key = None, True
    if key is not None:
        spans[key] = (key_start, _strip_back(text, obj.end - 1))
    return spans


def _key(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    value = json.loads(token)
    return value if isinstance(value, str) else token


def _strip_back(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    return end


class LineIndex:
    """Offsets to 1-based rows and columns, built on first use."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\n", self._text))]
        row = bisect_right(self._starts, offset)
        return row, offset - self._starts[row - 1] + 1

    def span(self, start: int, end: int) -> Span:
        return Span(Position(*self.position(start)), Position(*self.position(end)))
