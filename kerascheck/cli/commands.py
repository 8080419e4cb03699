"""The commands other than ``check``: ``rule`` and ``rules`` (the catalogue), ``lsp``.

Each imports what it needs when it runs, so that none of them slows down ``check``.
"""

from __future__ import annotations

import argparse
import sys

from kerascheck.cli.terminal import UsageError, use_color


def run_rule(args: argparse.Namespace) -> int:
    """``kerascheck rule KC201``: the rule's explanation and examples, as ruff prints them."""
    from kerascheck.catalogue import get_rule, render_rule

    try:
        rule = get_rule(args.code)
    except KeyError as error:
        raise UsageError(
            str(error.args[0]) if error.args else f"unknown rule {args.code}"
        ) from None
    sys.stdout.write(render_rule(rule, color=use_color(args.color, sys.stdout)).rstrip("\n") + "\n")
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
    """``kerascheck rules``: one line per rule, in code order."""
    from kerascheck.catalogue import load_catalogue, render_table

    rules = [rule for _, rule in sorted(load_catalogue().items())]
    sys.stdout.write(render_table(rules).rstrip("\n") + "\n")
    return 0
