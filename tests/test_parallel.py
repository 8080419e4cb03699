"""Parallel linting: the serial results in the serial order, and one bad file costs one file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from kerascheck import parallel
from kerascheck.cli import main
from kerascheck.frontends import READERS
from kerascheck.parallel import ISOLATE_BYTES, POOL_MIN_FILES, Task, lint_all, plan_workers
from kerascheck.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "fixtures").rglob("*.py"))
MODELS = sorted(
    path
    for suffix in ("*.json", "*.keras", "*.h5")
    for path in (ROOT / "fixtures" / "configs").glob(suffix)
)
PARENT = os.getpid()


def tasks_for(paths: list[Path], settings: Settings | None = None) -> list[Task]:
    settings = settings or Settings()
    return [Task(str(path), path.read_bytes(), settings) for path in paths]


def summary(outcomes: list[parallel.Outcome]) -> list[tuple]:
    return [
        (o.result.path, o.result.diagnostics, o.result.internal_errors, o.complete)
        for o in outcomes
    ]


# ---------------------------------------------------------------------------------------
# Same results, same order


def test_two_processes_give_exactly_the_serial_results(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path, 12) + FIXTURES + MODELS
    tasks = tasks_for(paths)
    serial = lint_all(tasks, jobs=1)
    assert plan_workers(tasks, 2) == 2
    assert summary(lint_all(tasks, jobs=2)) == summary(serial)
    assert sum(len(o.result.diagnostics) for o in serial) > 20  # a real comparison


def test_progress_is_reported_once_per_file(tmp_path: Path) -> None:
    tasks = tasks_for(write_corpus(tmp_path, 8))
    seen: list[str] = []
    lint_all(tasks, jobs=2, on_done=seen.append)
    assert sorted(seen) == sorted(task.path for task in tasks)


def test_cli_output_is_the_same_with_any_number_of_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "corpus", 10)
    for path in FIXTURES[:10]:
        (tmp_path / "corpus" / path.name).write_bytes(path.read_bytes())
    outputs = []
    for jobs in ("1", "2", "3"):
        code = main(["corpus", "--no-cache", "--jobs", jobs, "--format", "json"])
        outputs.append((code, json.loads(capsys.readouterr().out)))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0][1]


@pytest.mark.parametrize("bad", ["0", "-2", "two"])
def test_jobs_must_be_a_whole_number_of_at_least_one(
    bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--jobs", bad, "x.py"]) == 2
    assert "--jobs" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# When a pool is worth it


def test_no_pool_for_one_process_or_a_few_small_files(tmp_path: Path) -> None:
    tasks = tasks_for(write_corpus(tmp_path, POOL_MIN_FILES))
    assert plan_workers(tasks, 1) == 0
    assert plan_workers(tasks[: POOL_MIN_FILES - 1], 8) == 0
    assert plan_workers(tasks, 8) == POOL_MIN_FILES
    assert plan_workers(tasks, 2) == 2
    assert plan_workers([], 4) == 0


def test_one_large_file_goes_to_a_worker_so_its_budget_can_be_enforced() -> None:
    big = Task("big.py", b"import keras\n" + b"x = 1\n" * (ISOLATE_BYTES // 6 + 1), Settings())
    assert plan_workers([big], 2) == 1
    assert plan_workers([big], 1) == 0


def test_linting_one_small_file_starts_no_process_machinery(tmp_path: Path) -> None:
    [path] = write_corpus(tmp_path, 1)
    probe = (
        "import sys, contextlib, io\n"
        "from kerascheck.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main([{str(path)!r}, '--no-cache'])\n"
        "print('multiprocessing' in sys.modules, 'concurrent.futures' in sys.modules)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout
    assert output.split() == ["False", "False"]


# ---------------------------------------------------------------------------------------
# Limits and failures cost one file


def big_script(rows: int) -> bytes:
    block = (ROOT / "fixtures" / "seed" / "example3.py").read_text()
    block = block.replace("if __name__", "if __name")  # keep the module-level code
    return (block * (rows // max(block.count("\n"), 1) + 1)).encode()


def test_a_file_over_its_budget_gets_an_info_finding_in_process(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path, 2)
    slow = tmp_path / "slow.py"
    slow.write_bytes(big_script(3000))
    # only the slow file gets the tiny budget: on a loaded machine any file can take 50 ms
    normal = tasks_for([paths[0], paths[1]], Settings(file_timeout=60.0))
    [tight] = tasks_for([slow], Settings(file_timeout=0.05))
    outcomes = lint_all([normal[0], tight, normal[1]], jobs=1)
    timed_out = outcomes[1]
    assert not timed_out.complete
    [finding] = timed_out.result.diagnostics
    assert (finding.code, str(finding.severity)) == ("KC002", "info")
    assert "file-timeout of 0.05 s" in finding.message
    assert finding.extra == {"limit": "file-timeout"}
    assert outcomes[0].complete and outcomes[2].complete  # the run went on


def test_a_worker_stuck_in_native_code_is_killed_at_its_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "KILL_GRACE", 0.0)
    source = big_script(10_000)  # 100k tokens: libcst's native parse alone takes seconds
    assert len(source) >= ISOLATE_BYTES
    task = Task("huge.py", source, Settings(file_timeout=0.2))
    start = time.perf_counter()
    [outcome] = lint_all([task], jobs=2)
    assert time.perf_counter() - start < 5
    assert not outcome.complete
    assert [d.extra for d in outcome.result.diagnostics] == [{"limit": "file-timeout"}]


def test_a_timeout_can_be_deselected_like_any_finding(tmp_path: Path) -> None:
    slow = tmp_path / "slow.py"
    slow.write_bytes(big_script(3000))
    [outcome] = lint_all(tasks_for([slow], Settings(file_timeout=0.05, ignore=("KC002",))), 1)
    assert outcome.result.diagnostics == [] and not outcome.complete  # and is never cached


def _die(source: bytes, path: str) -> object:
    """A reader that kills its process, like a crash in a native extension would."""
    if os.getpid() == PARENT:
        raise AssertionError("the dying reader must only run in a worker")
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def test_a_worker_that_dies_costs_one_file_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(READERS, ".crash", f"{__name__}:_die")
    paths = write_corpus(tmp_path, 8)
    crash = tmp_path / "model.crash"
    crash.write_bytes(b"anything")
    tasks = tasks_for([*paths[:4], crash, *paths[4:]])
    outcomes = lint_all(tasks, jobs=2)
    assert [o.result.path for o in outcomes] == [t.path for t in tasks]
    dead = outcomes[4]
    assert not dead.complete
    [message] = dead.result.internal_errors
    assert "the analysing process died on this file (signal 9)" in message
    others = [o for i, o in enumerate(outcomes) if i != 4]
    assert all(o.complete and not o.result.internal_errors for o in others)
    assert summary(others) == summary(lint_all(tasks_for(paths), jobs=1))


# ---------------------------------------------------------------------------------------
# The limits' settings, through the command line


def test_a_source_over_max_file_size_is_reported_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\nmax-file-size = 200\n")
    (tmp_path / "big.py").write_text("import keras\n" + "x = 1\n" * 100)
    (tmp_path / "small.py").write_text("import keras\n")
    # A saved model's size is its weights: the config reader bounds it, not max-file-size.
    (tmp_path / "model.json").write_text(
        '{"class_name": "Sequential", "config": {"layers": []}}' + " " * 300
    )
    code = main([".", "model.json", "--format", "json", "--no-cache"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    [finding] = [item for item in document if item["filename"].endswith("big.py")]
    assert (finding["code"], finding["severity"]) == ("KC002", "info")
    assert "over the max-file-size limit of 200 bytes" in finding["message"]
    assert not any("max-file-size" in item["message"] for item in document if item is not finding)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("max-file-size = 0", "'max-file-size' must be a number of bytes >= 1"),
        ('max-file-size = "10MB"', "'max-file-size' must be a number of bytes >= 1"),
        ("file-timeout = -1", "'file-timeout' must be a number of seconds >= 0"),
        ("file-timeout = true", "'file-timeout' must be a number of seconds >= 0"),
        ("cache-dir = 3", "'cache-dir' must be a folder"),
        ("file-timout = 3", "unknown key 'file-timout' (did you mean 'file-timeout'?)"),
    ],
)
def test_limit_settings_are_validated(
    line: str,
    words: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f"[tool.kerascheck]\n{line}\n")
    (tmp_path / "train.py").write_text("import keras\n")
    assert main(["train.py"]) == 2
    assert words in capsys.readouterr().err


def test_file_timeout_zero_means_no_budget(tmp_path: Path) -> None:
    slow = tmp_path / "slow.py"
    slow.write_bytes(big_script(1500))
    [outcome] = lint_all(tasks_for([slow], Settings(file_timeout=0)), 1)
    assert outcome.complete and outcome.result.diagnostics


def test_results_do_not_depend_on_memory_layout() -> None:
    """Workers have other heaps than the parent: a result that depends on where objects live
    (an ``id()`` reused after its object died) differs between serial and parallel runs.
    This fixture once got a false KC103 in about one run of thirty."""
    path = ROOT / "fixtures" / "buggy" / "airline_passengers_lstm4.py"
    task = tasks_for([path])[0]
    first = parallel.lint_one(task).result.diagnostics
    ballast = []
    for size in range(100):
        ballast.append([object() for _ in range(size * 37 % 4001)])  # move the free lists
        assert parallel.lint_one(task).result.diagnostics == first
    assert [d.code for d in first] == ["KC202"]


def test_over_the_source_budget_files_are_read_where_they_are_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "corpus", 8)
    expected = main(["corpus", "--no-cache", "--format", "json"]), capsys.readouterr().out
    monkeypatch.setattr(parallel, "SOURCE_BUDGET", 0)  # keep no bytes at all
    for jobs in ("1", "2"):
        code = main(["corpus", "--jobs", jobs, "--format", "json", "--cache-dir", f"c{jobs}"])
        assert (code, capsys.readouterr().out) == expected
        assert len(list((tmp_path / f"c{jobs}").glob("*/*/*.entry"))) == 8
        code = main(["corpus", "--jobs", jobs, "--format", "json", "--cache-dir", f"c{jobs}"])
        assert (code, capsys.readouterr().out) == expected  # and the entries are good


def test_a_file_gone_before_it_is_linted_is_a_kc002_finding_not_an_internal_error(
    tmp_path: Path,
) -> None:
    task = Task(str(tmp_path / "gone.py"), None, Settings(), size=100)
    outcome = parallel.lint_one(task)
    assert not outcome.complete  # never cached
    assert outcome.result.internal_errors == []
    [finding] = outcome.result.diagnostics
    assert finding.code == "KC002"
    assert finding.message == "Cannot read this path: No such file or directory"
