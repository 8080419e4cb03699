"""Static linting speed against the floor it cannot beat: libcst parsing of the same files.

Usage: python benchmarks/bench_static.py [--files 300] [--repeat 5] [--long DIR] [FOLDER ...]

Two corpora are measured in the same run and the same process: the generated short scripts
of ``benchmarks/corpus.py`` (or the given folders) and the long keras.io-style scripts of
``benchmarks/long_corpus`` (300-600 lines, many helper functions, classes and loops). For each
it prints files/s and lines/s for plain libcst parsing and for kerascheck, and the ratio
between them; then the end-to-end time of one CLI invocation on one file (interpreter start-up
included). Timings are CPU time of this process (other jobs on a shared machine cost
wall-clock time, not CPU time), the median of --repeat rounds; within a round each file is
parsed and linted in turn, so that load from other jobs falls on both sides of the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import libcst as cst

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import write_corpus
from kerascheck.engine import lint_source
from kerascheck.settings import Settings

LONG_CORPUS = Path(__file__).resolve().parent / "long_corpus"
GOAL = 1.5


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """Best wall-clock time of ``repeat`` runs (the other benchmarks time commands with it)."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings)


@dataclass
class Corpus:
    name: str
    sources: list[tuple[str, bytes]]
    parse: float = 0.0
    lint: float = 0.0
    findings: int = 0

    @property
    def lines(self) -> int:
        return sum(source.count(b"\n") for _, source in self.sources)

    @property
    def ratio(self) -> float:
        return self.lint / self.parse

    def round(self, settings: Settings, lint_first: bool) -> tuple[float, float]:
        """CPU seconds to parse and to lint every file, the two alternating file by file: a
        busy moment of a shared machine then costs both sides of the ratio alike."""
        clock = time.process_time
        parse = lint = 0.0
        findings = 0
        for path, source in self.sources:
            for step in ("lint", "parse") if lint_first else ("parse", "lint"):
                start = clock()
                if step == "parse":
                    cst.parse_module(source.decode("utf-8"))
                    parse += clock() - start
                else:
                    findings += len(lint_source(source, path, settings).diagnostics)
                    lint += clock() - start
        self.findings = findings
        return parse, lint


def read(name: str, paths: list[Path]) -> Corpus:
    """The files libcst can parse (a script with a syntax error has no parse floor to compare
    with; it is left out and named)."""
    files = []
    for path in paths:
        source = path.read_bytes()
        try:
            cst.parse_module(source.decode("utf-8"))
        except (cst.ParserSyntaxError, UnicodeDecodeError):
            print(f"{path}: left out, libcst cannot parse it", file=sys.stderr)
            continue
        files.append((str(path), source))
    return Corpus(name, files)


def measure(corpora: list[Corpus], repeat: int, settings: Settings) -> None:
    """Medians over ``repeat`` rounds (after one warm-up round that fills the interpreter's
    own caches); odd rounds lint each file before parsing it, even rounds after."""
    for corpus in corpora:
        corpus.round(settings, lint_first=False)
    for corpus in corpora:
        rounds = [corpus.round(settings, lint_first=bool(i % 2)) for i in range(repeat)]
        corpus.parse = statistics.median(p for p, _ in rounds)
        corpus.lint = statistics.median(lint for _, lint in rounds)


def report(corpora: list[Corpus]) -> None:
    print(f"{'':<40}{'cpu s':>8}{'files/s':>10}{'lines/s':>11}{'ratio':>8}")
    for corpus in corpora:
        files = len(corpus.sources)
        print(f"{corpus.name}: {files} files, {corpus.lines} lines, {corpus.findings} findings")
        for name, seconds in (
            ("  libcst parse (floor)", corpus.parse),
            ("  kerascheck", corpus.lint),
        ):
            print(
                f"{name:<40}{seconds:>8.3f}{files / seconds:>10.0f}{corpus.lines / seconds:>11.0f}"
                f"{seconds / corpus.parse:>8.2f}"
            )
    ratios = ", ".join(f"{c.name} {c.ratio:.2f}" for c in corpora)
    print(f"ratio kerascheck / parse: {ratios}  (goal: <= {GOAL} on each)")


def _shown(folder: Path) -> str:
    """A corpus folder as the report names it: relative to the repository when inside it."""
    try:
        return str(folder.resolve().relative_to(LONG_CORPUS.parents[1]))
    except ValueError:
        return str(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folders", nargs="*", type=Path, help="lint these folders' .py files instead"
    )
    parser.add_argument("--files", type=int, default=300, help="size of the generated corpus")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--long", type=Path, default=LONG_CORPUS, help="the long-script corpus")
    parser.add_argument("--no-cli", action="store_true", help="skip the one-file CLI timing")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        if args.folders:
            paths = sorted(p for folder in args.folders for p in folder.rglob("*.py"))
            short = read("given folders", paths)
        else:
            paths = write_corpus(Path(tmp), args.files)
            short = read("short scripts (benchmarks/corpus.py)", paths)
        corpora = [
            short,
            read(f"long scripts ({_shown(args.long)})", sorted(args.long.glob("*.py"))),
        ]
        measure(corpora, args.repeat, Settings())
        single = None
        if not args.no_cli:
            single = best_of(
                args.repeat,
                lambda: subprocess.run(
                    [sys.executable, "-m", "kerascheck", str(paths[0])],
                    capture_output=True,
                    check=False,
                ),
            )

    report(corpora)
    if single is not None:
        print(f"one file end to end (CLI, start-up included): {single:.3f} s  (goal: < 0.5)")


if __name__ == "__main__":
    main()
