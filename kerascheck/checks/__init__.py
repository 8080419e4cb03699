"""Checks read the IR and yield diagnostics, one function per rule in ``kcNNN_name.py``.

Importing this package imports every check module, which registers its function. The
folder is listed directly (in name order, as ``pkgutil.iter_modules`` would list it): the
package is never installed zipped, and pkgutil is an import of its own at every start.
"""

import importlib
import os

from kerascheck.checks.registry import CHECKS, check

for _file in sorted(os.listdir(os.path.dirname(__file__))):
    if _file.startswith("kc") and _file.endswith(".py"):
        importlib.import_module(f"{__name__}.{_file[:-3]}")

__all__ = ["CHECKS", "check"]
