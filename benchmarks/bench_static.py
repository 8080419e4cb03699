"""Static linting speed against the floor it cannot beat: libcst parsing of the same files.

Usage: python benchmarks/bench_static.py [--files 300] [FOLDER ...]

Prints files/s and lines/s for plain libcst parsing and for kerascheck (one process, same
run, same files), the ratio between them, and the end-to-end time of one CLI invocation on one
file (interpreter start-up included). Timings are the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import libcst as cst

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import write_corpus
from kerascheck.engine import lint_source
from kerascheck.settings import Settings


def best_of(repeat: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folders", nargs="*", type=Path, help="lint these folders' .py files instead"
    )
    parser.add_argument("--files", type=int, default=300, help="size of the generated corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        if args.folders:
            paths = sorted(p for folder in args.folders for p in folder.rglob("*.py"))
        else:
            paths = write_corpus(Path(tmp), args.files)
        sources = [(str(p), p.read_bytes()) for p in paths]
        lines = sum(source.count(b"\n") for _, source in sources)
        settings = Settings()

        def parse_all() -> None:
            for _, source in sources:
                cst.parse_module(source.decode("utf-8"))

        findings = 0

        def lint_all() -> None:
            nonlocal findings
            findings = sum(
                len(lint_source(source, path, settings).diagnostics) for path, source in sources
            )

        lint_all()  # warm imports and caches of the interpreter itself
        parse = best_of(args.repeat, parse_all)
        lint = best_of(args.repeat, lint_all)

        one_file = paths[0]
        single = best_of(
            args.repeat,
            lambda: subprocess.run(
                [sys.executable, "-m", "kerascheck", str(one_file)],
                capture_output=True,
                check=False,
            ),
        )

    print(f"corpus: {len(sources)} files, {lines} lines, {findings} findings")
    print(f"{'':<28}{'seconds':>9}{'files/s':>10}{'lines/s':>11}")
    for name, seconds in (("libcst parse (floor)", parse), ("kerascheck (1 process)", lint)):
        print(f"{name:<28}{seconds:>9.3f}{len(sources) / seconds:>10.0f}{lines / seconds:>11.0f}")
    print(f"ratio kerascheck / parse: {lint / parse:.2f}  (goal: <= 1.5)")
    print(f"one file end to end (CLI, start-up included): {single:.3f} s  (goal: < 0.5)")


if __name__ == "__main__":
    main()
