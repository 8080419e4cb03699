"""Checks read the IR and yield diagnostics, one function per rule in ``kcNNN_name.py``.

Importing this package imports every check module, which registers its function.
"""

import importlib
import pkgutil

from kerascheck.checks.registry import CHECKS, check

for _module in pkgutil.iter_modules(__path__):
    if _module.name.startswith("kc"):
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["CHECKS", "check"]
