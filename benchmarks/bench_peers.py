"""kerascheck against the floor it cannot beat and against peer linters, same corpus, same run.

Usage: python benchmarks/bench_peers.py [--files 300] [--repeat 3] [FOLDER ...]

Rows, all over the same files:

- the floor: libcst parsing plus the libcst metadata kerascheck uses, in one process, imports
  excluded. kerascheck uses no metadata provider (positions are computed only for the
  statements that hold a finding), so the floor is the parse alone. Also shown as a process
  (interpreter start-up and ``import libcst`` included), to compare with command lines.
- kerascheck: in one process through ``lint_source`` (imports excluded), and as the command
  ``kerascheck --no-cache`` with one process and with one per core (start-up included);
- peers, each as its command with its defaults, skipped when not installed: Fixit with its
  default rules (``fixit lint``), pylint with every check disabled (``--disable=all``; pylint 4
  then exits at once with "No files to lint", so ``--enable=syntax-error`` keeps it parsing
  every file with astroid while checking nothing), ``ruff check --no-cache`` (its default
  rules).

Ratios are each row's time over the in-process floor, and each peer's time over the
kerascheck command's (how many times faster kerascheck is).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import libcst as cst

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_static import best_of
from benchmarks.bench_throughput import cli_env
from benchmarks.corpus import write_corpus
from kerascheck.engine import lint_source
from kerascheck.settings import Settings

FLOOR_SCRIPT = (
    "import sys, libcst\nfor p in sys.argv[1:]:\n    libcst.parse_module(open(p).read())\n"
)


def tool(name: str) -> str | None:
    """A console script next to this interpreter (the same venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def command(argv: list[str]) -> Callable[[], object]:
    return lambda: subprocess.run(argv, capture_output=True, check=False, env=cli_env())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="use these folders' .py files")
    parser.add_argument("--files", type=int, default=300, help="size of the generated corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peer-repeat", type=int, default=1, help="repeats for slow peers")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        if args.folders:
            folder.mkdir()
            for index, path in enumerate(p for f in args.folders for p in sorted(f.rglob("*.py"))):
                (folder / f"{index:05d}_{path.name}").write_bytes(path.read_bytes())
        else:
            write_corpus(folder, args.files)
        paths = sorted(folder.glob("*.py"))
        sources = [(str(p), p.read_bytes()) for p in paths]
        lines = sum(source.count(b"\n") for _, source in sources)
        settings = Settings()

        def parse_all() -> None:
            for _, source in sources:
                cst.parse_module(source.decode("utf-8"))

        def lint_all() -> None:
            for path, source in sources:
                lint_source(source, path, settings)

        lint_all()
        kerascheck = [sys.executable, "-m", "kerascheck", "--no-cache", "-q", "--exit-zero"]
        command([*kerascheck, str(folder)])()  # bytecode cache
        floor_process = command([sys.executable, "-c", FLOOR_SCRIPT, *map(str, paths)])
        rows: list[tuple[str, float | None, bool]] = [
            ("libcst parse (floor), in-process", best_of(args.repeat, parse_all), False),
            ("libcst parse (floor), a process", best_of(args.repeat, floor_process), False),
            ("kerascheck, in-process, 1 core", best_of(args.repeat, lint_all), False),
            (
                "kerascheck --jobs 1",
                best_of(args.repeat, command([*kerascheck, "--jobs", "1", str(folder)])),
                False,
            ),
            (
                f"kerascheck ({cores} cores)",
                best_of(args.repeat, command([*kerascheck, str(folder)])),
                False,
            ),
        ]
        pylint = ["--disable=all", "--enable=syntax-error", "--score=n", "--recursive=y"]
        peers = [
            ("Fixit, default rules", "fixit", ["lint", str(folder)], args.peer_repeat),
            ("pylint, parse only", "pylint", [*pylint, str(folder)], args.peer_repeat),
            ("ruff check", "ruff", ["check", "--no-cache", "--isolated", str(folder)], args.repeat),
        ]
        for name, executable, arguments, repeat in peers:
            found = tool(executable)
            if found is None:
                rows.append((f"{name} (not installed)", None, True))
                continue
            rows.append((name, best_of(repeat, command([found, *arguments])), True))

    floor = rows[0][1] or 1.0
    ours = rows[4][1] or 1.0
    print(f"corpus: {len(sources)} files, {lines} lines; {cores} cores; best of {args.repeat}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (other processes skew timings)")
    print(f"{'':<36}{'seconds':>9}{'files/s':>9}{'/ floor':>9}{'/ kerascheck':>14}")
    for name, seconds, peer in rows:
        if seconds is None:
            print(f"{name:<36}{'-':>9}")
            continue
        versus = f"{seconds / ours:.1f}x" if peer else ""
        print(
            f"{name:<36}{seconds:>9.2f}{len(sources) / seconds:>9.0f}"
            f"{seconds / floor:>9.2f}{versus:>14}"
        )


if __name__ == "__main__":
    main()
