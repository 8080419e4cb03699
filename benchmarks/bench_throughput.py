"""Throughput of the kerascheck command on corpora of growing size: does cost grow linearly?

Usage: python benchmarks/bench_throughput.py [--base 50] [--jobs N] [FOLDER ...]
       python benchmarks/bench_throughput.py --break-even

Generates the benchmark corpus (benchmarks/corpus.py) at 1x, 4x and 16x ``--base`` files and
times ``kerascheck --no-cache`` on each, end to end (interpreter start-up included), with the
default number of processes and with one; FOLDERs given on the command line are timed the
same way. ``growth`` is each corpus's time over the 1x time: linear cost keeps it at or below
the size factor (start-up is paid once, so it stays below).

``--break-even`` measures, inside one process, linting the first n files in this process
against a pool of worker processes: the smallest n where the pool wins is
``kerascheck.parallel.POOL_MIN_FILES``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_static import best_of
from benchmarks.corpus import write_corpus

SCALES = (1, 4, 16)


def cli_env() -> dict[str, str]:
    """The environment of an installed kerascheck: bytecode cached (outside the checkout)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "kerascheck-bench-pycache")
    return env


def run_cli(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "kerascheck", "--no-cache", "-q", "--exit-zero", *args],
        capture_output=True,
        check=True,
        env=cli_env(),
    )


def count_lines(folder: Path) -> tuple[int, int]:
    files = sorted(folder.rglob("*.py"))
    return len(files), sum(path.read_bytes().count(b"\n") for path in files)


def throughput(args: argparse.Namespace) -> None:
    jobs = args.jobs or len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        targets = [(f"{scale}x corpus", Path(tmp) / f"x{scale}", scale) for scale in SCALES]
        for _, folder, scale in targets:
            write_corpus(folder, args.base * scale)
        targets += [(str(folder), folder, None) for folder in args.folders]
        run_cli(str(targets[0][1]))  # warm the bytecode cache and the file system

        header = (
            f"{'':<16}{'files':>7}{'lines':>9}{f'{jobs} jobs s':>11}{'files/s':>9}"
            f"{'lines/s':>10}{'growth':>8}{'1 job s':>9}{'growth':>8}"
        )
        print(f"kerascheck --no-cache, end to end, best of {args.repeat}; jobs = {jobs}")
        print(header)
        first: tuple[float, float] | None = None
        for name, folder, scale in targets:
            files, lines = count_lines(folder)
            many = best_of(args.repeat, lambda f=folder: run_cli("--jobs", str(jobs), str(f)))
            one = best_of(args.repeat, lambda f=folder: run_cli("--jobs", "1", str(f)))
            if first is None:
                first = (many, one)
            grew = f"{many / first[0]:.1f}x" if scale else ""
            grew_one = f"{one / first[1]:.1f}x" if scale else ""
            print(
                f"{name:<16}{files:>7}{lines:>9}{many:>11.2f}{files / many:>9.0f}"
                f"{lines / many:>10.0f}{grew:>8}{one:>9.2f}{grew_one:>8}"
            )


def break_even(args: argparse.Namespace) -> None:
    from kerascheck import parallel
    from kerascheck.parallel import Task, lint_all
    from kerascheck.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), 24)
        tasks = [Task(str(p), p.read_bytes(), Settings()) for p in paths]
        lint_all(tasks, 1)  # imports, catalogue
        jobs = args.jobs or len(os.sched_getaffinity(0))
        print(f"files  in-process s  pool of {jobs} s  pool/in-process")
        for count in (1, 2, 3, 4, 5, 6, 8, 12, 16, 24):
            subset = tasks[:count]
            alone = best_of(args.repeat * 3, lambda s=subset: lint_all(s, 1))
            pooled = best_of(
                args.repeat * 3,
                lambda s=subset: parallel._Pool(min(jobs, len(s))).run(s, None),
            )
            print(f"{count:>5}{alone:>14.4f}{pooled:>15.4f}{pooled / alone:>17.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="also time these folders")
    parser.add_argument("--base", type=int, default=50, help="files in the 1x corpus")
    parser.add_argument("--jobs", type=int, default=0, help="processes (default: cores)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--break-even", action="store_true", help="pool vs in-process by size")
    args = parser.parse_args()
    start = time.perf_counter()
    (break_even if args.break_even else throughput)(args)
    load = os.getloadavg()[0]
    print(f"(benchmark took {time.perf_counter() - start:.0f} s; load average {load:.2f})")


if __name__ == "__main__":
    main()
