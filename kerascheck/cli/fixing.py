"""``check --fix`` and ``--diff``: rewriting files safely, and reporting what remains.

Fixing has its own rules, apart from linting: a file is written only if it did not change
meanwhile and its fixes still parse, a link is not written through, each file keeps its time
budget, and stdin gets its text back whatever happens (an editor's fix-on-save).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kerascheck.cli.progress import Progress
from kerascheck.cli.report import hidden_fixes, plural, report_internal_errors, report_options
from kerascheck.cli.targets import reason, unreadable
from kerascheck.cli.terminal import UsageError, print_error, print_warning, read_stdin, write_bytes
from kerascheck.diagnostics import Diagnostic
from kerascheck.reporters import REPORTERS, display_path

if TYPE_CHECKING:
    from kerascheck.apply import FixOutcome
    from kerascheck.engine import FileResult
    from kerascheck.settings import Settings


def run_fixes(
    args: argparse.Namespace,
    jobs: list[tuple[str, Settings]],
    stdin_job: tuple[str, Settings] | None,
    missing: list[FileResult],
    *,
    links: Collection[Path] = (),
) -> int:
    """``--fix`` rewrites files and reports what remains; ``--diff`` only shows the changes.

    A file whose fixes would not parse, that changed on disk meanwhile, or that cannot be
    written is left untouched (one error line, exit 2); the other files are still fixed. A
    link met in a folder that points outside it is not written through (a warning): a link
    is fixed only when named on the command line, as ruff does. ``--fix`` on standard input
    alone prints the fixed source on stdout and what remains on stderr, as ruff does for
    editors' fix-on-save.
    """
    from kerascheck.apply import FixOutcome, unified_diff
    from kerascheck.inputs import Snapshot, read_input
    from kerascheck.limits import over_limit

    out, cwd = sys.stdout, os.getcwd()
    if stdin_job is not None and not args.diff:
        if jobs or missing:
            raise UsageError("--fix on standard input cannot be combined with other paths")
        return fix_stdin(args, stdin_job)
    outcomes = [FixOutcome(r.path, r, r, b"", b"") for r in missing]
    snapshots: dict[str, Snapshot] = {}
    failed = False
    progress = Progress(sys.stderr, len(jobs), enabled=not args.quiet)
    for path, settings in one_job_per_file(jobs):
        progress.update(path)
        try:
            read = read_input(path, settings)
        except OSError as error:
            progress.clear()
            skipped = unreadable(path, reason(error), settings, args)
            outcomes.append(FixOutcome(path, skipped, skipped, b"", b""))
            continue
        finding = over_limit(path, read.size, settings)
        if finding is not None:  # not read, so not fixed: the same finding as a check
            from kerascheck.engine import limit_result

            skipped = limit_result(path, finding, settings)
            outcomes.append(FixOutcome(path, skipped, skipped, b"", b""))
            continue
        outcome = fix_within_budget(read.source, path, settings, args.unsafe_fixes)
        if outcome.changed:
            snapshots[path] = read.snapshot()
        outcomes.append(outcome)
    progress.clear()
    if stdin_job is not None:
        name, settings = stdin_job
        outcomes.append(fix_within_budget(read_stdin(), name, settings, args.unsafe_fixes))
    outcomes.sort(key=lambda outcome: outcome.path)

    for outcome in outcomes:
        shown = display_path(outcome.path, cwd)
        if outcome.error is not None:
            print_error(f"{shown}: {outcome.error}; the file was left unchanged")
            failed = True
        elif args.diff:
            out.write(unified_diff(outcome, shown))
        elif outcome.changed and Path(outcome.path) in links:
            print_warning(
                f"{shown}: not fixed: it links to {os.path.realpath(outcome.path)}, outside "
                "the folder being fixed; name the file itself to fix it"
            )
            outcome.result, outcome.applied = outcome.before, 0
        elif outcome.changed:
            from kerascheck.replace import ReplaceError, replace_content

            try:
                replace_content(outcome.path, outcome.fixed, snapshots[outcome.path])
            except ReplaceError as error:
                print_error(f"{shown}: {error}")
                outcome.result, outcome.applied, failed = outcome.before, 0, True
    fixed = sum(outcome.applied for outcome in outcomes)
    remaining = [d for outcome in outcomes for d in outcome.result.diagnostics]
    hidden = sum(outcome.hidden for outcome in outcomes)

    if args.diff:
        sys.stderr.write(
            f"Would fix {plural(fixed, 'problem')}.\n" if fixed else "No fixes to apply.\n"
        )
    else:
        report_remaining(args, remaining, fixed, hidden)
    out.flush()
    internal = report_internal_errors([o.result for o in outcomes], cwd, debug=args.debug)
    if failed or internal:
        return 2
    if args.diff:
        return 1 if any(outcome.changed for outcome in outcomes) else 0
    return 1 if remaining and not args.exit_zero else 0


def fix_stdin(args: argparse.Namespace, stdin_job: tuple[str, Settings]) -> int:
    """``kerascheck - --fix``: the fixed source (or the source as it was) on stdout, whatever
    happens, so that an editor replacing its buffer with it never loses text."""
    from kerascheck.apply import fix_source

    name, settings = stdin_job
    source = read_stdin()
    try:
        outcome = fix_source(source, name, settings, unsafe=args.unsafe_fixes)
    except BaseException:
        write_bytes(sys.stdout, source)
        raise
    write_bytes(sys.stdout, outcome.fixed)
    shown = display_path(outcome.path, os.getcwd())
    if outcome.error is not None:
        print_error(f"{shown}: {outcome.error}; the source was printed unchanged")
    remaining = outcome.result.diagnostics
    report_remaining(args, remaining, outcome.applied, outcome.hidden, sys.stderr)
    internal = report_internal_errors([outcome.result], os.getcwd(), debug=args.debug)
    if outcome.error is not None or internal:
        return 2
    return 1 if remaining and not args.exit_zero else 0


def one_job_per_file(jobs: list[tuple[str, Settings]]) -> list[tuple[str, Settings]]:
    """``jobs`` without a second path to a file already listed (a link to a linted file):
    fixing both would fix the file twice."""
    seen: set[str] = set()
    unique = []
    for path, settings in sorted(jobs, key=lambda job: os.path.islink(job[0])):
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            unique.append((path, settings))
    return unique


def fix_within_budget(source: bytes, path: str, settings: Settings, unsafe: bool) -> FixOutcome:
    """``fix_source`` under the file's time budget, as a check has: out of time, the file is
    left as it was and the timeout is its finding."""
    from kerascheck.apply import FixOutcome, fix_source
    from kerascheck.limits import FileTimeout, time_budget, timed_out

    try:
        with time_budget(settings.file_timeout):
            return fix_source(source, path, settings, unsafe=unsafe)
    except FileTimeout:
        from kerascheck.engine import limit_result

        skipped = limit_result(path, timed_out(settings.file_timeout), settings)
        return FixOutcome(path, skipped, skipped, source, source)


def report_remaining(
    args: argparse.Namespace,
    remaining: list[Diagnostic],
    fixed: int,
    hidden: int,
    out: TextIO | None = None,
) -> None:
    """The findings left after --fix, and ruff's ``Found 3 problems (2 fixed, 1 remaining).``"""
    out = out or sys.stdout
    text = args.format == "text" and not args.statistics
    options = report_options(args, out, quiet=args.quiet or (text and fixed > 0))
    REPORTERS[args.format](remaining, out, options)
    if not text or args.quiet:
        return
    if fixed:
        total = plural(fixed + len(remaining), "problem")
        out.write(f"Found {total} ({fixed} fixed, {len(remaining)} remaining).\n")
    if hidden:
        out.write(f"No fixes available ({hidden_fixes(hidden)}).\n")
