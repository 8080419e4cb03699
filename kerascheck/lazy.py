"""Modules imported on first use, so that a run pays only for the modules it needs.

A pre-commit run starts a process per commit and lints a file or two: what it imports at
start-up weighs as much as the linting. A module that only some runs need (a data library's
knowledge, OpenSSL's hashes, TOML parsing) is bound through ``lazy_module``::

    if TYPE_CHECKING:
        from kerascheck.frontends.python.libraries import keras_data
    else:
        keras_data = lazy_module("kerascheck.frontends.python.libraries.keras_data")

and the code reads ``keras_data.utility(...)`` as if it had been imported: the first
attribute read imports it (``importlib`` makes that safe across threads), later reads find it
in ``sys.modules``. ``tests/test_startup.py`` checks which modules a small run leaves out.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for the module ``name`` until an attribute is read, then imports it."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> Any:
    """The module ``name``, imported when one of its attributes is first read."""
    return LazyModule(name)


def loaded(name: str) -> ModuleType | None:
    """The module ``name`` if something imported it already, without importing it: a value
    of a class that module defines cannot exist before it is imported."""
    return sys.modules.get(name)
