"""Linting the selected files: the cache, the worker processes, the time budgets, Keras.

``check`` hands its ``(path, settings)`` jobs here and gets back one result per file. The
heavy parts are imported inside the functions (the cache, the workers, and the dynamic
package, which alone may start TensorFlow) so that starting the command line stays cheap.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from kerascheck.cli.progress import Progress
from kerascheck.cli.targets import reason, unreadable
from kerascheck.cli.terminal import PROG, UsageError, print_warning, read_stdin

if TYPE_CHECKING:
    from kerascheck.engine import FileResult
    from kerascheck.settings import Settings

#: Arguments for helpers called without a command line (tests): no warnings on stderr.
_QUIET = argparse.Namespace(quiet=True)


def lint(
    jobs: list[tuple[str, Settings]],
    stdin_job: tuple[str, Settings] | None,
    progress: Progress,
    args: argparse.Namespace | None = None,
) -> list[FileResult]:
    """Lint every file (and stdin); results sorted by path (a file that cannot be read: its
    KC002 finding).

    Files over ``max-file-size`` are not read; unchanged files come from the cache
    (kerascheck.cache, read without importing the engine); the others are linted under their
    time budget, in worker processes when there are enough of them (kerascheck.parallel).
    """
    from kerascheck.inputs import read_input
    from kerascheck.limits import over_limit
    from kerascheck.parallel import SOURCE_BUDGET, Task, default_jobs, lint_all, lint_one

    caches = None
    if not (args is not None and args.no_cache) and not os.environ.get("KERASCHECK_NO_CACHE"):
        from kerascheck.cache import Caches, entry_key

        caches = Caches(getattr(args, "cache_dir", None))
    results: list[Any] = []
    tasks: list[Task] = []
    held = 0  # bytes of sources kept for the linting processes
    for path, settings in jobs:
        try:
            read = read_input(path, settings)
        except OSError as error:
            progress.clear()
            results.append(unreadable(path, reason(error), settings, args or _QUIET))
            continue
        source = read.source
        finding = over_limit(path, read.size, settings)
        if finding is not None:
            from kerascheck.engine import limit_result

            results.append(limit_result(path, finding, settings))
            progress.update(path)
            continue
        kept = source if held + len(source) <= SOURCE_BUDGET else None  # else read again
        held += len(source) if kept is not None else 0
        if caches is None:
            tasks.append(Task(path, kept, settings, size=len(source)))
            continue
        text, cache = caches.settings_text(settings), caches.cache_for(settings)
        cached = cache.get(path, entry_key(source, text, path))
        if cached is not None:
            from kerascheck.cache import CachedResult

            results.append(CachedResult(path, cached))
            progress.update(path)
            continue
        # Workers write the entries: created here, before they fork, the folder exists once.
        writable = cache.prepare()
        tasks.append(Task(path, kept, settings, cache if writable else None, text, len(source)))
    hits = len(results)
    for refusal in caches.refusals() if caches is not None else ():
        print_warning(refusal)

    workers = args.jobs if args is not None and args.jobs else default_jobs()
    outcomes = lint_all(tasks, workers, on_done=progress.update)
    progress.clear()
    results.extend(outcome.result for outcome in outcomes)
    if args is not None and args.debug and caches is not None:
        sys.stderr.write(f"{PROG}: debug: cache: {hits} hits, {len(tasks)} files analysed\n")
    if stdin_job is not None:
        name, settings = stdin_job
        results.append(lint_one(Task(name, read_stdin(), settings)).result)
    results.sort(key=lambda result: result.path)
    drop_repeated_placements(results)
    return results


def drop_repeated_placements(results: list[Any]) -> None:
    """Two scripts that pass the same bad arrays into a module they both import each place
    the same finding in that module (``engine._attributed``): the run reports it once."""
    seen: set[tuple[Any, ...]] = set()
    for result in results:
        placed = [d for d in result.diagnostics if d.filename != result.path]
        if not placed:
            continue
        repeated = []
        for diagnostic in placed:
            key = (diagnostic.filename, diagnostic.code, diagnostic.span, diagnostic.message)
            if key in seen:
                repeated.append(diagnostic)
            seen.add(key)
        if repeated:
            result.diagnostics = [d for d in result.diagnostics if d not in repeated]


def wants_dynamic(args: argparse.Namespace) -> bool:
    """Whether the run builds models in Keras (any of the dynamic flags)."""
    return bool(args.instantiate or args.train_check or args.show_shapes)


def lint_dynamic(
    jobs: list[tuple[str, Settings]],
    stdin_job: tuple[str, Settings] | None,
    args: argparse.Namespace,
) -> tuple[list[FileResult], list[str], str]:
    """--instantiate / --train-check: static and dynamic findings, the shape tables, and the
    notes (checks that passed, could not conclude or were skipped) as text.

    The dynamic package is imported only here; TensorFlow only in its worker process.
    """
    from kerascheck.dynamic import DynamicUnavailable
    from kerascheck.dynamic.command import render_notes, run
    from kerascheck.engine import limit_result
    from kerascheck.inputs import read_input
    from kerascheck.limits import over_limit

    files: list[tuple[bytes, str, Settings]] = []
    refused: list[FileResult] = []  # over a limit: not read, nothing to build
    missing = []
    for path, settings in jobs:
        try:
            read = read_input(path, settings)
        except OSError as error:
            missing.append(unreadable(path, reason(error), settings, args))
            continue
        finding = over_limit(path, read.size, settings)
        if finding is not None:
            refused.append(limit_result(path, finding, settings))
        else:
            files.append((read.source, path, settings))
    if stdin_job is not None:
        files.append((read_stdin(), *stdin_job))
    try:
        outcome = run(args, files)
    except (DynamicUnavailable, ValueError) as error:
        raise UsageError(str(error)) from None
    results = sorted([*outcome.results, *refused, *missing], key=lambda result: result.path)
    notes = render_notes(outcome.notes, os.getcwd()) if outcome.notes else ""
    return results, outcome.shapes, notes
