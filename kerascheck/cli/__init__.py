"""The command line: ``kerascheck [check] PATH...``, ``kerascheck rule KC201``, ``rules``.

It behaves like ``ruff check``: exit 0 when nothing is found, 1 when something is, 2 for a
usage, configuration or internal error. Errors are one line on stderr
(``kerascheck: error: ...``); tracebacks appear only with ``--debug``. ``check`` is the
default command, so ``kerascheck train.py`` works; a file literally called ``rules`` or
``rule`` needs ``kerascheck check rules`` (or ``./rules``).

This module only turns a run into an exit status; the package holds one module per job:
arguments (the grammar), targets (which files, which settings), linting, fixing, progress,
report (what surrounds the findings), terminal (error lines, colors), commands (rule, rules,
lsp) and check (the default command, tying them together).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kerascheck.cli import collector
from kerascheck.cli.arguments import SUBCOMMANDS, TOP_LEVEL_FLAGS, build_parser
from kerascheck.cli.check import run_check
from kerascheck.cli.commands import run_lsp, run_rule, run_rules
from kerascheck.cli.progress import PROGRESS_THRESHOLD
from kerascheck.cli.terminal import PROG, UsageError, print_error, silence_stdout
from kerascheck.config import ConfigError
from kerascheck.lazy import lazy_module

if TYPE_CHECKING:
    import traceback
else:
    traceback = lazy_module("traceback")

__all__ = [
    "PROG",
    "PROGRESS_THRESHOLD",
    "SUBCOMMANDS",
    "UsageError",
    "build_parser",
    "main",
    "run_check",
    "run_lsp",
    "run_rule",
    "run_rules",
]


def main(argv: Sequence[str] | None = None) -> int:
    """Run kerascheck and return the exit status (0 clean, 1 findings, 2 errors)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] not in (*SUBCOMMANDS, *TOP_LEVEL_FLAGS):
        arguments.insert(0, "check")
    debug = "--debug" in arguments
    own_process = argv is None
    try:
        args = build_parser().parse_args(arguments)
        if own_process and args.handler is run_check:
            collector.for_a_lint_run()
        return args.handler(args)
    except SystemExit as stop:  # --help and --version
        return stop.code if isinstance(stop.code, int) else 0
    except (UsageError, ConfigError) as error:
        print_error(str(error))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        silence_stdout(own_process)
        return 1
    except Exception as error:
        if debug:
            traceback.print_exc(file=sys.stderr)
        hint = "" if debug else " (run with --debug for the traceback)"
        print_error(f"internal error: {type(error).__name__}: {error}{hint}")
        return 2
    finally:
        if own_process:
            collector.before_exit()
