"""What a run lints and under which settings: the configuration resolver, stdin, bad paths.

The command line's flags (``--select``, ``--config``, ``--stdin-filename``, ...) become a
SettingsResolver here, so that linting and fixing see only ``(path, settings)`` jobs. A path
that cannot be read becomes its KC002 finding here too, the same for ``check`` and ``--fix``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kerascheck.cli.terminal import PROG, print_warning
from kerascheck.config import Overrides, SettingsResolver, catalogue_codes, parse_selector_list
from kerascheck.diagnostics import Severity
from kerascheck.reporters import display_path

if TYPE_CHECKING:
    from kerascheck.settings import Settings


def resolver(args: argparse.Namespace, err: TextIO) -> SettingsResolver:
    """Each folder's configuration with the command line's selection on top; ``--debug``
    prints which file each folder uses."""
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


def stdin_job(args: argparse.Namespace, resolver: SettingsResolver) -> tuple[str, Settings]:
    """stdin is linted as ``--stdin-filename`` (for config lookup and output), or as ``-``."""
    if args.stdin_filename:
        name = os.path.abspath(args.stdin_filename)
        return name, resolver.for_file(name)
    return "-", resolver.for_directory(os.getcwd())


def stdin_excluded(args: argparse.Namespace, settings: Settings) -> bool:
    """``--force-exclude`` with ``--stdin-filename``: an excluded name is not linted (ruff)."""
    from kerascheck.discovery import force_excluded

    return bool(args.stdin_filename) and force_excluded(
        Path(os.path.abspath(args.stdin_filename)), settings
    )


def unreadable(path: str, reason: str, settings: Settings, args: argparse.Namespace) -> Any:
    """A path that cannot be read is a KC002 finding on it, in every format (ruff's E902),
    and a warning line on stderr; selection applies to it like to any finding."""
    from kerascheck.checks.kc002_unreadable_input import unreadable_path
    from kerascheck.engine import limit_result

    if not args.quiet:
        print_warning(f"{display_path(path, os.getcwd())}: cannot read: {reason}")
    return limit_result(path, unreadable_path(reason), settings)


def reason(error: OSError) -> str:
    """``Permission denied``, not ``[Errno 13] Permission denied: 'x.py'``: the path is shown
    once, by the finding."""
    return str(error.strerror or error)
