"""The Python frontend: libcst parse plus a one-pass abstract interpreter that builds the IR."""

from __future__ import annotations

import libcst as cst

from kerascheck.frontends.python.interpreter import Interpreter
from kerascheck.ir import ModuleIR


def analyze(module: cst.Module, path: str) -> ModuleIR:
    """Extract models, layers, optimizers and data provenance from a parsed module."""
    return Interpreter(module, path).run()
