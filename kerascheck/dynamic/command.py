"""The command line's dynamic run: ``--instantiate`` / ``--train-check`` over the linted files.

Kept out of ``kerascheck.cli`` so that the static path never imports the dynamic package; TensorFlow
itself is only imported by the worker subprocess.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field

from kerascheck.diagnostics import Diagnostic
from kerascheck.dynamic import require_tf
from kerascheck.dynamic.integrate import lint_many_dynamic
from kerascheck.dynamic.options import DynamicOptions, parse_input_shape
from kerascheck.engine import FileResult
from kerascheck.reporters import display_path
from kerascheck.settings import Settings

#: command-line flag (argparse dest) -> DynamicOptions field; flags override the config file
_BUDGET_FLAGS = {
    "max_steps": "max_steps",
    "max_seconds": "max_seconds",
    "timeout": "timeout_seconds",
}


@dataclass
class DynamicRun:
    results: list[FileResult] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)  # --show-shapes tables, one per file
    notes: list[Diagnostic] = field(default_factory=list)  # passed, skipped ...: not findings


def render_notes(notes: Sequence[Diagnostic], cwd: str | None) -> str:
    """``Dynamic checks:`` and one ``path:row:col: note`` line per note (no exit status)."""
    lines = ["Dynamic checks:"]
    for note in notes:
        parts = [display_path(note.filename, cwd)]
        if note.cell is not None:
            parts.append(f"cell {note.cell}")
        if note.span is not None:
            parts += [str(note.span.start.row), str(note.span.start.column)]
        lines.append(f"  {':'.join(parts)}: {note.message}")
    return "\n".join(lines)


def options_for(args: argparse.Namespace, settings: Settings) -> DynamicOptions:
    """Config file values, then the command line; raises ValueError with a readable message."""
    values = dict(settings.dynamic)
    values["instantiate"] = True
    values["train_check"] = bool(args.train_check)
    if args.input_shape:
        values["input_shape"] = parse_input_shape(args.input_shape)
    if args.data:
        values["data"] = args.data
    for flag, name in _BUDGET_FLAGS.items():
        if getattr(args, flag) is not None:
            values[name] = getattr(args, flag)
    return DynamicOptions(**values)


def run(args: argparse.Namespace, files: Sequence[tuple[bytes, str, Settings]]) -> DynamicRun:
    """Static and dynamic findings for each file; one worker run per distinct settings.

    Raises ``DynamicUnavailable`` without TensorFlow and ``ValueError`` for bad options.
    """
    require_tf()
    groups: dict[int, tuple[Settings, list[tuple[bytes, str]]]] = {}
    for source, path, settings in files:
        groups.setdefault(id(settings), (settings, []))[1].append((source, path))
    outcome = DynamicRun()
    for settings, members in groups.values():
        for entry in lint_many_dynamic(members, options_for(args, settings), settings):
            outcome.results.append(entry.file)
            outcome.notes.extend(entry.notes)
            if entry.shapes:
                outcome.shapes.append(entry.shapes)
    outcome.results.sort(key=lambda result: result.path)
    outcome.notes.sort(key=Diagnostic.sort_key)
    return outcome
