"""Cold versus warm cache, over a corpus and for one file end to end.

Usage: python benchmarks/bench_cache.py [--files 300] [--repeat 3]

Every row is the ``kerascheck`` command, start-up included, with the cache in a temporary
folder (``--cache-dir``):

- ``--no-cache``: analyse everything, write nothing;
- cold: an empty cache, so everything is analysed and every entry written;
- warm: the same files again, unchanged: every result comes from the cache, and neither
  libcst nor the checks are imported.

Then the same three for a single file, and ``kerascheck --version`` (the start-up floor).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_static import best_of
from benchmarks.bench_throughput import cli_env
from benchmarks.corpus import write_corpus


def kerascheck(*args: str) -> None:
    options = ["-q", "--exit-zero"] if args != ("--version",) else []
    subprocess.run(
        [sys.executable, "-m", "kerascheck", *options, *args],
        capture_output=True,
        check=True,
        env=cli_env(),
    )


def measure(target: Path, cache: Path, repeat: int) -> tuple[float, float, float]:
    """(--no-cache, cold, warm) seconds for linting ``target``."""
    uncached = best_of(repeat, lambda: kerascheck("--no-cache", str(target)))

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        kerascheck("--cache-dir", str(cache), str(target))

    cold_time = best_of(repeat, cold)
    kerascheck("--cache-dir", str(cache), str(target))
    warm_time = best_of(repeat, lambda: kerascheck("--cache-dir", str(cache), str(target)))
    return uncached, cold_time, warm_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        paths = write_corpus(corpus, args.files)
        cache = Path(tmp) / "cache"
        kerascheck("--no-cache", str(corpus))  # bytecode cache, file system cache
        many = measure(corpus, cache, args.repeat)
        one = measure(paths[0], Path(tmp) / "one-cache", args.repeat * 2)
        version = best_of(args.repeat * 2, lambda: kerascheck("--version"))

    print(f"kerascheck end to end, best of {args.repeat}; cache in a temporary folder")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (other processes skew timings)")
    print(f"{'':<28}{'--no-cache':>11}{'cold':>8}{'warm':>8}{'cold/warm':>11}")
    for name, (uncached, cold, warm) in (
        (f"{args.files} files", many),
        ("one file", one),
    ):
        print(f"{name:<28}{uncached:>11.3f}{cold:>8.3f}{warm:>8.3f}{cold / warm:>10.1f}x")
    print(f"{'kerascheck --version':<28}{version:>11.3f}")


if __name__ == "__main__":
    main()
