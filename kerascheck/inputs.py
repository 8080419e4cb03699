"""Read one input file within its limit: regular files only, never more bytes than allowed.

A FIFO or a device named on the command line (or behind a link) would block the run or feed
it forever, and a 3 GB saved model used to be read whole before any reader could refuse it.
So a file is opened without blocking, checked with ``fstat`` to be a regular file, measured,
and read only up to one byte past the limit that applies to it (``limits.read_limit``).

The ``Snapshot`` taken at the same time lets ``--fix`` check, just before it replaces a file,
that nobody saved a new version in the meantime (see ``kerascheck.replace``).
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

from kerascheck.lazy import lazy_module
from kerascheck.limits import read_limit

if TYPE_CHECKING:
    import hashlib

    from kerascheck.settings import Settings
else:
    hashlib = lazy_module("hashlib")

#: Bytes read per call: large enough to be fast, small enough that a file growing while it
#: is read cannot push the read far past its limit.
CHUNK = 1024 * 1024


class NotRegularFile(OSError):
    """A FIFO, a device, a socket or a folder where a file was expected."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"it is {kind}, not a regular file")
        self.kind = kind


class Snapshot:
    """What a file held when it was read: its size and content hash."""

    __slots__ = ("digest", "size")

    def __init__(self, size: int, digest: str) -> None:
        self.size = size
        self.digest = digest

    @classmethod
    def of(cls, content: bytes) -> Snapshot:
        return cls(len(content), hashlib.sha256(content).hexdigest())


class Input:
    """A file read for linting: its bytes (only up to ``limit + 1``), its real size and the
    limit that applies. ``complete`` is False when the file is larger than its limit."""

    __slots__ = ("limit", "path", "size", "source")

    def __init__(self, path: str, source: bytes, size: int, limit: int) -> None:
        self.path = path
        self.source = source
        self.size = size
        self.limit = limit

    @property
    def complete(self) -> bool:
        return self.size <= self.limit

    def snapshot(self) -> Snapshot:
        """For ``--fix``: what the file must still hold when the fixes are written."""
        return Snapshot.of(self.source)


def read_input(path: str, settings: Settings) -> Input:
    """Read ``path`` for linting; raises ``OSError`` (``NotRegularFile`` included).

    A file over its limit is not read at all, except a ``.json`` file, read up to its limit
    so that its reader can tell a Keras config (then refused) from other JSON (skipped).
    """
    limit = read_limit(path, settings)
    descriptor = open_regular(path)
    try:
        status = os.fstat(descriptor)
        chunks: list[bytes] = []
        total = 0
        wanted = limit + 1 if status.st_size <= limit or _reads_head(path) else 0
        expected = status.st_size + 1  # one read for a file that does not grow meanwhile
        while total < wanted:
            step = expected - total if expected > total else CHUNK
            chunk = os.read(descriptor, min(step, wanted - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(descriptor)
    source = b"".join(chunks)
    size = max(status.st_size, len(source))  # it may have grown while we read it
    return Input(path, source, size, limit)


def open_regular(path: str, flags: int = 0) -> int:
    """A read-only descriptor on ``path`` if it is a regular file; else ``NotRegularFile``.

    ``O_NONBLOCK`` keeps ``open`` from waiting for a writer on a FIFO; it changes nothing
    for a regular file.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(_kind(mode))
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _reads_head(path: str) -> bool:
    """A ``.json`` over the config limit is still read up to it: a JSON file that is no Keras
    model (its head says so) is skipped quietly, whatever its size."""
    return path.lower().endswith(".json")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"
