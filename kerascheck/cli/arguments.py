"""The command line's grammar: the commands, their options and their help texts.

argparse knows nothing of kerascheck; this module is the one place that does both: each
option and its help, each command and its handler, and argparse's errors turned into
kerascheck's one-line ``kerascheck: error:``. What the options do lives elsewhere.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from kerascheck import __version__
from kerascheck.cli.check import run_check
from kerascheck.cli.commands import run_lsp, run_rule, run_rules
from kerascheck.cli.terminal import PROG, UsageError
from kerascheck.reporters import REPORTERS

SUBCOMMANDS = ("check", "rule", "rules", "lsp")
#: Flags of ``kerascheck`` itself: anything else in front means the default command, check.
TOP_LEVEL_FLAGS = ("-h", "--help", "--version")


def build_parser() -> argparse.ArgumentParser:
    """Every command and option; each command's ``handler`` runs it."""
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


def _jobs(text: str) -> int:
    """``--jobs N``: a whole number of processes, at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


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
