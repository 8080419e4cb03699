"""The dynamic checks as a user runs them: command-line flags, configuration, missing TensorFlow."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kerascheck.cli import main

ROOT = Path(__file__).parents[1]
SEED3 = ROOT / "fixtures" / "seed" / "example3.py"


def run_cli(
    *args: str, cwd: Path | None = None, prelude: str = ""
) -> subprocess.CompletedProcess[str]:
    code = f"{prelude}\nfrom kerascheck.cli import main\nraise SystemExit(main({list(args)!r}))"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_without_tensorflow_the_flags_exit_2_with_the_install_hint() -> None:
    hide = "import sys; sys.modules['tensorflow'] = None; sys.modules['keras'] = None"
    completed = run_cli(str(SEED3), "--instantiate", "--no-config", prelude=hide)
    assert completed.returncode == 2
    assert completed.stderr.strip().splitlines() == [
        "kerascheck: error: --instantiate and --train-check need TensorFlow and Keras: "
        "pip install 'kerascheck[tf]'"
    ]
    assert completed.stdout == ""


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--input-shape", "20,x"], "--input-shape: 'x' is not an integer"),
        (["--data", "missing.npz"], "--data: no such file"),
        (["--max-steps", "0"], "max_steps must be positive"),
    ],
)
def test_bad_dynamic_options_are_one_line_usage_errors(
    flags: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tensorflow")
    assert main([str(SEED3), "--instantiate", "--no-config", *flags]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_dynamic_config_table_is_validated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck.dynamic]\nmax-step = 10\n")
    (tmp_path / "train.py").write_text("import keras\n")
    assert main([str(tmp_path / "train.py")]) == 2
    assert "unknown key 'max-step' (did you mean 'max-steps'?)" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck.dynamic]\nmax-steps = -3\n")
    assert main([str(tmp_path / "train.py")]) == 2
    assert "max_steps must be positive" in capsys.readouterr().err


@pytest.mark.tf
def test_instantiate_confirms_the_static_finding_with_a_shape_table(tmp_path: Path) -> None:
    """One finding per problem: KC203 at 24:11 gets the build's confirmation, no KC901."""
    pytest.importorskip("tensorflow")
    completed = run_cli(
        str(SEED3), "--show-shapes", "--no-config", "--format", "text", cwd=tmp_path
    )
    assert completed.returncode == 1, completed.stderr
    lines = completed.stdout.splitlines()
    assert not any("KC901" in line for line in lines)
    at = next(i for i, line in enumerate(lines) if ":24:11: KC203 [error]" in line)
    assert ":24:11: note: confirmed: Keras fails to build here:" in lines[at + 1]
    assert "Shapes used to initialize" in lines[at + 1]
    assert any("<- does not build" in line and "TimeDistributed(LSTM)" in line for line in lines)


def small_classifier(optimizer: str) -> str:
    return textwrap.dedent(
        f"""\
        import numpy as np
        import keras
        x = np.random.rand(256, 8)
        y = (x.sum(axis=1) > 4).astype("int32")
        model = keras.Sequential([
            keras.Input((8,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer={optimizer},
                      loss="binary_crossentropy", metrics=["accuracy"])
        model.fit(x, y, epochs=5)
        """
    )


@pytest.mark.tf
def test_train_check_with_config_budgets_flags_a_frozen_learning_rate(tmp_path: Path) -> None:
    """A frozen learning rate is KC903; the fine model beside it is a note, not a finding."""
    pytest.importorskip("tensorflow")
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck.dynamic]\nmax-steps = 60\n")
    (tmp_path / "frozen.py").write_text(
        small_classifier("keras.optimizers.Adam(learning_rate=1e-8)")
    )
    (tmp_path / "fine.py").write_text(small_classifier('"adam"'))
    completed = run_cli("frozen.py", "fine.py", "--train-check", "--format", "json", cwd=tmp_path)
    findings = json.loads(completed.stdout)  # notes never enter the JSON findings
    assert {
        (Path(f["filename"]).name, f["code"]) for f in findings if f["code"].startswith("KC9")
    } == {("frozen.py", "KC903")}, completed.stdout + completed.stderr
    assert completed.returncode == 1
    assert "fine.py:5:9: training check passed" in completed.stderr


@pytest.mark.tf
def test_instantiate_rebuilds_saved_configs(tmp_path: Path) -> None:
    pytest.importorskip("tensorflow")
    configs = ROOT / "fixtures" / "configs"
    completed = run_cli(
        str(configs / "clean_classifier.keras"),
        str(configs / "binary_softmax.keras"),
        "--show-shapes",
        "--no-config",
        cwd=tmp_path,
    )
    assert "KC901 [error]" not in completed.stdout, completed.stdout
    assert "KC205 [error]" in completed.stdout  # the static rules still speak
    assert "LSTM        (batch, 16)" in completed.stdout  # built in Keras: real output shapes


@pytest.mark.tf
def test_a_passed_training_check_is_a_note_and_exits_0(tmp_path: Path) -> None:
    """Good news is not a finding: a summary line under "Dynamic checks", exit status 0."""
    pytest.importorskip("tensorflow")
    (tmp_path / "fine.py").write_text(small_classifier('"adam"'))
    completed = run_cli(
        "fine.py", "--train-check", "--no-config", "--max-steps", "100", cwd=tmp_path
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0] == "All checks passed!"
    assert lines[2] == "Dynamic checks:"
    assert lines[3].startswith("  fine.py:5:9: training check passed: loss ")
