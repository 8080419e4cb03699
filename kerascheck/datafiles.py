"""A bounded look at a data file a script loads: its shape, dtype and value ranges.

Scripts load their arrays with ``np.loadtxt("pima.csv")``, ``np.load("x.npy")`` or
``pd.read_csv(...)``; when that file lies next to the script, a small sample of it tells what
static analysis cannot (how many features, whether the values are already scaled). This module
reads such a sample safely and cheaply, in pure Python so that the static path can use it:

- ``.npy`` headers are parsed as literals (never unpickled: object arrays report their shape
  and nothing else), values are decoded with ``struct`` from a bounded number of bytes;
- ``.npz`` archives are read member by member through ``zipfile``, within the same limits
  (the declared sizes are checked, and decompression stops at the byte limit);
- CSV and text files are read with ``csv`` up to a number of rows and bytes; values are only
  ever parsed with ``float()``.

Only regular files are read (no FIFOs or devices), within a byte, row and time budget; a file
that cannot be understood gives None, never an exception.
"""

from __future__ import annotations

import ast
import io
import math
import os
import re
import stat
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from kerascheck.lazy import lazy_module

if TYPE_CHECKING:
    import hashlib
else:
    hashlib = lazy_module("hashlib")

#: What a malformed file raises while it is decoded (archives add zipfile's own error).
_MALFORMED = (OSError, ValueError, struct.error, EOFError, SyntaxError, MemoryError)

#: Bytes read from one file (or one archive member), header included.
MAX_BYTES = 1 << 20
#: Rows (first-axis entries) sampled from one array or text file.
MAX_ROWS = 2000
#: Values decoded from one array.
MAX_VALUES = 200_000
#: Wall-clock budget for one file.
MAX_SECONDS = 1.0
#: Members of an ``.npz`` archive looked at.
MAX_MEMBERS = 16

_NPY_MAGIC = b"\x93NUMPY"
#: npy type characters -> (struct code, dtype name prefix)
_STRUCT_CODES = {
    ("f", 2): "e",
    ("f", 4): "f",
    ("f", 8): "d",
    ("i", 1): "b",
    ("i", 2): "h",
    ("i", 4): "i",
    ("i", 8): "q",
    ("u", 1): "B",
    ("u", 2): "H",
    ("u", 4): "I",
    ("u", 8): "Q",
    ("b", 1): "?",
}
_KIND_NAMES = {"f": "float", "i": "int", "u": "uint", "b": "bool"}
#: Which loaders read which format, and their default delimiter (None: any whitespace).
TEXT_DEFAULT_DELIMITER = {
    "loadtxt": None,
    "genfromtxt": None,
    "recfromcsv": ",",
    "read_csv": ",",
    "read_table": "\t",
}


@dataclass(frozen=True)
class DataSample:
    """What a bounded read of one array or table found.

    ``shape`` is the array's full shape when the file says it (``.npy``), else rows by
    columns with the row count known only when the whole file was read. ``minimum`` and
    ``maximum`` hold one entry per column (the last axis), None for a column with no number
    in the sample; they are empty when values could not be read (object arrays).
    """

    path: str
    format: str  # "npy" | "npz" | "text"
    shape: tuple[int | None, ...] | None
    dtype: str  # "float64", "uint8", "object", "text" ...
    minimum: tuple[float | None, ...] = ()
    maximum: tuple[float | None, ...] = ()
    rows_read: int = 0
    complete: bool = False  # every value of the file was read
    header: tuple[str, ...] = ()  # a text file's column names, when its first row has them
    member: str | None = None  # the array's name inside an .npz archive

    @property
    def columns(self) -> int | None:
        return self.shape[-1] if self.shape else None

    @property
    def value_range(self) -> tuple[float, float] | None:
        """(min, max) over every sampled number, or None when none was read."""
        lows = [v for v in self.minimum if v is not None]
        highs = [v for v in self.maximum if v is not None]
        return (min(lows), max(highs)) if lows and highs else None


class _Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    @property
    def spent(self) -> bool:
        return time.monotonic() > self.deadline


def regular_file(path: str) -> bool:
    """True for an existing regular file (a FIFO, device or folder is never read)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def resolve_beside(script: str, written: str) -> str | None:
    """The file a script names with a relative literal path, looked up next to the script.

    Absolute paths and URLs are not followed: only data shipped beside the script counts.
    """
    if not written or "://" in written or os.path.isabs(written) or written.startswith("~"):
        return None
    candidate = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(script)), written))
    return candidate if regular_file(candidate) else None


#: The script whose neighbouring data files the frontend may read (None: read nothing).
_BESIDE: ContextVar[str | None] = ContextVar("kerascheck_data_beside", default=None)
#: The samples already taken within the current ``reading_beside`` block.
_SAMPLED: ContextVar[dict[tuple[str, str | None, str | None], DataSample | None] | None] = (
    ContextVar("kerascheck_data_sampled", default=None)
)


@contextmanager
def reading_beside(script: str) -> Iterator[None]:
    """Within this block, loaders with a literal path read a sample of the file when it lies
    next to ``script`` (``sample_beside``). The Python frontend reads within it for every
    script; outside it nothing is read. A lint that reads files depends on more than the
    source, so the lint cache keys on those files too (``data_stamp``)."""
    token = _BESIDE.set(script)
    memo = _SAMPLED.set({})
    try:
        yield
    finally:
        _SAMPLED.reset(memo)
        _BESIDE.reset(token)


def sample_beside(
    written: str, delimiter: str | None = None, member: str | None = None
) -> DataSample | None:
    """A sample of the file a loader names (of one ``member`` of an ``.npz`` archive), when
    reading is on and the file is beside the script being read; else None."""
    script = _BESIDE.get()
    if script is None:
        return None
    path = resolve_beside(script, written)
    if path is None:
        return None
    memo = _SAMPLED.get()
    key = (path, delimiter, member)
    if memo is None or key not in memo:
        sample = sample_file(path, delimiter, member)
        if memo is None:
            return sample
        memo[key] = sample  # a loader in a helper called in a loop reads its file once
    return memo[key]


#: A string literal that may name a data file: a relative-looking path with an extension
#: (the optional backslash lets it match inside a notebook's JSON as well).
_FILE_LITERAL = re.compile(rb"""["']([\w./ -]{1,200}\.[A-Za-z0-9]{1,5})\\?["']""")
#: Literals looked up per script, at most (a stat each).
MAX_STAMPED = 64


def data_stamp(source: bytes, script: str) -> str:
    """A digest of the size and modification time of every file the script's string literals
    name beside it (absent ones included, so creating one counts too).

    The lint cache keys on it: findings depend on a sampled data file (``sample_beside``), so
    an edited file must re-lint its script. A literal that names no data file costs one stat.
    """
    digest = hashlib.sha256()
    names = dict.fromkeys(match.group(1) for match in _FILE_LITERAL.finditer(source))
    for raw in list(names)[:MAX_STAMPED]:
        written = raw.decode("utf-8", "replace")
        path = resolve_beside(script, written)
        try:
            info = os.stat(path) if path is not None else None
        except OSError:
            info = None
        state = f"{info.st_size} {info.st_mtime_ns}" if info is not None else "-"
        digest.update(f"{written}\0{state}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def sample_file(
    path: str,
    delimiter: str | None = None,
    member: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    seconds: float = MAX_SECONDS,
) -> DataSample | None:
    """A bounded sample of ``path`` by its extension; None when it cannot be read safely.

    ``delimiter`` applies to text files (None: commas for ``.csv``, else any whitespace);
    ``member`` picks one array of an ``.npz`` archive (default: the first).
    """
    if not regular_file(path):
        return None
    budget = _Budget(seconds)
    lower = path.lower()
    try:
        if lower.endswith(".npy"):
            with open(path, "rb") as handle:
                return _npy(handle, path, max_bytes, max_rows, budget)
        if lower.endswith(".npz"):
            found = sample_npz(path, max_bytes=max_bytes, max_rows=max_rows, seconds=seconds)
            if not found:
                return None
            if member is not None:
                return found.get(member)
            return next(iter(found.values()))
        if delimiter is None and lower.endswith(".csv"):
            delimiter = ","
        with open(path, "rb") as handle:
            return _text(handle, path, delimiter, max_bytes, max_rows, budget)
    except _MALFORMED:
        return None


def sample_npz(
    path: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    seconds: float = MAX_SECONDS,
) -> dict[str, DataSample]:
    """Each ``.npy`` member of an ``.npz`` archive (by name without ``.npy``), bounded."""
    import zipfile  # lazily: the static path imports this module

    found: dict[str, DataSample] = {}
    if not regular_file(path):
        return found
    budget = _Budget(seconds)
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist()[:MAX_MEMBERS]:
                if budget.spent or not info.filename.endswith(".npy") or info.is_dir():
                    continue
                with archive.open(info) as member:
                    sample = _npy(member, path, max_bytes, max_rows, budget)
                if sample is not None:
                    name = info.filename[: -len(".npy")]
                    found[name] = _with_member(sample, name, "npz")
    except (*_MALFORMED, zipfile.BadZipFile):
        return found
    return found


def _with_member(sample: DataSample, name: str, kind: str) -> DataSample:
    return DataSample(
        path=sample.path,
        format=kind,
        shape=sample.shape,
        dtype=sample.dtype,
        minimum=sample.minimum,
        maximum=sample.maximum,
        rows_read=sample.rows_read,
        complete=sample.complete,
        member=name,
    )


# --- .npy ----------------------------------------------------------------------------------------


def _read_exactly(handle: IO[bytes], count: int) -> bytes:
    data = handle.read(count)
    if len(data) != count:
        raise EOFError("truncated file")
    return data


def _npy(
    handle: IO[bytes], path: str, max_bytes: int, max_rows: int, budget: _Budget
) -> DataSample | None:
    if _read_exactly(handle, 6) != _NPY_MAGIC:
        return None
    major, _minor = _read_exactly(handle, 2)
    if major == 1:
        (length,) = struct.unpack("<H", _read_exactly(handle, 2))
    elif major in (2, 3):
        (length,) = struct.unpack("<I", _read_exactly(handle, 4))
    else:
        return None
    if length > min(max_bytes, 1 << 16):
        return None
    header = ast.literal_eval(_read_exactly(handle, length).decode("latin1"))
    if not isinstance(header, dict):
        return None
    descr, fortran, shape = header.get("descr"), header.get("fortran_order"), header.get("shape")
    if not isinstance(shape, tuple) or not all(isinstance(d, int) and d >= 0 for d in shape):
        return None
    if not isinstance(descr, str):  # structured arrays: shape only
        return DataSample(path, "npy", shape, "structured")
    order, kind, size = (descr[0], descr[1], descr[2:]) if len(descr) >= 2 else ("|", "?", "")
    code = _STRUCT_CODES.get((kind, int(size))) if size.isdigit() else None
    if code is None or order not in "<>|=":
        dtype = "object" if kind == "O" else descr.lstrip("<>|=")
        return DataSample(path, "npy", shape, dtype)
    dtype = f"{_KIND_NAMES[kind]}{int(size) * 8}" if kind != "b" else "bool"
    total = math.prod(shape)
    row = math.prod(shape[1:]) if len(shape) > 1 else 1
    itemsize = int(size)
    wanted = min(total, MAX_VALUES, max_bytes // itemsize)
    if shape:
        wanted = min(wanted, max(row, 1) * max_rows)
        if row and wanted >= row:
            wanted -= wanted % row  # whole rows only
    endian = "<" if order in "<|=" else ">"
    values: list[float] = []
    chunk = 4096
    while len(values) < wanted and not budget.spent:
        count = min(chunk, wanted - len(values))
        data = handle.read(count * itemsize)
        if not data:
            break
        usable = len(data) // itemsize
        values.extend(
            float(v) for v in struct.unpack(f"{endian}{usable}{code}", data[: usable * itemsize])
        )
        if usable < count:
            break
    columns = shape[-1] if len(shape) >= 2 and not fortran else 1
    minimum, maximum = _column_ranges(values, max(columns, 1))
    rows = len(values) // row if shape and row else len(values)
    return DataSample(
        path,
        "npy",
        shape,
        dtype,
        minimum,
        maximum,
        rows_read=rows,
        complete=len(values) == total,
    )


def _column_ranges(
    values: list[float], columns: int
) -> tuple[tuple[float | None, ...], tuple[float | None, ...]]:
    lows: list[float | None] = [None] * columns
    highs: list[float | None] = [None] * columns
    for index, value in enumerate(values):
        if math.isnan(value):
            continue
        column = index % columns
        low, high = lows[column], highs[column]
        if low is None or value < low:
            lows[column] = value
        if high is None or value > high:
            highs[column] = value
    return tuple(lows), tuple(highs)


# --- text ----------------------------------------------------------------------------------------


def _text(
    handle: IO[bytes],
    path: str,
    delimiter: str | None,
    max_bytes: int,
    max_rows: int,
    budget: _Budget,
) -> DataSample | None:
    import csv  # lazily: the static path imports this module

    raw = handle.read(max_bytes + 1)
    complete = len(raw) <= max_bytes
    raw = raw[:max_bytes]
    if b"\x00" in raw:
        return None  # binary, not text
    text = raw.decode("utf-8", errors="replace")
    if not complete:  # the last line was cut by the byte limit
        text = text[: text.rfind("\n") + 1]
    rows: list[list[str]] = []
    if delimiter is None or delimiter.isspace() or delimiter == r"\s+":
        lines = (line.split() for line in io.StringIO(text))
    else:
        lines = csv.reader(io.StringIO(text), delimiter=delimiter[0])
    for cells in lines:
        if budget.spent or len(rows) > max_rows:
            complete = False
            break
        if not cells or cells[0].lstrip().startswith("#"):
            continue
        rows.append([cell.strip() for cell in cells])
    if len(rows) > max_rows:
        rows = rows[:max_rows]
        complete = False
    if not rows:
        return None
    header: tuple[str, ...] = ()
    if not any(_number(cell) is not None for cell in rows[0]) and len(rows) > 1:
        header = tuple(rows[0])
        rows = rows[1:]
    widths: dict[int, int] = {}
    for cells in rows:
        widths[len(cells)] = widths.get(len(cells), 0) + 1
    columns = max(widths, key=lambda width: (widths[width], width))
    lows: list[float | None] = [None] * columns
    highs: list[float | None] = [None] * columns
    numeric = True
    for cells in rows:
        for position, cell in enumerate(cells[:columns]):
            value = _number(cell)
            if value is None:
                numeric = numeric and cell == ""
                continue
            low, high = lows[position], highs[position]
            if low is None or value < low:
                lows[position] = value
            if high is None or value > high:
                highs[position] = value
    return DataSample(
        path,
        "text",
        (len(rows) if complete else None, columns),
        "float64" if numeric else "text",
        tuple(lows),
        tuple(highs),
        rows_read=len(rows),
        complete=complete,
        header=header,
    )


def _number(cell: str) -> float | None:
    """A cell as a number (``float()`` only; "nan" and "inf" count as no number)."""
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
