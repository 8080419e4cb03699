"""Replace a file's content for ``--fix`` so that nothing the user wrote can be lost.

Writing in place (``open(path, "w")``) truncates first: a ``kill -9``, a full disk or a crash
in the middle leaves half a file. Instead the new content goes to a temporary file in the
same folder (same file system, so the rename is atomic), is flushed to disk, takes the
original's permissions (and owner, where the process may set it), and is renamed over the
original: the file is either all old or all new, whatever happens.

Just before the rename the original is compared with what was read (size and content
hash): a file the user saved while the fixes were computed is left alone.
A link named on the command line is fixed through: its target is replaced, the link stays.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from typing import TYPE_CHECKING

from kerascheck.inputs import CHUNK, Snapshot, open_regular
from kerascheck.lazy import lazy_module

if TYPE_CHECKING:
    import hashlib
else:
    hashlib = lazy_module("hashlib")

#: Suffix of the temporary file: a run killed before the rename leaves it behind, named so
#: that its origin is plain (and no linted suffix, so no walk picks it up).
TEMPORARY_SUFFIX = ".kerascheck-fix.tmp"


class ReplaceError(Exception):
    """The file could not be replaced; it was left as it was. The message says why."""


class ChangedOnDisk(ReplaceError):
    """The file is no longer the content that was read and fixed."""


def replace_content(path: str, content: bytes, expected: Snapshot) -> None:
    """Replace the file at ``path`` (or at the end of its links) by ``content``, atomically,
    if it is still the file described by ``expected``; else raise ``ReplaceError``."""
    target = os.path.realpath(path)
    try:
        status = _unchanged(target, expected)
        temporary = _write_temporary(target, content, status)
    except OSError as error:
        raise ReplaceError(_reason(error)) from None
    try:
        _unchanged(target, expected)  # the last look, just before the rename
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise ReplaceError(_reason(error)) from None
        raise
    _sync_folder(os.path.dirname(target))


def _unchanged(target: str, expected: Snapshot) -> os.stat_result:
    """The file's status if it still holds what was read; else ``ChangedOnDisk``."""
    descriptor = open_regular(target)
    try:
        status = os.fstat(descriptor)
        same = status.st_size == expected.size and _digest(descriptor) == expected.digest
    finally:
        os.close(descriptor)
    if not same:
        raise ChangedOnDisk(
            "the file changed on disk after kerascheck read it (saved in an editor?): the "
            "fixes were not written and the file keeps its new content; run --fix again"
        )
    return status


def _digest(descriptor: int) -> str:
    digest = hashlib.sha256()
    os.lseek(descriptor, 0, os.SEEK_SET)
    while chunk := os.read(descriptor, CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _write_temporary(target: str, content: bytes, status: os.stat_result) -> str:
    """``content`` in a new file beside ``target``, on disk, with ``target``'s mode/owner."""
    folder, name = os.path.split(target)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{name}.", suffix=TEMPORARY_SUFFIX, dir=folder
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            _keep_owner(stream.fileno(), status)
            if hasattr(os, "fchmod"):
                os.fchmod(stream.fileno(), stat.S_IMODE(status.st_mode))
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def _keep_owner(descriptor: int, status: os.stat_result) -> None:
    """The original's owner and group, where this process may give them (root may; a user
    may keep a group it belongs to); otherwise the fixed file is the user's, as any edit."""
    if not hasattr(os, "fchown"):
        return
    for uid, gid in ((status.st_uid, status.st_gid), (-1, status.st_gid)):
        try:
            os.fchown(descriptor, uid, gid)
            return
        except OSError:
            continue


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (best effort: not every system can open a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    return f"cannot write the fixes ({error.strerror or error}); the file was left unchanged"
