"""Read one member of a ``.keras`` archive in memory, refusing anything a hostile zip can do.

Nothing is extracted to disk and only ``config.json`` is decompressed. Before ``zipfile``
parses the central directory, its declared size is bounded (a directory of millions of
entries would take seconds to parse); then the member count, names, encryption flags,
declared sizes and compression ratios are checked; and the member is read through a stream
that stops at the size limit whatever its header claims.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from kerascheck.frontends.config import limits

_END = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"
_HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"


class ArchiveError(Exception):
    """The archive cannot be read safely; the message is the KC002 reason, ``help`` any
    advice that goes with it."""

    def __init__(self, message: str, help: str = "") -> None:
        super().__init__(message)
        self.help = help


def read_member(source: bytes, name: str) -> bytes:
    """The bytes of member ``name``, or ArchiveError saying what is wrong with the archive."""
    _check_directory_size(source)
    try:
        with zipfile.ZipFile(io.BytesIO(source)) as archive:
            infos = archive.infolist()
            _check_members(infos)
            info = _only(infos, name)
            return _bounded_read(archive, info)
    except ArchiveError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        raise ArchiveError(f"the archive is truncated or corrupt ({error})") from None
    except NotImplementedError as error:
        raise ArchiveError(f"the archive uses an unsupported feature ({error})") from None
    except RuntimeError as error:  # zipfile's "password required" and friends
        raise ArchiveError(f"the archive cannot be read ({error})") from None


def _check_directory_size(source: bytes) -> None:
    """Bound the central directory from the end record, before ``zipfile`` walks it."""
    end = source.rfind(_END, max(0, len(source) - 65_557))
    if end < 0 or len(source) < end + 22:
        what = (
            "it is an HDF5 file (a .h5 model renamed?), not a zip archive"
            if source.startswith(_HDF5_MAGIC)
            else "it is not a zip archive, or it is truncated"
        )
        raise ArchiveError(
            what,
            "A .keras file is a zip holding config.json, and this one has no end-of-archive "
            "record.",
        )
    size = struct.unpack_from("<I", source, end + 12)[0]
    locator = end - 20
    if size == 0xFFFFFFFF and locator >= 0 and source[locator : locator + 4] == _ZIP64_LOCATOR:
        offset = struct.unpack_from("<Q", source, locator + 8)[0]
        if source[offset : offset + 4] == _ZIP64_END and len(source) >= offset + 56:
            size = struct.unpack_from("<Q", source, offset + 40)[0]
    if size > limits.MAX_CENTRAL_DIRECTORY:
        raise ArchiveError(
            f"its central directory declares {size} bytes of entries, more than "
            f"{limits.MAX_MEMBERS} members can need"
        )


def _check_members(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > limits.MAX_MEMBERS:
        raise ArchiveError(f"it has {len(infos)} members (the limit is {limits.MAX_MEMBERS})")
    names: set[str] = set()
    total = 0
    for info in infos:
        _check_name(info.filename)
        if info.filename in names:
            raise ArchiveError(
                f"member {info.filename!r} appears twice, so its content is ambiguous"
            )
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise ArchiveError(f"member {info.filename!r} is encrypted")
        total += info.file_size
        if total > limits.MAX_TOTAL_UNCOMPRESSED:
            raise ArchiveError(
                f"its members declare more than {limits.MAX_TOTAL_UNCOMPRESSED // limits.MB} MB "
                "uncompressed (the limit)"
            )
        if info.file_size > limits.RATIO_FLOOR_BYTES and (
            info.compress_size == 0
            or info.file_size / info.compress_size > limits.MAX_COMPRESSION_RATIO
        ):
            ratio = info.file_size / max(info.compress_size, 1)
            raise ArchiveError(
                f"member {info.filename!r} would expand {ratio:.0f} times "
                f"({info.compress_size} bytes to {info.file_size}); the limit is "
                f"{limits.MAX_COMPRESSION_RATIO}: a zip bomb"
            )


def _check_name(name: str) -> None:
    """Names that would escape a folder if extracted: refused even though we never extract."""
    parts = name.replace("\\", "/").split("/")
    if (
        name.startswith(("/", "\\"))
        or (len(name) > 1 and name[1] == ":")
        or ".." in parts
        or "\x00" in name
    ):
        raise ArchiveError(f"member name {name!r} points outside the archive (path traversal)")


def _only(infos: list[zipfile.ZipInfo], name: str) -> zipfile.ZipInfo:
    for info in infos:
        if info.filename == name:
            if info.file_size > limits.MAX_CONFIG_BYTES:
                raise ArchiveError(
                    f"{name} declares {info.file_size} bytes, more than the "
                    f"{limits.MAX_CONFIG_BYTES // limits.MB} MB a model config may have"
                )
            return info
    raise ArchiveError(f"it has no {name} (the model config every .keras archive holds)")


def _bounded_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Decompress in chunks and stop at the limit, whatever the header said."""
    limit = min(limits.MAX_CONFIG_BYTES, info.file_size)
    ratio_limit = max(info.compress_size, 1) * limits.MAX_COMPRESSION_RATIO
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as stream:
        while chunk := stream.read(limits.READ_CHUNK):
            total += len(chunk)
            if total > limit or total > max(ratio_limit, limits.RATIO_FLOOR_BYTES):
                raise ArchiveError(
                    f"{info.filename} decompresses to more than its header declares "
                    f"({info.file_size} bytes)"
                )
            chunks.append(chunk)
    return b"".join(chunks)
