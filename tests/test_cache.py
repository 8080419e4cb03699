"""The findings cache: what it keys on, where it lives, and that it never breaks a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from kerascheck import cache
from kerascheck.cache import LAYOUT, Cache, Caches, fingerprint, settings_key
from kerascheck.cli import main
from kerascheck.diagnostics import Diagnostic, Edit, Fix, Position, Related, Severity, Span
from kerascheck.engine import lint_source
from kerascheck.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "fixtures" / "seed").glob("*.py"))
MODELS = sorted(path for path in (ROOT / "fixtures" / "configs").iterdir() if path.suffix != ".py")

SOFTMAX = textwrap.dedent(
    """\
    import keras
    model = keras.Sequential([
        keras.Input(shape=(8,)),
        keras.layers.Dense(1, activation="softmax"),
    ])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    """
)


@pytest.fixture(autouse=True)
def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KERASCHECK_NO_CACHE", raising=False)
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\n", encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code = main([*args, "--format", "json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{LAYOUT}/*/*.entry"))


# ---------------------------------------------------------------------------------------
# Findings survive the round trip exactly


def test_a_finding_with_everything_survives_the_round_trip() -> None:
    span = Span(Position(3, 5), Position(4, 1))
    diagnostic = Diagnostic(
        code="KC203",
        message="TimeDistributed(LSTM) ... «unicode»",
        span=span,
        severity=Severity.WARNING,
        related=(Related("here", span=span, filename="/a/b.py"), Related("no span")),
        fix=Fix("unsafe", "unwrap", (Edit("LSTM(4)", span), Edit("", span))),
        filename="/a/b.py",
        cell=2,
        name="misplaced-time-distributed",
        extra={"limit": "nesting", "depth": [1, 2]},
    )
    data = json.loads(json.dumps(cache.diagnostic_to_dict(diagnostic)))
    assert cache.diagnostic_from_dict(data) == diagnostic


@pytest.mark.parametrize("path", SEED + MODELS, ids=lambda p: p.name)
def test_real_findings_survive_the_round_trip(path: Path) -> None:
    result = lint_source(path.read_bytes(), str(path))
    assert result.diagnostics or path in MODELS  # every seed example has findings
    data = json.loads(json.dumps([cache.diagnostic_to_dict(d) for d in result.diagnostics]))
    assert [cache.diagnostic_from_dict(item) for item in data] == result.diagnostics


def test_findings_that_json_cannot_hold_are_not_cached(tmp_path: Path) -> None:
    store = Cache(tmp_path / "c", "f" * 64)
    tuple_extra = Diagnostic("KC201", "m", span=Span.at_file_start(), extra={"t": (1, 2)})
    assert store.put("/x.py", "k", [tuple_extra]) is False
    assert store.get("/x.py", "k") is None


# ---------------------------------------------------------------------------------------
# Keys


def test_settings_key_is_stable_and_ignores_dict_order() -> None:
    one = Settings(severity={"KC201": Severity.INFO, "KC202": Severity.ERROR})
    two = Settings(severity={"KC202": Severity.ERROR, "KC201": Severity.INFO})
    assert settings_key(one) == settings_key(two)
    assert settings_key(one) != settings_key(Settings())


@pytest.mark.parametrize(
    "change",
    [
        {"ignore": ("KC2",)},
        {"min_recurrent_units": 4},
        {"learning_rate_sgd": (1e-5, 2.0)},
        {"severity": {"KC201": Severity.INFO}},
        {"root": "/elsewhere"},
        {"per_file_ignores": (("tests/*", ("KC101",)),)},
        {"max_file_size": 10},
    ],
)
def test_every_setting_that_decides_findings_is_in_the_key(change: dict) -> None:
    assert settings_key(Settings(**change)) != settings_key(Settings())


def test_where_the_cache_lives_and_the_time_budget_are_not_in_the_key() -> None:
    base = settings_key(Settings())
    assert settings_key(Settings(cache_dir="elsewhere", file_timeout=3.0)) == base


def test_the_key_covers_the_content() -> None:
    text = settings_key(Settings())
    assert cache.entry_key(b"a", text) != cache.entry_key(b"b", text)
    assert cache.entry_key(b"a", text) == cache.entry_key(b"a", text)


def test_editing_a_rule_file_changes_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    for source in (ROOT / "rules").glob("*.toml"):
        (rules / source.name).write_bytes(source.read_bytes())
    monkeypatch.setattr("kerascheck.catalogue.rules_dir", lambda: rules)
    before = fingerprint()
    assert fingerprint() == before
    edited = rules / "KC201.toml"
    edited.write_text(edited.read_text() + "\n# edited\n")
    assert fingerprint() != before


# ---------------------------------------------------------------------------------------
# Storage


def test_get_put_and_a_changed_key(tmp_path: Path) -> None:
    store = Cache(tmp_path / "c", "a" * 64)
    found = lint_source(SOFTMAX.encode(), "/p/train.py").diagnostics
    assert store.get("/p/train.py", "k1") is None
    assert store.put("/p/train.py", "k1", found)
    assert store.get("/p/train.py", "k1") == found
    assert store.get("/p/train.py", "k2") is None  # content or settings changed
    assert store.get("/p/other.py", "k1") is None
    assert sorted(p.name for p in (tmp_path / "c").iterdir() if not p.is_dir()) == [
        ".gitignore",
        "CACHEDIR.TAG",
    ]
    assert not list((tmp_path / "c").rglob(".tmp-*")), "a temporary file was left behind"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff garbage",
        b'{"key": "k", "path": "/p/train.py", "diagnostics": [',  # truncated
        b'{"key": "k", "path": "/p/train.py", "diagnostics": [{"code": 3}]}',
        b'{"key": "k", "path": "/p/train.py", "diagnostics": {}}',
        b"[1, 2, 3]",
        b'{"key": "k", "path": "/p/train.py", "diagnostics": [{}]}',
        b"[" * 100_000,
    ],
)
def test_a_corrupt_entry_is_a_miss_and_is_replaced(tmp_path: Path, content: bytes) -> None:
    store = Cache(tmp_path / "c", "b" * 64)
    found = lint_source(SOFTMAX.encode(), "/p/train.py").diagnostics
    assert store.put("/p/train.py", "k", found)
    [entry] = entries(tmp_path / "c")
    entry.write_bytes(content)
    assert store.get("/p/train.py", "k") is None
    assert store.put("/p/train.py", "k", found)
    assert store.get("/p/train.py", "k") == found


def test_an_unwritable_cache_folder_is_skipped_silently(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    store = Cache(blocker / "cache", "c" * 64)
    assert store.put("/p/train.py", "k", []) is False
    assert store.get("/p/train.py", "k") is None


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes")
def test_a_read_only_cache_folder_is_skipped_silently(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert Cache(folder, "d" * 64).put("/p/train.py", "k", []) is False
    finally:
        folder.chmod(0o700)


def test_a_new_fingerprint_replaces_the_old_folder(tmp_path: Path) -> None:
    old = Cache(tmp_path / "c", "1" * 64)
    assert old.put("/p/a.py", "k", [])
    new = Cache(tmp_path / "c", "2" * 64)
    assert new.put("/p/a.py", "k", [])
    folders = sorted(p.name for p in (tmp_path / "c" / LAYOUT).iterdir() if p.is_dir())
    assert folders == ["2" * 16]


def test_the_cache_never_holds_more_than_one_entry_per_file(tmp_path: Path) -> None:
    store = Cache(tmp_path / "c", "e" * 64)
    for key in ("k1", "k2", "k3"):
        assert store.put("/p/a.py", key, [])
    assert len(entries(tmp_path / "c")) == 1


# ---------------------------------------------------------------------------------------
# Through the command line


def test_an_unchanged_file_is_not_analysed_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "train.py").write_text(SOFTMAX)
    code, cold, _ = run(capsys, "train.py")
    assert code == 1 and [item["code"] for item in cold] == ["KC205"]
    [entry] = entries(tmp_path / ".kerascheck_cache")
    # Plant a marker in the entry: if the second run shows it, it read the cache.
    data = json.loads(entry.read_text())
    data["diagnostics"][0]["message"] = "from the cache"
    entry.write_text(json.dumps(data))
    assert run(capsys, "train.py")[1][0]["message"] == "from the cache"
    # --no-cache analyses again, and so does any edit of the file.
    assert run(capsys, "train.py", "--no-cache")[1] == cold
    (tmp_path / "train.py").write_text(SOFTMAX + "# edited\n")
    assert run(capsys, "train.py")[1][0]["message"] == cold[0]["message"]


def test_warm_output_equals_cold_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in SEED:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    cold = run(capsys, ".", "--no-cache")
    first = run(capsys, ".")
    warm = run(capsys, ".", "--debug")
    assert first[:2] == cold[:2] == warm[:2]
    assert f"cache: {len(SEED)} hits, 0 files analysed" in warm[2]


def test_worker_processes_write_the_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_corpus(tmp_path / "corpus", 10)
    cold = run(capsys, "corpus", "--jobs", "2")
    assert len(entries(tmp_path / ".kerascheck_cache")) == 10
    warm = run(capsys, "corpus", "--jobs", "2", "--debug")
    assert cold[:2] == warm[:2]
    assert "cache: 10 hits, 0 files analysed" in warm[2]


def test_changed_settings_miss_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "train.py").write_text(SOFTMAX)
    assert [item["code"] for item in run(capsys, "train.py")[1]] == ["KC205"]
    assert run(capsys, "train.py", "--ignore", "KC205")[1] == []
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\nseverity = {KC205 = "info"}\n')
    assert run(capsys, "train.py")[1][0]["severity"] == "info"


def test_the_cache_lives_at_the_project_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    (project / "src" / "deep").mkdir(parents=True)
    (project / "kerascheck.toml").write_text("")
    (project / "src" / "deep" / "train.py").write_text(SOFTMAX)
    run(capsys, str(project / "src" / "deep" / "train.py"))
    assert entries(project / ".kerascheck_cache")
    assert not (project / "src" / "deep" / ".kerascheck_cache").exists()


def test_cache_dir_setting_is_relative_to_its_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.kerascheck]\ncache-dir = "build/kc"\n')
    (tmp_path / "train.py").write_text(SOFTMAX)
    run(capsys, "train.py")
    assert entries(tmp_path / "build" / "kc")
    assert not (tmp_path / ".kerascheck_cache").exists()


def test_cache_dir_option_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "train.py").write_text(SOFTMAX)
    run(capsys, "train.py", "--cache-dir", str(tmp_path / "elsewhere"))
    assert entries(tmp_path / "elsewhere")
    assert not (tmp_path / ".kerascheck_cache").exists()


def test_no_cache_and_the_environment_variable_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "train.py").write_text(SOFTMAX)
    run(capsys, "train.py", "--no-cache")
    monkeypatch.setenv("KERASCHECK_NO_CACHE", "1")
    run(capsys, "train.py")
    assert not (tmp_path / ".kerascheck_cache").exists()


def test_an_unwritable_cache_does_not_fail_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "blocker").write_text("")
    (tmp_path / "train.py").write_text(SOFTMAX)
    code, document, err = run(capsys, "train.py", "--cache-dir", str(tmp_path / "blocker" / "c"))
    assert (code, [item["code"] for item in document], err) == (1, ["KC205"], "")


def test_a_warm_run_does_not_import_libcst(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(SOFTMAX)
    probe = (
        "import sys, contextlib, io\n"
        "from kerascheck.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['train.py'])\n"
        "print('libcst' in sys.modules)\n"
    )

    def imports_libcst() -> bool:
        output = subprocess.run(
            [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
        ).stdout
        return output.strip() == "True"

    assert imports_libcst()  # cold: the file is analysed
    assert not imports_libcst()  # warm: the findings come from the cache


def test_caches_share_one_fingerprint_per_run(tmp_path: Path) -> None:
    caches = Caches(cwd=str(tmp_path))
    a = caches.cache_for(Settings(root=str(tmp_path / "a")))
    b = caches.cache_for(Settings(root=str(tmp_path / "b")))
    assert a.folder.name == b.folder.name
    assert a.root == tmp_path / "a" / ".kerascheck_cache"
    assert caches.cache_for(Settings(root=str(tmp_path / "a"))) is a
