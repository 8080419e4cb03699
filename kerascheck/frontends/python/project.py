"""Local imports: modules of the same project, read so that their functions and classes resolve.

``from models import build_model`` in ``train.py`` means ``models.py`` beside it (or in a
parent folder of the project); ``from .nets import make_cnn`` a sibling of the importing file.
Such a module is parsed and its top level interpreted once per lint (a second import reuses
it, a cycle sees the half-run module, as Python does), with its ``__name__`` set to its module
name so that its ``if __name__ == "__main__":`` block stays asleep. Nothing is executed.

The reading is bounded: depth of the import chain, number of files and bytes per linted file.
Everything the imported code builds is anchored in its own file: the engine reports only the
findings anchored in the linted file (``Interpreter.owns``), and the imported files' content
hashes go into the cache key of the importer (``ModuleIR.imports``).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import libcst as cst

from kerascheck.frontends.python.scope import Scope, bind_import, dotted_name
from kerascheck.frontends.python.values import UNKNOWN_VALUE, Const, Value
from kerascheck.lazy import lazy_module
from kerascheck.limits import screen_python

if TYPE_CHECKING:
    import hashlib

    from kerascheck.frontends.python.interpreter import Interpreter
else:
    hashlib = lazy_module("hashlib")

#: How many imports deep a chain is followed from the linted file.
MAX_IMPORT_DEPTH = 3
#: How many project files one linted file may read.
MAX_IMPORTED_FILES = 20
#: How many bytes of project files one linted file may read, and one file at most.
MAX_IMPORTED_BYTES = 4 * 1024 * 1024
MAX_FILE_BYTES = 1024 * 1024
#: A folder holding one of these is a project root: imports are not searched above it.
_ROOT_MARKERS = ("pyproject.toml", ".git", "setup.py", "setup.cfg")
#: Top-level names that are never project modules, even if a file of that name exists.
_LIBRARIES = frozenset(
    {
        "keras",
        "tensorflow",
        "tf_keras",
        "numpy",
        "pandas",
        "sklearn",
        "scipy",
        "matplotlib",
        "seaborn",
        "torch",
        "jax",
        "flax",
        "cv2",
        "PIL",
        "h5py",
        "tqdm",
    }
)


@dataclass(eq=False)
class ModuleValue(Value):
    """A module of the project: its top-level names after its top level was interpreted."""

    name: str
    scope: Scope
    path: Path
    is_package: bool = False

    def member(self, name: str) -> Value | None:
        return self.scope.vars.get(name)


@dataclass
class Project:
    """The local modules one linted file reaches, and the bounds on reaching them."""

    origin: Path | None  # the linted file (None for stdin or a path that does not exist)
    root: Path | None = None
    modules: dict[Path, ModuleValue] = field(default_factory=dict)
    stack: list[Path] = field(default_factory=list)  # the files whose top level is running
    read_bytes: int = 0
    #: the imported files read: path, text and tree (kept alive: anchors are their nodes)
    sources: list[tuple[Path, str, cst.Module]] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)  # path -> sha256 of what was read
    #: the linted file as given, until ``resolve`` sets origin, root and stack from it
    pending: str | None = None

    @staticmethod
    def for_path(path: str) -> Project:
        """The project of ``path``, found on its first local import: most scripts import only
        libraries, and resolving the path and looking for the root costs a dozen stat calls."""
        return Project(None, pending=path)

    def resolve(self) -> Project:
        path, self.pending = self.pending, None
        if path is None:
            return self
        try:
            origin = Path(path).resolve()
            if not origin.is_file():
                return self
        except (OSError, RuntimeError, ValueError):
            return self
        self.origin, self.root, self.stack = origin, _root_of(origin.parent), [origin]
        return self

    # --- finding files -------------------------------------------------------------------

    def locate(self, module: str | None, level: int) -> Path | None:
        """The file (``x.py``) or package folder a module name means, or None."""
        parts = module.split(".") if module else []
        if level == 0 and (
            not parts or parts[0] in _LIBRARIES or parts[0] in sys.stdlib_module_names
        ):
            return None
        if self.resolve().origin is None or not self.stack:
            return None
        if level > 0:
            base = self.stack[-1].parent
            for _ in range(level - 1):
                base = base.parent
            return _find(base, parts) if parts else base
        for folder in self._search_folders():
            found = _find(folder, parts)
            if found is not None:
                return found
        return None

    def _search_folders(self) -> list[Path]:
        """The linted file's folder and the importing file's, then parents up to the root."""
        folders: list[Path] = []
        for start in dict.fromkeys([self.stack[0].parent, self.stack[-1].parent]):
            folder = start
            while True:
                folders.append(folder)
                if folder == self.root or folder.parent == folder or self.root is None:
                    break
                if self.root not in folder.parents:
                    break
                folder = folder.parent
        return list(dict.fromkeys(folders))

    # --- reading modules -------------------------------------------------------------------

    def load(self, interp: Interpreter, found: Path, name: str) -> ModuleValue | None:
        """The module at ``found`` (a file or a package folder), interpreted once."""
        known = self.modules.get(found)
        if known is not None:
            return known
        if len(self.stack) > MAX_IMPORT_DEPTH or len(self.modules) >= MAX_IMPORTED_FILES:
            return None
        source_file = found / "__init__.py" if found.is_dir() else found
        scope = Scope()
        scope.bind("__name__", Const(name))
        value = ModuleValue(name, scope, found, is_package=found.is_dir())
        self.modules[found] = value
        if source_file == self.stack[0] or not source_file.is_file():
            return value  # a namespace package, or the linted file imported by name
        parsed = self._parse(source_file)
        if parsed is None:
            return value
        text, module = parsed
        self.sources.append((source_file, text, module))
        self.stack.append(source_file)
        try:
            interp.run_foreign(module, scope)
        finally:
            self.stack.pop()
        return value

    def _parse(self, source_file: Path) -> tuple[str, cst.Module] | None:
        try:
            size = source_file.stat().st_size
            if size > MAX_FILE_BYTES or self.read_bytes + size > MAX_IMPORTED_BYTES:
                return None
            data = source_file.read_bytes()
        except OSError:
            return None
        self.read_bytes += len(data)
        self.hashes[str(source_file)] = hashlib.sha256(data).hexdigest()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if screen_python(text) is not None:
            return None
        try:
            return text, cst.parse_module(text)
        except (cst.ParserSyntaxError, RecursionError, MemoryError):
            return None

    def submodule(self, interp: Interpreter, package: ModuleValue, name: str) -> Value | None:
        """``package.name`` when ``name`` is a module file of the package folder."""
        if not package.is_package:
            return None
        found = _find(package.path, [name])
        if found is None:
            return None
        loaded = self.load(interp, found, f"{package.name}.{name}")
        if loaded is not None:
            package.scope.bind(name, loaded)
        return loaded


_IMPORTED = re.compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import|import[ \t]+([\w.]+))", re.M)


def imports_keras_module(text: str, path: str) -> bool:
    """Whether a file that never names Keras imports, within the bounds, a project module that
    does: ``from models import build_model`` in a ``train.py`` that imports nothing else. Only
    the texts are read (no parse), so a project's other files cost a few reads."""
    if "import" not in text:
        return False
    finder = Project.for_path(path).resolve()
    if finder.origin is None:
        return False
    frontier, seen, spent = [(finder.origin, text, 0)], {finder.origin}, 0
    while frontier:
        importer, source, depth = frontier.pop()
        finder.stack = [finder.origin, importer]
        for found in _local_imports(finder, source):
            file = found / "__init__.py" if found.is_dir() else found
            if file in seen or len(seen) > MAX_IMPORTED_FILES:
                continue
            seen.add(file)
            try:
                size = file.stat().st_size
                if size > MAX_FILE_BYTES or spent + size > MAX_IMPORTED_BYTES:
                    continue
                imported = file.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            spent += size
            if "keras" in imported or "tensorflow" in imported:
                return True
            if depth + 1 < MAX_IMPORT_DEPTH:
                frontier.append((file, imported, depth + 1))
    return False


def _local_imports(finder: Project, source: str) -> list[Path]:
    found: list[Path] = []
    for match in _IMPORTED.finditer(source):
        dots, module, plain = match.groups()
        name = module or plain or None
        located = finder.locate(name, len(dots or "")) if name or dots else None
        if located is not None:
            found.append(located)
    return found


def _root_of(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in _ROOT_MARKERS):
            return candidate
    return None


def _find(base: Path, parts: list[str]) -> Path | None:
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    target = base.joinpath(*parts)
    try:
        if target.with_name(target.name + ".py").is_file():
            return target.with_name(target.name + ".py")
        if target.is_dir():  # a package, or a folder without __init__.py (a namespace package)
            return target
    except OSError:
        return None
    return None


# --- import statements ---------------------------------------------------------------------


def import_from(interp: Interpreter, project: Project, node: cst.ImportFrom, scope: Scope) -> bool:
    """Bind the names of ``from <local module> import ...``; False when the module is not a
    file of the project (the caller binds it as a library import)."""
    level = len(node.relative)
    module = dotted_name(node.module) if node.module is not None else None
    if node.module is not None and module is None:
        return False
    found = project.locate(module, level)
    if found is None:
        return False
    name = module or found.name
    loaded = project.load(interp, found, name)
    if loaded is None and level == 0:
        return False
    if isinstance(node.names, cst.ImportStar):
        if loaded is not None:
            for key, value in loaded.scope.vars.items():
                if not key.startswith("_"):
                    scope.bind(key, value)
        return True
    for alias in node.names:
        imported = alias.evaluated_name
        bound = alias.evaluated_alias or imported
        value = loaded.member(imported) if loaded is not None else None
        if value is None and loaded is not None:
            value = project.submodule(interp, loaded, imported)
        scope.bind(bound, value if value is not None else UNKNOWN_VALUE)
    return True


def import_names(interp: Interpreter, project: Project, node: cst.Import, scope: Scope) -> bool:
    """``import models`` / ``import utils.data as data`` of project modules; False when the
    statement names no project module (it is bound as a library import)."""
    handled = False
    for alias in node.names:
        full = dotted_name(alias.name)
        if full is None:
            continue
        parts = full.split(".")
        if project.locate(parts[0], 0) is None:
            continue
        handled = True
        chain: list[ModuleValue] = []
        for index in range(len(parts)):
            found = project.locate(".".join(parts[: index + 1]), 0)
            loaded = project.load(interp, found, ".".join(parts[: index + 1])) if found else None
            if loaded is None:
                break
            if chain:
                chain[-1].scope.bind(parts[index], loaded)
            chain.append(loaded)
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            complete = len(chain) == len(parts)
            scope.bind(alias.asname.name.value, chain[-1] if complete else UNKNOWN_VALUE)
        else:
            scope.bind(parts[0], chain[0] if chain else UNKNOWN_VALUE)
    if handled:
        for alias in node.names:  # library names in the same statement (``import os, models``)
            full = dotted_name(alias.name)
            if full and project.locate(full.split(".")[0], 0) is None:
                single = alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)
                bind_import(scope, cst.Import(names=[single]))
    return handled


def member(interp: Interpreter, project: Project, module: ModuleValue, name: str) -> Value:
    value = module.member(name)
    if value is None:
        value = project.submodule(interp, module, name)
    return value if value is not None else UNKNOWN_VALUE
