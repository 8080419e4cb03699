"""Peak memory (RSS) of the worst inputs under the limits, in every mode.

Usage: python benchmarks/bench_memory.py [--modes default,-j1,--fix,--diff,lsp]

Each input is linted alone, in a fresh process, in each mode:

- ``default``: ``kerascheck FILE`` (a file over 256 KB goes to a worker process);
- ``-j1``: everything in the kerascheck process itself;
- ``--fix`` and ``--diff``: fixing lints the file again after each round;
- ``lsp``: the language server's linting function (``DocumentLinter.lint``) on the text.

The figure is the peak resident memory of the process and of every process it waited for
(its workers, the HDF5 reader), from ``wait4``: what the machine had to give the run. The
inputs are the reproducers of the issue "nothing lost, nothing hung" (nested loops, list
multiplication, string doubling, 9.9 MB of assignments, 3 GB saved models), and the largest
source that is still parsed (just under the token limit, made of layer calls, the densest
code for libcst's tree).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kerascheck.limits import MAX_PARSED_TOKENS, _words  # noqa: E402

NESTED_LOOPS = (
    "import keras\ntotal = 0\n"
    "for a in range(64):\n    for b in range(64):\n        for c in range(64):\n"
    "            for d in range(64):\n                for e in range(64):\n"
    "                    total = total + 1\n"
    "model = keras.Sequential([keras.layers.Dense(1)])\n"
    "model.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss='mse')\n"
)


def _dense_calls_under_the_token_limit() -> str:
    """Layer calls up to 97% of the token limit: the largest tree libcst is asked to build."""
    line = "model.add(keras.layers.Dense({0}, activation='relu', name='d{0}'))  # {0}\n"
    per_line = sum(1 for _ in _words().finditer(line.format(0)))  # as the limit counts them
    count = int(MAX_PARSED_TOKENS * 0.97) // per_line
    head = "import keras\nmodel = keras.Sequential()\n"
    return head + "".join(line.format(index) for index in range(count))


INPUTS: dict[str, Callable[[], str]] = {
    "nested_loops.py": lambda: NESTED_LOOPS,
    "list_multiplication.py": lambda: "import keras\na = [0] * 64\n" + "a = a * 64\n" * 6,
    "string_doubling.py": lambda: "import keras\ns = 'xx'\n" + "s = s + s\n" * 40,
    "assignments_9_9_mb.py": lambda: "import keras\n" + "x = 1\n" * 1_650_000,
    "dense_calls_max_tokens.py": _dense_calls_under_the_token_limit,
}
#: Saved models of 3 GB (sparse files: no disk space): read whole, one took 6 GB.
SPARSE_MODELS = {
    "model_3_gb.json": b'{"module": "keras", "class_name": "Sequential", "config": {"layers": [',
    "model_3_gb.keras": b"PK\x03\x04",
}
SPARSE_SIZE = 3 * 1024**3
MODES = ("default", "-j1", "--fix", "--diff", "lsp")

_LSP = """
import sys
from kerascheck.lsp.linting import DocumentLinter
path = sys.argv[1]
DocumentLinter().lint("file:///" + path, open(path, encoding="utf-8").read(), path)
"""


def peak(command: list[str], cwd: Path) -> tuple[float, float]:
    """(peak RSS in MB of the command and the processes it waited for, seconds)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "KERASCHECK_NO_CACHE": "1"}
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped by wait4 already
    return usage.ru_maxrss / 1024, time.monotonic() - started


def command_for(mode: str, name: str) -> list[str]:
    if mode == "lsp":
        return [sys.executable, "-c", _LSP, name]
    flags = [] if mode == "default" else [mode]
    return [sys.executable, "-m", "kerascheck", "-q", "--exit-zero", *flags, name]


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default=",".join(MODES))
    modes = parser.parse_args().modes.split(",")
    folder = Path(tempfile.mkdtemp(prefix="kerascheck-memory-"))
    try:
        originals = {}
        for name, make in INPUTS.items():
            originals[name] = make()
        print(f"| input | size | {' | '.join(modes)} |")
        print(f"|---|---|{'---|' * len(modes)}")
        worst = 0.0
        for name, text in originals.items():
            cells = []
            for mode in modes:
                (folder / name).write_text(text, encoding="utf-8")  # --fix may change it
                megabytes, seconds = peak(command_for(mode, name), folder)
                worst = max(worst, megabytes)
                cells.append(f"{megabytes:.0f} MB ({seconds:.1f} s)")
            shown = _size(len(text.encode()))
            print(f"| {name} | {shown} | {' | '.join(cells)} |", flush=True)
        for name, head in SPARSE_MODELS.items():
            with open(folder / name, "wb") as handle:
                handle.write(head)
                handle.truncate(SPARSE_SIZE)
            cells = []
            for mode in modes:
                if mode == "lsp":  # the language server lints Python documents only
                    cells.append("-")
                    continue
                megabytes, seconds = peak(command_for(mode, name), folder)
                worst = max(worst, megabytes)
                cells.append(f"{megabytes:.0f} MB ({seconds:.1f} s)")
            print(f"| {name} | 3.0 GB | {' | '.join(cells)} |", flush=True)
        print(f"\nworst peak: {worst:.0f} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
