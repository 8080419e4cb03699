"""Turn the PATHs on the command line into the files to lint.

As in ruff: a file named on the command line is always linted, whatever its name (unless
``force_exclude``, ruff's ``--force-exclude``, which pre-commit hooks pass because they name
every file); a folder is walked for files with a linted suffix, skipping hidden folders,
virtual environments and whatever ``exclude``/``extend-exclude`` say for that folder (each
folder obeys its own nearest configuration). The result is sorted, so output never depends
on the file system's listing order.

A walk never follows a link to a folder (a link to ``/`` would walk the whole file system);
a link to a file is linted, and noted when its target lies outside the folder walked, so
that ``--fix`` does not write there. A path that does not exist, or a folder that cannot be
read, is kept in ``unreadable`` with the reason (the caller reports it as a finding, as
ruff's E902), and the walk goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kerascheck.settings import Settings

#: Suffixes of the files a folder walk picks up; notebook and model-config frontends
#: extend this tuple, and nothing else needs to change.
LINTED_SUFFIXES: tuple[str, ...] = (".py", ".ipynb", ".json", ".keras")

#: A folder holding one of these is a Python environment, whatever it is called.
_ENVIRONMENT_MARKERS: tuple[str, ...] = ("pyvenv.cfg", "conda-meta")

SettingsFor = Callable[[Path], Settings]


@dataclass
class Discovered:
    files: list[Path] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)  # (path, why), findings
    #: files met in a walk through a link whose target is outside the folder walked
    outside_links: set[Path] = field(default_factory=set)


def discover(
    paths: Iterable[str],
    settings_for: SettingsFor,
    suffixes: tuple[str, ...] = LINTED_SUFFIXES,
    *,
    force_exclude: bool = False,
) -> Discovered:
    """Expand ``paths`` into absolute file paths, deduplicated and sorted.

    ``settings_for(folder)`` gives the settings that govern a folder's children.
    A path that does not exist, or a folder that cannot be listed, goes to ``unreadable``
    and the others are still expanded. With ``force_exclude``, a path named here is skipped
    when its folder's ``exclude`` patterns match it, as files found in a folder are.
    """
    found = Discovered()
    seen: set[Path] = set()
    visited: set[str] = set()
    for raw in paths:
        path = Path(os.path.abspath(raw))
        if force_exclude and force_excluded(path, settings_for(path.parent)):
            continue
        if os.path.isdir(path):
            files = _walk(path, path, settings_for, suffixes, visited, found)
        elif os.path.exists(path):
            files = iter((path,))
        else:
            found.unreadable.append((path, "No such file or directory"))
            continue
        for file in files:
            if file not in seen:
                seen.add(file)
                found.files.append(file)
    found.files.sort()
    return found


def _walk(
    folder: Path,
    start: Path,
    settings_for: SettingsFor,
    suffixes: tuple[str, ...],
    visited: set[str],
    found: Discovered,
) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in visited:  # a folder reached twice (named twice, or inside another named one)
        return
    visited.add(real)
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        settings = settings_for(folder)
    except OSError as error:
        found.unreadable.append((folder, str(error.strerror or error)))
        return
    for entry in entries:
        path = folder / entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
        except OSError:
            continue
        if is_dir:
            if _skipped_folder(path) or _excluded(path, start, settings):
                continue
            yield from _walk(path, start, settings_for, suffixes, visited, found)
        elif is_file and path.suffix in suffixes and not _excluded(path, start, settings):
            if entry.is_symlink() and not _inside(os.path.realpath(path), start):
                found.outside_links.add(path)
            yield path


def _inside(real: str, start: Path) -> bool:
    root = os.path.realpath(start)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _skipped_folder(path: Path) -> bool:
    if path.name.startswith("."):
        return True
    return any(os.path.lexists(path / marker) for marker in _ENVIRONMENT_MARKERS)


def _excluded(path: Path, start: Path, settings: Settings) -> bool:
    """Apply ``exclude`` patterns below the walk's starting folder.

    Patterns are relative to the configuration's folder, but the folder the user named and
    those above it never exclude anything: ``kerascheck build/`` lints ``build/``, and a
    project that lives under ``~/env/`` is not skipped for the name ``env``.
    """
    if settings.root is not None and path.is_relative_to(settings.root):
        root = Path(settings.root)
        if root.is_relative_to(start) or not settings.is_excluded(str(start)):
            return settings.is_excluded(str(path))
    return settings.is_excluded(path.relative_to(start).as_posix())


def force_excluded(path: Path, settings: Settings) -> bool:
    """``--force-exclude`` for a path named on the command line: its folder's patterns apply
    below the configuration's folder (the working folder without one), never to the folders
    above it, so that a project under ``~/build/`` is not skipped for that name."""
    root = Path(settings.root) if settings.root is not None else Path.cwd()
    if not path.is_relative_to(root) or path == root:
        return False
    return settings.is_excluded(path.relative_to(root).as_posix())
