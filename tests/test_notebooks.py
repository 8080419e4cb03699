"""Jupyter notebooks: code cells linted as one program, findings named by cell and row.

The fixture notebooks (``fixtures/notebooks``) carry their expected findings in
``expected.toml``; the other tests build small notebooks the way nbformat writes them and
check what users see: ``train.ipynb:cell 3:4:9`` in text, ``cell`` in JSON, magics that do
not shift rows, and ``--fix`` that touches nothing but the fixed cells' source.
"""

from __future__ import annotations

import difflib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kerascheck.cli import main
from kerascheck.engine import lint_source
from kerascheck.ipynb import parse_notebook, to_python
from kerascheck.reporters import ReportOptions
from kerascheck.reporters.text import report as text_report

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

NOTEBOOKS = Path(__file__).resolve().parent.parent / "fixtures" / "notebooks"
EXPECTED = tomllib.loads((NOTEBOOKS / "expected.toml").read_text(encoding="utf-8"))

PYTHON_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python", "version": "3.11.7"},
}


def code(source: str, outputs: list[Any] | None = None, count: int | None = None) -> dict:
    return {
        "cell_type": "code",
        "execution_count": count,
        "metadata": {},
        "outputs": outputs or [],
        "source": source.splitlines(True),
    }


def markdown(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source.splitlines(True)}


def notebook(*cells: dict, metadata: dict | None = None, indent: int | None = 1) -> str:
    document = {
        "cells": list(cells),
        "metadata": PYTHON_METADATA if metadata is None else metadata,
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(document, sort_keys=True, indent=indent, ensure_ascii=False) + "\n"


IMPORTS = "import numpy as np\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n"
#: cell 3, row 4: ``h_one = layers.GRU(64)(inputs)`` with the GRU call at column 9
MODEL = """\
%time
inputs = keras.Input(shape=(20, 1))
!echo building
h_one = layers.GRU(64)(inputs)
h_two = layers.GRU(32)(h_one)
outputs = layers.Dense(1, activation="sigmoid")(h_two)
model = keras.Model(inputs, outputs)
"""
TRAIN = """\
x = np.random.rand(200, 20, 1)
y = (x.sum(axis=(1, 2)) > 10).astype("int32")
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5)
"""


def write(folder: Path, text: str, name: str = "train.ipynb") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings(path: Path) -> set[str]:
    result = lint_source(path.read_bytes(), str(path))
    assert not result.internal_errors
    return {f"{d.code}:cell {d.cell}:{d.span.start.row}" for d in result.diagnostics}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\n", encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# ---------------------------------------------------------------------------------------
# The fixture notebooks


def test_every_fixture_notebook_has_an_entry() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_notebook_findings(name: str) -> None:
    assert findings(NOTEBOOKS / name) == set(EXPECTED[name]["findings"])


# ---------------------------------------------------------------------------------------
# Where findings are reported


def test_text_output_names_the_cell_and_the_row_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, notebook(markdown("# Stacked GRUs\n"), code(IMPORTS), code(MODEL), code(TRAIN)))
    status, out, err = run(capsys, "train.ipynb")
    assert (status, err) == (1, "")
    assert out.startswith("train.ipynb:cell 3:4:9: KC201 [error] GRU(64) feeds GRU(32)")
    assert out.splitlines()[-1] == "[*] 1 fixable with the `--fix` option."


def test_json_output_has_the_cell_and_rows_within_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, notebook(markdown("# Stacked GRUs\n"), code(IMPORTS), code(MODEL), code(TRAIN)))
    status, out, _ = run(capsys, "--format", "json", "train.ipynb")
    [finding] = json.loads(out)
    assert status == 1
    assert (finding["code"], finding["cell"]) == ("KC201", 3)
    assert finding["location"] == {"row": 4, "column": 9}
    assert finding["end_location"] == {"row": 4, "column": 23}
    [edit] = finding["fix"]["edits"]
    assert edit == {
        "content": ", return_sequences=True",
        "location": {"row": 4, "column": 22},
        "end_location": {"row": 4, "column": 22},
    }


def test_related_notes_in_another_cell_name_that_cell(tmp_path: Path) -> None:
    labels = "x = np.random.rand(100, 8)\ny = np.random.randint(0, 2, 100)\n"
    model = (
        "model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(1, activation='sigmoid')])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
        "model.fit(x, y, epochs=3)\n"
    )
    path = write(tmp_path, notebook(code(IMPORTS), code(labels), code(model)))
    [finding] = lint_source(path.read_bytes(), str(path)).diagnostics
    assert (finding.code, finding.cell, finding.span.start.row) == ("KC102", 3, 3)
    [note] = finding.related
    assert (note.cell, note.span.start.row, note.span.start.column) == (2, 2, 5)
    out = io.StringIO()
    text_report([finding], out, ReportOptions(color=False))
    assert ":cell 2:2:5: note: random labels" in out.getvalue()


def test_noqa_in_a_cell_suppresses(tmp_path: Path) -> None:
    suppressed = MODEL.replace("(inputs)\n", "(inputs)  # noqa: KC201\n", 1)
    path = write(tmp_path, notebook(code(IMPORTS), code(suppressed), code(TRAIN)))
    assert findings(path) == set()


def test_a_syntax_error_names_its_cell(tmp_path: Path) -> None:
    path = write(tmp_path, notebook(code(IMPORTS), markdown("text"), code("x = (1,\n")))
    assert findings(path) == {"KC001:cell 3:1"}


def test_not_a_notebook_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path, '{"cells": [}\n')
    [finding] = lint_source(path.read_bytes(), str(path)).diagnostics
    assert finding.code == "KC002" and finding.cell is None
    assert finding.message.endswith("not valid JSON: Expecting value (line 1, column 12)")
    # placed where the message says, as a JSON error in any editor would be
    assert (finding.span.start.row, finding.span.start.column) == (1, 12)


def test_other_kernels_and_notebooks_without_keras_are_skipped(tmp_path: Path) -> None:
    r_kernel = {"kernelspec": {"language": "R", "name": "ir", "display_name": "R"}}
    path = write(tmp_path, notebook(code(IMPORTS + MODEL), metadata=r_kernel))
    assert findings(path) == set()
    path = write(tmp_path, notebook(code("import pandas as pd\npd.read_csv?\n")))
    assert findings(path) == set()


def test_folders_are_searched_for_notebooks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, notebook(code(IMPORTS), code(MODEL), code(TRAIN)), "analysis/explore.ipynb")
    status, out, _ = run(capsys, "--quiet", ".")
    assert status == 1
    assert out.startswith("analysis/explore.ipynb:cell 2:4:9: KC201")


# ---------------------------------------------------------------------------------------
# IPython syntax


@pytest.mark.parametrize(
    ("line", "python"),
    [
        ("%matplotlib inline", "pass"),
        ("!pip install -q tensorflow", "pass"),
        ("files = !ls data/", "pass"),
        ("    %time model.fit(x, y)", "    pass"),
        ("model.fit?", "pass"),
        ("??keras.layers.LSTM", "pass"),
        ("x = 3  # is it?", "x = 3  # is it?"),
        ("rate = 100 % 7", "rate = 100 % 7"),
    ],
)
def test_line_magics_become_pass_at_their_indentation(line: str, python: str) -> None:
    assert to_python(line) == python


def test_magic_syntax_inside_brackets_and_strings_is_python() -> None:
    source = 'message = ("%d epochs"\n           % 5)\ndoc = """\n!not a shell escape\n"""\n'
    assert to_python(source) == source


def test_a_shell_escape_continued_with_backslashes_stays_one_statement() -> None:
    assert to_python("!pip install \\\n    tensorflow\nimport keras\n") == (
        "pass\npass\nimport keras\n"
    )


def test_cell_magics_skip_the_cell_unless_their_body_is_python() -> None:
    assert to_python("%%bash\nls -la\n") == "\n\n"
    assert to_python("%%writefile model.py\nimport keras\n") == "\n\n"
    assert to_python("%%time\nmodel.fit(x, y)\n") == "\nmodel.fit(x, y)\n"


def test_rows_of_the_program_map_to_cells() -> None:
    text = notebook(markdown("m"), code("a = 1\nb = 2"), code(""), code("%%bash\nls\n"), code("c"))
    parsed = parse_notebook(text.encode())
    assert parsed.program == "a = 1\nb = 2\n\n\nc\n"
    assert [(c.number, c.first_row, c.rows) for c in parsed.cells] == [
        (2, 1, 2),
        (3, 3, 0),
        (4, 3, 2),
        (5, 5, 1),
    ]


# ---------------------------------------------------------------------------------------
# --fix and --diff


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line.startswith(("- ", "+ "))
    ]


def test_fix_changes_only_the_fixed_cells_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = [
        {
            "name": "stdout",
            "output_type": "stream",
            "text": ['Model: "functional"\n', "é ✓\n"],
        }
    ]
    cells = [markdown("# Stacked GRUs ✓\n"), code(IMPORTS, count=1), code(MODEL, outputs, 2)]
    cells.append(code(TRAIN.replace("epochs=5", "nb_epoch=5"), count=3))
    cells[2]["metadata"] = {"scrolled": True, "tags": ["model"]}
    original = notebook(*cells)
    path = write(tmp_path, original)

    status, out, _ = run(capsys, "--fix", "train.ipynb")
    assert (status, out) == (0, "Found 2 problems (2 fixed, 0 remaining).\n")
    fixed = path.read_text(encoding="utf-8")
    assert _changed_lines(original, fixed) == [
        '-     "h_one = layers.GRU(64)(inputs)\\n",',
        '+     "h_one = layers.GRU(64, return_sequences=True)(inputs)\\n",',
        '-     "model.fit(x, y, nb_epoch=5)\\n"',
        '+     "model.fit(x, y, epochs=5)\\n"',
    ]
    before, after = json.loads(original), json.loads(fixed)
    for cell in (*before["cells"], *after["cells"]):
        cell.pop("source")
    assert before == after  # outputs, metadata, execution counts: untouched
    assert fixed.endswith("}\n") and "✓" in fixed  # nbformat's layout: no ASCII escapes

    assert run(capsys, "--fix", "train.ipynb")[0] == 0
    assert path.read_text(encoding="utf-8") == fixed


def test_fix_keeps_a_compact_notebook_compact(tmp_path: Path) -> None:
    cells = [code(IMPORTS), code(MODEL), code(TRAIN)]
    cells[1]["source"] = MODEL  # one string instead of a list of lines
    original = notebook(*cells, indent=None)
    path = write(tmp_path, original)
    assert main(["--quiet", "--fix", "train.ipynb"]) == 0
    fixed = path.read_text(encoding="utf-8")
    expected = original.replace("GRU(64)(inputs)", "GRU(64, return_sequences=True)(inputs)")
    assert fixed == expected


def test_diff_shows_the_cells_that_would_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = (NOTEBOOKS / "sensor_stacked_gru_keras2.ipynb").read_bytes()
    path = tmp_path / "train.ipynb"
    shutil.copy(NOTEBOOKS / "sensor_stacked_gru_keras2.ipynb", path)
    status, out, err = run(capsys, "--diff", "train.ipynb")
    assert status == 1 and path.read_bytes() == original
    assert out.startswith("--- train.ipynb:cell 5\n+++ train.ipynb:cell 5\n")
    assert "--- train.ipynb:cell 6\n+++ train.ipynb:cell 6\n" in out
    assert "+model.add(GRU(64, input_shape=(50, 8), return_sequences=True))  # encoder\n" in out
    assert '-model.add(Dense(1, activation="softmax"))' not in out  # unsafe: not without the flag
    assert err == "Would fix 3 problems.\n"


# ---------------------------------------------------------------------------------------
# Automagics and cells that do not parse


@pytest.mark.parametrize(
    "cell",
    [
        "pip install -q tensorflow\n",
        "cd data\n",
        "pip\n",
        "conda install -y scikit-learn\n",
        "time model.fit(x)\n",
        "    load_ext autoreload\n",
    ],
)
def test_a_cell_starting_with_an_automagic_is_skipped_whole(cell: str) -> None:
    assert to_python(cell + "x = (\n") == "\n" * (cell + "x = (\n").count("\n")


@pytest.mark.parametrize(
    "cell",
    ["pip = 3\n", "time += 1\n", "cd, x = 1, 2\n", "pip.main(['install'])\n", "x = 1\ncd data\n"],
)
def test_a_magic_name_used_as_python_stays_python(cell: str) -> None:
    assert to_python(cell) == cell


COLAB = NOTEBOOKS / "colab_har_lstm_automagic.ipynb"


def test_ruff_accepts_the_automagic_cells_too() -> None:
    """The notebook's only syntax error for ruff is the cell that really does not parse."""
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is in the test extra")
    out = subprocess.run(
        [ruff, "check", "--no-cache", "--isolated", "--select", "E9", str(COLAB)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert "cell 13:" in out
    assert [line for line in out.splitlines() if "-->" in line and "cell 13:" not in line] == []


def test_a_broken_cell_is_a_finding_for_that_cell_only(tmp_path: Path) -> None:
    broken = code("model.compile(optimizer='adam',\n")
    path = write(tmp_path, notebook(code(IMPORTS), broken, code(MODEL), code(TRAIN)))
    assert findings(path) == {"KC001:cell 2:1", "KC201:cell 3:4"}
    [error] = [d for d in lint_source(path.read_bytes(), str(path)).diagnostics if d.cell == 2]
    assert error.message == "Syntax error in this cell: '(' was never closed"
    assert "checked the other cells without this one" in error.help


def test_every_broken_cell_gets_its_own_finding(tmp_path: Path) -> None:
    cells = [code(IMPORTS), code("def f(:\n"), code(MODEL), code("x = ]\n"), code(TRAIN)]
    path = write(tmp_path, notebook(*cells))
    assert findings(path) == {"KC001:cell 2:1", "KC001:cell 4:1", "KC201:cell 3:4"}


def test_a_shell_alias_without_a_bang_is_told_how_to_write_it(tmp_path: Path) -> None:
    path = write(tmp_path, notebook(code(IMPORTS), code("mkdir -p data/raw\n"), code(MODEL)))
    result = lint_source(path.read_bytes(), str(path))
    [error] = [d for d in result.diagnostics if d.code == "KC001"]
    assert error.cell == 2 and "`!mkdir -p data/raw`" in error.help
    assert "KC201" in {d.code for d in result.diagnostics}


def test_fix_leaves_a_broken_cell_alone_and_fixes_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "train.ipynb"
    shutil.copy(COLAB, path)
    status, out, err = run(capsys, "--fix", "train.ipynb")
    assert status == 1, err
    assert "Found 3 problems (1 fixed, 2 remaining)." in out
    fixed = json.loads(path.read_text(encoding="utf-8"))
    original = json.loads(COLAB.read_text(encoding="utf-8"))
    assert "LSTM(64, return_sequences=True)" in "".join(fixed["cells"][9]["source"])
    assert fixed["cells"][12] == original["cells"][12]  # the broken cell, as it was


@pytest.mark.tf
def test_show_shapes_names_cells_and_rows_in_them(tmp_path: Path) -> None:
    """The table reads like the findings: path relative to the working folder, cell N:row."""
    pytest.importorskip("tensorflow")
    (tmp_path / "analysis").mkdir()
    shutil.copy(NOTEBOOKS / "mnist_mlp_clean.ipynb", tmp_path / "analysis" / "mnist.ipynb")
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "kerascheck",
            "--no-config",
            "--show-shapes",
            "analysis/mnist.ipynb",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout
    assert "sequential model at analysis/mnist.ipynb:cell 5:1 (203,530 parameters)" in out
    assert "  cell 5:3  Dense    (batch, 256)  200,960" in out
