"""The command line: ``kerascheck [check] PATH...``, ``kerascheck rule KC201``, ``rules``.

It behaves like ``ruff check``: exit 0 when nothing is found, 1 when something is, 2 for a
usage, configuration or internal error. Errors are one line on stderr
(``kerascheck: error: ...``); tracebacks appear only with ``--debug``. ``check`` is the
default command, so ``kerascheck train.py`` works; a file literally called ``rules`` or
``rule`` needs ``kerascheck check rules`` (or ``./rules``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from kerascheck import __version__
from kerascheck.config import (
    ConfigError,
    Overrides,
    SettingsResolver,
    catalogue_codes,
    parse_selector_list,
)
from kerascheck.diagnostics import Diagnostic, Severity
from kerascheck.discovery import discover
from kerascheck.reporters import (
    REPORTERS,
    ReportOptions,
    display_path,
    is_fixable,
    printable,
    repository_root,
)

if TYPE_CHECKING:
    from kerascheck.apply import FixOutcome
    from kerascheck.engine import FileResult
    from kerascheck.settings import Settings

PROG = "kerascheck"
SUBCOMMANDS = ("check", "rule", "rules", "lsp")
_TOP_LEVEL_FLAGS = ("-h", "--help", "--version")
#: Below this many files a run is quick enough that a progress line would only flicker.
PROGRESS_THRESHOLD = 20


class UsageError(Exception):
    """A command line that cannot be run; reported as one line, exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run kerascheck and return the exit status (0 clean, 1 findings, 2 errors)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] not in (*SUBCOMMANDS, *_TOP_LEVEL_FLAGS):
        arguments.insert(0, "check")
    debug = "--debug" in arguments
    try:
        args = build_parser().parse_args(arguments)
        return args.handler(args)
    except SystemExit as stop:  # --help and --version
        return stop.code if isinstance(stop.code, int) else 0
    except (UsageError, ConfigError) as error:
        _error(str(error))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _silence_stdout(argv is None)
        return 1
    except Exception as error:
        if debug:
            traceback.print_exc(file=sys.stderr)
        hint = "" if debug else " (run with --debug for the traceback)"
        _error(f"internal error: {type(error).__name__}: {error}{hint}")
        return 2


def build_parser() -> argparse.ArgumentParser:
    parser = _TopParser(
        prog=PROG,
        description="Find why a Keras model will not build, or trains without learning.",
        epilog="`check` is the default command: `kerascheck train.py` lints train.py. Its "
        "options follow (also `kerascheck check --help`).",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="lint files and folders (the default command)")
    parser.default_command = check
    check.set_defaults(handler=run_check)
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to lint (default: .; - = stdin)"
    )
    selection = check.add_argument_group("rule selection")
    for flag, text in (
        ("--select", "only these codes or prefixes, replacing the configured selection"),
        ("--extend-select", "these codes or prefixes in addition to the selection"),
        ("--ignore", "skip these codes or prefixes"),
    ):
        selection.add_argument(
            flag, action="append", metavar="CODES", help=f"{text}, e.g. KC2,KC101"
        )
    selection.add_argument(
        "--min-severity",
        choices=("info", "warning", "error"),
        help="report only findings at least this severe",
    )
    configuration = check.add_argument_group("configuration")
    configuration.add_argument(
        "--config", metavar="FILE", help="use this pyproject.toml or kerascheck.toml for every file"
    )
    configuration.add_argument(
        "--no-config", action="store_true", help="ignore configuration files; use the defaults"
    )
    configuration.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude/extend-exclude to paths named on the command line too (pre-commit)",
    )
    output = check.add_argument_group("output")
    output.add_argument(
        "--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)"
    )
    output.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colors (auto: only on a terminal)",
    )
    output.add_argument(
        "-q", "--quiet", action="store_true", help="print findings only: no summary, no progress"
    )
    output.add_argument(
        "--statistics", action="store_true", help="count findings per rule instead of listing them"
    )
    output.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings exist")
    output.add_argument(
        "--stdin-filename", metavar="NAME", help="the name of the file read from stdin (PATH -)"
    )
    output.add_argument("--debug", action="store_true", help="show tracebacks and config lookup")
    performance = check.add_argument_group("speed")
    performance.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache (.kerascheck_cache at the project root)",
    )
    performance.add_argument(
        "--cache-dir", metavar="DIR", help="keep the cache in DIR for every file linted"
    )
    performance.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="lint in N processes (default: one per core; 1 = all in this process)",
    )
    fixing = check.add_argument_group("fixes")
    fixing.add_argument(
        "--fix", action="store_true", help="apply the safe fixes in place, then report the rest"
    )
    fixing.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also apply fixes that can change behaviour",
    )
    fixing.add_argument(
        "--diff",
        action="store_true",
        help="print what --fix would change as a unified diff, and write nothing",
    )
    dynamic = check.add_argument_group(
        "dynamic checks", "build and train the models in real Keras (needs kerascheck[tf])"
    )
    dynamic.add_argument(
        "--instantiate", action="store_true", help="rebuild every model in Keras to confirm shapes"
    )
    dynamic.add_argument(
        "--train-check",
        action="store_true",
        help="also train each model briefly and report static, non-finite or chance-level loss",
    )
    dynamic.add_argument(
        "--show-shapes",
        action="store_true",
        help="print each built model's layers with their shapes and source lines (implies "
        "--instantiate)",
    )
    dynamic.add_argument(
        "--input-shape",
        metavar="DIMS",
        help="per-sample input shape when the script declares none, e.g. 20,1",
    )
    dynamic.add_argument(
        "--data",
        metavar="FILE.npz",
        help="train on these arrays (keys x and y) instead of synthetic data",
    )
    dynamic.add_argument(
        "--max-steps", type=int, metavar="N", help="training steps per model (200)"
    )
    dynamic.add_argument(
        "--max-seconds", type=float, metavar="S", help="training seconds per model (20)"
    )
    dynamic.add_argument(
        "--timeout", type=float, metavar="S", help="wall-clock limit for the whole Keras subprocess"
    )

    rule = commands.add_parser("rule", help="explain one rule, by code or name (KC201)")
    rule.set_defaults(handler=run_rule)
    rule.add_argument(
        "code", metavar="RULE", help="a rule's code (KC201) or name (missing-return-sequences)"
    )
    rule.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    rule.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    rules = commands.add_parser("rules", help="list every rule")
    rules.set_defaults(handler=run_rules)

    lsp = commands.add_parser(
        "lsp", help="run the language server over stdin/stdout (needs the `lsp` extra)"
    )
    lsp.set_defaults(handler=run_lsp)
    # Clients built on vscode-languageclient append --stdio; stdio is the only transport.
    lsp.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default)")
    lsp.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    rules.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return parser


# ---------------------------------------------------------------------------------------
# check


def run_check(args: argparse.Namespace) -> int:
    out, err = sys.stdout, sys.stderr
    paths = list(args.paths)
    if args.config and args.no_config:
        raise UsageError("--config and --no-config cannot be used together")
    if args.stdin_filename and paths and "-" not in paths:
        raise UsageError("--stdin-filename names stdin: pass - as a PATH (or no PATH)")
    if not paths:
        paths = ["-"] if args.stdin_filename else ["."]

    resolver = _resolver(args, err)
    found = discover(
        [path for path in paths if path != "-"],
        resolver.for_directory,
        force_exclude=args.force_exclude,
    )
    # Every file's settings before any output: a broken configuration stops the run
    # before half a report has been printed.
    jobs = [(str(file), resolver.for_file(file)) for file in found.files]
    missing = [
        _unreadable(str(path), reason, resolver.for_file(path), args)
        for path, reason in found.unreadable
    ]
    stdin_job = _stdin_job(args, resolver) if "-" in paths else None
    if stdin_job is not None and args.force_exclude and _stdin_excluded(args, stdin_job[1]):
        stdin_job = None
        if args.fix and not args.diff:  # an editor's fix-on-save gets its text back as it was
            _write_bytes(sys.stdout, _read_stdin())
            return 0
    if args.fix or args.diff:
        return _run_fixes(
            args,
            jobs,
            stdin_job,
            missing,
            links=found.outside_links,
        )

    shapes: list[str] = []
    notes = ""  # the dynamic checks' notes: what passed, was skipped ... (not findings)
    if _wants_dynamic(args):
        results, shapes, notes = _lint_dynamic(jobs, stdin_job, args)
    else:
        progress = _Progress(err, len(jobs), enabled=not args.quiet)
        results = _lint(jobs, stdin_job, progress, args)
    results = sorted([*results, *missing], key=lambda result: result.path)
    diagnostics = [diagnostic for result in results for diagnostic in result.diagnostics]
    options = _report_options(args, out)
    REPORTERS[args.format](diagnostics, out, options)
    if args.format == "text" and not args.quiet and not args.statistics:
        _fixable_hint(diagnostics, out, unsafe=args.unsafe_fixes)
        if notes:
            out.write(f"\n{notes}\n")
        for table in shapes if args.show_shapes else ():
            out.write(f"\n{table}\n")
    elif notes and not args.quiet:
        err.write(f"{notes}\n")
    out.flush()

    internal = _report_internal_errors(results, options.cwd, debug=args.debug)
    if internal:
        return 2
    return 1 if diagnostics and not args.exit_zero else 0


def _report_options(args: argparse.Namespace, out: TextIO, **changes: Any) -> ReportOptions:
    """Paths relative to the working folder for people; to the repository's root for CI."""
    cwd = os.getcwd()
    root = repository_root(cwd) if args.format in ("github", "sarif") else None
    options = ReportOptions(
        color=_use_color(args.color, out),
        quiet=args.quiet,
        statistics=args.statistics,
        cwd=cwd,
        root=root,
        unsafe_fixes=args.unsafe_fixes,
    )
    return replace(options, **changes) if changes else options


def _unreadable(path: str, reason: str, settings: Settings, args: argparse.Namespace) -> Any:
    """A path that cannot be read is a KC002 finding on it, in every format (ruff's E902),
    and a warning line on stderr; selection applies to it like to any finding."""
    from kerascheck.checks.kc002_unreadable_input import unreadable_path
    from kerascheck.engine import limit_result

    if not args.quiet:
        _warning(f"{display_path(path, os.getcwd())}: cannot read: {reason}")
    return limit_result(path, unreadable_path(reason), settings)


def _lint(
    jobs: list[tuple[str, Settings]],
    stdin_job: tuple[str, Settings] | None,
    progress: _Progress,
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
            results.append(_unreadable(path, _reason(error), settings, args or _QUIET))
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
        _warning(refusal)

    workers = args.jobs if args is not None and args.jobs else default_jobs()
    outcomes = lint_all(tasks, workers, on_done=progress.update)
    progress.clear()
    results.extend(outcome.result for outcome in outcomes)
    if args is not None and args.debug and caches is not None:
        sys.stderr.write(f"{PROG}: debug: cache: {hits} hits, {len(tasks)} files analysed\n")
    if stdin_job is not None:
        name, settings = stdin_job
        results.append(lint_one(Task(name, _read_stdin(), settings)).result)
    results.sort(key=lambda result: result.path)
    _drop_repeated_placements(results)
    return results


def _drop_repeated_placements(results: list[Any]) -> None:
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


def _reason(error: OSError) -> str:
    return str(error.strerror or error)


def _one_job_per_file(jobs: list[tuple[str, Settings]]) -> list[tuple[str, Settings]]:
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


def _fix_within_budget(source: bytes, path: str, settings: Settings, unsafe: bool) -> FixOutcome:
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


def _wants_dynamic(args: argparse.Namespace) -> bool:
    return bool(args.instantiate or args.train_check or args.show_shapes)


def _lint_dynamic(
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
    unreadable = []
    for path, settings in jobs:
        try:
            read = read_input(path, settings)
        except OSError as error:
            unreadable.append(_unreadable(path, _reason(error), settings, args))
            continue
        finding = over_limit(path, read.size, settings)
        if finding is not None:
            refused.append(limit_result(path, finding, settings))
        else:
            files.append((read.source, path, settings))
    if stdin_job is not None:
        files.append((_read_stdin(), *stdin_job))
    try:
        outcome = run(args, files)
    except (DynamicUnavailable, ValueError) as error:
        raise UsageError(str(error)) from None
    results = sorted([*outcome.results, *refused, *unreadable], key=lambda result: result.path)
    notes = render_notes(outcome.notes, os.getcwd()) if outcome.notes else ""
    return results, outcome.shapes, notes


def _jobs(text: str) -> int:
    """``--jobs N``: a whole number of processes, at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _report_internal_errors(results: list[FileResult], cwd: str | None, debug: bool) -> bool:
    """Crashes inside checks, after the report: the other findings still count."""
    any_error = False
    for result in results:
        shown = display_path(result.path, cwd)
        if debug:
            for details in result.tracebacks:
                sys.stderr.write(details)
        for message in result.internal_errors:
            # the engine names the file already; show it the way the report does
            if message.startswith(f"{result.path}: "):
                message = message[len(result.path) + 2 :]
            _error(f"{shown}: {message}")
            any_error = True
    return any_error


def _resolver(args: argparse.Namespace, err: TextIO) -> SettingsResolver:
    known = catalogue_codes()
    overrides = Overrides(
        select=parse_selector_list(args.select, known, "--select"),
        extend_select=parse_selector_list(args.extend_select, known, "--extend-select") or (),
        ignore=parse_selector_list(args.ignore, known, "--ignore") or (),
        min_severity=Severity.parse(args.min_severity) if args.min_severity else None,
    )

    def report_config(folder: Path, config: Path | None) -> None:
        used = display_path(str(config), os.getcwd()) if config else "defaults"
        err.write(f"{PROG}: debug: {display_path(str(folder), os.getcwd())}: {used}\n")

    return SettingsResolver(
        overrides=overrides,
        config_file=args.config,
        no_config=args.no_config,
        known_codes=known,
        on_config=report_config if args.debug else None,
    )


def _stdin_job(args: argparse.Namespace, resolver: SettingsResolver) -> tuple[str, Settings]:
    """stdin is linted as ``--stdin-filename`` (for config lookup and output), or as ``-``."""
    if args.stdin_filename:
        name = os.path.abspath(args.stdin_filename)
        return name, resolver.for_file(name)
    return "-", resolver.for_directory(os.getcwd())


def _stdin_excluded(args: argparse.Namespace, settings: Settings) -> bool:
    """``--force-exclude`` with ``--stdin-filename``: an excluded name is not linted (ruff)."""
    from kerascheck.discovery import force_excluded

    return bool(args.stdin_filename) and force_excluded(
        Path(os.path.abspath(args.stdin_filename)), settings
    )


def _read_stdin() -> bytes:
    stream: Any = sys.stdin
    buffer = getattr(stream, "buffer", None)
    return buffer.read() if buffer is not None else stream.read().encode("utf-8")


# ---------------------------------------------------------------------------------------
# --fix / --diff


def _run_fixes(
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
        return _fix_stdin(args, stdin_job)
    outcomes = [FixOutcome(r.path, r, r, b"", b"") for r in missing]
    snapshots: dict[str, Snapshot] = {}
    failed = False
    progress = _Progress(sys.stderr, len(jobs), enabled=not args.quiet)
    for path, settings in _one_job_per_file(jobs):
        progress.update(path)
        try:
            read = read_input(path, settings)
        except OSError as error:
            progress.clear()
            unreadable = _unreadable(path, _reason(error), settings, args)
            outcomes.append(FixOutcome(path, unreadable, unreadable, b"", b""))
            continue
        finding = over_limit(path, read.size, settings)
        if finding is not None:  # not read, so not fixed: the same finding as a check
            from kerascheck.engine import limit_result

            skipped = limit_result(path, finding, settings)
            outcomes.append(FixOutcome(path, skipped, skipped, b"", b""))
            continue
        outcome = _fix_within_budget(read.source, path, settings, args.unsafe_fixes)
        if outcome.changed:
            snapshots[path] = read.snapshot()
        outcomes.append(outcome)
    progress.clear()
    if stdin_job is not None:
        name, settings = stdin_job
        outcomes.append(_fix_within_budget(_read_stdin(), name, settings, args.unsafe_fixes))
    outcomes.sort(key=lambda outcome: outcome.path)

    for outcome in outcomes:
        shown = display_path(outcome.path, cwd)
        if outcome.error is not None:
            _error(f"{shown}: {outcome.error}; the file was left unchanged")
            failed = True
        elif args.diff:
            out.write(unified_diff(outcome, shown))
        elif outcome.changed and Path(outcome.path) in links:
            _warning(
                f"{shown}: not fixed: it links to {os.path.realpath(outcome.path)}, outside "
                "the folder being fixed; name the file itself to fix it"
            )
            outcome.result, outcome.applied = outcome.before, 0
        elif outcome.changed:
            from kerascheck.replace import ReplaceError, replace_content

            try:
                replace_content(outcome.path, outcome.fixed, snapshots[outcome.path])
            except ReplaceError as error:
                _error(f"{shown}: {error}")
                outcome.result, outcome.applied, failed = outcome.before, 0, True
    fixed = sum(outcome.applied for outcome in outcomes)
    remaining = [d for outcome in outcomes for d in outcome.result.diagnostics]
    hidden = sum(outcome.hidden for outcome in outcomes)

    if args.diff:
        sys.stderr.write(
            f"Would fix {_count(fixed, 'problem')}.\n" if fixed else "No fixes to apply.\n"
        )
    else:
        _report_remaining(args, remaining, fixed, hidden)
    out.flush()
    internal = _report_internal_errors([o.result for o in outcomes], cwd, debug=args.debug)
    if failed or internal:
        return 2
    if args.diff:
        return 1 if any(outcome.changed for outcome in outcomes) else 0
    return 1 if remaining and not args.exit_zero else 0


def _fix_stdin(args: argparse.Namespace, stdin_job: tuple[str, Settings]) -> int:
    """``kerascheck - --fix``: the fixed source (or the source as it was) on stdout, whatever
    happens, so that an editor replacing its buffer with it never loses text."""
    from kerascheck.apply import fix_source

    name, settings = stdin_job
    source = _read_stdin()
    try:
        outcome = fix_source(source, name, settings, unsafe=args.unsafe_fixes)
    except BaseException:
        _write_bytes(sys.stdout, source)
        raise
    _write_bytes(sys.stdout, outcome.fixed)
    shown = display_path(outcome.path, os.getcwd())
    if outcome.error is not None:
        _error(f"{shown}: {outcome.error}; the source was printed unchanged")
    remaining = outcome.result.diagnostics
    _report_remaining(args, remaining, outcome.applied, outcome.hidden, sys.stderr)
    internal = _report_internal_errors([outcome.result], os.getcwd(), debug=args.debug)
    if outcome.error is not None or internal:
        return 2
    return 1 if remaining and not args.exit_zero else 0


def _write_bytes(stream: TextIO, data: bytes) -> None:
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # a text-only stream (tests)
        stream.write(data.decode("utf-8", "surrogateescape"))


def _report_remaining(
    args: argparse.Namespace,
    remaining: list[Diagnostic],
    fixed: int,
    hidden: int,
    out: TextIO | None = None,
) -> None:
    """The findings left after --fix, and ruff's ``Found 3 problems (2 fixed, 1 remaining).``"""
    out = out or sys.stdout
    text = args.format == "text" and not args.statistics
    options = _report_options(args, out, quiet=args.quiet or (text and fixed > 0))
    REPORTERS[args.format](remaining, out, options)
    if not text or args.quiet:
        return
    if fixed:
        total = _count(fixed + len(remaining), "problem")
        out.write(f"Found {total} ({fixed} fixed, {len(remaining)} remaining).\n")
    if hidden:
        out.write(f"No fixes available ({_hidden(hidden)}).\n")


def _fixable_hint(diagnostics: Sequence[Diagnostic], out: TextIO, *, unsafe: bool) -> None:
    """ruff's ``[*] 2 fixable with the `--fix` option.`` under the summary."""
    available = sum(1 for d in diagnostics if is_fixable(d, unsafe))
    hidden = sum(1 for d in diagnostics if is_fixable(d, unsafe=True)) - available
    if not available:
        return  # only hidden fixes: the summary stays the last line
    option = "`--fix --unsafe-fixes`" if unsafe else "`--fix`"
    note = f" ({_hidden(hidden)})" if hidden else ""
    out.write(f"[*] {available} fixable with the {option} option{note}.\n")


def _hidden(count: int) -> str:
    fixes = "fix" if count == 1 else "fixes"
    return f"{count} hidden {fixes} can be enabled with the `--unsafe-fixes` option"


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------------------------------
# rule / rules


def run_rule(args: argparse.Namespace) -> int:
    from kerascheck.catalogue import get_rule, render_rule

    try:
        rule = get_rule(args.code)
    except KeyError as error:
        raise UsageError(
            str(error.args[0]) if error.args else f"unknown rule {args.code}"
        ) from None
    sys.stdout.write(
        render_rule(rule, color=_use_color(args.color, sys.stdout)).rstrip("\n") + "\n"
    )
    return 0


def run_lsp(args: argparse.Namespace) -> int:
    """``kerascheck lsp``: pygls is loaded by the server only after its first diagnostics
    (kerascheck.lsp.startup), and never on the linting path; here it is only looked for."""
    import importlib.util

    for missing in ("pygls", "lsprotocol", "cattrs", "attrs"):
        if importlib.util.find_spec(missing) is None:
            raise UsageError(f"`kerascheck lsp` needs {missing}: pip install 'kerascheck[lsp]'")
    from kerascheck.lsp.startup import serve

    serve(debug=args.debug)


def run_rules(args: argparse.Namespace) -> int:
    from kerascheck.catalogue import load_catalogue, render_table

    rules = [rule for _, rule in sorted(load_catalogue().items())]
    sys.stdout.write(render_table(rules).rstrip("\n") + "\n")
    return 0


# ---------------------------------------------------------------------------------------
# Helpers


#: Arguments for helpers called without a command line (tests): no warnings on stderr.
_QUIET = argparse.Namespace(quiet=True)


class _Parser(argparse.ArgumentParser):
    """argparse, with errors as one ``kerascheck: error:`` line instead of usage + message."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


class _TopParser(_Parser):
    """``kerascheck --help`` also lists the options of ``check``, the default command: most
    people type ``kerascheck --help`` and then ``kerascheck train.py``."""

    default_command: argparse.ArgumentParser | None = None

    def format_help(self) -> str:
        text = super().format_help()
        if self.default_command is None:
            return text
        check = self.default_command
        formatter = check._get_formatter()
        for group in check._action_groups:
            actions = [a for a in group._group_actions if not isinstance(a, argparse._HelpAction)]
            if not actions:
                continue
            title = "check arguments" if group is check._positionals else group.title
            formatter.start_section(title)
            formatter.add_text(group.description)
            formatter.add_arguments(actions)
            formatter.end_section()
        return f"{text}\n{formatter.format_help()}"


class _Progress:
    """``[12/340] path`` on stderr during long runs; only on a terminal, never in a pipe."""

    def __init__(self, stream: TextIO, total: int, *, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.done = 0
        self.shown = False
        self.last = 0.0
        self.enabled = enabled and total >= PROGRESS_THRESHOLD and _isatty(stream)

    def update(self, path: str) -> None:
        self.done += 1
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.1:
            return
        self.last = now
        width = 70
        shown = display_path(path, os.getcwd())
        if len(shown) > width:
            shown = "..." + shown[-(width - 3) :]
        self.stream.write(f"\r\x1b[K[{self.done}/{self.total}] {shown}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _use_color(choice: str, stream: TextIO) -> bool:
    """``--color``; ``auto`` follows NO_COLOR / FORCE_COLOR and whether ``stream`` is a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _error(message: str) -> None:
    sys.stderr.write(f"{PROG}: error: {printable(message)}\n")
    sys.stderr.flush()


def _warning(message: str) -> None:
    sys.stderr.write(f"{PROG}: warning: {printable(message)}\n")
    sys.stderr.flush()


def _silence_stdout(real_process: bool) -> None:
    """After a closed pipe (``kerascheck . | head``), keep the interpreter's final flush quiet."""
    if real_process:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
