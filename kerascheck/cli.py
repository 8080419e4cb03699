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
from collections.abc import Sequence
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
from kerascheck.diagnostics import Severity
from kerascheck.discovery import discover
from kerascheck.reporters import REPORTERS, ReportOptions, display_path

if TYPE_CHECKING:
    from kerascheck.engine import FileResult
    from kerascheck.settings import Settings

PROG = "kerascheck"
SUBCOMMANDS = ("check", "rule", "rules")
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
    parser = _Parser(
        prog=PROG,
        description="Find why a Keras model will not build, or trains without learning.",
        epilog="`check` is the default command: `kerascheck train.py` lints train.py.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="lint files and folders (the default command)")
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
    output = check.add_argument_group("output")
    output.add_argument("--format", choices=sorted(REPORTERS), default="text")
    output.add_argument("--color", choices=("auto", "always", "never"), default="auto")
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

    rule = commands.add_parser("rule", help="explain one rule, e.g. `kerascheck rule KC201`")
    rule.set_defaults(handler=run_rule)
    rule.add_argument("code", metavar="CODE")
    rule.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    rule.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    rules = commands.add_parser("rules", help="list every rule")
    rules.set_defaults(handler=run_rules)
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
    found = discover([path for path in paths if path != "-"], resolver.for_directory)
    for message in found.errors:
        _error(message)
    # Every file's settings before any output: a broken configuration stops the run
    # before half a report has been printed.
    jobs = [(str(file), resolver.for_file(file)) for file in found.files]
    stdin_job = _stdin_job(args, resolver) if "-" in paths else None

    results, unreadable = _lint(jobs, stdin_job, _Progress(err, len(jobs), enabled=not args.quiet))
    diagnostics = [diagnostic for result in results for diagnostic in result.diagnostics]
    options = ReportOptions(
        color=_use_color(args.color, out),
        quiet=args.quiet,
        statistics=args.statistics,
        cwd=os.getcwd(),
    )
    REPORTERS[args.format](diagnostics, out, options)
    out.flush()

    internal = _report_internal_errors(results, options.cwd, debug=args.debug)
    if found.errors or unreadable or internal:
        return 2
    return 1 if diagnostics and not args.exit_zero else 0


def _lint(
    jobs: list[tuple[str, Settings]],
    stdin_job: tuple[str, Settings] | None,
    progress: _Progress,
) -> tuple[list[FileResult], bool]:
    """Lint every file (and stdin); results sorted by path, plus whether a file was unreadable."""
    from kerascheck.engine import lint_source

    results = []
    unreadable = False
    for path, settings in jobs:
        progress.update(path)
        try:
            source = Path(path).read_bytes()
        except OSError as error:
            progress.clear()
            _error(f"{display_path(path, os.getcwd())}: cannot read: {error.strerror or error}")
            unreadable = True
            continue
        results.append(lint_source(source, path, settings))
    progress.clear()
    if stdin_job is not None:
        name, settings = stdin_job
        results.append(lint_source(_read_stdin(), name, settings))
    results.sort(key=lambda result: result.path)
    return results, unreadable


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


def _read_stdin() -> bytes:
    stream: Any = sys.stdin
    buffer = getattr(stream, "buffer", None)
    return buffer.read() if buffer is not None else stream.read().encode("utf-8")


# ---------------------------------------------------------------------------------------
# rule / rules


def run_rule(args: argparse.Namespace) -> int:
    from kerascheck.catalogue import get_rule, render_rule

    try:
        rule = get_rule(args.code.strip().upper())
    except KeyError as error:
        raise UsageError(
            str(error.args[0]) if error.args else f"unknown rule {args.code}"
        ) from None
    sys.stdout.write(
        render_rule(rule, color=_use_color(args.color, sys.stdout)).rstrip("\n") + "\n"
    )
    return 0


def run_rules(args: argparse.Namespace) -> int:
    from kerascheck.catalogue import load_catalogue, render_table

    rules = [rule for _, rule in sorted(load_catalogue().items())]
    sys.stdout.write(render_table(rules).rstrip("\n") + "\n")
    return 0


# ---------------------------------------------------------------------------------------
# Helpers


class _Parser(argparse.ArgumentParser):
    """argparse, with errors as one ``kerascheck: error:`` line instead of usage + message."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


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
    sys.stderr.write(f"{PROG}: error: {message}\n")
    sys.stderr.flush()


def _silence_stdout(real_process: bool) -> None:
    """After a closed pipe (``kerascheck . | head``), keep the interpreter's final flush quiet."""
    if real_process:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
