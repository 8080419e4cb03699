"""Frontends turn a source (Python code, saved configs ...) into the shared IR.

``frontend_for`` picks the reader by file suffix and imports it only when it is needed, so
linting Python never loads the config or notebook readers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import PurePath

from kerascheck.frontends.base import Loaded, Rejected

Reader = Callable[[bytes, str], "Loaded | Rejected"]

#: file suffix -> "module:function" of its reader; anything else is read as Python
READERS: dict[str, str] = {
    ".py": "kerascheck.frontends.python.load:load_python",
    ".json": "kerascheck.frontends.config.readers:read_json",
    ".keras": "kerascheck.frontends.config.readers:read_keras",
    ".h5": "kerascheck.frontends.config.readers:read_h5",
    ".ipynb": "kerascheck.frontends.notebook:read_notebook",
}
_DEFAULT = READERS[".py"]


def frontend_for(path: str) -> Reader:
    target = READERS.get(PurePath(path).suffix.lower(), _DEFAULT)
    module, _, function = target.partition(":")
    reader: Reader = getattr(importlib.import_module(module), function)
    return reader


__all__ = ["READERS", "Loaded", "Rejected", "frontend_for"]
