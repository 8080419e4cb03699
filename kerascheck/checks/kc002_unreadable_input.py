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

from kerascheck.diagnostics import Diagnostic, Span

#: Wide encodings Python never reads source in; their NUL bytes must not read as "binary".
_WIDE_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class UnreadableInput(Exception):
    """Raised by ``decode_source``; its message becomes the KC002 message."""


class DeclaredEncodingError(Exception):
    """CPython refuses the file because of its encoding declaration: a KC001 at ``row``,
    with CPython's own wording."""

    def __init__(self, reason: str, row: int) -> None:
        super().__init__(reason)
        self.row = row


def decode_source(source: bytes) -> str:
    """Text of a Python source file, decoded as CPython would; raises ``UnreadableInput``
    (KC002) or ``DeclaredEncodingError`` (KC001)."""
    for mark, name in _WIDE_BYTE_ORDER_MARKS:
        if source.startswith(mark):
            raise UnreadableInput(
                f"The file is {name} text (it starts with a {name} byte order mark), not "
                "UTF-8, and Python reads source only in UTF-8 or an 8-bit encoding it "
                "declares. Save it as UTF-8."
            )
    if b"\x00" in source[:8192]:
        raise UnreadableInput("The file is binary (it contains NUL bytes), not Python source.")
    encoding, declared_on = source_encoding(source)
    try:
        return source.decode(encoding)
    except UnicodeDecodeError as error:
        row = source.count(b"\n", 0, error.start) + 1
        if declared_on:
            raise DeclaredEncodingError(
                f"(unicode error) {error.encoding!r} codec can't decode byte "
                f"0x{source[error.start]:02x} on line {row}: {error.reason} (the file declares "
                f"its encoding on line {declared_on})",
                row,
            ) from None
        raise UnreadableInput(
            f"The file is not valid UTF-8 (byte 0x{source[error.start]:02x} on line {row}) and "
            "declares no other encoding. Save it as UTF-8, or add a coding declaration such "
            "as `# -*- coding: latin-1 -*-` on its first line."
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


def unreadable(reason: str) -> Diagnostic:
    return Diagnostic("KC002", reason, span=Span.at_file_start())
