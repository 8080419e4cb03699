"""The static path never imports TensorFlow, Keras, NumPy or pygls: linting stays fast and light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("tensorflow", "keras", "numpy", "pygls", "jax", "torch")
FIXTURE = Path(__file__).parents[1] / "fixtures" / "seed" / "example3.py"


def _imported_after(code: str) -> set[str]:
    probe = (
        "import sys\n"
        f"{code}\n"
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    return set(filter(None, output.split(",")))


def test_linting_a_keras_script_imports_nothing_heavy() -> None:
    code = (
        "from kerascheck.engine import lint_source\n"
        f"result = lint_source(open({str(FIXTURE)!r}, 'rb').read(), 'example3.py')\n"
        "assert result.diagnostics, 'the fixture should have findings'\n"
    )
    assert _imported_after(code) == set()


def test_the_cli_imports_nothing_heavy() -> None:
    code = (
        "from kerascheck.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main([{str(FIXTURE)!r}, '--format', 'json'])\n"
    )
    assert _imported_after(code) == set()


def test_importtime_of_version_shows_no_heavy_module() -> None:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kerascheck", "--version"],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0] for line in completed.stderr.splitlines()
    }
    assert imported.isdisjoint(HEAVY)
