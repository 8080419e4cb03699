"""Content-hash cache of final findings, so that an unchanged file is not analysed again.

An entry is one JSON file per linted path (named ``*.entry``, a suffix no frontend reads), in
``.kerascheck_cache/<fingerprint>/`` at the project root (the folder of the governing
pyproject.toml / kerascheck.toml, else the working directory). It holds the findings exactly
as the engine returned them, and a key over

- the file's content (its bytes: an edit, a ``touch`` does not count),
- the effective settings of the file (selection, thresholds, severities, its config root),
- the size and modification time of the data files beside it that its string literals name
  (a sampled file decides findings: ``kerascheck.datafiles``),
- the content of the project files it imports (``from models import build_model``): the
  entry lists their paths and hashes, and a file whose import changed is a miss,

while the folder name, the *fingerprint*, covers what would change every result at once:
kerascheck's version, its source files and its rule catalogue, the libcst it parses with,
and which optional readers (h5py) are installed. A new fingerprint starts an empty folder
and deletes the others, so the cache never grows beyond one entry per linted file.

The cache only ever writes or deletes what it created: its root holds kerascheck's
``CACHEDIR.TAG`` (the standard signature, so that backup tools skip it), and a folder that
holds other data without that tag is refused with a warning (``cache-dir = ".."`` must not
cost anyone their files). Its ``.gitignore`` is written only where none exists. Entries are
opened only if they are plain files: a FIFO or a link planted in the folder is a miss.

Reading the cache imports neither libcst nor the checks: a warm run does not pay for them.
Every failure (a read-only disk, a corrupt or foreign entry, a race with another run) makes
the cache miss or skip a write, never the run fail. Writes are atomic (temporary file, then
rename), so a concurrent reader sees an old entry or a new one, never half of one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kerascheck import __version__
from kerascheck.diagnostics import Diagnostic, Edit, Fix, Position, Related, Severity, Span
from kerascheck.settings import Settings

CACHE_DIRNAME = ".kerascheck_cache"
#: Bumped when the entry format or the folder layout changes (2: findings carry a help
#: text; 3: entries live in a versioned subfolder of a tagged root).
FORMAT = 3
#: Optional packages whose presence changes what some files get (an ``.h5`` model is read
#: with h5py, or reported as needing it).
OPTIONAL_READERS = ("h5py",)
#: Settings fields that change how a run goes, not what it finds.
_NOT_IN_KEY = frozenset({"cache_dir", "file_timeout"})
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by kerascheck.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


class CorruptEntry(ValueError):
    """A cache entry that is not what this version writes; treated as a miss."""


class CachedResult:
    """A file's result read from the cache, shaped like ``engine.FileResult`` (which cannot
    be imported here without libcst): complete analyses only, so no errors and no IR.
    A plain class: a dataclass would cost every start-up a millisecond."""

    __slots__ = ("diagnostics", "internal_errors", "ir", "path", "tracebacks")

    def __init__(self, path: str, diagnostics: list[Diagnostic]) -> None:
        self.path = path
        self.diagnostics = diagnostics
        self.internal_errors: list[str] = []
        self.tracebacks: list[str] = []
        self.ir = None


# ---------------------------------------------------------------------------------------
# Keys


def fingerprint() -> str:
    """What every result depends on besides its own file and settings.

    Package sources count by size and modification time (a stat, no read: this runs in every
    warm start-up); the rule catalogue counts by content, so editing a rule invalidates.
    """
    from kerascheck.catalogue import rules_dir

    digest = hashlib.sha256(f"kerascheck {__version__} format {FORMAT}\n".encode())
    package = Path(__file__).resolve().parent
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                _stat_into(digest, Path(folder, name), package)
    try:
        rules = sorted(rules_dir().glob("*.toml"))
    except Exception:  # no catalogue: the run reports that itself
        rules = []
    for path in rules:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    spec = importlib.util.find_spec("libcst")
    if spec is not None and spec.origin:
        _stat_into(digest, Path(spec.origin), None)
    for reader in OPTIONAL_READERS:  # "needs h5py" must not outlive installing it
        digest.update(f"{reader} {importlib.util.find_spec(reader) is not None}\n".encode())
    return digest.hexdigest()


def _stat_into(digest: Any, path: Path, relative_to: Path | None) -> None:
    name = path.relative_to(relative_to).as_posix() if relative_to else str(path)
    try:
        stat = path.stat()
        digest.update(f"{name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    except OSError:
        digest.update(f"{name} -\n".encode())


def settings_key(settings: Settings) -> str:
    """A stable text for the settings that decide findings (the dict field sorted)."""
    values = {
        field.name: _plain(getattr(settings, field.name))
        for field in dataclasses.fields(settings)
        if field.name not in _NOT_IN_KEY
    }
    return json.dumps(values, sort_keys=True, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if isinstance(value, Severity):
        return value.name
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in sorted(value.items(), key=str)}
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def entry_key(source: bytes, settings_text: str, path: str | None = None) -> str:
    """The key of one file's entry; with ``path``, the data files its literals name beside it
    count too (their sample changes findings: see ``data_key``)."""
    digest = hashlib.sha256(source)
    digest.update(b"\0")
    digest.update(settings_text.encode())
    if path is not None:
        digest.update(b"\0")
        digest.update(data_key(source, path).encode())
    return digest.hexdigest()


def data_key(source: bytes, path: str) -> str:
    """Size and modification time of the data files beside ``path`` that the source names."""
    from kerascheck.datafiles import data_stamp  # stdlib only: the warm start stays light

    return data_stamp(source, path)


# ---------------------------------------------------------------------------------------
# Findings to and from JSON


def span_to_dict(span: Span | None) -> list[int] | None:
    if span is None:
        return None
    return [span.start.row, span.start.column, span.end.row, span.end.column]


def span_from_dict(data: Any) -> Span | None:
    if data is None:
        return None
    row, column, end_row, end_column = (_int(item) for item in _list(data, 4))
    return Span(Position(row, column), Position(end_row, end_column))


def related_to_dict(related: Related) -> dict[str, Any]:
    return {
        "message": related.message,
        "span": span_to_dict(related.span),
        "filename": related.filename,
    }


def related_from_dict(data: Any) -> Related:
    data = _dict(data)
    return Related(
        message=_str(data["message"]),
        span=span_from_dict(data["span"]),
        filename=_optional_str(data["filename"]),
    )


def fix_to_dict(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [{"content": edit.content, "span": span_to_dict(edit.span)} for edit in fix.edits],
    }


def fix_from_dict(data: Any) -> Fix | None:
    if data is None:
        return None
    data = _dict(data)
    edits = []
    for item in _list(data["edits"]):
        item = _dict(item)
        span = span_from_dict(item["span"])
        if span is None:
            raise CorruptEntry("an edit without a span")
        edits.append(Edit(content=_str(item["content"]), span=span))
    return Fix(
        applicability=_str(data["applicability"]), message=_str(data["message"]), edits=tuple(edits)
    )


def diagnostic_to_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    """A final finding (anchors resolved) as JSON-ready data; ``extra`` must be JSON already."""
    if diagnostic.anchor is not None or any(r.anchor is not None for r in diagnostic.related):
        raise ValueError("only resolved findings (no anchors) can be cached")
    if diagnostic.extra and json.loads(json.dumps(diagnostic.extra)) != diagnostic.extra:
        raise ValueError("`extra` does not survive JSON (tuples, non-string keys)")
    return {
        "code": diagnostic.code,
        "message": diagnostic.message,
        "help": diagnostic.help,
        "url": diagnostic.url,
        "span": span_to_dict(diagnostic.span),
        "severity": diagnostic.severity.name if diagnostic.severity is not None else None,
        "related": [related_to_dict(related) for related in diagnostic.related],
        "fix": fix_to_dict(diagnostic.fix),
        "filename": diagnostic.filename,
        "cell": diagnostic.cell,
        "name": diagnostic.name,
        "extra": diagnostic.extra,
    }


def diagnostic_from_dict(data: Any) -> Diagnostic:
    data = _dict(data)
    severity = data["severity"]
    try:
        parsed = Severity[severity] if severity is not None else None
    except KeyError:
        raise CorruptEntry(f"unknown severity {severity!r}") from None
    cell = data["cell"]
    return Diagnostic(
        code=_str(data["code"]),
        message=_str(data["message"]),
        help=_str(data["help"]),
        url=_optional_str(data["url"]),
        span=span_from_dict(data["span"]),
        severity=parsed,
        related=tuple(related_from_dict(item) for item in _list(data["related"])),
        fix=fix_from_dict(data["fix"]),
        filename=_str(data["filename"]),
        cell=None if cell is None else _int(cell),
        name=_str(data["name"]),
        extra=_dict(data["extra"]),
    )


def deps_unchanged(deps: Any) -> bool:
    """Whether every imported project file still has the content it had (a missing or
    unreadable one has changed)."""
    for dep, digest in _dict(deps).items():
        try:
            with open(dep, "rb") as stream:
                if hashlib.sha256(stream.read()).hexdigest() != digest:
                    return False
        except OSError:
            return False
    return True


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CorruptEntry(f"expected an object, got {type(value).__name__}")
    return value


def _list(value: Any, length: int | None = None) -> list[Any]:
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise CorruptEntry(f"expected a list of {length or 'any'} items")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise CorruptEntry(f"expected a string, got {type(value).__name__}")
    return value


def _optional_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise CorruptEntry(f"expected an integer, got {type(value).__name__}")
    return value


# ---------------------------------------------------------------------------------------
# Storage


class Cache:
    """The entries of one cache folder for one fingerprint.

    The folder is kerascheck's only if it holds kerascheck's ``CACHEDIR.TAG`` (or was empty
    or missing, and then gets one): a folder that already holds other things is refused, so
    that a ``cache-dir`` pointed at a project, a home folder or someone else's data is never
    written to, and nothing in it is ever deleted.
    """

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.root = root
        self.folder = root / LAYOUT / fingerprint[:16]
        self._ready: bool | None = None  # None: not created yet; False: not writable
        self._ours: bool | None = None  # None: not looked at yet
        #: why the folder was refused (it holds data that kerascheck did not write)
        self.refusal: str | None = None

    def get(self, path: str, key: str) -> list[Diagnostic] | None:
        """The cached findings of ``path`` for ``key``, or None (missing, stale, corrupt, or
        not a plain file: a FIFO or a link where an entry should be is never opened)."""
        if not self._is_ours():
            return None
        try:
            data = json.loads(_read_entry(self._entry(path)))
            if not isinstance(data, dict) or data.get("key") != key or data.get("path") != path:
                return None
            if not deps_unchanged(data.get("deps", {})):
                return None
            return [diagnostic_from_dict(item) for item in _list(data.get("diagnostics"))]
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None

    def put(
        self,
        path: str,
        key: str,
        diagnostics: Iterable[Diagnostic],
        deps: Mapping[str, str] | None = None,
    ) -> bool:
        """Store findings; False (and nothing written) when they or the disk do not allow it.
        ``deps`` maps the project files the findings depend on to their content's sha256."""
        try:
            entry = {
                "key": key,
                "path": path,
                "deps": dict(deps or {}),
                "diagnostics": [diagnostic_to_dict(item) for item in diagnostics],
            }
            text = json.dumps(entry, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError, RecursionError):  # e.g. an ``extra`` JSON cannot hold
            return False
        if not self.prepare():
            return False
        return _write_atomic(self._entry(path), text.encode("utf-8"))

    def _entry(self, path: str) -> Path:
        name = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.folder / f"{name}.entry"

    def prepare(self) -> bool:
        """Claim the folder and create this fingerprint's (first write, or before forking the
        processes that write); a new fingerprint replaces the old ones. False when the folder
        cannot be created or is not kerascheck's (``refusal`` then says why)."""
        if self._ready is None:
            self.refusal = _claim(self.root)
            self._ours = self.refusal is None and _has_tag(self.root)
            self._ready = self._ours and _create(self.root, self.folder)
        return self._ready

    def _is_ours(self) -> bool:
        if self._ours is None:
            self._ours = _has_tag(self.root)
        return self._ours


#: The layout of the folders below the root; a new layout starts beside the old one.
LAYOUT = f"v{FORMAT}"
#: An entry is a few KB of findings; anything larger is not one of ours.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_GITIGNORE = b"# created by kerascheck\n*\n"


def _read_entry(entry: Path) -> bytes:
    from kerascheck.inputs import open_regular

    descriptor = open_regular(str(entry), getattr(os, "O_NOFOLLOW", 0))
    try:
        chunks = []
        total = 0
        while chunk := os.read(descriptor, 1024 * 1024):
            total += len(chunk)
            if total > MAX_ENTRY_BYTES:
                raise CorruptEntry("larger than any entry kerascheck writes")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _has_tag(root: Path) -> bool:
    """Whether ``root`` holds the ``CACHEDIR.TAG`` kerascheck writes (a plain file)."""
    try:
        return _read_entry(root / "CACHEDIR.TAG").startswith(_TAG.encode())
    except (OSError, ValueError):
        return False


def _claim(root: Path) -> str | None:
    """Make ``root`` a kerascheck cache if it is missing or empty; None when it is one, else
    the reason it is refused. Only a folder that holds other data is refused (a folder that
    cannot be created or written is a silent miss, like any unwritable cache)."""
    try:
        if not root.is_dir():
            root.mkdir(parents=True, exist_ok=True)
        if _has_tag(root):
            return None
        if any(True for _ in os.scandir(root)):
            return (
                f"{root}: the cache folder is not empty and has no CACHEDIR.TAG written by "
                "kerascheck, so kerascheck will not write in it (it may hold someone else's "
                "data); the run goes on without a cache. Set `cache-dir` (or --cache-dir) to "
                "a new folder."
            )
        _write_new(root / "CACHEDIR.TAG", _TAG.encode())
        _write_new(root / ".gitignore", _GITIGNORE)
    except OSError:
        pass
    return None


def _create(root: Path, folder: Path) -> bool:
    try:
        fresh = not folder.is_dir()
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    if fresh:
        _remove_other_fingerprints(folder.parent, keep=folder.name)
        _remove_other_fingerprints(root, keep="")  # the layout before versioned folders
    return True


def _remove_other_fingerprints(folder: Path, keep: str) -> None:
    """Delete fingerprint folders (16 hex digits; folders, never links) other than ``keep``,
    below a root that holds kerascheck's tag: nothing else is ever deleted."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        is_fingerprint = len(entry.name) == 16 and all(c in "0123456789abcdef" for c in entry.name)
        if is_fingerprint and entry.name != keep and entry.is_dir(follow_symlinks=False):
            import shutil

            shutil.rmtree(entry.path, ignore_errors=True)


def _write_new(target: Path, data: bytes) -> None:
    """Create ``target`` with ``data`` unless something already has that name."""
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)


def _write_atomic(target: Path, data: bytes) -> bool:
    """Write a temporary file beside ``target`` (named after this process, so concurrent
    writers never share one), then rename it over ``target``: readers see all or nothing."""
    temporary = target.with_name(f".tmp-{os.getpid()}-{target.name}.partial")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False


class Caches:
    """The caches of one run: one per cache folder, all with the run's fingerprint."""

    def __init__(self, override: str | os.PathLike[str] | None = None, cwd: str | None = None):
        self._override = Path(os.path.abspath(override)) if override is not None else None
        self._cwd = cwd or os.getcwd()
        self._fingerprint: str | None = None
        self._by_folder: dict[Path, Cache] = {}
        self._settings_text: dict[int, tuple[Settings, str]] = {}

    def folder_for(self, settings: Settings) -> Path:
        """``--cache-dir``, else ``cache-dir`` (relative to its config), else the root's."""
        if self._override is not None:
            return self._override
        base = Path(settings.root or self._cwd)
        return Path(os.path.abspath(base / (settings.cache_dir or CACHE_DIRNAME)))

    def cache_for(self, settings: Settings) -> Cache:
        folder = self.folder_for(settings)
        cache = self._by_folder.get(folder)
        if cache is None:
            if self._fingerprint is None:
                self._fingerprint = fingerprint()
            cache = self._by_folder[folder] = Cache(folder, self._fingerprint)
        return cache

    def settings_text(self, settings: Settings) -> str:
        """``settings_key``, computed once per settings object (one per config file)."""
        known = self._settings_text.get(id(settings))
        if known is None or known[0] is not settings:
            known = self._settings_text[id(settings)] = (settings, settings_key(settings))
        return known[1]

    def key(self, source: bytes, settings: Settings, path: str | None = None) -> str:
        return entry_key(source, self.settings_text(settings), path)

    def refusals(self) -> list[str]:
        """Why folders were refused this run (one line each), for a warning."""
        return [cache.refusal for cache in self._by_folder.values() if cache.refusal]
