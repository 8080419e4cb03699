"""Settings: rule selection as in ruff, and exclude patterns as users write them."""

from __future__ import annotations

import pytest

from kerascheck.settings import Settings


@pytest.mark.parametrize("pattern", ["legacy", "legacy/", "legacy/*", "**/legacy"])
def test_folder_patterns_exclude_the_folder_and_its_files(pattern: str) -> None:
    settings = Settings(exclude=(pattern,), root="/project")
    assert settings.is_excluded("/project/legacy/train.py")
    assert not settings.is_excluded("/project/src/train.py")


def test_nested_folder_pattern() -> None:
    settings = Settings(exclude=("data/raw/",), root="/project")
    assert settings.is_excluded("/project/data/raw/x.py")
    assert settings.is_excluded("/project/data/raw")
    assert not settings.is_excluded("/project/data/clean/x.py")


def test_most_specific_selector_wins_and_ignore_wins_ties() -> None:
    settings = Settings(select=("KC2",), ignore=("KC20",), extend_select=("KC201",))
    assert settings.is_enabled("KC201")
    assert not settings.is_enabled("KC202")
    assert settings.is_enabled("KC210")
    assert not settings.is_enabled("KC101")
    assert not Settings(select=("KC201",), ignore=("KC201",)).is_enabled("KC201")


def test_per_file_ignores_apply_to_matching_paths() -> None:
    settings = Settings(per_file_ignores=(("experiments/*", ("KC101",)),), root="/p")
    assert not settings.is_enabled("KC101", "/p/experiments/a.py")
    assert settings.is_enabled("KC101", "/p/train.py")
