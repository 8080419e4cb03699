"""LSP messages on a byte stream, framed by ``Content-Length``, hardened against bad traffic.

A message is a header block (``Content-Length: N``, perhaps other headers, each ending in
``\\r\\n``), an empty line, and N bytes of JSON. pygls' own reader trusts the header: a
missing or negative length makes it read every later message as header lines (deaf), a huge
one makes it read until the client hangs up, and a wrong one swallows the next message. This
reader never trusts it further than it can check:

- a header block without a usable length (missing, negative, not a number) or with a length
  over ``MAX_MESSAGE_BYTES`` is rejected: one log line, then the reader resynchronises on the
  next ``Content-Length`` header in the stream, skipping whatever lies before it;
- a body that is not a JSON object (a length too short or too long) is rejected the same
  way; when a length too long swallowed the start of the next message, that message is read
  from there. While a body is incomplete, a complete header inside it also proves its length
  wrong (JSON cannot hold a raw line break after ``Content-Length:``), so the reader does
  not wait for bytes that will never come.

Memory stays bounded whatever arrives: at most one message under the limit, plus a chunk.
Nothing here imports pygls: the language server reads its first messages before pygls is
even loaded (``kerascheck.lsp.startup``).
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Awaitable, Callable
from typing import Any, BinaryIO

#: Largest message accepted. Documents beyond ``max-file-size`` (10 MB by default) must still
#: arrive, to be answered with the size finding; JSON escaping makes them larger on the wire.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
#: A header block is a few dozen bytes; past this without an empty line, it is not one.
MAX_HEADER_BYTES = 64 * 1024
#: Bytes kept from the end of skipped data, in case they begin the next header.
_TAIL = 1024
CHUNK = 64 * 1024

_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*([^\r\n]*)", re.IGNORECASE)
#: A whole header line inside what should be a JSON body: the declared length was wrong.
_HEADER_LINE = re.compile(rb"content-length[ \t]*:[^\r\n]*\r\n", re.IGNORECASE)

Read = Callable[[int], Awaitable[bytes]]
Log = Callable[[str], None]


class MessageReader:
    """Messages from ``read(n)`` (which returns ``b""`` at the end of the stream)."""

    def __init__(self, read: Read, log: Log) -> None:
        self._read = read
        self._log = log
        self._buffer = bytearray()
        self._eof = False
        self._skipped = 0  # bytes thrown away since the last good header
        self._explained = False  # the skipped bytes belong to a message already reported

    async def next(self) -> dict[str, Any] | None:
        """The next message as a JSON object, or None at the end of the stream."""
        while True:
            length = await self._header()
            if length is None:
                return None
            body = await self._body(length)
            if body is None:
                return None
            if body is _REJECTED:
                continue
            try:
                message = json.loads(body)
            except (ValueError, RecursionError):
                self._reject(
                    f"rejected a message whose {length} bytes are not JSON (a wrong "
                    "Content-Length?)"
                )
                self._resume_inside(body)
                continue
            if not isinstance(message, dict):
                self._log("rejected a message that is not a JSON object")
                continue
            return message

    async def _fill(self) -> bool:
        if self._eof:
            return False
        data = await self._read(CHUNK)
        if not data:
            self._eof = True
            return False
        self._buffer += data
        return True

    async def _header(self) -> int | None:
        """The length announced by the next good header block (None: end of the stream)."""
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > MAX_HEADER_BYTES:
                    self._skip(len(self._buffer) - _TAIL)
                if not await self._fill():
                    return None
                continue
            block = bytes(self._buffer[:end])
            del self._buffer[: end + 4]
            length = self._length(block)
            if length is not None:
                return length

    def _length(self, block: bytes) -> int | None:
        """The block's length if it is usable, else None (logged; the block is dropped)."""
        matches = list(_LENGTH.finditer(block))
        if not matches:
            self._skipped += len(block) + 4
            return None
        match = matches[-1]  # anything before it is the rest of something broken
        before = block[: match.start()]
        if before and not (before.endswith(b"\r\n") and _is_header_text(before)):
            self._skipped += len(before)
        self._report_skipped()
        value = match.group(1).strip().decode("latin-1")
        if not value.isdigit():
            self._reject(f"rejected a message with the header Content-Length: {value[:40]!r}")
            return None
        length = int(value)
        if length > MAX_MESSAGE_BYTES:
            self._reject(
                f"rejected a message of {length} bytes, over the limit of {MAX_MESSAGE_BYTES}"
            )
            return None
        return length

    def _reject(self, message: str) -> None:
        """One line per rejected message; its body is skipped on the way to the next header."""
        self._log(f"{message}; reading on from the next header")
        self._explained = True

    async def _body(self, length: int) -> bytes | None:
        """The next ``length`` bytes; None at the end of the stream, ``_REJECTED`` when the
        next message's header turned up inside them."""
        checked = 0
        while len(self._buffer) < length:
            found = _HEADER_LINE.search(self._buffer, max(checked - 80, 0))
            if found is not None:  # the next message began inside this one
                del self._buffer[: found.start()]
                self._log(
                    f"rejected a message shorter than its Content-Length of {length} bytes; "
                    "reading on from the next header"
                )
                return _REJECTED
            checked = len(self._buffer)
            if not await self._fill():
                if self._buffer:
                    self._log(f"the stream ended inside a message of {length} bytes")
                return None
        body = bytes(self._buffer[:length])
        del self._buffer[:length]
        return body

    def _resume_inside(self, body: bytes) -> None:
        """A body too long holds the next message's header: read on from there."""
        found = _HEADER_LINE.search(body)
        if found is not None:
            self._buffer[:0] = body[found.start() :]

    def _skip(self, count: int) -> None:
        del self._buffer[:count]
        self._skipped += count

    def _report_skipped(self) -> None:
        if self._skipped and not self._explained:
            self._log(f"skipped {self._skipped} bytes that were not part of a message")
        self._skipped = 0
        self._explained = False


def _is_header_text(lines: bytes) -> bool:
    return all(b":" in line for line in lines.split(b"\r\n") if line)


_REJECTED = b"\x00rejected"  # a body the reader has already reported (identity matters)


class MessageWriter:
    """Writes framed messages; pygls writes through it too (``write`` takes a framed message)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self.closed = False

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message, separators=(",", ":")).encode("utf-8")
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def write(self, data: bytes) -> None:
        with self._lock:
            if self.closed:
                return
            self._stream.write(data)
            self._stream.flush()

    def close(self) -> None:
        with self._lock:
            if not self.closed:
                self.closed = True
                with contextlib.suppress(OSError, ValueError):
                    self._stream.flush()
