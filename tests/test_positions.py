"""The lazy, per-statement position computation agrees with libcst's PositionProvider."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from kerascheck.catalogue import load_catalogue
from kerascheck.frontends.python.interpreter import Interpreter
from kerascheck.frontends.python.positions import locate

ROOT = Path(__file__).parents[1]
SOURCES = sorted((ROOT / "fixtures").rglob("*.py")) + sorted((ROOT / "benchmarks").glob("*.py"))
EXAMPLES = [e.code for r in load_catalogue().values() for e in r.examples if e.encoding == "utf-8"]


def _cases() -> list[object]:
    cases: list[object] = [
        pytest.param(p.read_text(), id=str(p.relative_to(ROOT))) for p in SOURCES
    ]
    cases += [pytest.param(code, id=f"example-{i}") for i, code in enumerate(EXAMPLES)]
    return cases


@pytest.mark.parametrize("text", _cases())
def test_every_evaluated_call_is_placed_exactly(text: str) -> None:
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        pytest.skip("not parseable (a KC001 example)")
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    expected = wrapper.resolve(PositionProvider)
    interpreter = Interpreter(module, "t.py")
    interpreter.run()
    calls = [n for n in expected if isinstance(n, cst.Call) and id(n) in interpreter.homes]
    fast = locate(module, calls, text, interpreter.homes)
    slow = locate(module, calls)  # whole-module code generation
    for call in calls:
        truth = expected[call]
        span = fast[id(call)]
        assert span == slow[id(call)]
        assert (span.start.row, span.start.column - 1) == (truth.start.line, truth.start.column)
        assert (span.end.row, span.end.column - 1) == (truth.end.line, truth.end.column)


def test_keyword_argument_pairs_span_keyword_to_value() -> None:
    text = "import keras\nopt = keras.optimizers.Adam(\n    lr=0.5,\n)\n"
    module = cst.parse_module(text)
    interpreter = Interpreter(module, "t.py")
    ir = interpreter.run()
    anchor = ir.optimizers[0].param_anchors["lr"]
    span = locate(module, [anchor], text, interpreter.homes)[id(anchor)]
    assert (span.start.row, span.start.column, span.end.row, span.end.column) == (3, 5, 3, 11)
