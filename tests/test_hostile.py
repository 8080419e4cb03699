"""A hostile or careless user: nothing lost, nothing hung, nothing forged.

Every test holds the reproducer of one way kerascheck once lost a user's work, hung, blew its
memory or printed something it did not mean: ``--fix`` killed while writing, files saved
during a fix, links out of the project, a cache folder pointed at someone else's data,
loops and values that grow without bound, FIFOs and devices, unreadable folders, escape
codes in layer names, odd encodings and line endings. Each is small and fast; those about
memory run in a child process with an address-space limit, so that a regression fails the
test instead of the machine.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kerascheck import apply as apply_module
from kerascheck.cli import main

REPO = Path(__file__).resolve().parents[1]
HEAD = "import keras\n"
FIXABLE = HEAD + "opt = keras.optimizers.Adam(lr=0.01)\n"
FIXED = HEAD + "opt = keras.optimizers.Adam(learning_rate=0.01)\n"


def kerascheck(
    *args: str,
    cwd: Path,
    limit_mb: int | None = None,
    setup: Callable[[], None] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kerascheck`` without cache in a child process (its address space
    capped to ``limit_mb`` if given; ``setup`` runs in the child before kerascheck)."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "KERASCHECK_NO_CACHE": "1"}

    def prepare() -> None:
        if limit_mb is not None:
            size = limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))
        if setup is not None:
            setup()

    return subprocess.run(
        [sys.executable, "-m", "kerascheck", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        preexec_fn=prepare,
        timeout=timeout,
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "proj"
    folder.mkdir()
    (folder / "pyproject.toml").write_text("[tool.kerascheck]\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("KERASCHECK_NO_CACHE", "1")
    return folder


# ---------------------------------------------------------------------------------------
# 1. --fix writes atomically: the file is all old or all new, whatever happens


def _fixable_files(folder: Path, count: int) -> dict[str, str]:
    """Scripts with a fix each, and enough text that writing them takes a moment."""
    files = {}
    for index in range(count):
        body = FIXABLE + f"# file {index}\n" + "# padding\n" * 2000
        (folder / f"train{index}.py").write_text(body, encoding="utf-8")
        files[f"train{index}.py"] = body
    return files


def test_kill_9_during_fix_leaves_every_file_original_or_fixed(tmp_path: Path) -> None:
    """kill -9 at random moments of a --fix run: each file is the original or the fully
    fixed version, never a prefix (writing in place left truncated files). The write window
    is short, so the deterministic mid-write kill is the next test; this one checks the
    promise over whole runs."""
    reference = tmp_path / "reference"
    reference.mkdir()
    originals = _fixable_files(reference, 3)
    started = time.monotonic()
    kerascheck("--fix", "-j1", "-q", ".", cwd=reference, timeout=60)
    duration = time.monotonic() - started
    fixed = {name: (reference / name).read_text(encoding="utf-8") for name in originals}
    assert all(fixed[name] == originals[name].replace("lr=", "learning_rate=") for name in fixed)

    randomness = random.Random(12)
    for attempt in range(3):
        work = tmp_path / f"try{attempt}"
        work.mkdir()
        _fixable_files(work, 3)
        process = subprocess.Popen(
            [sys.executable, "-m", "kerascheck", "--fix", "-j1", "-q", "."],
            cwd=work,
            env={**os.environ, "PYTHONPATH": str(REPO), "KERASCHECK_NO_CACHE": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(duration * randomness.uniform(0.5, 1.05))
        process.kill()
        process.wait()
        for name, original in originals.items():
            content = (work / name).read_text(encoding="utf-8")
            assert content in (original, fixed[name]), f"{name} is neither (try {attempt})"


def test_a_fix_killed_in_the_middle_of_writing_leaves_the_original(tmp_path: Path) -> None:
    """The kernel kills the process (SIGXFSZ, past RLIMIT_FSIZE) once it has written 4 KB of
    a 40 KB file: written in place, that left the first 4 KB; now the original is intact and
    only the temporary file is left. (Python ignores SIGXFSZ; the child restores it.)"""
    body = FIXABLE + "# padding\n" * 4000
    script = tmp_path / "train.py"
    script.write_text(body, encoding="utf-8")

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    launcher = (
        "import signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_DFL); "
        "from kerascheck.cli import main; sys.exit(main())"
    )
    process = subprocess.run(
        [sys.executable, "-c", launcher, "--fix", "-q", "train.py"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO), "KERASCHECK_NO_CACHE": "1"},
        capture_output=True,
        preexec_fn=small_files,
        timeout=60,
    )
    assert process.returncode == -signal.SIGXFSZ
    assert script.read_text(encoding="utf-8") == body
    (left,) = (path for path in tmp_path.iterdir() if path.name != "train.py")
    assert left.name.startswith(".train.py.") and left.name.endswith(".kerascheck-fix.tmp")


def test_a_full_disk_leaves_the_original_and_says_so(tmp_path: Path) -> None:
    """The same limit with SIGXFSZ ignored: writes fail (EFBIG, as on a full disk); the file
    is untouched, no temporary is left, and the message says the file was left unchanged."""
    body = FIXABLE + "# padding\n" * 4000
    script = tmp_path / "train.py"
    script.write_text(body, encoding="utf-8")

    def full_disk() -> None:  # Python ignores SIGXFSZ: writes past the limit fail
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    process = subprocess.run(
        [sys.executable, "-m", "kerascheck", "--fix", "-q", "train.py"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO), "KERASCHECK_NO_CACHE": "1"},
        capture_output=True,
        text=True,
        preexec_fn=full_disk,
        timeout=60,
    )
    assert process.returncode == 2
    assert script.read_text(encoding="utf-8") == body
    assert "train.py: cannot write the fixes (File too large)" in process.stderr
    assert "the file was left unchanged" in process.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["train.py"]


def test_fix_keeps_mode_owner_bom_and_line_endings(project: Path) -> None:
    script = project / "train.py"
    script.write_bytes(b"\xef\xbb\xbf" + FIXABLE.replace("\n", "\r\n").encode())
    script.chmod(0o640)
    owner = (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        owner = (12345, 23456)
        os.chown(script, *owner)
    assert main(["--fix", "train.py"]) == 0
    assert script.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode()
    status = script.stat()
    assert stat.S_IMODE(status.st_mode) == 0o640
    assert (status.st_uid, status.st_gid) == owner


# ---------------------------------------------------------------------------------------
# 2. A file saved while --fix runs is not overwritten


def test_a_file_saved_during_the_fix_keeps_the_users_version(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = project / "train.py"
    script.write_text(FIXABLE, encoding="utf-8")
    saved = FIXABLE + "print('saved by the user meanwhile')\n"
    real_fix = apply_module.fix_source

    def fix_while_the_user_saves(*args: object, **kwargs: object) -> object:
        outcome = real_fix(*args, **kwargs)  # type: ignore[arg-type]
        script.write_text(saved, encoding="utf-8")
        return outcome

    monkeypatch.setattr(apply_module, "fix_source", fix_while_the_user_saves)
    assert main(["--fix", "train.py"]) == 2
    assert script.read_text(encoding="utf-8") == saved
    err = capsys.readouterr().err
    assert "train.py: the file changed on disk after kerascheck read it" in err
    assert "run --fix again" in err


# ---------------------------------------------------------------------------------------
# 3. Links: a fix never writes outside the tree it was given; a walk never follows folders


def test_fix_does_not_write_through_a_link_out_of_the_folder(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "victim.py"
    outside.write_text(FIXABLE, encoding="utf-8")
    (project / "link.py").symlink_to(outside)
    (project / "own.py").write_text(FIXABLE, encoding="utf-8")
    main(["--fix", "."])
    assert outside.read_text(encoding="utf-8") == FIXABLE
    assert (project / "own.py").read_text(encoding="utf-8") == FIXED
    err = capsys.readouterr().err
    assert f"link.py: not fixed: it links to {outside}, outside the folder being fixed" in err


def test_fix_writes_through_a_link_named_on_the_command_line(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "target.py"
    outside.write_text(FIXABLE, encoding="utf-8")
    link = project / "link.py"
    link.symlink_to(outside)
    assert main(["--fix", "link.py"]) == 0
    assert outside.read_text(encoding="utf-8") == FIXED
    assert link.is_symlink()


def test_a_file_reached_twice_through_a_link_is_fixed_once(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "train.py").write_text(FIXABLE, encoding="utf-8")
    (project / "alias.py").symlink_to(project / "train.py")
    assert main(["--fix", "."]) == 0
    assert (project / "train.py").read_text(encoding="utf-8") == FIXED
    assert capsys.readouterr().err == ""


def test_a_walk_does_not_follow_a_link_to_a_folder(project: Path) -> None:
    (project / "train.py").write_text(FIXABLE, encoding="utf-8")
    (project / "root").symlink_to("/", target_is_directory=True)
    started = time.monotonic()
    process = kerascheck("--select", "KC303", ".", cwd=project, timeout=30)
    assert time.monotonic() - started < 10
    assert process.returncode == 1, process.stderr
    assert process.stdout.startswith("train.py:2:")
    assert "root" not in process.stdout + process.stderr


# ---------------------------------------------------------------------------------------
# 4. The cache only ever touches what it created


def _victim(folder: Path) -> dict[str, bytes]:
    """A folder of someone else's data, with names the cache once took for its own."""
    files = {
        ".gitignore": b"secrets/\n",
        "0123456789abcdef/data.bin": b"precious",
        "fedcba9876543210/notes.txt": b"also precious",
        "report.txt": b"text",
    }
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return files


def _unchanged(folder: Path, files: dict[str, bytes]) -> None:
    present = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert present == sorted(files)
    assert all((folder / name).read_bytes() == content for name, content in files.items())


@pytest.mark.parametrize("how", ["setting", "option"])
def test_a_cache_dir_holding_other_data_is_refused_and_left_alone(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("KERASCHECK_NO_CACHE")
    victim = tmp_path / "victim"
    victim.mkdir()
    files = _victim(victim)
    (project / "train.py").write_text(FIXABLE, encoding="utf-8")
    if how == "setting":
        (project / "pyproject.toml").write_text('[tool.kerascheck]\ncache-dir = "../victim"\n')
        arguments = ["train.py"]
    else:
        arguments = ["train.py", "--cache-dir", str(victim)]
    for _ in range(2):
        assert main(arguments) == 1
        captured = capsys.readouterr()
        assert "train.py:2:" in captured.out  # the run went on, without a cache
        assert "the cache folder is not empty and has no CACHEDIR.TAG" in captured.err
    _unchanged(victim, files)


def test_the_project_folder_itself_is_never_used_as_the_cache(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KERASCHECK_NO_CACHE")
    (project / "train.py").write_text(FIXABLE, encoding="utf-8")
    (project / ".gitignore").write_text("*.pyc\n")
    before = sorted(p.name for p in project.iterdir())
    assert main(["train.py", "--cache-dir", "."]) == 1
    assert sorted(p.name for p in project.iterdir()) == before
    assert (project / ".gitignore").read_text() == "*.pyc\n"
    assert "not empty and has no CACHEDIR.TAG" in capsys.readouterr().err


def test_an_empty_folder_becomes_a_tagged_versioned_cache(project: Path) -> None:
    from kerascheck.cache import LAYOUT, Cache

    folder = project / "empty"
    folder.mkdir()
    cache = Cache(folder, "a" * 64)
    assert cache.put("/p/train.py", "k", [])
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    )
    assert (folder / ".gitignore").read_text() == "# created by kerascheck\n*\n"
    assert [p.name for p in (folder / LAYOUT).iterdir()] == ["a" * 16]
    assert cache.get("/p/train.py", "k") == []


def test_an_existing_gitignore_in_a_cache_is_never_rewritten(project: Path) -> None:
    from kerascheck.cache import Cache

    folder = project / "c"
    assert Cache(folder, "a" * 64).put("/p/a.py", "k", [])
    (folder / ".gitignore").write_text("# mine now\n")
    assert Cache(folder, "b" * 64).put("/p/a.py", "k", [])  # a new fingerprint
    assert (folder / ".gitignore").read_text() == "# mine now\n"


@pytest.mark.parametrize("kind", ["fifo", "link"])
def test_a_cache_entry_that_is_a_fifo_or_a_link_is_a_miss(project: Path, kind: str) -> None:
    """A FIFO where an entry should be hung the run (reading it waits for a writer)."""
    from kerascheck.cache import Cache

    cache = Cache(project / "c", "a" * 64)
    assert cache.put("/p/train.py", "k", [])
    (entry,) = (project / "c").glob("*/*/*.entry")
    planted = project / "planted.entry"
    entry.rename(planted)
    if kind == "fifo":
        os.mkfifo(entry)
    else:
        entry.symlink_to(planted)
    with _alarm(5):
        assert cache.get("/p/train.py", "k") is None


@contextlib.contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    """Fail instead of hanging the suite."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_cache_key_changes_when_h5py_appears_or_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from kerascheck.cache import fingerprint

    present = fingerprint()
    real = importlib.util.find_spec

    def without_h5py(name: str, *args: object) -> object:
        return None if name == "h5py" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", without_h5py)
    assert fingerprint() != present


# ---------------------------------------------------------------------------------------
# 7. HDF5's C library reads .h5 files in a child process: its crash or hang is one KC002

HDF5_DATA = Path(__file__).resolve().parent / "data" / "hdf5"
needs_h5py = pytest.mark.skipif(
    importlib.util.find_spec("h5py") is None, reason="h5py is not installed"
)


@needs_h5py
def test_an_h5_file_that_crashes_hdf5_costs_only_its_own_finding(tmp_path: Path) -> None:
    """In the linting process this file ended the run with a segmentation fault (139)."""
    shutil.copy(HDF5_DATA / "segfaults_hdf5.h5", tmp_path / "model.h5")
    (tmp_path / "train.py").write_text(FIXABLE, encoding="utf-8")
    process = kerascheck("model.h5", "train.py", cwd=tmp_path)
    assert process.returncode == 1, process.stderr
    assert process.stdout.startswith("model.h5:1:1: KC002 [error] The .h5 file cannot be read")
    assert "train.py:2:" in process.stdout


@needs_h5py
def test_an_h5_file_that_hangs_hdf5_gets_a_kc002_after_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kerascheck.engine import lint_source
    from kerascheck.frontends.config import hdf5

    monkeypatch.setattr(hdf5, "HDF5_SECONDS", 1.5)
    started = time.monotonic()
    result = lint_source((HDF5_DATA / "hangs_hdf5.h5").read_bytes(), "model.h5")
    assert time.monotonic() - started < 5
    (finding,) = result.diagnostics
    assert finding.code == "KC002" and "cannot be read" in finding.message


def test_an_h5_file_is_never_opened_in_the_linting_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """h5py is not even importable here, and the .h5 model is still read (in the child)."""
    from kerascheck.engine import lint_source

    if importlib.util.find_spec("h5py") is None:
        pytest.skip("h5py is not installed")
    source = (REPO / "fixtures" / "configs" / "binary_softmax.h5").read_bytes()
    monkeypatch.setitem(sys.modules, "h5py", None)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object())
    codes = [d.code for d in lint_source(source, "model.h5").diagnostics]
    assert "KC205" in codes


# ---------------------------------------------------------------------------------------
# 8. Saved models and special files: nothing is read whole before a limit, nothing blocks

SEQUENTIAL_HEAD = b'{"module": "keras", "class_name": "Sequential", "config": {"layers": ['


def _sparse(path: Path, head: bytes, size: int) -> Path:
    """A file of ``size`` bytes that starts with ``head`` and takes no disk space."""
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


def test_3_gb_saved_models_are_refused_without_being_read(tmp_path: Path) -> None:
    """Read whole, a 3 GB model took 6 GB; under a 1 GB address space each is one finding."""
    _sparse(tmp_path / "model.json", SEQUENTIAL_HEAD, 3 * 1024**3)
    _sparse(tmp_path / "model.keras", b"PK\x03\x04", 3 * 1024**3)
    _sparse(tmp_path / "model.h5", b"\x89HDF\r\n\x1a\n", 3 * 1024**3)
    names = ("model.json", "model.keras", "model.h5")
    process = kerascheck("--format", "json", *names, cwd=tmp_path, limit_mb=1024, timeout=30)
    assert process.returncode == 1, process.stderr
    findings = {Path(item["filename"]).name: item for item in json.loads(process.stdout)}
    assert sorted(findings) == ["model.h5", "model.json", "model.keras"]
    assert all(item["code"] == "KC002" for item in findings.values())
    assert "more than the 20 MB" in findings["model.json"]["message"]
    for name in ("model.keras", "model.h5"):
        message = findings[name]["message"]
        assert (
            message
            == "Not read: the saved model is 3.0 GB, over the 512.0 MB kerascheck reads of one"
        )


def test_fifos_and_devices_named_on_the_command_line_are_refused(tmp_path: Path) -> None:
    """A FIFO blocked the run; ``model.json -> /dev/urandom`` was read until MemoryError."""
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "model.json").symlink_to("/dev/urandom")
    (tmp_path / "train.py").write_text(FIXABLE, encoding="utf-8")
    names = ("pipe.py", "/dev/zero", "model.json", "train.py")
    process = kerascheck(*names, cwd=tmp_path, limit_mb=1024, timeout=30)
    assert process.returncode == 1  # each is a KC002 finding, as ruff's E902 (issue 9)
    assert process.stderr.splitlines() == [
        "kerascheck: warning: /dev/zero: cannot read: it is a device, not a regular file",
        "kerascheck: warning: model.json: cannot read: it is a device, not a regular file",
        "kerascheck: warning: pipe.py: cannot read: it is a FIFO (named pipe), not a regular file",
    ]
    for name in ("pipe.py", "/dev/zero", "model.json"):
        assert f"{name}:1:1: KC002 [error] Cannot read this path: it is a" in process.stdout
    assert "train.py:2:" in process.stdout  # the other file was still linted


# ---------------------------------------------------------------------------------------
# 9. An unreadable folder is one line, and the run goes on


def _without_root_powers() -> None:
    """For a child: as root, give up the capabilities that read through permissions, so
    that ``chmod 000`` means what it means for everyone else (as a user, nothing to do)."""
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for capability in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A project with a readable folder and one that nobody may read."""
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "train.py").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "secret.py").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    yield tmp_path
    (tmp_path / "locked").chmod(0o700)


def test_an_unreadable_folder_is_reported_and_the_run_goes_on(locked: Path) -> None:
    process = kerascheck(".", cwd=locked, setup=_without_root_powers, timeout=30)
    assert process.returncode == 1, process.stderr
    assert process.stderr == "kerascheck: warning: locked: cannot read: Permission denied\n"
    assert "locked:1:1: KC002 [error] Cannot read this path: Permission denied" in process.stdout
    assert "ok/train.py:2:" in process.stdout
    assert "internal error" not in process.stderr


# ---------------------------------------------------------------------------------------
# 11. Text from the linted files cannot forge output lines or terminal codes

FORGED = "evil\nAll checks passed!\n\x1b[2J\u202e"


@pytest.fixture
def forged_archive(project: Path) -> Path:
    """A .keras archive whose first layer's name tries to end the report and clear the
    screen; the name reaches the KC201 message (``[config.json: layers[0] <name>]``)."""
    config = json.loads((REPO / "fixtures" / "configs" / "stacked_lstm.json").read_text())
    config["config"]["layers"][0]["config"]["name"] = FORGED
    path = project / "model.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(config))
    return path


@pytest.mark.parametrize("output", ["text", "github", "json", "sarif", "json-lines", "lsp"])
def test_control_characters_from_a_config_are_escaped(
    forged_archive: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    assert main(["--format", output, forged_archive.name]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    if output == "text":
        lines = out.splitlines()
        assert lines[0].endswith(
            "[config.json: layers[0] evil\\nAll checks passed!\\n\\x1b[2J\\u202e]"
        )
        assert lines[1:-1] and all(line.startswith("  help: ") for line in lines[1:-1])
        assert lines[-1] == "Found 1 problem (1 error) in 1 file."
    elif output == "github":
        assert out.count("\n") == 1 and out.startswith("::error ")
    else:  # machine formats: their encoders escape, and the name survives exactly
        assert FORGED in out.encode().decode("unicode_escape")


def test_control_characters_in_paths_are_escaped(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "x\x1b[2J\nAll checks passed!.py"
    (project / name).write_text(FIXABLE, encoding="utf-8")
    assert main(["."]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert out.splitlines()[0].startswith("x\\x1b[2J\\nAll checks passed!.py:2:")


# ---------------------------------------------------------------------------------------
# 12. A **kwargs or *args names no argument


def test_kwargs_and_args_do_not_invent_keras1_arguments() -> None:
    from kerascheck.engine import lint_source

    source = (
        "import keras\n"
        "kw = dict(units=3)\n"
        "a = (4,)\n"
        "x = keras.layers.Dense(4, **kw)\n"
        "y = keras.layers.LSTM(8, *a)\n"
        "z = keras.layers.GRU(8, output_dim=8, **kw)\n"  # written: still reported, once
    )
    found = [(d.code, d.span.start.row) for d in lint_source(source.encode(), "t.py").diagnostics]
    assert found == [("KC303", 6)]


# ---------------------------------------------------------------------------------------
# 13. Old Mac line endings (a lone \r): the same rows as \n, and fixes that apply

MULTILINE = (
    "import keras\n"
    "import numpy as np\n"
    "y = np.random.randint(0, 2, 100)\n"
    "model = keras.Sequential([\n"
    "    keras.layers.LSTM(32),\n"
    "    keras.layers.LSTM(16),\n"
    "    keras.layers.Dense(1, activation='sigmoid'),\n"
    "])\n"
    "model.compile(\n"
    "    optimizer=keras.optimizers.Adam(lr=0.01),\n"
    "    loss='mse',\n"
    ")\n"
    "model.fit(np.random.rand(100, 5, 3), y)\n"
)


def _places(source: str) -> list[tuple]:
    from kerascheck.engine import lint_source

    return [
        (d.code, d.span.start, d.span.end, [(r.span.start, r.span.end) for r in d.related])
        for d in lint_source(source.encode(), "t.py").diagnostics
    ]


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_findings_and_notes_point_at_the_same_places_whatever_the_line_ending(
    newline: str,
) -> None:
    expected = _places(MULTILINE)
    assert {code for code, *_ in expected} >= {"KC201", "KC102", "KC303"}
    assert _places(MULTILINE.replace("\n", newline)) == expected


def test_fix_and_diff_work_on_old_mac_line_endings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = MULTILINE.replace("\n", "\r")
    script = project / "train.py"
    script.write_bytes(source.encode())
    assert main(["--diff", "train.py"]) == 1
    diff = capsys.readouterr().out
    assert "\r" not in diff
    assert "-    optimizer=keras.optimizers.Adam(lr=0.01),\n" in diff
    main(["--fix", "train.py"])
    assert "a fix points outside the file" not in capsys.readouterr().err
    fixed = script.read_bytes().decode()
    assert "\n" not in fixed
    assert fixed == source.replace("lr=", "learning_rate=").replace(
        "LSTM(32)", "LSTM(32, return_sequences=True)"
    )


# ---------------------------------------------------------------------------------------
# 14. Configuration errors name the file; sources decode as CPython decodes them


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"[tool.kerascheck]\nmax-file-size = 99999999999999999999999\n",
            "pyproject.toml: [tool.kerascheck] 'max-file-size' is out of range: "
            "99999999999999999999999 is more than the largest allowed, 9223372036854775807",
        ),
        (
            b"[tool.kerascheck]\nfile-timeout = 1e300\n",
            "pyproject.toml: [tool.kerascheck] 'file-timeout' is out of range",
        ),
        (
            b"[tool.kerascheck]\n# caf\xe9\nselect = ['KC2']\n",
            "pyproject.toml: not valid UTF-8 (byte 0xe9 at offset 23); TOML files must be UTF-8",
        ),
    ],
)
def test_configuration_errors_name_the_file_and_the_problem(
    project: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    (project / "pyproject.toml").write_bytes(content)
    (project / "train.py").write_text(FIXABLE, encoding="utf-8")
    assert main(["train.py"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kerascheck: error: {message}"), err
    assert "internal error" not in err


def test_an_unreadable_pyproject_is_a_configuration_error(tmp_path: Path) -> None:
    """It was silently skipped: its settings (and ignores) quietly did not apply."""
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\nignore = ['KC303']\n")
    (tmp_path / "pyproject.toml").chmod(0)
    (tmp_path / "train.py").write_text(FIXABLE, encoding="utf-8")
    process = kerascheck("train.py", cwd=tmp_path, setup=_without_root_powers, timeout=30)
    assert process.returncode == 2
    assert process.stderr == ("kerascheck: error: pyproject.toml: cannot read: Permission denied\n")


def _lint(source: bytes) -> list[tuple[str, str, int, str]]:
    from kerascheck.engine import lint_source

    result = lint_source(source, "t.py")
    assert result.internal_errors == []
    return [(d.code, str(d.severity), d.span.start.row, d.message) for d in result.diagnostics]


@pytest.mark.parametrize(
    ("source", "code", "row", "words"),
    [
        (b"# -*- coding: ascii -*-\nimport keras\nname = 'caf\xc3\xa9'\n", "KC001", 3, "'ascii'"),
        (
            b"#!/usr/bin/env python\n# coding: ascii\nimport keras\nx = '\xc3\xa9'\n",
            "KC001",
            4,
            "ascii",
        ),
        (b"# coding: klingon\nimport keras\n", "KC001", 1, "unknown encoding: klingon"),
        (b"\xef\xbb\xbf# coding: latin-1\nimport keras\n", "KC001", 1, "with BOM"),
        ("import keras\n".encode("utf-16"), "KC002", 1, "UTF-16 text"),
        ("import keras\n".encode("utf-32"), "KC002", 1, "UTF-32 text"),
        (b"import keras\nx = 'caf\xe9'\n", "KC002", 2, "Not valid UTF-8 (byte 0xe9 on line 2)"),
    ],
)
def test_encoding_declarations_are_honoured_as_cpython_does(
    source: bytes, code: str, row: int, words: str
) -> None:
    with pytest.raises(SyntaxError):  # Python refuses each of them too
        compile(source, "t.py", "exec")
    ((found, _severity, at, message),) = _lint(source)
    assert (found, at) == (code, row)
    assert words in message and "binary" not in message


def test_a_declaration_past_line_two_or_after_code_does_not_count() -> None:
    assert _lint(b"#!/usr/bin/env python\n\n# coding: ascii\nimport keras\nx = '\xc3\xa9'\n") == []
    assert _lint(b"import keras\n# coding: ascii\ny = '\xc3\xa9'\n") == []


def test_a_declared_encoding_is_read_and_written_back_as_declared(project: Path) -> None:
    """``latin-1`` declared, bytes that also happen to be UTF-8: Python reads latin-1, and so
    do the positions and the fix; the bytes outside the fix are kept exactly."""
    source = b"# coding: latin-1\nimport keras\nname = 'caf\xc3\xa9'; opt = keras.optimizers.Adam(lr=0.5)\n"
    (project / "train.py").write_bytes(source)
    assert main(["--fix", "train.py"]) == 1  # KC301 remains
    assert (project / "train.py").read_bytes() == source.replace(b"lr=", b"learning_rate=")


def test_100k_implicitly_concatenated_strings_are_a_limit_not_a_syntax_error() -> None:
    source = ("import keras\nx = (" + " ".join(['"a"'] * 100_000) + ")\n").encode()
    compile(source, "t.py", "exec")
    ((code, severity, _row, message),) = _lint(source)
    assert (code, severity) == ("KC002", "info")
    assert "Python compiles this file, but kerascheck's parser (libcst) cannot read it" in message


# ---------------------------------------------------------------------------------------
# 5. Every entry point finishes: the interpreter has a step budget of its own

NESTED_LOOPS = """\
import keras
total = 0
for a in range(64):
    for b in range(64):
        for c in range(64):
            for d in range(64):
                for e in range(64):
                    total = total + 1
model = keras.Sequential([keras.layers.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss="mse")
"""


def test_a_loop_past_the_budget_is_summarised_not_unrolled() -> None:
    """64**5 iterations used to be unrolled one by one (a billion steps)."""
    import libcst as cst

    from kerascheck.frontends.python.interpreter import Interpreter
    from kerascheck.frontends.python.values import UNKNOWN_VALUE
    from kerascheck.limits import MAX_INTERPRETER_STEPS

    interpreter = Interpreter(cst.parse_module(NESTED_LOOPS), "t.py")
    with _alarm(20):
        ir = interpreter.run()
    assert interpreter.steps < MAX_INTERPRETER_STEPS * 1.01
    assert interpreter.globals.lookup("total") is UNKNOWN_VALUE  # not a count it guessed
    assert [layer.cls for layer in ir.layers] == ["Dense"] and ir.models  # the rest was read


def test_past_the_budget_each_function_is_interpreted_once() -> None:
    """Calls multiply without any loop: eight levels of ten calls are 10**8 bodies."""
    import libcst as cst

    from kerascheck.frontends.python.interpreter import Interpreter

    levels = ["def f0():\n    return keras.layers.Dense(1)\n"]
    for level in range(1, 9):
        calls = "".join(f"    f{level - 1}()\n" for _ in range(10))
        levels.append(f"def f{level}():\n{calls}")
    source = "import keras\n" + "".join(levels) + "f8()\nm = keras.Sequential([f0()])\n"
    interpreter = Interpreter(cst.parse_module(source), "t.py")
    with _alarm(20):
        ir = interpreter.run()
    assert ir.models  # the model after the calls was still read


@pytest.mark.parametrize("mode", ["-j1", "--fix", "--diff", "lsp"])
def test_five_nested_loops_finish_in_every_mode(tmp_path: Path, mode: str) -> None:
    """--fix, --diff and the language server had no timer: they hung on this file."""
    (tmp_path / "train.py").write_text(NESTED_LOOPS, encoding="utf-8")
    started = time.monotonic()
    if mode == "lsp":
        code = (
            "from kerascheck.lsp.linting import DocumentLinter; import sys; "
            "linted = DocumentLinter().lint('file:///t.py', open('train.py').read(), 'train.py'); "
            "print([d.code for d in linted.diagnostics])"
        )
        process = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert process.stdout.strip() == "['KC303']", process.stderr
    else:
        process = kerascheck(mode, "train.py", cwd=tmp_path, limit_mb=1024)
        assert process.returncode in (0, 1), process.stderr
        assert "learning_rate" in process.stdout + (tmp_path / "train.py").read_text()
    assert time.monotonic() - started < 20


@pytest.mark.tf
def test_five_nested_loops_finish_with_instantiate(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(NESTED_LOOPS, encoding="utf-8")
    process = kerascheck("--instantiate", "train.py", cwd=tmp_path, timeout=300)
    assert "KC303" in process.stdout, process.stderr


# ---------------------------------------------------------------------------------------
# 6. Memory is bounded: values the interpreter builds are capped, huge sources not parsed

GROWTH = {
    "list_multiplication": "a = [0] * 64\n" + "a = a * 64\n" * 6,
    "string_doubling": "s = 'xx'\n" + "s = s + s\n" * 40,
    "unpacking": "a = [1, 2]\n" + "a = [*a, *a]\n" * 40,
    "extend_in_a_loop": "a = [1, 2]\nfor i in range(64):\n    a.extend(a)\n",
    "copies_in_a_table": (
        "a = [0] * 9000\nd = {}\nfor i in range(64):\n    for j in range(64):\n"
        "        d[i * 64 + j] = list(a)\n"
    ),
}


@pytest.mark.parametrize("name", sorted(GROWTH))
def test_values_the_interpreter_builds_are_capped(name: str) -> None:
    import libcst as cst

    from kerascheck.frontends.python.interpreter import Interpreter
    from kerascheck.limits import MAX_BUILT_ITEMS

    source = "import keras\n" + GROWTH[name] + "m = keras.Sequential([keras.layers.Dense(1)])\n"
    interpreter = Interpreter(cst.parse_module(source), "t.py")
    with _alarm(20):
        ir = interpreter.run()
    assert interpreter.built <= MAX_BUILT_ITEMS
    assert ir.models


def test_growing_values_stay_under_a_gigabyte(tmp_path: Path) -> None:
    """An 85-byte file of list multiplications took 8.5 GB, string doubling 6.3 GB."""
    for name, body in GROWTH.items():
        (tmp_path / f"{name}.py").write_text(f"import keras\n{body}", encoding="utf-8")
    process = kerascheck("-j1", *(f"{name}.py" for name in GROWTH), cwd=tmp_path, limit_mb=1024)
    assert (process.returncode, process.stdout) == (0, "All checks passed!\n"), process.stderr


@pytest.mark.parametrize("jobs", ["-j1", "-j2"])
def test_a_10_mb_file_of_assignments_is_not_parsed(tmp_path: Path, jobs: str) -> None:
    """9.9 MB of ``x = 1`` took 15.6 GB in libcst's parser (with -j1, in the main process)."""
    (tmp_path / "big.py").write_text("import keras\n" + "x = 1\n" * 1_650_000)
    process = kerascheck(jobs, "--format", "json", "big.py", cwd=tmp_path, limit_mb=1024)
    (finding,) = json.loads(process.stdout)
    assert (finding["code"], finding["severity"]) == ("KC002", "info")
    assert "more than 200,000 tokens" in finding["message"]


def test_a_worker_out_of_memory_is_a_finding_for_that_file() -> None:
    """Workers run under an address-space limit; a MemoryError there is an info KC002."""
    from kerascheck.limits import out_of_memory
    from kerascheck.parallel import Task, lint_one
    from kerascheck.settings import Settings

    def starved(*args: object, **kwargs: object) -> object:
        raise MemoryError

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kerascheck.engine.lint_source", starved)
        outcome = lint_one(Task("t.py", b"import keras\n", Settings()))
    assert not outcome.complete
    assert [d.message for d in outcome.result.diagnostics] == [out_of_memory().message]
