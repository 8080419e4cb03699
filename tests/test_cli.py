"""The command line end to end: real scripts on disk, the real engine, real exit codes.

Most tests call ``main([...])`` in-process; a few run ``python -m kerascheck`` in a
subprocess to check what a shell sees (exit status, one-line errors, no traceback).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kerascheck import __version__
from kerascheck.cli import PROGRESS_THRESHOLD, main

SOFTMAX_ONE_UNIT = """\
from tensorflow import keras

model = keras.Sequential(
    [
        keras.Input(shape=(8,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="softmax"){comment}
    ]
)
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
"""
SOFTMAX_ROW = 7  # the row of the output layer above

CLEAN = 'print("nothing Keras here")\n'


def script(
    folder: Path, name: str = "train.py", comment: str = "", text: str | None = None
) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    body = text if text is not None else SOFTMAX_ONE_UNIT.format(comment=comment)
    path.write_text(body, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code, out, err = run(capsys, *args, "--format", "json")
    return code, json.loads(out), err


def codes(document: list[dict]) -> list[str]:
    return [item["code"] for item in document]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in tmp_path, with a config there so no pyproject.toml above it leaks in."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Findings and exit codes


def test_finding_exits_1_with_ruff_like_lines(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd())
    code, out, err = run(capsys, "train.py")
    assert code == 1
    assert err == ""
    assert f"train.py:{SOFTMAX_ROW}:" in out
    line = next(line for line in out.splitlines() if " KC205 " in line)
    assert line.startswith(f"train.py:{SOFTMAX_ROW}:")
    assert " KC205 [error] " in line
    assert out.splitlines()[-1].startswith("Found ")


def test_check_word_is_optional(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd())
    assert run(capsys, "check", "train.py") == run(capsys, "train.py")


def test_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd(), "ok.py", text=CLEAN)
    assert run(capsys, "ok.py") == (0, "All checks passed!\n", "")


def test_no_paths_lints_the_current_folder(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd(), "pkg/train.py")
    script(Path.cwd(), "venv/lib/train.py")  # skipped like ruff
    code, document, _ = run_json(capsys)
    assert code == 1
    files = {Path(item["filename"]) for item in document}
    assert files == {Path.cwd() / "pkg" / "train.py"}


def test_json_output_has_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    path = script(Path.cwd())
    code, document, _ = run_json(capsys, "train.py")
    assert code == 1
    finding = next(item for item in document if item["code"] == "KC205")
    assert finding["filename"] == str(path)
    assert finding["name"] == "single-unit-softmax"
    assert finding["severity"] == "error"
    assert finding["location"]["row"] == SOFTMAX_ROW
    assert finding["end_location"]["row"] >= SOFTMAX_ROW
    assert finding["noqa_row"] == SOFTMAX_ROW
    assert finding["cell"] is None
    assert isinstance(finding["related"], list)
    assert {"fix", "url", "message", "help"} <= set(finding)
    assert finding["url"] is None  # no docs-url configured: no link into the install
    assert "\n" not in finding["message"] and finding["help"]


def test_exit_zero_quiet_and_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd())
    code, out, _ = run(capsys, "train.py", "--exit-zero")
    assert code == 0
    assert " KC205 " in out
    code, out, _ = run(capsys, "train.py", "--quiet")
    assert code == 1
    assert not any(line.startswith(("Found", "All checks")) for line in out.splitlines())
    code, out, _ = run(capsys, "train.py", "--statistics")
    assert code == 1
    assert any(line.split("\t")[1:2] == ["KC205"] for line in out.splitlines())
    assert not any(line.startswith("train.py:") for line in out.splitlines())
    # ruff's fix column: KC205's fix is unsafe, so only --unsafe-fixes makes it fixable
    assert "\tKC205\t[error] single-unit-softmax" in out
    out = run(capsys, "train.py", "--statistics", "--unsafe-fixes")[1]
    assert "\tKC205\t[*] [error] single-unit-softmax" in out
    (stats,) = run_json(capsys, "train.py", "--statistics", "--unsafe-fixes")[1]
    assert (stats["code"], stats["fixable_count"], stats["fixable"]) == ("KC205", 1, True)


def test_color_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd())
    assert "\x1b[" not in run(capsys, "train.py")[1]  # captured stdout is not a terminal
    assert "\x1b[" in run(capsys, "train.py", "--color", "always")[1]


# ---------------------------------------------------------------------------------------
# Selection


def test_select_and_ignore(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd())
    _, everything, _ = run_json(capsys, "train.py")
    assert "KC205" in codes(everything)

    code, only, _ = run_json(capsys, "train.py", "--select", "KC205")
    assert codes(only) == ["KC205"]
    assert code == 1

    code, without, _ = run_json(capsys, "train.py", "--ignore", "KC2")
    assert not any(item.startswith("KC2") for item in codes(without))
    assert code == (1 if without else 0)

    _, extended, _ = run_json(capsys, "train.py", "--select", "KC3", "--extend-select", "kc205")
    assert "KC205" in codes(extended)
    assert all(item == "KC205" or item.startswith("KC3") for item in codes(extended))


def test_min_severity(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd())
    _, document, _ = run_json(capsys, "train.py", "--min-severity", "error")
    assert "KC205" in codes(document)
    assert all(item["severity"] == "error" for item in document)


@pytest.mark.parametrize("flag", ["--select", "--ignore", "--extend-select"])
def test_unknown_codes_are_usage_errors(capsys: pytest.CaptureFixture[str], flag: str) -> None:
    script(Path.cwd())
    code, out, err = run(capsys, "train.py", flag, "KC2,KC999")
    assert code == 2
    assert out == ""
    assert err == f"kerascheck: error: {flag}: unknown rule code or prefix 'KC999'\n"


def test_bad_option_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "xml")
    assert code == 2
    assert out == ""
    assert err.startswith("kerascheck: error: ")
    assert err.count("\n") == 1


# ---------------------------------------------------------------------------------------
# Suppression and configuration, through the engine


def test_noqa_on_the_reported_line(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd(), comment=",  # noqa: KC205")
    _, document, _ = run_json(capsys, "train.py")
    assert "KC205" not in codes(document)
    script(Path.cwd(), comment=",  # kerascheck: ignore[KC201]")  # another code: no effect
    _, document, _ = run_json(capsys, "train.py")
    assert "KC205" in codes(document)


def test_ignore_file_directive(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd(), text="# kerascheck: ignore-file\n" + SOFTMAX_ONE_UNIT.format(comment=""))
    assert run(capsys, "train.py") == (0, "All checks passed!\n", "")


def test_config_ignore_severity_and_per_file_ignores(capsys: pytest.CaptureFixture[str]) -> None:
    cwd = Path.cwd()
    script(cwd, "train.py")
    script(cwd, "demos/demo.py")
    (cwd / "pyproject.toml").write_text(
        "[tool.kerascheck]\n"
        '[tool.kerascheck.severity]\nKC205 = "warning"\n'
        '[tool.kerascheck.per-file-ignores]\n"demos/*" = ["KC205"]\n',
        encoding="utf-8",
    )
    _, document, _ = run_json(capsys, ".")
    found = [
        (Path(item["filename"]).name, item["severity"])
        for item in document
        if item["code"] == "KC205"
    ]
    assert found == [("train.py", "warning")]

    (cwd / "pyproject.toml").write_text('[tool.kerascheck]\nignore = ["KC205"]\n', encoding="utf-8")
    _, document, _ = run_json(capsys, ".")
    assert "KC205" not in codes(document)
    # the command line selects again, as in ruff
    _, document, _ = run_json(capsys, ".", "--select", "KC205")
    assert "KC205" in codes(document)
    _, document, _ = run_json(capsys, ".", "--no-config")
    assert "KC205" in codes(document)


def test_explicit_config_file(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd())
    other = Path.cwd() / "conf" / "kerascheck.toml"
    other.parent.mkdir()
    other.write_text('ignore = ["KC205"]\n', encoding="utf-8")
    _, document, _ = run_json(capsys, "train.py", "--config", str(other))
    assert "KC205" not in codes(document)
    code, _, err = run(capsys, "train.py", "--config", "missing.toml")
    assert (code, err) == (2, "kerascheck: error: missing.toml: configuration file not found\n")
    code, _, err = run(capsys, "train.py", "--config", str(other), "--no-config")
    assert code == 2
    assert err.count("\n") == 1


def test_bad_config_is_one_line_and_no_output(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd())
    (Path.cwd() / "pyproject.toml").write_text(
        "[tool.kerascheck]\nmin-recurent-units = 4\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "train.py")
    assert code == 2
    assert out == ""
    assert err == (
        "kerascheck: error: pyproject.toml: [tool.kerascheck] unknown key 'min-recurent-units' "
        "(did you mean 'min-recurrent-units'?)\n"
    )


# ---------------------------------------------------------------------------------------
# Inputs: stdin, unparsable files, missing paths


def test_stdin_with_a_filename(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = SOFTMAX_ONE_UNIT.format(comment="").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(source)))
    code, out, _ = run(capsys, "-", "--stdin-filename", "models/train.py")
    assert code == 1
    assert out.startswith(f"{Path('models') / 'train.py'}:")
    assert " KC205 " in out


def test_stdin_without_a_filename_and_with_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = SOFTMAX_ONE_UNIT.format(comment="").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(source)))
    code, document, _ = run_json(capsys, "-")
    assert code == 1
    assert {item["filename"] for item in document} == {"-"}
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(source)))
    _, document, _ = run_json(capsys, "--stdin-filename", "x.py")  # no PATH: stdin
    assert {item["filename"] for item in document} == {str(Path.cwd() / "x.py")}


def test_stdin_filename_needs_dash(capsys: pytest.CaptureFixture[str]) -> None:
    script(Path.cwd())
    code, _, err = run(capsys, "train.py", "--stdin-filename", "x.py")
    assert code == 2
    assert err.startswith("kerascheck: error: --stdin-filename")


def test_syntax_error_and_unreadable_file_do_not_stop_the_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cwd = Path.cwd()
    script(cwd, "broken.py", text="import keras\n\ndef f(:\n    pass\n")
    (cwd / "latin1.py").write_bytes(b"# caf\xe9\nx = 1\n")
    script(cwd, "train.py")
    code, document, err = run_json(capsys, ".")
    assert code == 1
    assert err == ""
    by_file = {(Path(item["filename"]).name, item["code"]) for item in document}
    assert ("broken.py", "KC001") in by_file
    assert ("latin1.py", "KC002") in by_file
    assert ("train.py", "KC205") in by_file


def test_missing_path_is_a_finding_and_the_rest_is_linted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As ruff's E902: a KC002 finding on the path (exit 1), and a warning on stderr."""
    script(Path.cwd())
    code, out, err = run(capsys, "missing.py", "train.py")
    assert code == 1
    assert err == "kerascheck: warning: missing.py: cannot read: No such file or directory\n"
    assert out.startswith(
        "missing.py:1:1: KC002 [error] Cannot read this path: No such file or directory\n"
    )
    assert " KC205 " in out
    assert run(capsys, "missing.py", "--ignore", "KC002")[:2] == (0, "All checks passed!\n")
    assert run(capsys, "missing.py", "--exit-zero", "-q")[0] == 0


@pytest.mark.parametrize(
    ("output_format", "expected"),
    [
        ("json", '"code": "KC002"'),
        ("json-lines", '"code": "KC002"'),
        ("github", "::error file=missing.py,line=1,col=1,endLine=1,endColumn=1,title=KC002"),
        ("sarif", '"ruleId": "KC002"'),
        ("lsp", '"code": "KC002"'),
    ],
)
def test_missing_path_is_a_finding_in_every_format(
    capsys: pytest.CaptureFixture[str], output_format: str, expected: str
) -> None:
    code, out, _ = run(capsys, "missing.py", "--format", output_format)
    assert code == 1
    assert expected in out


def test_progress_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(PROGRESS_THRESHOLD):
        script(Path.cwd(), f"f{index:02d}.py", text=CLEAN)
    assert run(capsys, ".") == (0, "All checks passed!\n", "")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["."]) == 0
    assert f"/{PROGRESS_THRESHOLD}]" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\x1b[K")  # the line is cleared at the end
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main([".", "--quiet"]) == 0
    assert quiet.getvalue() == ""


# ---------------------------------------------------------------------------------------
# rule, rules, --version


def test_rule_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rule", "KC201")
    assert code == 0
    assert "KC201" in out
    assert err == ""
    assert run(capsys, "rule", "kc201")[1] == out
    code, out, err = run(capsys, "rule", "KC999")
    assert code == 2
    assert out == ""
    assert err.startswith("kerascheck: error: ")
    assert "KC999" in err
    assert err.count("\n") == 1


def test_rule_command_takes_a_name_and_suggests_close_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    by_code = run(capsys, "rule", "KC201")[1]
    assert run(capsys, "rule", "missing-return-sequences") == (0, by_code, "")
    assert run(capsys, "rule", "Missing_Return_Sequences")[1] == by_code
    code, out, err = run(capsys, "rule", "missing-return-sequence")
    assert (code, out) == (2, "")
    assert err == (
        "kerascheck: error: unknown rule 'missing-return-sequence'; did you mean "
        "missing-return-sequences (KC201)?\n"
    )
    code, _, err = run(capsys, "rule", "KC2O1")
    assert code == 2 and "unknown rule code 'KC2O1'; did you mean" in err and "KC201" in err
    assert "`kerascheck rules` lists them all" in run(capsys, "rule", "no-such-thing-at-all")[2]


def test_top_level_help_lists_the_check_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert out.startswith("usage: kerascheck [-h] [--version] COMMAND ...")
    for option in ("--select", "--format", "--statistics", "--fix", "--instantiate", "--jobs"):
        assert option in out, option
    for section in ("rule selection:", "output:", "fixes:", "dynamic checks:"):
        assert section in out
    assert out.count("-h, --help") == 1  # the check's own -h is not listed twice
    assert run(capsys, "check", "--help")[1].startswith("usage: kerascheck check")


def test_rules_command_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    from kerascheck.catalogue import load_catalogue

    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert all(rule_code in out for rule_code in load_catalogue())


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"kerascheck {__version__}\n")


# ---------------------------------------------------------------------------------------
# What a shell sees


def kerascheck(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR",)}
    return subprocess.run(
        [sys.executable, "-m", "kerascheck", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_subprocess_exit_codes_and_json(tmp_path: Path) -> None:
    script(tmp_path)
    script(tmp_path, "ok.py", text=CLEAN)
    clean = kerascheck(tmp_path, "ok.py")
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, b"All checks passed!\n", b"")
    found = kerascheck(tmp_path, "train.py", "--format", "json")
    assert found.returncode == 1
    assert found.stderr == b""
    assert "KC205" in codes(json.loads(found.stdout))
    missing = kerascheck(tmp_path, "nope.py", "--format", "github")
    assert missing.returncode == 1
    assert (
        missing.stderr == b"kerascheck: warning: nope.py: cannot read: No such file or directory\n"
    )
    assert missing.stdout.startswith(b"::error file=nope.py,line=1,col=1,")


def test_subprocess_stdin(tmp_path: Path) -> None:
    source = SOFTMAX_ONE_UNIT.format(comment="").encode()
    result = kerascheck(tmp_path, "-", "--stdin-filename", "train.py", stdin=source)
    assert result.returncode == 1
    assert result.stdout.startswith(b"train.py:")


def test_subprocess_config_error_has_no_traceback(tmp_path: Path) -> None:
    script(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.kerascheck]\nselect = ["KC2"]\nmin-recurrent-units = 0\n', encoding="utf-8"
    )
    result = kerascheck(tmp_path, "train.py")
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.count(b"\n") == 1
    assert b"Traceback" not in result.stderr
    assert result.stderr.startswith(b"kerascheck: error: pyproject.toml: [tool.kerascheck] ")
    assert b"'min-recurrent-units'" in result.stderr


def test_subprocess_pipe_has_no_progress_and_no_color(tmp_path: Path) -> None:
    for index in range(PROGRESS_THRESHOLD + 1):
        script(tmp_path, f"m{index:02d}.py")
    result = kerascheck(tmp_path, ".")
    assert result.returncode == 1
    assert result.stderr == b""
    assert b"\x1b[" not in result.stdout


# ---------------------------------------------------------------------------------------
# Editors' fix-on-save: --fix on standard input

LEGACY = "from keras.optimizers import SGD\n\nopt = SGD(lr=0.1)\nmodel_units = 4\n"


def test_stdin_fix_prints_the_fixed_source_and_reports_on_stderr(tmp_path: Path) -> None:
    """``cat train.py | kerascheck - --fix --stdin-filename train.py``, as ruff does it."""
    fixed = kerascheck(
        tmp_path, "-", "--fix", "--stdin-filename", "train.py", stdin=LEGACY.encode()
    )
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout == LEGACY.replace("lr=", "learning_rate=").encode()
    assert fixed.stderr == b"Found 1 problem (1 fixed, 0 remaining).\n"

    remaining = kerascheck(
        tmp_path,
        "-",
        "--fix",
        "--stdin-filename",
        "train.py",
        stdin=SOFTMAX_ONE_UNIT.format(comment="").encode(),
    )
    assert remaining.returncode == 1
    assert remaining.stdout == SOFTMAX_ONE_UNIT.format(comment="").encode()  # unsafe: not applied
    assert b"train.py:7:9: KC205 [error]" in remaining.stderr


def test_stdin_fix_gives_the_source_back_when_it_cannot_fix(tmp_path: Path) -> None:
    broken = b"import keras\ndef f(:\n"
    result = kerascheck(tmp_path, "-", "--fix", "--stdin-filename", "x.py", stdin=broken)
    assert (result.returncode, result.stdout) == (1, broken)
    assert b"x.py:2:7: KC001" in result.stderr


def test_stdin_fix_of_an_excluded_name_gives_the_source_back(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nextend-exclude = ["legacy/"]\n')
    args = ("-", "--fix", "--force-exclude", "--stdin-filename", "legacy/train.py")
    result = kerascheck(tmp_path, *args, stdin=LEGACY.encode())
    assert (result.returncode, result.stdout, result.stderr) == (0, LEGACY.encode(), b"")


# ---------------------------------------------------------------------------------------
# --force-exclude, and CI formats run from a subfolder


def test_force_exclude_skips_excluded_paths_named_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cwd = Path.cwd()
    (cwd / "pyproject.toml").write_text('[tool.kerascheck]\nextend-exclude = ["legacy/"]\n')
    script(cwd, "legacy/old.py")
    script(cwd, "train.py", text=CLEAN)
    assert run(capsys, "legacy/old.py", "train.py", "-q")[0] == 1  # named: linted (as ruff)
    assert run(capsys, "legacy/old.py", "train.py", "--force-exclude") == (
        0,
        "All checks passed!\n",
        "",
    )


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository with the script in a subfolder, where a CI step may run kerascheck."""
    (tmp_path / ".git").mkdir()
    script(tmp_path / "training")
    return tmp_path


def test_github_paths_are_relative_to_the_repository_from_a_subfolder(repository: Path) -> None:
    result = kerascheck(repository / "training", "--format", "github", "train.py")
    assert result.returncode == 1
    assert result.stdout.startswith(b"::error file=training/train.py,line=7,col=9,")
    elsewhere = kerascheck(repository / "training", "--format", "github", "../training/train.py")
    assert elsewhere.stdout == result.stdout


def test_github_paths_follow_the_actions_workspace(repository: Path) -> None:
    workspace = repository / "training"  # e.g. a checkout into a subfolder of the runner's repo
    env_result = subprocess.run(
        [sys.executable, "-m", "kerascheck", "--format", "github", "train.py"],
        cwd=workspace,
        env={**os.environ, "GITHUB_WORKSPACE": str(workspace)},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert env_result.stdout.startswith(b"::error file=train.py,line=7,")


def test_sarif_uris_resolve_to_the_file_from_a_subfolder(repository: Path) -> None:
    (repository.parent / "outside.py").write_text(SOFTMAX_ONE_UNIT.format(comment=""))
    result = kerascheck(
        repository / "training", "--format", "sarif", "train.py", "../../outside.py"
    )
    run_log = json.loads(result.stdout)["runs"][0]
    base = run_log["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == repository.resolve().as_uri() + "/"
    locations = [
        item["locations"][0]["physicalLocation"]["artifactLocation"] for item in run_log["results"]
    ]
    assert {"uri": "training/train.py", "uriBaseId": "%SRCROOT%"} in locations
    assert {"uri": (repository.parent / "outside.py").resolve().as_uri()} in locations
    for location in locations:  # every URI names a file that exists
        if "uriBaseId" in location:
            assert (repository / location["uri"]).is_file()
