"""KC002 unreadable-input: binary, not UTF-8 (and no encoding declared), or unreadable."""

from __future__ import annotations

import codecs
import io
import tokenize

from kerascheck.diagnostics import Diagnostic, Position, Span

#: What every unreadable file shares, unless its reader knows a more specific fix.
SKIPPED = (
    "kerascheck skipped this file; the other files are still linted. Fix or re-save it, or "
    "leave it out with `extend-exclude` in [tool.kerascheck] if it is not meant to be linted."
)


class UnreadableInput(Exception):
    """Raised by ``decode_source``; its message and help become the KC002 finding's."""

    def __init__(self, message: str, help: str = SKIPPED, span: Span | None = None) -> None:
        super().__init__(message)
        self.help = help
        self.span = span  # where the message says the problem is, when it names a place

    def finding(self) -> Diagnostic:
        return unreadable(str(self), self.help, self.span)


def decode_source(source: bytes) -> str:
    """Text of a Python source file: UTF-8 (BOM allowed) or its PEP 263 declared encoding."""
    if b"\x00" in source[:8192]:
        raise UnreadableInput("The file is binary (it contains NUL bytes), not Python source")
    try:
        return source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        declared = _declared_encoding(source)
        if declared is not None and codecs.lookup(declared).name != "utf-8":
            try:
                return source.decode(declared)
            except UnicodeDecodeError:
                pass
        byte = source[error.start]
        row = source.count(b"\n", 0, error.start) + 1
        line_start = source.rfind(b"\n", 0, error.start) + 1
        column = len(source[line_start : error.start].decode("utf-8-sig", "replace")) + 1
        raise UnreadableInput(
            f"Not valid UTF-8 (byte 0x{byte:02x} on line {row}), and no other encoding declared",
            "kerascheck reads Python sources as UTF-8 unless a PEP 263 coding declaration says "
            "otherwise. Save the file as UTF-8, or add a declaration such as "
            "`# -*- coding: latin-1 -*-` on its first line.",
            Span(Position(row, column), Position(row, column + 1)),
        ) from None


def _declared_encoding(source: bytes) -> str | None:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except (SyntaxError, LookupError):
        return None
    return encoding


def unreadable(reason: str, help: str = SKIPPED, span: Span | None = None) -> Diagnostic:
    """KC002 at ``span`` (the file's start unless the reason names a place)."""
    return Diagnostic("KC002", reason, help=help, span=span or Span.at_file_start())
