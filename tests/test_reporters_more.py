"""The machine formats for other tools: SARIF, GitHub workflow commands, LSP JSON, JSON lines.

Each is checked against the JSON report of the same run (same findings, same places), and
SARIF against the official SARIF 2.1.0 schema shipped in tests/data.
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kerascheck.catalogue import FIX_AVAILABILITY, SECTION_TITLES, load_catalogue, render_rule
from kerascheck.cli import main
from kerascheck.diagnostics import Diagnostic, Edit, Fix, Position, Related, Severity, Span
from kerascheck.reporters import REPORTERS, ReportOptions
from kerascheck.reporters.github import escape_data, escape_property, format_command
from kerascheck.reporters.lsp import character, split_lines, to_lsp
from kerascheck.reporters.sarif import to_sarif

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "tests" / "data" / "sarif-2.1.0.schema.json"
LINTED = ["fixtures/seed", "fixtures/buggy"]
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def run_cli(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    status = main([*arguments, "--exit-zero"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return captured.out


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def json_report(in_root: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    found = json.loads(run_cli(capsys, *LINTED, "--format", "json"))
    assert len(found) >= 5 and any(item["related"] for item in found)
    return found


def render(fmt: str, diagnostics: list[Diagnostic], cwd: str = "/project") -> str:
    out = io.StringIO()
    REPORTERS[fmt](diagnostics, out, ReportOptions(cwd=cwd))
    return out.getvalue()


def made_up(**changes: Any) -> Diagnostic:
    """A finding with a fix, a related note and awkward characters in its message."""
    values: dict[str, Any] = {
        "code": "KC201",
        "message": "LSTM(8) feeds LSTM(8): 100% wrong,\nreally",
        "help": "Set return_sequences=True on LSTM(8): 50%, really",
        "url": "https://example.org/rules/KC201",
        "span": Span(Position(6, 11), Position(6, 18)),
        "severity": Severity.ERROR,
        "filename": "/project/dir, with: colon/train.py",
        "name": "missing-return-sequences",
        "related": (Related("the next layer", span=Span(Position(7, 11), Position(7, 18))),),
        "fix": Fix(
            "safe",
            "Set return_sequences=True",
            (Edit(", return_sequences=True", Span(Position(6, 17), Position(6, 17))),),
        ),
    }
    values.update(changes)
    return Diagnostic(**values)


# ---------------------------------------------------------------------------------------
# SARIF


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def test_sarif_of_real_findings_validates_against_the_official_schema(
    in_root: Path, capsys: pytest.CaptureFixture[str], sarif_validator: Any
) -> None:
    log = json.loads(run_cli(capsys, *LINTED, "--format", "sarif"))
    sarif_validator.validate(log)
    assert log["version"] == "2.1.0"
    assert log["runs"][0]["results"]


def test_sarif_with_fixes_related_places_and_cells_validates(sarif_validator: Any) -> None:
    log = to_sarif(
        [made_up(), made_up(cell=3, severity=Severity.INFO, code="KC204", fix=None)], "/project"
    )
    sarif_validator.validate(log)
    first, second = log["runs"][0]["results"]
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0] == {
        "deletedRegion": {"startLine": 6, "startColumn": 17, "endLine": 6, "endColumn": 17},
        "insertedContent": {"text": ", return_sequences=True"},
    }
    assert second["level"] == "note"
    # a notebook's rows count within a cell: no region in the .ipynb, the cell in the message
    assert second["properties"] == {"cell": 3, "cellRegion": first_region(first)}
    assert "region" not in second["locations"][0]["physicalLocation"]
    assert second["message"]["text"].startswith("cell 3:6:11: LSTM(8)")
    assert "fixes" not in second


def first_region(result: dict[str, Any]) -> dict[str, int]:
    return result["locations"][0]["physicalLocation"]["region"]


def test_sarif_of_notebook_findings_validates(
    in_root: Path, capsys: pytest.CaptureFixture[str], sarif_validator: Any
) -> None:
    log = json.loads(run_cli(capsys, "fixtures/notebooks", "--format", "sarif"))
    sarif_validator.validate(log)
    results = log["runs"][0]["results"]
    assert results and all(r["message"]["text"].startswith("cell ") for r in results)


def test_the_schema_check_is_not_vacuous(sarif_validator: Any) -> None:
    log = to_sarif([made_up()], "/project")
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "info"  # SARIF has no such level
    assert list(sarif_validator.iter_errors(broken))
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(sarif_validator.iter_errors(broken))


def test_sarif_results_match_the_json_report(
    json_report: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    log = json.loads(run_cli(capsys, *LINTED, "--format", "sarif"))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(json_report)
    for item, result in zip(json_report, run["results"], strict=True):
        assert result["ruleId"] == item["code"]
        assert rules[result["ruleIndex"]]["id"] == item["code"]
        assert result["level"] == SARIF_LEVEL[item["severity"]]
        # the one-line message is the first sentence, the help follows
        assert result["message"]["text"] == f"{item['message']}. {item['help']}"
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {
            "uri": Path(item["filename"]).relative_to(ROOT).as_posix(),
            "uriBaseId": "%SRCROOT%",
        }
        assert location["region"] == {
            "startLine": item["location"]["row"],
            "startColumn": item["location"]["column"],
            "endLine": item["end_location"]["row"],
            "endColumn": item["end_location"]["column"],
        }
        related = result.get("relatedLocations", [])
        assert [r["message"]["text"] for r in related] == [r["message"] for r in item["related"]]
        assert [r["physicalLocation"]["region"]["startLine"] for r in related] == [
            r["location"]["row"] for r in item["related"]
        ]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.as_uri() + "/"


def test_sarif_rules_carry_the_whole_rule_documentation() -> None:
    """A log read in CI or on another machine explains every rule: what, why, both
    examples, the fix, the references, as text and as Markdown; no link without docs-url."""
    catalogue = load_catalogue()
    rules = to_sarif([], "/project")["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(catalogue)
    for rule in rules:
        entry = catalogue[rule["id"]]
        assert rule["name"] == entry.name
        assert rule["shortDescription"]["text"] == entry.summary
        assert rule["fullDescription"]["text"] == entry.what
        text, markdown = rule["help"]["text"], rule["help"]["markdown"]
        assert text == render_rule(entry)
        for title in SECTION_TITLES:
            assert title in text and f"## {title}" in markdown
        for part in (entry.what, entry.why, entry.instead, FIX_AVAILABILITY[entry.fix]):
            assert part in markdown
        for example in (entry.bad, entry.good):
            assert f"```python\n{example.code.strip()}\n```" in markdown
            first = next(line for line in example.code.splitlines() if line.strip())
            assert f"    {first}" in text
        assert all(f"<{url}>" in markdown for url in entry.references)
        assert "helpUri" not in rule
        assert rule["defaultConfiguration"]["level"] == SARIF_LEVEL[str(entry.severity)]


def test_sarif_help_uri_comes_from_the_findings_docs_url() -> None:
    linked = made_up(code="KC201", url="https://example.org/rules/KC201")
    rules = to_sarif([linked], "/project")["runs"][0]["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["KC201"]["helpUri"] == "https://example.org/rules/KC201"
    assert "helpUri" not in by_id["KC205"]


def test_docs_url_links_every_format_and_a_cached_run_follows_a_changed_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KERASCHECK_NO_CACHE", raising=False)
    (tmp_path / "train.py").write_text(
        "import keras\n"
        "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation='softmax')])\n"
    )
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.kerascheck]\ndocs-url = "https://docs.example.org/{code}-{name}"\n')
    link = "https://docs.example.org/KC205-single-unit-softmax"
    (finding,) = json.loads(run_cli(capsys, "train.py", "--format", "json"))
    assert finding["url"] == link
    sarif = json.loads(run_cli(capsys, "train.py", "--format", "sarif"))
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["KC205"]["helpUri"] == link
    ((item,),) = [
        entry["diagnostics"] for entry in json.loads(run_cli(capsys, "train.py", "--format", "lsp"))
    ]
    assert item["codeDescription"] == {"href": link}
    assert (tmp_path / ".kerascheck_cache").is_dir()  # the runs above were cached
    config.write_text("[tool.kerascheck]\n")
    (finding,) = json.loads(run_cli(capsys, "train.py", "--format", "json"))
    assert finding["url"] is None


def test_sarif_paths_outside_the_working_directory_are_absolute_uris() -> None:
    result = to_sarif([made_up(filename="/elsewhere/my model.py")], "/project")
    location = result["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "file:///elsewhere/my%20model.py"}


# ---------------------------------------------------------------------------------------
# GitHub workflow commands

COMMAND = re.compile(
    r"^::(?P<kind>error|warning|notice) file=(?P<file>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+),title=(?P<title>[^:]*)::(?P<data>.*)$"
)


def test_github_commands_match_the_json_report(
    json_report: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    lines = run_cli(capsys, *LINTED, "--format", "github").splitlines()
    assert len(lines) == len(json_report)
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    for item, line in zip(json_report, lines, strict=True):
        match = COMMAND.match(line)
        assert match, line
        assert match["kind"] == kinds[item["severity"]]
        assert match["file"] == Path(item["filename"]).relative_to(ROOT).as_posix()
        assert (int(match["line"]), int(match["col"])) == (
            item["location"]["row"],
            item["location"]["column"],
        )
        assert (int(match["end_line"]), int(match["end_col"])) == (
            item["end_location"]["row"],
            item["end_location"]["column"],
        )
        assert match["title"] == f"{item['code']} {item['name']}"
        assert "\n" not in match["data"]


def test_github_escapes_data_and_properties() -> None:
    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert escape_property("a, b: c%") == "a%2C b%3A c%25"
    line = format_command(made_up(), "/project")
    assert line == (
        "::error file=dir%2C with%3A colon/train.py,line=6,col=11,endLine=6,endColumn=18,"
        "title=KC201 missing-return-sequences"
        "::LSTM(8) feeds LSTM(8): 100%25 wrong,%0Areally"
        "%0Anote: dir, with: colon/train.py:7:11: the next layer"
        "%0Ahelp: Set return_sequences=True on LSTM(8): 50%25, really"
    )


def test_github_annotates_a_notebook_finding_on_the_file_with_its_cell() -> None:
    line = format_command(made_up(filename="/project/train.ipynb", cell=4), "/project")
    assert line.startswith(
        "::error file=train.ipynb,title=KC201 missing-return-sequences::cell 4:6:11: LSTM(8)"
    )
    assert "%0Anote: train.ipynb:cell 4:7:11: the next layer%0Ahelp: " in line


@pytest.mark.parametrize(
    ("severity", "kind"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")],
)
def test_github_command_follows_severity(severity: Severity, kind: str) -> None:
    assert render("github", [made_up(severity=severity)]).startswith(f"::{kind} ")


# ---------------------------------------------------------------------------------------
# JSON lines


def test_json_lines_are_the_json_report_one_per_line(
    json_report: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    lines = run_cli(capsys, *LINTED, "--format", "json-lines").splitlines()
    assert [json.loads(line) for line in lines] == json_report


def test_json_lines_statistics(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = json.loads(run_cli(capsys, *LINTED, "--format", "json", "--statistics"))
    lines = run_cli(capsys, *LINTED, "--format", "json-lines", "--statistics").splitlines()
    assert [json.loads(line) for line in lines] == table


# ---------------------------------------------------------------------------------------
# LSP JSON


def test_lsp_format_matches_the_json_report_zero_based(
    json_report: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    files = json.loads(run_cli(capsys, *LINTED, "--format", "lsp"))
    flat = [(entry["uri"], item) for entry in files for item in entry["diagnostics"]]
    assert len(flat) == len(json_report)
    severities = {"error": 1, "warning": 2, "info": 3}
    for expected, (uri, item) in zip(json_report, flat, strict=True):
        assert uri == Path(expected["filename"]).as_uri()
        assert item["code"] == expected["code"] and item["source"] == "kerascheck"
        assert item["severity"] == severities[expected["severity"]]
        assert expected["url"] is None and "codeDescription" not in item  # no docs-url set
        assert item["message"] == expected["message"]
        assert item["data"]["help"] == expected["help"]
        # the linted fixtures are ASCII: characters are code points, one less than columns
        assert item["range"] == {
            "start": {
                "line": expected["location"]["row"] - 1,
                "character": expected["location"]["column"] - 1,
            },
            "end": {
                "line": expected["end_location"]["row"] - 1,
                "character": expected["end_location"]["column"] - 1,
            },
        }
        *notes, help_note = item["relatedInformation"]
        assert [n["message"] for n in notes] == [r["message"] for r in expected["related"]]
        assert [n["location"]["range"]["start"]["line"] for n in notes] == [
            r["location"]["row"] - 1 for r in expected["related"]
        ]
        # the help goes last, at the finding's own place
        assert help_note == {
            "location": {"uri": uri, "range": item["range"]},
            "message": f"help: {expected['help']}",
        }
    assert len({entry["uri"] for entry in files}) == len(files)  # one entry per file


def test_lsp_format_counts_utf16_units_on_non_ascii_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "train.py"
    script.write_text(
        "import keras\n"
        "from keras.layers import Dense\n"
        'model = keras.Sequential([keras.Input((4,)), Dense(8, name="𝔼é"), '
        'Dense(1, activation="softmax")])\n'
        'model.compile(loss="binary_crossentropy", optimizer="adam")\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    (entry,) = json.loads(run_cli(capsys, "train.py", "--format", "lsp"))
    (item,) = [d for d in entry["diagnostics"] if d["code"] == "KC205"]
    line = script.read_text(encoding="utf-8").splitlines()[2]
    start = line.index('Dense(1, activation="softmax")')
    units = len(line[:start].encode("utf-16-le")) // 2
    assert units == start + 1  # the double-struck E lies outside the BMP: two units
    assert item["range"]["start"] == {"line": 2, "character": units}
    assert item["range"]["end"]["character"] == units + len('Dense(1, activation="softmax")')


def test_lsp_format_leaves_notebook_cell_rows_alone(tmp_path: Path) -> None:
    notebook = tmp_path / "train.ipynb"
    notebook.write_text("{\n\n\n\n\n" + '"😀😀😀😀😀😀😀😀": 1}\n', encoding="utf-8")
    found = made_up(filename=str(notebook), cell=2, fix=None, related=())
    (entry,) = json.loads(render("lsp", [found], cwd=str(tmp_path)))
    (item,) = entry["diagnostics"]
    # row 6 of cell 2, not row 6 of the JSON file: no conversion through the file's text
    assert item["range"]["start"] == {"line": 5, "character": 10}
    assert item["data"]["cell"] == 2


def test_lsp_diagnostic_carries_its_fix_as_text_edits() -> None:
    lines = ["", "", "", "", "", 'x = "é"; m.add(LSTM(8))']
    item = to_lsp(made_up(span=Span(Position(6, 16), Position(6, 23))), lines)
    assert item["range"]["start"] == {"line": 5, "character": 15}
    assert item["data"]["fix"] == {
        "applicability": "safe",
        "message": "Set return_sequences=True",
        "edits": [
            {
                "range": {
                    "start": {"line": 5, "character": 16},
                    "end": {"line": 5, "character": 16},
                },
                "newText": ", return_sequences=True",
            }
        ],
    }


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-16", [0, 1, 2, 4, 5]), ("utf-8", [0, 1, 3, 7, 8]), ("utf-32", [0, 1, 2, 3, 4])],
)
def test_character_offsets_per_encoding(encoding: str, expected: list[int]) -> None:
    line = "aé😀b"  # 1, 2, 4 bytes in UTF-8; 1, 1, 2 units in UTF-16
    assert [character(line, column, encoding) for column in range(1, 6)] == expected  # type: ignore[arg-type]


def test_lines_split_as_lsp_splits_them() -> None:
    assert split_lines("a\r\nb\rc\nd\x0ce") == ["a", "b", "c", "d\x0ce"]


# ---------------------------------------------------------------------------------------
# Command line


def test_every_format_is_a_format_choice(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("sarif", "github", "lsp", "json-lines"):
        assert fmt in REPORTERS
        run_cli(capsys, "fixtures/seed/example3.py", "--format", fmt)


def test_new_formats_import_no_editor_or_ml_library() -> None:
    probe = (
        "import contextlib, io, sys\n"
        "from kerascheck.cli import main\n"
        "for fmt in ('sarif', 'github', 'lsp', 'json-lines'):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        f"        main([{str(ROOT / 'fixtures' / 'seed' / 'example3.py')!r}, '--format', fmt])\n"
        "heavy = ('pygls', 'lsprotocol', 'cattrs', 'jsonschema', 'tensorflow', 'keras', 'numpy')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=os.getcwd()
    )
    assert completed.stdout.strip() == "[]"
