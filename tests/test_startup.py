"""What a pre-commit run imports: ``kerascheck --no-cache FILE`` starts a process per commit,
and every module it imports is paid at every start (see ``kerascheck/lazy.py``).

The tests check the structure, not the time (the machine running them may be busy): a run
lints a small script, then lists which of the modules it did not need were imported anyway.
``benchmarks/bench_lsp.py`` measures the time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIBRARIES = "kerascheck.frontends.python.libraries"

#: a script with no finding, calling numpy, scikit-learn and Keras only
CLEAN = """\
import numpy as np
from sklearn.model_selection import train_test_split
from tensorflow import keras

x = np.random.rand(100, 8)
y = (x.sum(axis=1) > 4).astype(int)
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2)
model = keras.Sequential(
    [
        keras.layers.Input((8,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, validation_data=(x_test, y_test))
"""

#: modules that linting CLEAN with --no-cache --no-config has no use for
UNNEEDED = (
    # output formats other than text, and fixing (no --fix, no fixable finding)
    "kerascheck.reporters.json",
    "kerascheck.reporters.json_lines",
    "kerascheck.reporters.sarif",
    "kerascheck.reporters.github",
    "kerascheck.reporters.lsp",
    "kerascheck.cli.fixing",
    "kerascheck.fixes",
    "kerascheck.apply",
    "kerascheck.replace",
    # other commands and paths: the dynamic checks, the server, the cache
    "kerascheck.dynamic",
    "kerascheck.lsp",
    "kerascheck.cache",
    # the readers of other kinds of files
    "kerascheck.frontends.config",
    "kerascheck.frontends.notebook",
    # data libraries the script does not call
    f"{LIBRARIES}.pandas",
    f"{LIBRARIES}.tensorflow",
    f"{LIBRARIES}.tf1_mnist",
    f"{LIBRARIES}.keras_data",
    f"{LIBRARIES}.keras_preprocessing",
    f"{LIBRARIES}.pyrandom",
    # stdlib modules only some runs need: hashes (the cache), TOML (a configuration file,
    # a finding's rule), suggestions, tracebacks (an internal error)
    "hashlib",
    "tomllib",
    "tomli",
    "difflib",
    "traceback",
    "pkgutil",
)

#: ``python -m kerascheck ARGS``, then the names of the imported modules on stdout
_PROBE = """\
import json, runpy, sys
sys.argv = ["kerascheck", *sys.argv[1:]]
try:
    runpy.run_module("kerascheck", run_name="__main__", alter_sys=True)
except SystemExit as stop:
    status = stop.code
sys.stdout.flush()
sys.__stderr__.write(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def _run(folder: Path, *args: str) -> tuple[int, set[str], str]:
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        cwd=folder,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        },
        check=False,
    )
    report = json.loads(completed.stderr.splitlines()[-1])
    return report["status"], set(report["modules"]), completed.stdout


def _unneeded(modules: set[str]) -> list[str]:
    return sorted(
        name
        for name in modules
        if any(name == prefix or name.startswith(prefix + ".") for prefix in UNNEEDED)
    )


@pytest.fixture
def clean_script(tmp_path: Path) -> Path:
    script = tmp_path / "train.py"
    script.write_text(CLEAN, encoding="utf-8")
    return script


def test_a_clean_run_imports_only_what_it_needs(clean_script: Path) -> None:
    status, modules, stdout = _run(
        clean_script.parent, "--no-cache", "--no-config", clean_script.name
    )
    assert status == 0, stdout
    assert "All checks passed!" in stdout
    assert _unneeded(modules) == []
    # the probe sees the run: what the script does call was imported
    assert {f"{LIBRARIES}.numpy", f"{LIBRARIES}.sklearn", "kerascheck.reporters.text"} <= modules


def test_a_library_module_is_imported_when_the_script_calls_that_library(
    clean_script: Path,
) -> None:
    clean_script.write_text(
        CLEAN + 'import pandas as pd\nframe = pd.read_csv("data.csv")\n', encoding="utf-8"
    )
    _, modules, _ = _run(clean_script.parent, "--no-cache", "--no-config", clean_script.name)
    assert f"{LIBRARIES}.pandas" in modules
    assert f"{LIBRARIES}.tensorflow" not in modules


def test_the_chosen_format_is_the_only_reporter_imported(clean_script: Path) -> None:
    _, modules, stdout = _run(
        clean_script.parent,
        "--no-cache",
        "--no-config",
        "--format",
        "json",
        clean_script.name,
    )
    assert json.loads(stdout) == []
    reporters = {name for name in modules if name.startswith("kerascheck.reporters.")}
    assert reporters == {"kerascheck.reporters.json"}


def test_a_fixable_finding_imports_the_fixes_but_not_the_fixing_command(
    clean_script: Path,
) -> None:
    clean_script.write_text(
        CLEAN.replace("epochs=5", "nb_epoch=5"),  # KC303, renamed by its fix
        encoding="utf-8",
    )
    status, modules, stdout = _run(
        clean_script.parent, "--no-cache", "--no-config", clean_script.name
    )
    assert status == 1 and "fixable with the `--fix` option" in stdout, stdout
    assert "kerascheck.fixes" in modules
    assert "kerascheck.cli.fixing" not in modules


def test_only_a_process_of_its_own_tunes_the_collector(clean_script: Path) -> None:
    probe = (
        "import contextlib, gc, io, sys\n"
        "from kerascheck.cli import main, collector\n"
        "before = (gc.get_threshold(), gc.get_freeze_count())\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--no-cache', '--no-config', {clean_script.name!r}])\n"
        "assert (gc.get_threshold(), gc.get_freeze_count()) == before\n"
        f"sys.argv = ['kerascheck', '--no-cache', '--no-config', {clean_script.name!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main()\n"
        "assert gc.get_threshold()[0] == collector.YOUNG_THRESHOLD\n"
        "assert gc.get_freeze_count() > 0\n"
        "print('tuned')\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=clean_script.parent,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        },
        check=False,
    )
    assert completed.stdout == "tuned\n", completed.stderr
