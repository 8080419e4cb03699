"""kerascheck's dataclass methods, compiled once per installation rather than at every start.

``@dataclass`` writes the source of each class's ``__init__``, ``__repr__``, ``__eq__`` ...
and compiles it (``exec``) as the class is created: for the ~90 classes a lint run needs,
that is ~300 compilations at every start, the largest part of what ``kerascheck FILE`` adds
to importing libcst. The source is the same at every start, so the compiled code is kept
beside kerascheck's bytecode (``__pycache__/dataclass-methods.<tag>.marshal``: what a
``.pyc`` holds, trusted as one) and looked up by the exact source text. A changed class has a
new text, compiled afresh: an entry is never stale, only unused.

Only kerascheck's own classes go through the cache (``dataclasses`` hands ``exec`` the globals
of the class's module); every other dataclass in the process is compiled by ``exec`` as
before. Without a writable cache folder, or with ``PYTHONDONTWRITEBYTECODE``, classes are
compiled as usual. ``install`` runs when the ``kerascheck`` package is imported.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import dataclasses
import marshal
import os
import sys
from types import CodeType
from typing import Any

#: The cache is read only if it was written by this very interpreter (bytecode and marshal
#: formats change between versions).
_HEADER = f"kerascheck dataclass methods, Python {sys.version}\n".encode()
#: Entries beyond this many are dropped at the next save, but for those used in that run.
MAX_ENTRIES = 1000
_PACKAGE = "kerascheck."

_codes: dict[str, CodeType] = {}
_used: set[str] = set()
_added = False
_path: str | None = None


def cache_path() -> str:
    """Where the compiled methods are kept: with the package's bytecode (``__pycache__``,
    or its place under ``PYTHONPYCACHEPREFIX``), as ``importlib`` puts a ``.pyc``."""
    folder = os.path.dirname(os.path.abspath(__file__))
    if sys.pycache_prefix:
        relative = os.path.splitdrive(folder)[1].lstrip(os.sep + (os.altsep or ""))
        cache = os.path.join(sys.pycache_prefix, relative)
    else:
        cache = os.path.join(folder, "__pycache__")
    return os.path.join(cache, f"dataclass-methods.{sys.implementation.cache_tag}.marshal")


def install() -> None:
    """Route the ``exec`` of ``dataclasses`` through the cache (once per process)."""
    global _path
    if getattr(dataclasses, "exec", None) is _exec:
        return
    if sys.implementation.cache_tag is None:  # an interpreter that caches no bytecode
        return
    _path = cache_path()
    _codes.update(_read(_path))
    dataclasses.exec = _exec  # type: ignore[attr-defined]  # shadows the builtin there


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """``exec`` as ``dataclasses`` calls it, served from the cache for kerascheck's classes."""
    if not isinstance(source, str):
        builtins.exec(source, globals, locals)
        return
    ours = _ours(globals)
    code = _codes.get(source) if ours else None
    if code is None:
        # compiled as exec(source) compiles it in dataclasses, whose module has no
        # __future__ import: this one's must not leak into the methods
        code = compile(source, "<string>", "exec", dont_inherit=True)
        if ours:
            _codes[source] = code
            _remember_to_save()
    if ours:
        _used.add(source)
    builtins.exec(code, globals, locals)


def _ours(globals: Any) -> bool:
    return isinstance(globals, dict) and str(globals.get("__name__", "")).startswith(_PACKAGE)


def _remember_to_save() -> None:
    global _added
    if not _added and _path is not None and not sys.dont_write_bytecode:
        _added = True
        atexit.register(save)


def _read(path: str) -> dict[str, CodeType]:
    """The cached code, or nothing if the file is missing, foreign or damaged."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
        if not data.startswith(_HEADER):
            return {}
        codes = marshal.loads(data[len(_HEADER) :])
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(codes, dict):
        return {}
    return {key: code for key, code in codes.items() if type(key) is str and type(code) is CodeType}


def save() -> None:
    """Write the cache (at exit, when this run compiled something new); never fails a run."""
    if _path is None:
        return
    kept = _codes if len(_codes) <= MAX_ENTRIES else {key: _codes[key] for key in _used}
    partial = f"{_path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(_path), exist_ok=True)
        with open(partial, "wb") as stream:
            stream.write(_HEADER + marshal.dumps(kept))
        os.replace(partial, _path)  # readers see the old file or the new one, never half
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(partial)
