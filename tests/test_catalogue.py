"""The rule catalogue: rules/*.toml against DESIGN.md, loader validation, rendering."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from kerascheck.catalogue import (
    SECTION_TITLES,
    CatalogueError,
    Rule,
    get_rule,
    load_catalogue,
    markdown_table,
    render_rule,
    render_table,
    rules_dir,
)
from kerascheck.diagnostics import Severity

REPO = Path(__file__).resolve().parents[1]
DESIGN = Path(__file__).resolve().parents[2] / "shared" / "DESIGN.md"
README = REPO / "README.md"
RULES = load_catalogue()
ALL_RULES = list(RULES.values())


def rule_id(rule: Rule) -> str:
    return rule.code


# --- the catalogue against the design ------------------------------------------------------


#: a row of DESIGN.md's catalogue table: ``| KC201 | missing-return-sequences | error | ...``
TABLE_ROW = re.compile(r"^\|\s*(KC\d{3})\s*\|\s*([a-z0-9-]+)\s*\|\s*(error|warning|info)\s*\|")
#: a code reserved below the table: ``- KC107 `scaled-class-labels` (error, fit argument): ...``
RESERVED_ITEM = re.compile(r"^- (KC\d{3}) `([a-z0-9-]+)` \((error|warning|info)\b")


def design_codes(line_pattern: re.Pattern[str]) -> dict[str, tuple[str, str]]:
    """``code -> (name, severity)`` for every line of DESIGN.md that ``line_pattern`` matches."""
    lines = DESIGN.read_text(encoding="utf-8").splitlines()
    return {m[1]: (m[2], m[3]) for m in map(line_pattern.match, lines) if m}


def design_table() -> dict[str, tuple[str, str]]:
    """Every static rule in DESIGN.md's catalogue table."""
    return design_codes(TABLE_ROW)


def design_reserved() -> dict[str, tuple[str, str]]:
    """The codes DESIGN.md reserves below its table: each may arrive with or without its rule
    file; when the file exists it must carry this name and severity."""
    return design_codes(RESERVED_ITEM)


@pytest.mark.skipif(not DESIGN.exists(), reason="shared/DESIGN.md is not next to the repository")
def test_catalogue_has_exactly_the_designed_rules_with_their_names_and_severities() -> None:
    designed = design_table()
    assert len(designed) > 10  # the parser found the table
    reserved = design_reserved()
    static = {code: rule for code, rule in RULES.items() if not rule.dynamic}
    files = {path.stem for path in (REPO / "rules").glob("*.toml")}
    dynamic = set(RULES) - set(static)
    assert set(designed) | dynamic <= files <= set(designed) | set(reserved) | dynamic
    actual = {code: (rule.name, str(rule.severity)) for code, rule in static.items()}
    expected = {**designed, **{code: reserved[code] for code in files if code in reserved}}
    assert actual == expected


@pytest.mark.skipif(not DESIGN.exists(), reason="shared/DESIGN.md is not next to the repository")
def test_dynamic_rules_fill_the_kc9xx_row_of_the_design() -> None:
    assert "| KC9xx | (dynamic checks)" in DESIGN.read_text(encoding="utf-8")
    assert all(code.startswith("KC9") for code, rule in RULES.items() if rule.dynamic)


def test_catalogue_is_sorted_by_code_and_cached() -> None:
    assert list(RULES) == sorted(RULES)
    again = load_catalogue()
    assert all(again[code] is rule for code, rule in RULES.items())


def test_default_folder_holds_the_repository_rules() -> None:
    names = {path.name for path in rules_dir().glob("*.toml")}
    assert names == {path.name for path in (REPO / "rules").glob("*.toml")}


@pytest.mark.parametrize("rule", ALL_RULES, ids=rule_id)
def test_rule_fields(rule: Rule) -> None:
    assert isinstance(rule.severity, Severity)
    assert len(rule.summary) <= 100, "the summary must fit a line of `kerascheck rules`"
    assert rule.bad is next(e for e in rule.examples if e.kind == "bad")
    assert rule.good is next(e for e in rule.examples if e.kind == "good")


# --- the examples are well-formed (the engine test lints them) -----------------------------


@pytest.mark.parametrize("rule", ALL_RULES, ids=rule_id)
def test_examples_are_python_and_bad_rows_point_at_code(rule: Rule) -> None:
    for example in rule.examples:
        if rule.code == "KC001" and example.kind == "bad":
            with pytest.raises(SyntaxError) as error:
                compile(example.code, "<example>", "exec")
            assert error.value.lineno == example.line
            continue
        compile(example.code, "<example>", "exec")
        if example.kind == "bad" and rule.code != "KC002":
            row = example.code.splitlines()[example.line - 1].strip()
            assert row and not row.startswith("#"), f"row {example.line} is not code: {row!r}"


def test_unreadable_input_example_is_not_utf8_once_written() -> None:
    bad = get_rule("KC002").bad
    assert bad.encoding == "latin-1" and bad.line == 1
    with pytest.raises(UnicodeDecodeError):
        bad.code.encode(bad.encoding).decode("utf-8")
    assert get_rule("KC002").good.code.encode("utf-8").decode("utf-8")


# --- loader validation ---------------------------------------------------------------------

VALID = """\
code = "KC999"
name = "example-rule"
severity = "warning"
summary = "Something is wrong."
anchor = "the layer"
fix = "none"

[doc]
what = "What it does."
why = \"\"\"
Why it is bad.

A second paragraph.
\"\"\"
instead = "What to do."
references = ["https://keras.io/api/layers/"]

[[examples]]
kind = "bad"
line = 2
code = '''
import keras
layer = keras.layers.Dense(0)
'''

[[examples]]
kind = "good"
code = '''
import keras
layer = keras.layers.Dense(1)
'''
"""


def write_rule(folder: Path, text: str, name: str = "KC999.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_rule_file_loads(tmp_path: Path) -> None:
    write_rule(tmp_path, VALID)
    rule = load_catalogue(tmp_path)["KC999"]
    assert (rule.name, rule.severity, rule.fix) == ("example-rule", Severity.WARNING, "none")
    assert rule.why == "Why it is bad.\n\nA second paragraph."
    assert rule.bad.line == 2 and rule.bad.code.splitlines()[1] == "layer = keras.layers.Dense(0)"
    assert rule.good.line is None and rule.good.encoding == "utf-8"
    assert rule.references == ("https://keras.io/api/layers/",)


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ('severity = "warning"\n', "", "severity", "missing"),
        ('severity = "warning"', 'severity = "fatal"', "severity", "fatal"),
        ('severity = "warning"', 'severty = "warning"', "severty", "unknown key"),
        ('code = "KC999"', 'code = "KC998"', "code", "file name"),
        ('name = "example-rule"', 'name = "ExampleRule"', "name", "kebab-case"),
        ('fix = "none"', 'fix = "maybe"', "fix", "maybe"),
        ('summary = "Something is wrong."', 'summary = """a\nb"""', "summary", "single line"),
        ('what = "What it does."', 'what = ""', "doc.what", "non-empty"),
        ('["https://keras.io/api/layers/"]', '["keras.io"]', "doc.references[0]", "https"),
        ("references = [", "refs = [", "doc.refs", "unknown key"),
        ("line = 2", "line = 9", "examples[0].line", "outside"),
        ("line = 2\n", "", "examples[0].line", "row"),
        ('kind = "good"', 'kind = "good"\nline = 1', "examples[1].line", "only bad"),
        ('kind = "good"', 'kind = "fine"', "examples[1].kind", "'fine'"),
        ('kind = "good"', 'kind = "bad"\nline = 1', "examples", "'good'"),
        ('kind = "bad"', 'kind = "bad"\nencoding = "klingon"', "examples[0].encoding", "klingon"),
    ],
)
def test_invalid_rule_files_name_the_file_and_the_key(
    tmp_path: Path, old: str, new: str, key: str, problem: str
) -> None:
    assert old in VALID
    write_rule(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(CatalogueError) as error:
        load_catalogue(tmp_path)
    assert error.value.key == key
    assert error.value.path.name == "KC999.toml"
    message = str(error.value)
    assert "KC999.toml" in message and key in message and problem in message


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    write_rule(tmp_path, VALID.replace('name = "example-rule"', "name = example-rule"))
    with pytest.raises(CatalogueError, match=r"KC999\.toml: is not valid TOML"):
        load_catalogue(tmp_path)


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="no rule files"):
        load_catalogue(tmp_path)


def test_get_rule_ignores_case_and_suggests_close_codes() -> None:
    assert get_rule(" kc201 ") is RULES["KC201"]
    with pytest.raises(KeyError) as error:
        get_rule("KC2O1")
    assert "KC201" in str(error.value) and not str(error.value).startswith("'")
    with pytest.raises(KeyError, match="kerascheck rules"):
        get_rule("E501")


# --- rendering ------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ALL_RULES, ids=rule_id)
def test_render_rule_shows_every_section_in_ruff_order(rule: Rule) -> None:
    text = render_rule(rule)
    lines = text.splitlines()
    assert lines[0] == f"{rule.code} {rule.name} ({rule.severity})"
    assert lines[1] == rule.summary
    positions = [lines.index(title) for title in SECTION_TITLES]
    assert positions == sorted(positions)
    example = "\n".join(lines[positions[2] : positions[3]])
    assert all(line.strip() in example for line in rule.bad.code.splitlines())
    use_instead = "\n".join(lines[positions[3] : positions[4]])
    assert all(line.strip() in use_instead for line in rule.good.code.splitlines())
    assert all(url in text for url in rule.references)
    assert "\x1b[" not in text
    prose = [line for line in lines[2:] if line.startswith("  ") and not line.startswith("    ")]
    assert all(len(line) <= 88 or " " not in line.strip() for line in prose)


def test_render_rule_colors_headings_only_on_request() -> None:
    colored = render_rule(RULES["KC205"], color=True)
    assert "\x1b[1mWhy is this bad?\x1b[0m" in colored
    assert "\x1b[31merror\x1b[0m" in colored


def test_render_rule_without_references_says_so() -> None:
    text = render_rule(dataclasses.replace(RULES["KC201"], references=()))
    assert text.split("References\n", 1)[1].strip() == "None listed."


def test_render_table_lists_every_rule_once() -> None:
    lines = render_table(RULES).splitlines()
    assert lines[0].split() == ["Code", "Name", "Severity", "Summary"]
    assert len(lines) == len(RULES) + 2
    for rule, line in zip(ALL_RULES, lines[2:], strict=True):
        assert line.split()[:3] == [rule.code, rule.name, str(rule.severity)]
        assert line.endswith(rule.summary)
    assert (
        len({line.index(rule.summary) for rule, line in zip(ALL_RULES, lines[2:], strict=True)})
        == 1
    )


def test_markdown_table_has_a_row_per_rule_and_escapes_pipes() -> None:
    piped = dataclasses.replace(RULES["KC302"], summary="mse | accuracy")
    lines = markdown_table([*ALL_RULES[:2], piped]).splitlines()
    assert lines[0] == "| Code | Name | Severity | What it catches |"
    assert len(lines) == 2 + 3
    assert lines[-1] == "| KC302 | `accuracy-with-regression-loss` | warning | mse \\| accuracy |"
    full = markdown_table(RULES).splitlines()
    assert [line.split(" | ")[0] for line in full[2:]] == [f"| {code}" for code in RULES]


def test_readme_rule_table_is_up_to_date() -> None:
    if not README.exists():
        pytest.skip("no README.md yet")
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- rules-table:start -->(.*?)<!-- rules-table:end -->", text, re.S)
    if match is None:
        pytest.skip("README.md has no rules-table markers yet")
    assert match[1].strip() == markdown_table(RULES).strip()
