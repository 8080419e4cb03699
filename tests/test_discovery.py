"""Which files a run lints: folders walked, environments and exclusions skipped, order fixed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kerascheck.config import SettingsResolver
from kerascheck.discovery import LINTED_SUFFIXES, discover

CODES = frozenset({"KC101", "KC201"})


def touch(path: Path, text: str = "x = 1\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def names(files: list[Path], base: Path) -> list[str]:
    return [file.relative_to(base).as_posix() for file in files]


def run(
    *paths: str | Path, no_config: bool = False, force_exclude: bool = False
) -> tuple[list[Path], list[str]]:
    """The files found, and the paths that could not be read (with why)."""
    resolver = SettingsResolver(known_codes=CODES, no_config=no_config)
    found = discover(
        [str(path) for path in paths], resolver.for_directory, force_exclude=force_exclude
    )
    return found.files, [f"{path}: {why}" for path, why in found.unreadable]


def test_walk_finds_python_files_sorted(tmp_path: Path) -> None:
    for name in ("b.py", "a.py", "pkg/z.py", "pkg/sub/m.py", "notes.txt", "data.csv"):
        touch(tmp_path / name)
    files, errors = run(tmp_path)
    assert errors == []
    assert names(files, tmp_path) == ["a.py", "b.py", "pkg/sub/m.py", "pkg/z.py"]
    assert all(file.is_absolute() for file in files)
    assert {".py", ".json", ".keras"} <= set(LINTED_SUFFIXES)


def test_walk_includes_saved_model_configs(tmp_path: Path) -> None:
    for name in ("train.py", "model.keras", "config.json", "weights.h5", "data.npz"):
        touch(tmp_path / name)
    files, _ = run(tmp_path)
    assert names(files, tmp_path) == ["config.json", "model.keras", "train.py"]


def test_hidden_environment_and_build_folders_are_skipped(tmp_path: Path) -> None:
    touch(tmp_path / "train.py")
    for skipped in (
        ".git/hook.py",
        ".hidden/x.py",
        "venv/lib/x.py",
        ".venv/lib/x.py",
        "build/lib/x.py",
        "dist/x.py",
        "__pycache__/x.py",
        "node_modules/x.py",
        ".ipynb_checkpoints/x.py",
    ):
        touch(tmp_path / skipped)
    # a virtual environment under any name is recognised by its pyvenv.cfg
    touch(tmp_path / "my-env" / "pyvenv.cfg", "home = /usr\n")
    touch(tmp_path / "my-env" / "lib" / "site.py")
    files, _ = run(tmp_path)
    assert names(files, tmp_path) == ["train.py"]


def test_explicit_files_are_always_linted(tmp_path: Path) -> None:
    script = touch(tmp_path / "build" / "train.txt")
    hidden = touch(tmp_path / ".hidden" / "x.py")
    files, errors = run(script, hidden)
    assert errors == []
    assert files == sorted([script, hidden])


def test_an_explicitly_named_excluded_folder_is_walked(tmp_path: Path) -> None:
    touch(tmp_path / "build" / "gen.py")
    touch(tmp_path / "build" / "venv" / "x.py")
    files, _ = run(tmp_path / "build")
    assert names(files, tmp_path) == ["build/gen.py"]


def test_folders_above_the_named_path_do_not_exclude(tmp_path: Path) -> None:
    """A project living under a folder called ``env`` is still linted."""
    project = tmp_path / "env" / "project"
    touch(project / "train.py")
    files, _ = run(project)
    assert names(files, project) == ["train.py"]


def test_config_exclude_and_extend_exclude(tmp_path: Path) -> None:
    touch(
        tmp_path / "pyproject.toml",
        '[tool.kerascheck]\nextend-exclude = ["legacy", "experiments/a*.py", "gen_*.py"]\n',
    )
    for name in ("train.py", "legacy/old.py", "experiments/a.py", "src/gen_model.py", "src/m.py"):
        touch(tmp_path / name)
    touch(tmp_path / "experiments" / "deep" / "b.py")
    files, _ = run(tmp_path)
    assert names(files, tmp_path) == ["experiments/deep/b.py", "src/m.py", "train.py"]
    # relative to the config's folder, also when the walk starts lower down
    files, _ = run(tmp_path / "experiments")
    assert names(files, tmp_path) == ["experiments/deep/b.py"]


def test_exclude_replaces_the_defaults(tmp_path: Path) -> None:
    touch(tmp_path / "pyproject.toml", '[tool.kerascheck]\nexclude = ["legacy"]\n')
    touch(tmp_path / "build" / "x.py")
    touch(tmp_path / "legacy" / "y.py")
    files, _ = run(tmp_path)
    assert names(files, tmp_path) == ["build/x.py"]
    files, _ = run(tmp_path, no_config=True)
    assert names(files, tmp_path) == ["legacy/y.py"]


def test_nested_config_governs_its_own_folder(tmp_path: Path) -> None:
    touch(tmp_path / "pyproject.toml", '[tool.kerascheck]\nextend-exclude = ["skip_*.py"]\n')
    touch(tmp_path / "sub" / "pyproject.toml", "[tool.kerascheck]\n")
    touch(tmp_path / "skip_me.py")
    touch(tmp_path / "sub" / "skip_me.py")
    files, _ = run(tmp_path)
    assert names(files, tmp_path) == ["sub/skip_me.py"]


def test_missing_paths_are_unreadable_and_the_rest_continues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    real = touch(tmp_path / "a.py")
    files, errors = run(tmp_path / "missing.py", real, "also-missing")
    assert files == [real]
    assert errors == [
        f"{tmp_path / 'missing.py'}: No such file or directory",
        f"{tmp_path / 'also-missing'}: No such file or directory",
    ]


def test_force_exclude_applies_exclude_to_named_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "build" / "project"  # "build" above the project excludes nothing
    touch(project / "pyproject.toml", '[tool.kerascheck]\nextend-exclude = ["legacy/"]\n')
    kept = touch(project / "train.py")
    old = touch(project / "legacy" / "old.py")
    touch(project / "legacy" / "older.py")
    monkeypatch.chdir(project)
    everything = [old, project / "legacy" / "older.py", kept]
    assert run(kept, old, project / "legacy") == (everything, [])
    assert run(kept, old, project / "legacy", force_exclude=True) == ([kept], [])
    assert run("train.py", "legacy/old.py", force_exclude=True) == ([kept], [])


def test_duplicates_are_linted_once(tmp_path: Path) -> None:
    script = touch(tmp_path / "a.py")
    files, _ = run(tmp_path, script, tmp_path)
    assert files == [script]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops_terminate(tmp_path: Path) -> None:
    touch(tmp_path / "pkg" / "m.py")
    try:
        (tmp_path / "pkg" / "loop").symlink_to(tmp_path, target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not permitted here")
    files, errors = run(tmp_path)
    assert errors == []
    assert names(files, tmp_path) == ["pkg/m.py"]
