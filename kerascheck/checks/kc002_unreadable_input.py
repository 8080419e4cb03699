"""KC002 unreadable-input: binary, not UTF-8 (and no encoding declared), or unreadable."""

from __future__ import annotations

import codecs
import io
import tokenize

from kerascheck.diagnostics import Diagnostic, Span


class UnreadableInput(Exception):
    """Raised by ``decode_source``; its message becomes the KC002 message."""


def decode_source(source: bytes) -> str:
    """Text of a Python source file: UTF-8 (BOM allowed) or its PEP 263 declared encoding."""
    if b"\x00" in source[:8192]:
        raise UnreadableInput("The file is binary (it contains NUL bytes), not Python source.")
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
        raise UnreadableInput(
            f"The file is not valid UTF-8 (byte 0x{byte:02x} on line {row}) and declares no "
            "other encoding. Save it as UTF-8, or add a coding declaration such as "
            "`# -*- coding: latin-1 -*-` on its first line."
        ) from None


def _declared_encoding(source: bytes) -> str | None:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except (SyntaxError, LookupError):
        return None
    return encoding


def unreadable(reason: str) -> Diagnostic:
    return Diagnostic("KC002", reason, span=Span.at_file_start())


def unreadable_path(reason: str) -> Diagnostic:
    """A path named or found that cannot be read at all (missing, no permission): ruff's E902."""
    return unreadable(
        f"kerascheck cannot read this path ({reason}), so it was not checked. Check that it "
        "exists and that you may read it."
    )
