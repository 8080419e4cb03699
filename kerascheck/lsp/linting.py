"""Lint an editor's in-memory text with the settings of the file it will be saved as.

The editor's buffer, not the file on disk, is what the user sees, so that is what gets
linted; the ``[tool.kerascheck]`` settings come from the configuration nearest to the
document's path, exactly as on the command line. Only the static checks run here: the
engine never imports TensorFlow, so a keystroke never waits for it. The limits of the
command line hold here too: a document over ``max-file-size`` gets the size finding without
being analysed, and analysis stops after ``file-timeout``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from kerascheck.config import ConfigError, SettingsResolver
from kerascheck.diagnostics import Diagnostic
from kerascheck.reporters.lsp import DEFAULT_ENCODING, Encoding, split_lines, to_lsp
from kerascheck.settings import Settings

if TYPE_CHECKING:
    from kerascheck.engine import FileResult

#: Suffixes the server lints besides documents the editor calls ``python``.
PYTHON_SUFFIXES = (".py", ".pyi")

#: A save of one of these files may change the settings of every open document.
CONFIG_NAMES = (".kerascheck.toml", "kerascheck.toml", "pyproject.toml")

#: The path untitled buffers are linted as (in the workspace root, for its settings).
UNTITLED = "untitled.py"
NOTEBOOK_SUFFIX = ".ipynb"


@dataclass
class Linted:
    """One document as last linted: its text and findings, and their LSP form."""

    uri: str
    version: int | None
    text: str
    lines: list[str]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)  # LSP diagnostics, same order
    encoding: Encoding = DEFAULT_ENCODING
    internal_errors: list[str] = field(default_factory=list)
    config_error: str | None = None


def path_of(uri: str) -> str | None:
    """The file system path of a ``file:`` URI; None for untitled buffers, notebook cells and
    the like (no pygls here: the server's first messages are read before pygls is loaded)."""
    parsed = urlsplit(uri)
    if parsed.scheme.lower() != "file":
        return None
    path = unquote(parsed.path)
    if parsed.netloc and parsed.netloc != "localhost":
        path = f"//{parsed.netloc}{path}"  # a UNC path
    elif os.name == "nt" and len(path) > 2 and path[0] == "/" and path[2] == ":":
        path = path[1:]  # /C:/Users/... -> C:/Users/...
    return os.path.normpath(path) if path else None


def is_lintable(path: str | None, language_id: str | None) -> bool:
    """Python documents only: a stray TOML or Markdown buffer must not become KC001."""
    if language_id == "python":
        return True
    return path is not None and PurePath(path).suffix.lower() in PYTHON_SUFFIXES


def is_config_file(path: str | None) -> bool:
    return path is not None and PurePath(path).name in CONFIG_NAMES


class DocumentLinter:
    """Settings per document path, cached per folder until a configuration file changes.

    Whether one changed is checked before every lint, by the size and modification time of
    every configuration file name in the document's folder and above (a few dozen ``stat``
    calls, far below the cost of linting): an edited, new or deleted ``pyproject.toml``
    counts at the next keystroke even when the editor sends no event for it.
    """

    def __init__(self, root: str | None = None) -> None:
        self.root = root
        self._resolver = SettingsResolver()
        self._seen: dict[Path, tuple[tuple[str, int, int], ...]] = {}

    def reset(self) -> None:
        """Forget cached settings, e.g. after a ``pyproject.toml`` was saved."""
        self._resolver = SettingsResolver()
        self._seen.clear()

    def lint_path(self, path: str | None) -> str:
        """The path a document is linted as: its own, or an untitled one in the workspace."""
        if path:
            return os.path.abspath(path)
        return os.path.join(os.path.abspath(self.root or os.getcwd()), UNTITLED)

    def notebook_path(self, path: str | None) -> str:
        """The path a notebook document is linted as: always a ``.ipynb`` one, so that the
        notebook frontend reads it (an untitled notebook lives in the workspace root)."""
        lint_path = self.lint_path(path)
        if not lint_path.endswith(NOTEBOOK_SUFFIX):
            lint_path = str(Path(lint_path).with_suffix(NOTEBOOK_SUFFIX))
        return lint_path

    def settings_for(self, path: str) -> tuple[Settings, str | None]:
        """The document's settings; a broken configuration gives the defaults and its error."""
        folder = Path(path).parent
        state = _config_files(folder)
        if self._seen.get(folder, state) != state:
            self.reset()
        self._seen[folder] = state
        try:
            return self._resolver.for_file(path), None
        except ConfigError as error:
            return Settings(), str(error)

    def lint(
        self,
        uri: str,
        text: str,
        path: str | None,
        version: int | None = None,
        encoding: Encoding = DEFAULT_ENCODING,
    ) -> Linted:
        """Lint ``text`` as the file at ``path`` (None for an untitled buffer)."""
        lint_path = self.lint_path(path)
        lines = split_lines(text)
        linted = Linted(uri=uri, version=version, text=text, lines=lines, encoding=encoding)
        settings, linted.config_error = self.settings_for(lint_path)
        if is_excluded(lint_path, settings):
            return linted
        result = lint_bytes(text.encode("utf-8", "surrogatepass"), lint_path, settings)
        linted.internal_errors = list(result.internal_errors)
        # findings placed in imported project files are published with those files
        linted.diagnostics = [d for d in result.diagnostics if d.filename == result.path]
        linted.items = [
            to_lsp(diagnostic, lines, encoding, lines_of=_disk_lines, uri=uri)
            for diagnostic in linted.diagnostics
        ]
        return linted


def _config_files(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Every configuration file at or above ``folder``, with its size and modification time."""
    found = []
    for directory in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            try:
                status = candidate.stat()
            except OSError:
                continue
            found.append((str(candidate), status.st_size, status.st_mtime_ns))
    return tuple(found)


def lint_bytes(source: bytes, path: str, settings: Settings) -> FileResult:
    """The engine's findings under the command line's limits: past ``max-file-size`` only the
    size finding (nothing is parsed), and no more than ``file-timeout`` of analysis."""
    from kerascheck.parallel import Task, lint_one

    return lint_one(Task(path, source, settings)).result


def is_excluded(path: str, settings: Settings) -> bool:
    """``exclude`` patterns count inside the configuration's folder, as on the command line."""
    if settings.root is None or not Path(path).is_relative_to(settings.root):
        return False
    return settings.is_excluded(path)


def _disk_lines(filename: str) -> list[str] | None:
    """Lines of another file a related location points into (rare: findings stay in a file)."""
    try:
        return split_lines(Path(filename).read_bytes().decode("utf-8", "surrogateescape"))
    except (OSError, ValueError):
        return None
