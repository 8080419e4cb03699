"""KC002 unreadable-input: binary, UTF-16/32, not UTF-8 (and no encoding declared), unreadable.

Sources are decoded as CPython decodes them (PEP 263): a ``coding:`` declaration in the first
two lines wins, else UTF-8 (a UTF-8 byte order mark allowed). What CPython itself refuses
because of a declaration (an unknown codec, bytes the declared codec cannot decode, a BOM
that contradicts it) is a syntax error, KC001, as Python reports it; what is simply not
text in UTF-8 is KC002.
"""

from __future__ import annotations

import codecs
import tokenize

from kerascheck.diagnostics import Diagnostic, Position, Span

#: What every unreadable file shares, unless its reader knows a more specific fix.
SKIPPED = (
    "kerascheck skipped this file; the other files are still linted. Fix or re-save it, or "
    "leave it out with `extend-exclude` in [tool.kerascheck] if it is not meant to be linted."
)

#: Wide encodings Python never reads source in; their NUL bytes must not read as "binary".
_WIDE_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class UnreadableInput(Exception):
    """Raised by ``decode_source``; its message and help become the KC002 finding's."""

    def __init__(self, message: str, help: str = SKIPPED, span: Span | None = None) -> None:
        super().__init__(message)
        self.help = help
        self.span = span  # where the message says the problem is, when it names a place

    def finding(self) -> Diagnostic:
        return unreadable(str(self), self.help, self.span)


class DeclaredEncodingError(Exception):
    """CPython refuses the file because of its encoding declaration: a KC001 at ``row`` and
    ``column``, with CPython's own wording."""

    def __init__(self, reason: str, row: int, column: int = 1) -> None:
        super().__init__(reason)
        self.row = row
        self.column = column


def decode_source(source: bytes) -> str:
    """Text of a Python source file, decoded as CPython would; raises ``UnreadableInput``
    (KC002) or ``DeclaredEncodingError`` (KC001)."""
    for mark, name in _WIDE_BYTE_ORDER_MARKS:
        if source.startswith(mark):
            raise UnreadableInput(
                f"Not UTF-8: the file is {name} text (it starts with a {name} byte order mark)",
                "Python reads source only in UTF-8 or an 8-bit encoding it declares (PEP 263), "
                "and so does kerascheck. Save the file as UTF-8.",
            )
    if b"\x00" in source[:8192]:
        raise UnreadableInput("The file is binary (it contains NUL bytes), not Python source")
    encoding, declared_on = source_encoding(source)
    try:
        return source.decode(encoding)
    except UnicodeDecodeError as error:
        byte = source[error.start]
        row = source.count(b"\n", 0, error.start) + 1
        line_start = source.rfind(b"\n", 0, error.start) + 1
        column = len(source[line_start : error.start].decode(encoding, "replace")) + 1
        if declared_on:
            raise DeclaredEncodingError(
                f"the {error.encoding!r} codec declared on line {declared_on} can't decode "
                f"byte 0x{byte:02x}",
                row,
                column,
            ) from None
        raise UnreadableInput(
            f"Not valid UTF-8 (byte 0x{byte:02x} on line {row}), and no other encoding declared",
            "kerascheck reads Python sources as UTF-8 unless a PEP 263 coding declaration says "
            "otherwise. Save the file as UTF-8, or add a declaration such as "
            "`# -*- coding: latin-1 -*-` on its first line.",
            Span(Position(row, column), Position(row, column + 1)),
        ) from None


def source_encoding(source: bytes) -> tuple[str, int]:
    """The codec CPython reads ``source`` with, and the row declaring it (0: none, UTF-8).

    PEP 263: a ``coding[:=]`` comment on line 1, or on line 2 when line 1 holds only a
    comment or blanks. Raises ``DeclaredEncodingError`` where CPython refuses the file.
    """
    bom = source.startswith(codecs.BOM_UTF8)
    body = source[len(codecs.BOM_UTF8) :] if bom else source
    declared, row = _declaration(body)
    if declared is None:
        return ("utf-8-sig" if bom else "utf-8"), 0
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise DeclaredEncodingError(f"unknown encoding: {declared}", row) from None
    if bom and codec != "utf-8":
        raise DeclaredEncodingError(f"encoding problem: {declared} with BOM", row)
    return ("utf-8-sig" if bom else codec), row


def _declaration(body: bytes) -> tuple[str | None, int]:
    lines = body.split(b"\n", 2)[:2]
    for row, raw in enumerate(lines, start=1):
        line = raw.decode("latin-1")  # the declaration itself is ASCII
        match = tokenize.cookie_re.match(line)
        if match:
            return match.group(1), row
        if not tokenize.blank_re.match(raw):
            return None, 0  # code on line 1: a declaration on line 2 does not count
    return None, 0


def unreadable(reason: str, help: str = SKIPPED, span: Span | None = None) -> Diagnostic:
    """KC002 at ``span`` (the file's start unless the reason names a place)."""
    return Diagnostic("KC002", reason, help=help, span=span or Span.at_file_start())


def unreadable_path(reason: str) -> Diagnostic:
    """A path named or found that cannot be read at all (missing, no permission): ruff's E902."""
    return unreadable(
        f"Cannot read this path: {reason}",
        help="kerascheck did not check it; the other files were linted. Check that the path "
        "exists and that you may read it.",
    )
