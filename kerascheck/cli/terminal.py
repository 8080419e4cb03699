"""How kerascheck talks to the terminal: one-line errors and warnings, colors, raw bytes.

Every command writes its messages the same way, as ruff does: ``kerascheck: error: ...`` on
stderr, colors only on a terminal unless asked, and the bytes of stdin/stdout untouched (an
editor's fix-on-save must get back exactly the text it sent).
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

from kerascheck.reporters import printable

PROG = "kerascheck"


class UsageError(Exception):
    """A command line that cannot be run; reported as one line, exit status 2."""


def print_error(message: str) -> None:
    sys.stderr.write(f"{PROG}: error: {printable(message)}\n")
    sys.stderr.flush()


def print_warning(message: str) -> None:
    sys.stderr.write(f"{PROG}: warning: {printable(message)}\n")
    sys.stderr.flush()


def use_color(choice: str, stream: TextIO) -> bool:
    """``--color``; ``auto`` follows NO_COLOR / FORCE_COLOR and whether ``stream`` is a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return isatty(stream)


def isatty(stream: TextIO) -> bool:
    """A closed or replaced stream (tests, pytest's capture) is no terminal."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def silence_stdout(real_process: bool) -> None:
    """After a closed pipe (``kerascheck . | head``), keep the interpreter's final flush quiet."""
    if real_process:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def read_stdin() -> bytes:
    """stdin as bytes, like a file read from disk: both are decoded the same way, later."""
    stream: Any = sys.stdin
    buffer = getattr(stream, "buffer", None)
    return buffer.read() if buffer is not None else stream.read().encode("utf-8")


def write_bytes(stream: TextIO, data: bytes) -> None:
    """Bytes as they are, for a source handed back to an editor: no newline translation."""
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # a text-only stream (tests)
        stream.write(data.decode("utf-8", "surrogateescape"))
