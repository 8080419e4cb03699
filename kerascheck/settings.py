"""Effective settings for one file: rule selection, thresholds and severity overrides.

``config.py`` builds these from ``[tool.kerascheck]`` and the command line; checks only read.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from kerascheck.diagnostics import Severity

DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".env",
    "env",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".tox",
    ".nox",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    ".ipynb_checkpoints",
    ".kerascheck_cache",
)


def _matches(code: str, selectors: tuple[str, ...]) -> int:
    """Length of the longest selector that is a prefix of ``code`` (0 if none); ALL matches all."""
    best = 0
    for selector in selectors:
        if selector == "ALL":
            best = max(best, 1)
        elif code.startswith(selector):
            best = max(best, len(selector) + 1)
    return best


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("KC",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    min_severity: Severity = Severity.INFO
    min_recurrent_units: int = 8
    learning_rate_adaptive: tuple[float, float] = (1e-6, 0.1)
    learning_rate_sgd: tuple[float, float] = (1e-6, 1.0)
    severity: dict[str, Severity] = field(default_factory=dict)
    root: str | None = None  # folder of the pyproject.toml the settings came from
    # Limits (kerascheck.limits) and the cache: how a run goes, not what a rule finds.
    max_file_size: int = 10 * 1024 * 1024  # bytes; a larger file gets an info KC002 unread
    file_timeout: float = 10.0  # seconds per file; 0 = no budget
    cache_dir: str | None = None  # relative to ``root``; default ``.kerascheck_cache`` there
    #: ``docs-url``: where the rules are documented, ``{code}``/``{name}`` filled in per rule.
    #: None: findings carry no link (a link into this machine's install means nothing in CI).
    docs_url: str | None = None
    #: ``[tool.kerascheck.dynamic]``: DynamicOptions field -> value, for --instantiate/--train-check
    dynamic: tuple[tuple[str, Any], ...] = ()

    def is_enabled(self, code: str, path: str | None = None) -> bool:
        """ruff's rule: the most specific selector wins; ignore wins a tie."""
        chosen = max(_matches(code, self.select), _matches(code, self.extend_select))
        ignored = _matches(code, self.ignore)
        if path is not None:
            ignored = max(ignored, _matches(code, self.ignored_for(path)))
        return chosen > 0 and chosen > ignored

    def ignored_for(self, path: str) -> tuple[str, ...]:
        if not self.per_file_ignores:
            return ()
        relative = self._relative(path)
        codes: list[str] = []
        for pattern, pattern_codes in self.per_file_ignores:
            if _glob_match(relative, pattern):
                codes.extend(pattern_codes)
        return tuple(codes)

    def is_excluded(self, path: str) -> bool:
        relative = self._relative(path)
        parts = PurePath(relative).parts
        for written in (*self.exclude, *self.extend_exclude):
            pattern = written.rstrip("/")  # "legacy/" names a folder: the folder and its files
            ancestors = ("/".join(parts[:end]) for end in range(1, len(parts) + 1))
            if any(_glob_match(path, pattern) for path in ancestors) or any(
                fnmatch.fnmatchcase(part, pattern) for part in parts
            ):
                return True
        return False

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)

    def rule_url(self, code: str, name: str) -> str | None:
        """The documentation link of rule ``code`` (named ``name``), or None."""
        if self.docs_url is None:
            return None
        return self.docs_url.replace("{code}", code).replace("{name}", name)

    def _relative(self, path: str) -> str:
        pure = PurePath(path)
        if self.root is not None:
            try:
                return pure.relative_to(self.root).as_posix()
            except ValueError:
                pass
        return pure.as_posix()


def _glob_match(path: str, pattern: str) -> bool:
    """Match a path against a glob the way users write them in config (``tests/*``, ``**/x.py``)."""
    if fnmatch.fnmatchcase(path, pattern):
        return True
    if pattern.startswith("**/") and fnmatch.fnmatchcase(path, pattern[3:]):
        return True
    return fnmatch.fnmatchcase(PurePath(path).name, pattern)
