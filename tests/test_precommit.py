"""The pre-commit hooks, driven by the real ``pre-commit`` program.

A snapshot of this project (the working tree, so that it works on a clean CI checkout and
during development alike) becomes a git repository that a second, temporary project uses as its
hook source. Committing to that project runs the hooks as a user's commit would. pre-commit
builds the hook's virtual environment once for the whole module (``PRE_COMMIT_HOME`` is a
temporary folder), with pip and the machine's configured package index.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra")
if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

REPO = Path(__file__).resolve().parents[1]
#: What a hook source needs: the package, its rules, its build metadata and the hook list.
SNAPSHOT = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "kerascheck", "rules")
TIMEOUT = 900  # the first run creates a virtualenv and pip-installs kerascheck into it

BUGGY = """\
from tensorflow import keras

model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="softmax"),
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
"""

CLEAN = BUGGY.replace('"softmax"', '"sigmoid"')

LEGACY = """\
from keras.optimizers import SGD
from keras.models import Sequential
from keras.layers import Dense

model = Sequential([Dense(1, activation="sigmoid", input_shape=(4,))])
model.compile(loss="binary_crossentropy", optimizer=SGD(lr=0.01))
"""

NOT_A_MODEL = '{"name": "frontend", "version": "1.0.0", "private": true}\n'


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = dict(os.environ)
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(home),  # no user git configuration (hooks paths, signing ...) leaks in
        NO_COLOR="1",
    )
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory: pytest.TempPathFactory, environment: dict[str, str]) -> str:
    """A git repository holding this project as it is now; returns its path@commit."""
    source = tmp_path_factory.mktemp("kerascheck-src")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SNAPSHOT:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        else:
            shutil.copy2(path, source / name)
    git(source, "init", "-q", env=environment)
    git(source, "add", "-A", env=environment)
    git(source, "commit", "-q", "-m", "snapshot", env=environment)
    return str(source)


@pytest.fixture
def project(tmp_path: Path, hook_source: str, environment: dict[str, str]) -> Iterator[Path]:
    folder = tmp_path / "project"
    folder.mkdir()
    git(folder, "init", "-q", env=environment)
    yield folder


def use_hook(folder: Path, hook_source: str, env: dict[str, str], hook: str) -> None:
    rev = git(Path(hook_source), "rev-parse", "HEAD", env=env).stdout.strip()
    (folder / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_source}\n    rev: {rev}\n    hooks:\n      - id: {hook}\n",
        encoding="utf-8",
    )
    git(folder, "add", ".pre-commit-config.yaml", env=env)
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=folder,
        env=env,
        capture_output=True,
        check=True,
        timeout=TIMEOUT,
    )


def commit(folder: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess:
    git(folder, "add", *files, env=env)
    return subprocess.run(
        ["git", "commit", "-m", "change"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def test_a_buggy_script_is_refused_and_a_clean_one_passes(
    project: Path, hook_source: str, environment: dict[str, str]
) -> None:
    use_hook(project, hook_source, environment, "kerascheck")
    (project / "train.py").write_text(BUGGY, encoding="utf-8")
    refused = commit(project, environment, "train.py")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "train.py:6:5: KC205 [error]" in output
    assert git(project, "log", "--oneline", "--all", env=environment).stdout == ""

    (project / "train.py").write_text(CLEAN, encoding="utf-8")
    (project / "package.json").write_text(NOT_A_MODEL, encoding="utf-8")
    accepted = commit(project, environment, "train.py", "package.json")
    output = accepted.stdout + accepted.stderr  # git shows hook output on stderr
    assert accepted.returncode == 0, output
    assert re.search(r"^kerascheck\.+Passed$", output, re.MULTILINE), output


def test_the_fix_hook_rewrites_the_file_and_the_second_commit_passes(
    project: Path, hook_source: str, environment: dict[str, str]
) -> None:
    use_hook(project, hook_source, environment, "kerascheck-fix")
    script = project / "train.py"
    script.write_text(LEGACY, encoding="utf-8")
    first = commit(project, environment, "train.py")
    output = first.stdout + first.stderr
    assert first.returncode != 0, output  # pre-commit refuses a commit a hook changed
    assert "files were modified by this hook" in output
    assert script.read_text(encoding="utf-8") == LEGACY.replace("lr=", "learning_rate=")
    second = commit(project, environment, "train.py")
    assert second.returncode == 0, second.stdout + second.stderr


@pytest.mark.parametrize("hook", ["kerascheck", "kerascheck-fix"])
def test_excluded_folders_do_not_block_a_commit(
    project: Path, hook_source: str, environment: dict[str, str], hook: str
) -> None:
    """pre-commit names every staged file; the hooks pass --force-exclude, so the project's
    exclude patterns still hold (a vendored or legacy folder the user excluded)."""
    use_hook(project, hook_source, environment, hook)
    (project / "pyproject.toml").write_text(
        '[tool.kerascheck]\nextend-exclude = ["legacy/"]\n', encoding="utf-8"
    )
    (project / "legacy").mkdir()
    (project / "legacy" / "old_train.py").write_text(BUGGY + LEGACY, encoding="utf-8")
    (project / "train.py").write_text(CLEAN, encoding="utf-8")
    result = commit(project, environment, "pyproject.toml", "legacy/old_train.py", "train.py")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"^kerascheck.*\.+Passed$", output, re.MULTILINE), output
    assert "learning_rate" not in (project / "legacy" / "old_train.py").read_text()

    (project / "train.py").write_text(BUGGY, encoding="utf-8")  # still checked outside it
    refused = commit(project, environment, "train.py")
    assert refused.returncode != 0, refused.stdout + refused.stderr


def test_notebooks_are_checked_by_the_hook(
    project: Path, hook_source: str, environment: dict[str, str]
) -> None:
    use_hook(project, hook_source, environment, "kerascheck")
    notebook = REPO / "fixtures" / "notebooks" / "sensor_stacked_gru_keras2.ipynb"
    shutil.copy(notebook, project / "train.ipynb")
    refused = commit(project, environment, "train.ipynb")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "train.ipynb:cell 5:2:11: KC201 [error]" in output


def test_the_hook_environment_has_no_tensorflow(
    project: Path, hook_source: str, environment: dict[str, str]
) -> None:
    use_hook(project, hook_source, environment, "kerascheck")
    (project / "train.py").write_text(CLEAN, encoding="utf-8")
    assert commit(project, environment, "train.py").returncode == 0
    home = Path(environment["PRE_COMMIT_HOME"])
    pythons = sorted(home.glob("repo*/py_env-*/bin/python"))
    assert pythons, "pre-commit created no Python environment"
    listing = subprocess.run(
        [str(pythons[0]), "-m", "pip", "list", "--format", "freeze"],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
        timeout=TIMEOUT,
    ).stdout.lower()
    installed = {line.split("==")[0] for line in listing.splitlines()}
    assert "kerascheck" in installed and "libcst" in installed
    assert not installed & {"tensorflow", "tensorflow-cpu", "keras", "numpy", "jax", "torch"}
