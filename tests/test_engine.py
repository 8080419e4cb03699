"""The engine: bad input becomes KC001/KC002, crashing rules lose nothing, results are final."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kerascheck import engine
from kerascheck.checks import registry
from kerascheck.diagnostics import Diagnostic, Severity
from kerascheck.frontends.python import load
from kerascheck.settings import Settings

SOFTMAX = textwrap.dedent(
    """\
    import keras
    model = keras.Sequential([
        keras.layers.Dense(8, activation="relu", input_shape=(4,)),
        keras.layers.Dense(1, activation="softmax"),
    ])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    """
)


def codes(result: engine.FileResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def test_findings_carry_span_name_severity_and_filename() -> None:
    result = engine.lint_source(SOFTMAX.encode(), "train.py")
    (finding,) = result.diagnostics
    assert (finding.code, finding.name, finding.severity) == (
        "KC205",
        "single-unit-softmax",
        Severity.ERROR,
    )
    assert finding.filename == "train.py"
    assert finding.span is not None
    assert (finding.span.start.row, finding.span.start.column) == (4, 5)
    assert finding.span.end.row == 4 and finding.span.end.column > finding.span.start.column
    assert result.internal_errors == []


def test_syntax_error_is_kc001_at_its_position() -> None:
    source = b"import keras\nmodel = keras.Sequential([\n    keras.layers.Dense(1)\nmodel.fit(x)\n"
    (finding,) = engine.lint_source(source, "broken.py").diagnostics
    assert finding.code == "KC001"
    assert finding.span is not None
    assert (finding.span.start.row, finding.span.start.column) == (2, 26)  # the unclosed "["
    assert "never closed" in finding.message


@pytest.mark.parametrize(
    "source",
    [
        "# Modèle keras\nimport keras\n".encode("latin-1"),
        b"\x00\x01\x02keras binary\x00",
    ],
)
def test_unreadable_files_are_kc002_at_file_start(source: bytes) -> None:
    (finding,) = engine.lint_source(source, "bad.py").diagnostics
    assert finding.code == "KC002"
    assert finding.span is not None and finding.span.start.row == 1


def test_declared_encoding_is_honoured() -> None:
    source = "# -*- coding: latin-1 -*-\n# Modèle\n".encode("latin-1") + SOFTMAX.encode()
    assert codes(engine.lint_source(source, "latin.py")) == ["KC205"]


def test_files_without_keras_are_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("parsed a file that never mentions keras")

    monkeypatch.setattr(load.cst, "parse_module", refuse)
    assert engine.lint_source(b"import torch\nx = (((\n", "torch_model.py").diagnostics == []


def test_a_crashing_rule_is_reported_and_loses_no_other_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(ctx: object) -> list[Diagnostic]:
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(registry.CHECKS, "KC210", explode)
    result = engine.lint_source(SOFTMAX.encode(), "train.py")
    assert codes(result) == ["KC205"]
    assert len(result.internal_errors) == 1 and "KC210" in result.internal_errors[0]


def test_selection_severity_overrides_and_min_severity() -> None:
    ignored = engine.lint_source(SOFTMAX.encode(), "t.py", Settings(ignore=("KC205",)))
    assert ignored.diagnostics == []
    lowered = Settings(severity={"KC205": Severity.INFO}, min_severity=Severity.WARNING)
    assert engine.lint_source(SOFTMAX.encode(), "t.py", lowered).diagnostics == []
    info = engine.lint_source(SOFTMAX.encode(), "t.py", Settings(severity={"KC205": Severity.INFO}))
    assert [d.severity for d in info.diagnostics] == [Severity.INFO]


def test_noqa_and_ignore_file_comments() -> None:
    suppressed = SOFTMAX.replace('activation="softmax"),', 'activation="softmax"),  # noqa: KC205')
    assert engine.lint_source(suppressed.encode(), "t.py").diagnostics == []
    other_code = SOFTMAX.replace('activation="softmax"),', 'activation="softmax"),  # noqa: KC201')
    assert codes(engine.lint_source(other_code.encode(), "t.py")) == ["KC205"]
    whole_file = "# kerascheck: ignore-file\n" + SOFTMAX
    assert engine.lint_source(whole_file.encode(), "t.py").diagnostics == []


def test_a_layer_built_by_a_function_called_twice_is_reported_once() -> None:
    source = textwrap.dedent(
        """\
        import keras
        def build():
            m = keras.Sequential([keras.layers.Dense(1, activation="softmax", input_shape=(3,))])
            m.compile(loss="binary_crossentropy")
            return m
        a = build()
        b = build()
        """
    )
    assert codes(engine.lint_source(source.encode(), "t.py")) == ["KC205"]


def test_related_locations_point_at_the_origin() -> None:
    source = textwrap.dedent(
        """\
        import numpy as np
        import keras
        x = np.random.rand(100, 4)
        y = np.random.randint(0, 2, 100)
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_shape=(4,))])
        model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
        model.fit(x, y, epochs=5)
        """
    )
    (finding,) = engine.lint_source(source.encode(), "t.py").diagnostics
    assert finding.code == "KC102" and finding.span is not None
    assert (finding.span.start.row, finding.span.start.column) == (7, 14)
    (note,) = finding.related
    assert note.filename == "t.py" and note.span is not None and note.span.start.row == 4


def test_syntax_error_row_is_python_s_own() -> None:
    source = b"import keras\n\ndef build(:\n    pass\n\nx = 1\n"
    (finding,) = engine.lint_source(source, "broken.py").diagnostics
    assert finding.span is not None and finding.span.start.row == 3


def test_debug_shows_the_traceback_of_a_crashing_rule(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kerascheck.cli import main

    def explode(ctx: object) -> list[Diagnostic]:
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(registry.CHECKS, "KC210", explode)
    script = tmp_path / "train.py"
    script.write_text(SOFTMAX)
    assert main([str(script), "--no-config"]) == 2
    quiet = capsys.readouterr()
    assert "KC205" in quiet.out and "KC210 failed" in quiet.err and "Traceback" not in quiet.err
    assert main([str(script), "--no-config", "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_rescaling_after_augmentation_still_scales_the_input() -> None:
    source = textwrap.dedent(
        """\
        import keras
        (x, y), _ = keras.datasets.cifar10.load_data()
        model = keras.Sequential([
            keras.Input((32, 32, 3)),
            keras.layers.RandomFlip("horizontal"),
            keras.layers.Rescaling(1.0 / 255),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(x, y)
        """
    )
    assert codes(engine.lint_source(source.encode(), "t.py")) == []
    unscaled = source.replace("    keras.layers.Rescaling(1.0 / 255),\n", "")
    assert codes(engine.lint_source(unscaled.encode(), "t.py")) == ["KC101"]
