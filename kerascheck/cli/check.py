"""``kerascheck check``: the default command, from the paths given to the exit status.

It only ties the steps together, each kept in its own module: which files and settings
(targets), fixing them (fixing), linting them (linting), and the report (report, reporters).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from kerascheck.cli import targets
from kerascheck.cli.linting import lint, lint_dynamic, wants_dynamic
from kerascheck.cli.progress import Progress
from kerascheck.cli.report import fixable_hint, report_internal_errors, report_options
from kerascheck.cli.terminal import UsageError, read_stdin, write_bytes
from kerascheck.discovery import discover
from kerascheck.lazy import lazy_module
from kerascheck.reporters import REPORTERS

if TYPE_CHECKING:
    from kerascheck.cli import fixing
else:
    fixing = lazy_module("kerascheck.cli.fixing")  # only --fix and --diff need it


def run_check(args: argparse.Namespace) -> int:
    """Lint (or fix) the paths and report; the exit status follows ruff's."""
    out, err = sys.stdout, sys.stderr
    paths = list(args.paths)
    if args.config and args.no_config:
        raise UsageError("--config and --no-config cannot be used together")
    if args.stdin_filename and paths and "-" not in paths:
        raise UsageError("--stdin-filename names stdin: pass - as a PATH (or no PATH)")
    if not paths:
        paths = ["-"] if args.stdin_filename else ["."]

    resolver = targets.resolver(args, err)
    found = discover(
        [path for path in paths if path != "-"],
        resolver.for_directory,
        force_exclude=args.force_exclude,
    )
    # Every file's settings before any output: a broken configuration stops the run
    # before half a report has been printed.
    jobs = [(str(file), resolver.for_file(file)) for file in found.files]
    missing = [
        targets.unreadable(str(path), reason, resolver.for_file(path), args)
        for path, reason in found.unreadable
    ]
    stdin_job = targets.stdin_job(args, resolver) if "-" in paths else None
    if stdin_job is not None and args.force_exclude and targets.stdin_excluded(args, stdin_job[1]):
        stdin_job = None
        if args.fix and not args.diff:  # an editor's fix-on-save gets its text back as it was
            write_bytes(sys.stdout, read_stdin())
            return 0
    if args.fix or args.diff:
        return fixing.run_fixes(args, jobs, stdin_job, missing, links=found.outside_links)

    shapes: list[str] = []
    notes = ""  # the dynamic checks' notes: what passed, was skipped ... (not findings)
    if wants_dynamic(args):
        results, shapes, notes = lint_dynamic(jobs, stdin_job, args)
    else:
        progress = Progress(err, len(jobs), enabled=not args.quiet)
        results = lint(jobs, stdin_job, progress, args)
    results = sorted([*results, *missing], key=lambda result: result.path)
    diagnostics = [diagnostic for result in results for diagnostic in result.diagnostics]
    options = report_options(args, out)
    REPORTERS[args.format](diagnostics, out, options)
    if args.format == "text" and not args.quiet and not args.statistics:
        fixable_hint(diagnostics, out, unsafe=args.unsafe_fixes)
        if notes:
            out.write(f"\n{notes}\n")
        for table in shapes if args.show_shapes else ():
            out.write(f"\n{table}\n")
    elif notes and not args.quiet:
        err.write(f"{notes}\n")
    out.flush()

    internal = report_internal_errors(results, options.cwd, debug=args.debug)
    if internal:
        return 2
    return 1 if diagnostics and not args.exit_zero else 0
