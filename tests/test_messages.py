"""How findings read: a one-line message (what) and a help (why, and the fix), everywhere.

Every finding kerascheck reports on the fixture corpus (scripts, notebooks, saved configs),
on every example in the rule catalogue and on the unreadable inputs below is held to the
style ``kerascheck.diagnostics`` documents: the message fits one line of at most
``MESSAGE_LIMIT`` characters, the help is there and reads as sentences.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from kerascheck.catalogue import load_catalogue
from kerascheck.diagnostics import MESSAGE_LIMIT, Diagnostic
from kerascheck.engine import lint_source
from kerascheck.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
#: Saved-model archives: the engine appends where in the archive a finding is
#: (``[config.json: layers[2] output]``), a place rather than part of what is wrong.
ARCHIVES = (".keras", ".h5")
_ARCHIVE_PLACE = re.compile(r" \[[^\[\]]*(?:\[[^\]]*\][^\[\]]*)*\]$")


def fixture_files() -> list[Path]:
    suffixes = {".py", ".ipynb", ".json", ".keras", ".h5"}
    return sorted(
        path
        for path in FIXTURES.rglob("*")
        if path.suffix in suffixes and path.name != "generate.py"
    )


@functools.cache
def fixture_findings() -> tuple[Diagnostic, ...]:
    found: list[Diagnostic] = []
    for path in fixture_files():
        found += lint_source(path.read_bytes(), str(path), Settings()).diagnostics
    return tuple(found)


def example_findings() -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for code, rule in load_catalogue().items():
        if rule.dynamic:
            continue  # built and trained in real Keras: tests/test_dynamic.py
        for example in rule.bad, *(e for e in rule.examples if e.kind == "bad"):
            source = example.code.encode(example.encoding)
            found += lint_source(source, f"{code.lower()}_example.py").diagnostics
    return found


def notebook(cells: list[str]) -> bytes:
    return json.dumps(
        {
            "cells": [{"cell_type": "code", "source": cell, "metadata": {}} for cell in cells],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    ).encode()


#: Inputs that only the engine and the readers report on (KC001, KC002).
UNREADABLE = {
    "syntax.py": b"import keras\nmodel = keras.Sequential([\n",
    "binary.py": b"import keras\x00\x01\x02",
    "latin1.py": "import keras\nname = 'caf\u00e9'\n".encode("latin-1"),
    "broken.ipynb": b'{"cells": [\n  {"cell_type": "code"\n',
    "no_cells.ipynb": b'{"nbformat": 4}',
    "syntax_cell.ipynb": notebook(["import keras\n", "x = (1,\n"]),
    "model.json": b'{"class_name": "Sequential", "config": {"layers": [',
    "model.keras": b"PK\x03\x04 not really a zip archive",
    "deep.py": ("import keras\nx = " + "(" * 300 + "1" + ")" * 300 + "\n").encode(),
    "chain.py": ("import keras\nx = a" + ".b" * 700 + "\n").encode(),
}


def unreadable_findings() -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for name, source in UNREADABLE.items():
        found += lint_source(source, name, Settings()).diagnostics
    return found


def problems_of(diagnostic: Diagnostic) -> list[str]:
    where = f"{Path(diagnostic.filename).name}: {diagnostic.code} {diagnostic.message!r}"
    message = diagnostic.message
    if diagnostic.filename.endswith(ARCHIVES):
        message = _ARCHIVE_PLACE.sub("", message)
    problems = []
    if not message.strip() or "\n" in message or "\r" in message:
        problems.append("the message must be one non-empty line")
    if len(message) > MESSAGE_LIMIT:
        problems.append(f"the message has {len(message)} characters (at most {MESSAGE_LIMIT})")
    if message.endswith("."):
        problems.append("the message ends with a period (messages are not sentences)")
    help_text = diagnostic.help.strip()
    if not help_text:
        problems.append("no help: say why it matters and how to fix it")
    elif help_text[-1] not in ".?":
        problems.append(f"the help does not end a sentence: {help_text!r}")
    for note in diagnostic.related:
        if "\n" in note.message or len(note.message) > MESSAGE_LIMIT:
            problems.append(f"the note {note.message!r} is not one short line")
    return [f"{where}: {problem}" for problem in problems]


def test_every_fixture_finding_is_concise_with_help() -> None:
    found = fixture_findings()
    assert len(found) > 100  # the whole corpus, configs and notebooks included
    assert {d.code for d in found} >= {"KC101", "KC102", "KC203", "KC210", "KC303"}
    problems = [problem for diagnostic in found for problem in problems_of(diagnostic)]
    assert not problems, "\n".join(problems)


def test_every_rule_example_finding_is_concise_with_help() -> None:
    found = example_findings()
    static = {code for code, rule in load_catalogue().items() if not rule.dynamic}
    assert {d.code for d in found} >= static - {"KC001", "KC002"}
    problems = [problem for diagnostic in found for problem in problems_of(diagnostic)]
    assert not problems, "\n".join(problems)


def test_unreadable_inputs_are_concise_with_help() -> None:
    found = unreadable_findings()
    names = {Path(d.filename).name for d in found}
    assert names == set(UNREADABLE), f"no finding for {set(UNREADABLE) - names}"
    assert {d.code for d in found} == {"KC001", "KC002"}
    problems = [problem for diagnostic in found for problem in problems_of(diagnostic)]
    assert not problems, "\n".join(problems)


def test_the_checker_is_not_vacuous() -> None:
    [long] = problems_of(Diagnostic("KC205", "x" * (MESSAGE_LIMIT + 1), help="Why."))
    assert "characters" in long
    assert problems_of(Diagnostic("KC205", "two\nlines", help="Why."))
    assert problems_of(Diagnostic("KC205", "A sentence.", help="Why."))
    assert problems_of(Diagnostic("KC205", "short"))
    assert not problems_of(Diagnostic("KC205", "short", help="Why it matters. The fix."))
    place = " [config.json: layers[2] head / layers[2] head_output]"
    archived = Diagnostic("KC205", "x" * MESSAGE_LIMIT + place, help="Why.")
    archived.filename = "model.keras"
    assert not problems_of(archived)
    archived.filename = "model.py"
    assert problems_of(archived)


@pytest.mark.parametrize(
    ("name", "place"),
    [("latin1.py", (2, 12)), ("broken.ipynb", (3, 1))],
)
def test_findings_on_unreadable_input_sit_where_their_message_says(
    name: str, place: tuple[int, int]
) -> None:
    [finding] = lint_source(UNREADABLE[name], name, Settings()).diagnostics
    assert finding.span is not None
    assert (finding.span.start.row, finding.span.start.column) == place
    assert f"line {place[0]}" in finding.message
