"""What the frontend and the linter make of a script written inline in a test: the helpers
the model-form, layer and tensor-op tests share."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst

from kerascheck.engine import lint_source
from kerascheck.frontends.python import analyze
from kerascheck.ir import Model, ModuleIR
from kerascheck.shapes import infer_shapes


def ir_of(source: str) -> ModuleIR:
    """The IR of an indented inline script."""
    return analyze(cst.parse_module(textwrap.dedent(source)), "<test>")


def outputs(model: Model) -> list[object]:
    """The static shape of each of ``model``'s outputs."""
    shapes = infer_shapes(model)
    return [shapes.output_of(node) for node in model.outputs]


def findings(tmp_path: Path, source: str) -> set[str]:
    """``CODE:row`` of every finding on the script, linted as a file in ``tmp_path`` (local
    imports and data files beside it are found as in a project)."""
    path = tmp_path / "script.py"
    text = textwrap.dedent(source)
    path.write_text(text, encoding="utf-8")
    result = lint_source(text.encode(), str(path))
    assert not result.internal_errors, result.internal_errors
    return {f"{d.code}:{d.span.start.row}" for d in result.diagnostics}
