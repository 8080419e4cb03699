"""Reporters: the text lines and summary, and the JSON shape DESIGN.md promises."""

from __future__ import annotations

import io
import json
import re

from kerascheck.diagnostics import Diagnostic, Edit, Fix, Position, Related, Severity, Span
from kerascheck.reporters import REPORTERS, ReportOptions, display_path
from kerascheck.reporters.json import to_dict

CWD = "/project"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def span(row: int, column: int, end_row: int | None = None, end_column: int = 1) -> Span:
    return Span(Position(row, column), Position(end_row or row, end_column))


def diagnostic(
    code: str = "KC205",
    severity: Severity = Severity.ERROR,
    filename: str = "/project/train.py",
    row: int = 12,
    column: int = 11,
    **extra: object,
) -> Diagnostic:
    return Diagnostic(
        code=code,
        message=f"message of {code}",
        span=span(row, column, row, column + 5),
        severity=severity,
        filename=filename,
        name=f"name-of-{code.lower()}",
        **extra,  # type: ignore[arg-type]
    )


def render(fmt: str, diagnostics: list[Diagnostic], **options: object) -> str:
    out = io.StringIO()
    REPORTERS[fmt](diagnostics, out, ReportOptions(cwd=CWD, **options))  # type: ignore[arg-type]
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# text


def test_text_line_shape_and_summary() -> None:
    found = [
        diagnostic("KC205", Severity.ERROR, row=12, column=11),
        diagnostic("KC202", Severity.WARNING, row=14, column=5),
        diagnostic("KC201", Severity.ERROR, filename="/project/pkg/model.py", row=3, column=1),
    ]
    lines = render("text", found).splitlines()
    assert lines == [
        "train.py:12:11: KC205 [error] message of KC205",
        "train.py:14:5: KC202 [warning] message of KC202",
        "pkg/model.py:3:1: KC201 [error] message of KC201",
        "Found 3 problems (2 errors, 1 warning) in 2 files.",
    ]


def test_text_clean_run() -> None:
    assert render("text", []) == "All checks passed!\n"
    assert render("text", [], quiet=True) == ""


def test_text_singular_and_info_wording() -> None:
    one = render("text", [diagnostic("KC204", Severity.INFO)]).splitlines()[-1]
    assert one == "Found 1 problem (1 info) in 1 file."
    mixed = [
        diagnostic("KC204", Severity.INFO),
        diagnostic("KC204", Severity.INFO, row=20),
        diagnostic("KC202", Severity.WARNING, row=30),
    ]
    assert render("text", mixed).splitlines()[-1] == (
        "Found 3 problems (1 warning, 2 info) in 1 file."
    )


def test_text_quiet_prints_findings_only() -> None:
    output = render("text", [diagnostic()], quiet=True)
    assert output == "train.py:12:11: KC205 [error] message of KC205\n"


def test_text_related_locations_are_indented_notes() -> None:
    found = diagnostic(
        "KC102",
        Severity.WARNING,
        related=(
            Related("labels generated here", span=span(5, 10)),
            Related("declared in another file", span=span(2, 1), filename="/project/data.py"),
            Related("no position"),
        ),
    )
    lines = render("text", [found]).splitlines()
    assert lines[:4] == [
        "train.py:12:11: KC102 [warning] message of KC102",
        "  train.py:5:10: note: labels generated here",
        "  data.py:2:1: note: declared in another file",
        "  train.py: note: no position",
    ]


def test_text_help_follows_the_notes_on_indented_lines() -> None:
    found = diagnostic(
        "KC102",
        Severity.WARNING,
        related=(Related("labels generated here", span=span(5, 10)),),
        help="Random labels leave nothing to learn.\nTrain on real targets.",
    )
    assert render("text", [found], quiet=True).splitlines() == [
        "train.py:12:11: KC102 [warning] message of KC102",
        "  train.py:5:10: note: labels generated here",
        "  help: Random labels leave nothing to learn.",
        "  help: Train on real targets.",
    ]
    colored = render("text", [found], quiet=True, color=True)
    assert "\x1b[1m\x1b[36mhelp:\x1b[0m Train on real targets." in colored
    assert ANSI.sub("", colored) == render("text", [found], quiet=True)


def test_text_paths_outside_cwd_stay_absolute_and_stdin_stays_dash() -> None:
    outside = render("text", [diagnostic(filename="/elsewhere/x.py")], quiet=True)
    assert outside.startswith("/elsewhere/x.py:12:11: ")
    stdin = render("text", [diagnostic(filename="-")], quiet=True)
    assert stdin.startswith("-:12:11: KC205")


def test_text_notebook_cells() -> None:
    found = diagnostic(filename="/project/nb.ipynb", cell=3, row=2, column=1)
    assert render("text", [found], quiet=True).startswith("nb.ipynb:cell 3:2:1: KC205 [error]")


def test_text_colors_only_when_asked() -> None:
    found = [
        diagnostic("KC205", Severity.ERROR),
        diagnostic("KC202", Severity.WARNING, row=13),
        diagnostic("KC204", Severity.INFO, row=14),
    ]
    plain = render("text", found)
    assert "\x1b[" not in plain
    colored = render("text", found, color=True)
    assert ANSI.sub("", colored) == plain
    lines = colored.splitlines()
    assert "\x1b[1m\x1b[31mKC205" in lines[0]  # bold red error
    assert "\x1b[1m\x1b[33mKC202" in lines[1]  # bold yellow warning
    assert "\x1b[1m\x1b[34mKC204" in lines[2]  # bold blue info
    assert lines[0].startswith("\x1b[1mtrain.py\x1b[0m")  # bold path
    assert "\x1b[32m" in render("text", [], color=True)  # green "All checks passed!"


def test_text_statistics() -> None:
    found = [
        diagnostic("KC202", Severity.WARNING, row=1),
        diagnostic("KC205", Severity.ERROR, row=2),
        diagnostic("KC202", Severity.WARNING, row=3),
    ]
    lines = render("text", found, statistics=True).splitlines()
    assert lines[0].split("\t") == ["2", "KC202", "[warning] name-of-kc202"]
    assert lines[1].split("\t") == ["1", "KC205", "[error] name-of-kc205"]
    assert lines[2] == "Found 3 problems (1 error, 2 warnings) in 1 file."


# ---------------------------------------------------------------------------------------
# json


FIELDS = {
    "filename",
    "code",
    "name",
    "severity",
    "message",
    "help",
    "location",
    "end_location",
    "fix",
    "url",
    "noqa_row",
    "cell",
    "related",
}


def test_json_shape() -> None:
    fix = Fix(
        applicability="safe",
        message="Add return_sequences=True",
        edits=(Edit(", return_sequences=True", span(4, 20, 4, 20)),),
    )
    found = diagnostic(
        "KC201",
        fix=fix,
        related=(Related("feeds this layer", span=span(5, 5)),),
        help="Set return_sequences=True on LSTM(64).",
        url="https://example.org/rules/KC201",
    )
    document = json.loads(render("json", [found, diagnostic("KC202", Severity.WARNING)]))
    assert isinstance(document, list)
    assert len(document) == 2
    first = document[0]
    assert set(first) == FIELDS
    assert first["filename"] == "/project/train.py"  # absolute, as ruff
    assert first["code"] == "KC201"
    assert first["name"] == "name-of-kc201"
    assert first["severity"] == "error"
    assert first["message"] == "message of KC201"
    assert first["help"] == "Set return_sequences=True on LSTM(64)."
    assert first["url"] == "https://example.org/rules/KC201"
    assert first["location"] == {"row": 12, "column": 11}
    assert first["end_location"] == {"row": 12, "column": 16}
    assert first["noqa_row"] == 12
    assert first["cell"] is None
    assert first["fix"] == {
        "applicability": "safe",
        "message": "Add return_sequences=True",
        "edits": [
            {
                "content": ", return_sequences=True",
                "location": {"row": 4, "column": 20},
                "end_location": {"row": 4, "column": 20},
            }
        ],
    }
    assert first["related"] == [
        {
            "filename": "/project/train.py",
            "location": {"row": 5, "column": 5},
            "message": "feeds this layer",
            "cell": None,
        }
    ]
    assert document[1]["fix"] is None
    assert document[1]["related"] == []
    assert document[1]["severity"] == "warning"
    assert document[1]["help"] is None and document[1]["url"] is None


def test_json_empty_run_is_an_empty_list() -> None:
    assert json.loads(render("json", [])) == []


def test_json_url_is_the_findings_own() -> None:
    """The engine fills ``url`` from ``docs-url``; a finding without one has no link."""
    assert to_dict(diagnostic("KC205"))["url"] is None
    linked = diagnostic("KC205", url="https://example.org/KC205")
    assert to_dict(linked)["url"] == "https://example.org/KC205"


def _fixable(code: str, row: int, applicability: str = "safe", **extra: object) -> Diagnostic:
    edit = Edit("x", span(row, 1, row, 2))
    fix = Fix(applicability=applicability, message="fix it", edits=(edit,))
    return diagnostic(code, row=row, fix=fix, **extra)


def test_json_statistics() -> None:
    found = [diagnostic("KC202", Severity.WARNING), diagnostic("KC202", Severity.WARNING, row=20)]
    assert json.loads(render("json", found, statistics=True)) == [
        {
            "code": "KC202",
            "name": "name-of-kc202",
            "severity": "warning",
            "count": 2,
            "fixable": False,
            "fixable_count": 0,
        }
    ]
    found = [_fixable("KC201", 1), diagnostic("KC201", row=2), _fixable("KC205", 3, "unsafe")]
    counts = {
        s["code"]: s["fixable_count"] for s in json.loads(render("json", found, statistics=True))
    }
    assert counts == {"KC201": 1, "KC205": 0}
    unsafe = json.loads(render("json", found, statistics=True, unsafe_fixes=True))
    assert {s["code"]: s["fixable"] for s in unsafe} == {"KC201": True, "KC205": True}


def test_text_statistics_fix_column_as_ruff() -> None:
    """``[*]`` every finding of the code is fixable, ``[~]`` some, ``[ ]`` none; no column
    at all when nothing is fixable."""
    found = [
        _fixable("KC201", 1),
        _fixable("KC201", 2),
        _fixable("KC303", 3),
        diagnostic("KC303", row=4),
        diagnostic("KC205", row=5),
        _fixable("KC203", 6, "unsafe"),
    ]
    lines = render("text", found, statistics=True, quiet=True).splitlines()
    assert lines == [
        "2\tKC201\t[*] [error] name-of-kc201",
        "2\tKC303\t[~] [error] name-of-kc303",
        "1\tKC203\t[ ] [error] name-of-kc203",
        "1\tKC205\t[ ] [error] name-of-kc205",
    ]
    with_unsafe = render("text", found, statistics=True, quiet=True, unsafe_fixes=True)
    assert "1\tKC203\t[*] [error] name-of-kc203" in with_unsafe.splitlines()
    plain = render("text", [diagnostic("KC205")], statistics=True, quiet=True)
    assert plain == "1\tKC205\t[error] name-of-kc205\n"


def test_reporters_registry_and_display_path() -> None:
    assert {"text", "json"} <= set(REPORTERS)
    assert display_path("/project/a/b.py", "/project") == "a/b.py"
    assert display_path("/projectx/b.py", "/project") == "/projectx/b.py"
    assert display_path("rel/b.py", "/project") == "rel/b.py"
    assert display_path("/project/a.py", None) == "/project/a.py"
