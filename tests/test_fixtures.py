"""The fixture corpus: kerascheck must report each catalogued bug at its row, and nothing else.

``fixtures/expected.toml`` lists, for every script under ``fixtures/``, the exact set of findings
as ``"CODE:row"``. One test per script compares the engine's findings with that set; a summary
test measures recall and precision over the whole corpus, the way an unseen corpus would judge
the linter. The corpus checks itself too (entries match files, rows point at code, every rule
has at least two buggy scripts), so those tests run before the engine exists.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

#: folders of fixtures that are not training scripts (saved model configs and their generator)
NOT_SCRIPTS = frozenset({"configs"})
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECTED_TOML = FIXTURES / "expected.toml"

#: The rules a fixture can expect (DESIGN.md catalogue; codes are fixed).
CATALOGUE = (
    *(f"KC10{n}" for n in range(1, 9)),
    *(f"KC2{n:02d}" for n in range(1, 12)),
    *(f"KC30{n}" for n in range(1, 4)),
)
FINDING = re.compile(r"^(KC\d{3}):([1-9]\d*)$")
MIN_RECALL = 0.9
MIN_PRECISION = 0.9
MIN_SCRIPTS_PER_RULE = 2


def _fixture_files() -> list[str]:
    return sorted(
        p.relative_to(FIXTURES).as_posix()
        for p in FIXTURES.rglob("*.py")
        if p.relative_to(FIXTURES).parts[0] not in NOT_SCRIPTS
    )


def _expected_table() -> dict[str, Any]:
    with EXPECTED_TOML.open("rb") as handle:
        return tomllib.load(handle)


def _expected() -> dict[str, frozenset[str]]:
    return {path: frozenset(entry["findings"]) for path, entry in _expected_table().items()}


FILES = _fixture_files()
EXPECTED = _expected()


# --- the corpus is consistent --------------------------------------------------------------


def test_every_fixture_has_an_entry_and_every_entry_a_fixture() -> None:
    on_disk = set(FILES)
    listed = set(EXPECTED)
    assert not on_disk - listed, (
        f"fixtures without an entry in expected.toml: {sorted(on_disk - listed)}"
    )
    assert not listed - on_disk, (
        f"expected.toml entries without a fixture: {sorted(listed - on_disk)}"
    )


def test_entries_are_well_formed() -> None:
    problems: list[str] = []
    for path, entry in _expected_table().items():
        findings = entry.get("findings")
        if not isinstance(findings, list):
            problems.append(f"{path}: 'findings' must be a list")
            continue
        if len(findings) != len(set(findings)):
            problems.append(f"{path}: duplicate findings {findings}")
        source = FIXTURES / path
        lines = source.read_text(encoding="utf-8").splitlines() if source.exists() else []
        for finding in findings:
            match = FINDING.match(finding) if isinstance(finding, str) else None
            if match is None:
                problems.append(f"{path}: {finding!r} is not 'KCnnn:row'")
                continue
            code, row = match.group(1), int(match.group(2))
            if code not in CATALOGUE:
                problems.append(f"{path}: {code} is not a catalogue rule")
            if row > len(lines) or not lines[row - 1].strip() or lines[row - 1].lstrip()[0] == "#":
                problems.append(f"{path}: row {row} of {finding} is not a line of code")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", FILES)
def test_fixture_is_valid_python(path: str) -> None:
    """A fixture that does not parse would test KC001, not the rule it was written for."""
    ast.parse((FIXTURES / path).read_bytes(), filename=path)


def test_clean_and_non_keras_fixtures_expect_nothing() -> None:
    noisy = {
        path: sorted(found)
        for path, found in EXPECTED.items()
        if path.split("/")[0] in ("clean", "not_keras") and found
    }
    assert not noisy, f"clean/ and not_keras/ scripts must expect no findings: {noisy}"


def test_every_rule_has_buggy_scripts() -> None:
    scripts = Counter(
        code
        for path, found in EXPECTED.items()
        if path.startswith("buggy/")
        for code in {finding.split(":")[0] for finding in found}
    )
    thin = {code: scripts[code] for code in CATALOGUE if scripts[code] < MIN_SCRIPTS_PER_RULE}
    assert not thin, f"rules with fewer than {MIN_SCRIPTS_PER_RULE} buggy scripts: {thin}"


# --- the linter meets the corpus -----------------------------------------------------------


@dataclass(frozen=True)
class Reported:
    key: str  # "CODE:row"
    message: str


def _engine() -> Any:
    """The engine module, or a skip while it has not been written (import errors still fail)."""
    if importlib.util.find_spec("kerascheck.engine") is None:
        pytest.skip("kerascheck.engine does not exist yet")
    from kerascheck import engine

    return engine


@functools.cache
def _lint_file(path: str) -> tuple[tuple[str, Reported], ...]:
    """Every finding of one file's lint, with the file it is placed in (a file of a project
    can place a finding in a module it imports)."""
    from kerascheck.settings import Settings

    source = FIXTURES / path
    result = _engine().lint_source(source.read_bytes(), str(source), Settings())
    return tuple(
        (
            Path(d.filename).resolve().relative_to(FIXTURES).as_posix(),
            Reported(f"{d.code}:{d.span.start.row}", d.message),
        )
        for d in result.diagnostics
    )


def _lint(path: str) -> tuple[Reported, ...]:
    """The findings placed in ``path``: for a file of ``projects/<name>/``, whichever file of
    that project reported them (as when the project folder is linted)."""
    parts = Path(path).parts
    linted = (
        [f for f in FILES if Path(f).parts[:2] == parts[:2]] if parts[0] == "projects" else [path]
    )
    return tuple(
        reported for other in linted for place, reported in _lint_file(other) if place == path
    )


def _line(path: str, key: str) -> str:
    row = int(key.split(":")[1])
    lines = (FIXTURES / path).read_text(encoding="utf-8").splitlines()
    return lines[row - 1].strip() if 0 < row <= len(lines) else "<no such row>"


def _diff(path: str, expected: frozenset[str], reported: tuple[Reported, ...]) -> str:
    def order(key: str) -> tuple[int, str]:
        code, row = key.split(":")
        return int(row), code

    found = {r.key for r in reported}
    messages = {r.key: r.message for r in reported}
    out = [f"{path}: findings differ from expected.toml"]
    missing = sorted(expected - found, key=order)
    unexpected = sorted(found - expected, key=order)
    if missing:
        out.append("  missing (expected, not reported):")
        out += [f"    {key:<10} | {_line(path, key)}" for key in missing]
    if unexpected:
        out.append("  unexpected (reported, not expected):")
        out += [
            f"    {key:<10} | {_line(path, key)}\n               -> {messages[key]}"
            for key in unexpected
        ]
    return "\n".join(out)


@pytest.mark.parametrize("path", FILES)
def test_fixture_findings(path: str) -> None:
    expected = EXPECTED.get(path, frozenset())
    reported = _lint(path)
    assert {r.key for r in reported} == expected, _diff(path, expected, reported)


def test_corpus_recall_and_precision() -> None:
    per_code: dict[str, Counter[str]] = {}
    misses: list[str] = []
    for path in FILES:
        expected = EXPECTED.get(path, frozenset())
        found = {r.key for r in _lint(path)}
        for key, outcome in (
            *((k, "tp") for k in expected & found),
            *((k, "fn") for k in expected - found),
            *((k, "fp") for k in found - expected),
        ):
            per_code.setdefault(key.split(":")[0], Counter())[outcome] += 1
            if outcome != "tp":
                misses.append(f"  {outcome}  {path}  {key}  | {_line(path, key)}")

    total = sum(per_code.values(), Counter())
    recall = total["tp"] / max(total["tp"] + total["fn"], 1)
    precision = (
        total["tp"] / max(total["tp"] + total["fp"], 1) if total["tp"] + total["fp"] else 0.0
    )
    table = [f"{'code':<7}{'expected':>9}{'found':>7}{'missed':>8}{'spurious':>10}"]
    for code in sorted(per_code):
        c = per_code[code]
        table.append(f"{code:<7}{c['tp'] + c['fn']:>9}{c['tp']:>7}{c['fn']:>8}{c['fp']:>10}")
    table.append(
        f"{'all':<7}{total['tp'] + total['fn']:>9}{total['tp']:>7}{total['fn']:>8}{total['fp']:>10}"
    )
    report = "\n".join(
        [
            *table,
            f"recall {recall:.3f}  precision {precision:.3f}  over {len(FILES)} scripts",
            *misses,
        ]
    )
    print(report)
    assert recall >= MIN_RECALL and precision >= MIN_PRECISION, report
