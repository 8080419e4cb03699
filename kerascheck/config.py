"""Find and read ``[tool.kerascheck]`` (or ``kerascheck.toml``) and build ``Settings`` from it.

ruff's model: every linted file takes its settings from the nearest configuration file
above it, ``--config FILE`` uses one file for everything, ``--no-config`` uses defaults,
and options on the command line are applied on top. A configuration mistake is an error
with the file and the key in the message, never a silently ignored setting: a misspelt
``ignore`` would otherwise turn into findings nobody asked for, or none at all.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kerascheck.diagnostics import Severity
from kerascheck.lazy import lazy_module
from kerascheck.settings import Settings

if TYPE_CHECKING:
    import difflib

    import tomllib
else:
    difflib = lazy_module("difflib")
    # read when a file is: a run without a configuration file or a finding parses no TOML
    tomllib = lazy_module("tomllib" if sys.version_info >= (3, 11) else "tomli")

__all__ = [
    "CONFIG_FILENAMES",
    "ConfigError",
    "FileConfig",
    "Overrides",
    "SettingsResolver",
    "build_settings",
    "catalogue_codes",
    "find_config",
    "load_config",
    "parse_selector_list",
    "validate_selector",
]

#: Checked in this order in every folder, like ruff's ``.ruff.toml``, ``ruff.toml``,
#: ``pyproject.toml``. A pyproject.toml without ``[tool.kerascheck]`` does not count.
CONFIG_FILENAMES: tuple[str, ...] = (".kerascheck.toml", "kerascheck.toml", "pyproject.toml")


#: Codes are short and alike: suggest one only for a one-character slip (KC2011, KC2O1).
_CODE_CUTOFF = 0.8
#: ``docs-url``: a scheme and an authority (``https://host``, ``file:///path``).
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


class ConfigError(Exception):
    """A configuration file or a command-line option that cannot be used; one line."""


def catalogue_codes() -> frozenset[str]:
    """Every rule code the catalogue knows: what selectors are validated against.

    Read from the rule files' names (the catalogue refuses a file not named after its code),
    so that a run whose findings all come from the cache never parses the rules: that would
    cost every start-up 20 ms.
    """
    from kerascheck.catalogue import rules_dir

    return frozenset(path.stem for path in rules_dir().glob("KC[0-9][0-9][0-9].toml"))


def validate_selector(selector: str, known_codes: Collection[str], where: str) -> str:
    """Normalise one code or prefix (``KC2``, ``kc201``, ``ALL``); unknown ones are an error."""
    text = selector.strip().upper()
    if text == "ALL" or (text and any(code.startswith(text) for code in known_codes)):
        return text
    hint = _did_you_mean(text, known_codes, cutoff=_CODE_CUTOFF)
    shown = selector.strip() or selector
    raise ConfigError(f"{where}: unknown rule code or prefix {shown!r}{hint}")


def parse_selector_list(
    values: Sequence[str] | None, known_codes: Collection[str], where: str
) -> tuple[str, ...] | None:
    """Flatten ``--select KC2,KC101 --select KC303`` into validated selectors (None if absent)."""
    if values is None:
        return None
    selectors: list[str] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                selectors.append(validate_selector(part, known_codes, where))
    return tuple(selectors)


@dataclass(frozen=True)
class Overrides:
    """Options from the command line, applied on top of any configuration file."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_severity: Severity | None = None


@dataclass(frozen=True)
class FileConfig:
    """The validated contents of one configuration file, as ``Settings`` keyword arguments.

    Only keys the file actually sets are present, so that layering can tell "not given"
    from "given as the default".
    """

    path: Path
    values: Mapping[str, Any]

    @property
    def root(self) -> Path:
        return self.path.parent


def find_config(directory: Path) -> Path | None:
    """The nearest configuration file at or above ``directory`` (None if there is none)."""
    for folder in (directory, *directory.parents):
        found = _config_in(folder)
        if found is not None:
            return found
    return None


def load_config(path: Path, known_codes: Collection[str]) -> FileConfig:
    """Read and validate one configuration file."""
    shown = _display(path)
    try:
        document = _read_toml(path)
    except OSError as error:
        raise ConfigError(f"{shown}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{shown}: not valid UTF-8 (byte 0x{error.object[error.start]:02x} at offset "
            f"{error.start}); TOML files must be UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{shown}: invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        tool = document.get("tool")
        table = tool.get("kerascheck") if isinstance(tool, dict) else None
        if table is None:
            raise ConfigError(f"{shown}: no [tool.kerascheck] table")
        where = f"{shown}: [tool.kerascheck]"
    else:
        table, where = document, f"{shown}:"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    return FileConfig(path=path, values=_parse_table(table, where, known_codes))


def build_settings(config: FileConfig | None, overrides: Overrides = Overrides()) -> Settings:
    """Layer the command line on top of one file's configuration (or the defaults).

    Selection follows ruff: ``--select`` replaces the file's whole selection (its
    ``select``, ``extend-select`` and ``ignore``); ``--extend-select`` and ``--ignore`` add,
    and where one of them covers a code the file said the opposite about, the command line
    wins. ``per-file-ignores`` apply either way.
    """
    values = dict(config.values) if config is not None else {}
    file_select = values.pop("select", None)
    file_extend = values.pop("extend_select", ())
    file_ignore = values.pop("ignore", ())
    if overrides.select is not None:
        select, extend, ignore = overrides.select, overrides.extend_select, overrides.ignore
    else:
        base = file_select if file_select is not None else Settings().select
        select = _drop_covered(base, overrides.ignore)
        extend = (*_drop_covered(file_extend, overrides.ignore), *overrides.extend_select)
        ignore = (*_drop_covered(file_ignore, overrides.extend_select), *overrides.ignore)
    values.update(select=tuple(select), extend_select=tuple(extend), ignore=tuple(ignore))
    if overrides.min_severity is not None:
        values["min_severity"] = overrides.min_severity
    if config is not None:
        values["root"] = str(config.root)
    return Settings(**values)


class SettingsResolver:
    """Settings for every linted file, from its nearest configuration file; cached per folder."""

    def __init__(
        self,
        *,
        overrides: Overrides = Overrides(),
        config_file: str | os.PathLike[str] | None = None,
        no_config: bool = False,
        known_codes: Collection[str] | None = None,
        on_config: Callable[[Path, Path | None], None] | None = None,
    ) -> None:
        self._overrides = overrides
        self._known = known_codes
        self._on_config = on_config
        self._by_dir: dict[Path, Settings] = {}
        self._found: dict[Path, Path | None] = {}
        self._by_config: dict[Path | None, Settings] = {}
        self._fixed: Settings | None = None
        if no_config:
            self._fixed = build_settings(None, overrides)
        elif config_file is not None:
            path = Path(os.path.abspath(config_file))
            if not path.is_file():
                raise ConfigError(f"{_display(path)}: configuration file not found")
            self._fixed = self._settings_from(path)

    def for_file(self, path: str | os.PathLike[str]) -> Settings:
        return self.for_directory(Path(os.path.abspath(path)).parent)

    def for_directory(self, directory: str | os.PathLike[str]) -> Settings:
        if self._fixed is not None:
            return self._fixed
        folder = Path(os.path.abspath(directory))
        cached = self._by_dir.get(folder)
        if cached is None:
            path = self._find(folder)
            if self._on_config is not None:
                self._on_config(folder, path)
            cached = self._by_dir[folder] = self._settings_from(path)
        return cached

    @property
    def known_codes(self) -> Collection[str]:
        if self._known is None:
            self._known = catalogue_codes()
        return self._known

    def _find(self, folder: Path) -> Path | None:
        """``find_config`` with every folder on the way remembered (one walk per tree)."""
        if folder not in self._found:
            found = _config_in(folder)
            if found is None and folder.parent != folder:
                found = self._find(folder.parent)
            self._found[folder] = found
        return self._found[folder]

    def _settings_from(self, path: Path | None) -> Settings:
        cached = self._by_config.get(path)
        if cached is None:
            config = load_config(path, self.known_codes) if path is not None else None
            cached = self._by_config[path] = build_settings(config, self._overrides)
        return cached


# ---------------------------------------------------------------------------------------
# Key by key validation


def _parse_table(table: dict[str, Any], where: str, known: Collection[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, raw in table.items():
        entry = _KEYS.get(key)
        if entry is None:
            hint = _did_you_mean(key, _KEYS)
            raise ConfigError(f"{where} unknown key {key!r}{hint}")
        field_name, parser = entry
        value = parser(raw, _Where(where, key), known)
        if field_name:
            values[field_name] = value
        else:
            values.update(value)
    return values


@dataclass(frozen=True)
class _Where:
    table: str
    key: str

    def error(self, message: str) -> ConfigError:
        return ConfigError(f"{self.table} {self.key!r} {message}")


def _selectors(raw: Any, where: _Where, known: Collection[str]) -> tuple[str, ...]:
    strings = _string_list(raw, where)
    return tuple(validate_selector(item, known, f"{where.table} {where.key!r}") for item in strings)


def _string_list(raw: Any, where: _Where) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise where.error(f"must be a list of strings, got {_show(raw)}")
    return raw


def _severity(raw: Any, where: _Where) -> Severity:
    if not isinstance(raw, str):
        raise where.error(f'must be one of "error", "warning", "info", got {_show(raw)}')
    try:
        return Severity.parse(raw)
    except ValueError:
        raise where.error(f'must be one of "error", "warning", "info", got {raw!r}') from None


def _bounds(raw: Any, where: _Where) -> tuple[float, float]:
    numbers = isinstance(raw, list) and all(
        isinstance(item, (int, float)) and not isinstance(item, bool) for item in raw
    )
    if not numbers or len(raw) != 2 or not 0 < raw[0] < raw[1]:
        raise where.error(f"must be [min, max] with 0 < min < max, got {_show(raw)}")
    return float(raw[0]), float(raw[1])


_Parser = Callable[[Any, _Where, Collection[str]], Any]


def _exclude_list(raw: Any, where: _Where, known: Collection[str]) -> tuple[str, ...]:
    return tuple(_string_list(raw, where))


def _per_file_ignores(
    raw: Any, where: _Where, known: Collection[str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(raw, dict):
        raise where.error(f'must be a table of glob = ["codes"], got {_show(raw)}')
    table = _nested(where)
    return tuple(
        (pattern, _selectors(codes, _Where(table, pattern), known))
        for pattern, codes in raw.items()
    )


def _min_severity(raw: Any, where: _Where, known: Collection[str]) -> Severity:
    return _severity(raw, where)


#: TOML integers are 64-bit; tomllib reads larger ones, which nothing here can use.
MAX_INTEGER = 2**63 - 1


def _integer(raw: Any, where: _Where, what: str, low: int = 1, high: int = MAX_INTEGER) -> int:
    """A whole number within [low, high]; one beyond them is said to be out of range."""
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < low:
        raise where.error(f"must be {what}, got {_show(raw)}")
    if raw > high:
        raise where.error(f"is out of range: {raw} is more than the largest allowed, {high}")
    return raw


def _min_recurrent_units(raw: Any, where: _Where, known: Collection[str]) -> int:
    return _integer(raw, where, "an integer >= 1", high=2**31 - 1)


def _learning_rate(raw: Any, where: _Where, known: Collection[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise where.error(f"must be a table with 'adaptive' and/or 'sgd', got {_show(raw)}")
    table = _nested(where)
    values = {}
    for key, bounds in raw.items():
        if key not in ("adaptive", "sgd"):
            raise ConfigError(
                f"{table} unknown key {key!r} (expected 'adaptive', for Adam, RMSprop and the"
                " other adaptive optimizers, or 'sgd')"
            )
        values[f"learning_rate_{key}"] = _bounds(bounds, _Where(table, key))
    return values


def _dynamic_table(raw: Any, where: _Where, known: Collection[str]) -> tuple[tuple[str, Any], ...]:
    """``[tool.kerascheck.dynamic]``: budgets and thresholds of --instantiate/--train-check."""
    from kerascheck.dynamic.options import CONFIG_KEYS, DynamicOptions

    if not isinstance(raw, dict):
        raise where.error(f"must be a table, got {_show(raw)}")
    table = _nested(where)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        field_name = CONFIG_KEYS.get(key)
        if field_name is None:
            raise ConfigError(f"{table} unknown key {key!r}{_did_you_mean(key, CONFIG_KEYS)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Where(table, key).error(f"must be a number, got {_show(value)}")
        values[field_name] = value
    try:
        DynamicOptions(**values)  # the same validation as the command line
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{table} {error}") from None
    return tuple(sorted(values.items()))


def _severity_table(raw: Any, where: _Where, known: Collection[str]) -> dict[str, Severity]:
    if not isinstance(raw, dict):
        raise where.error(
            f'must be a table of code = "error" | "warning" | "info", got {_show(raw)}'
        )
    table = _nested(where)
    overrides = {}
    for code, value in raw.items():
        if code.upper() not in known:
            hint = _did_you_mean(code.upper(), known, cutoff=_CODE_CUTOFF)
            raise ConfigError(f"{table} unknown rule code {code!r}{hint}")
        overrides[code.upper()] = _severity(value, _Where(table, code))
    return overrides


def _max_file_size(raw: Any, where: _Where, known: Collection[str]) -> int:
    return _integer(raw, where, "a number of bytes >= 1 (10 MB = 10485760)")


def _file_timeout(raw: Any, where: _Where, known: Collection[str]) -> float:
    if not isinstance(raw, (int, float)) or isinstance(raw, bool) or not raw >= 0:
        raise where.error(f"must be a number of seconds >= 0 (0 = no limit), got {_show(raw)}")
    if raw >= MAX_SECONDS:
        raise where.error(f"is out of range: {raw} is not below {MAX_SECONDS:g} seconds")
    return float(raw)


#: A time budget beyond any run (about 31 years), and beyond what timers accept.
MAX_SECONDS = 1e9


def _docs_url(raw: Any, where: _Where, known: Collection[str]) -> str:
    """An absolute URL with ``{code}`` and/or ``{name}`` in it, and no other placeholder."""
    example = '"https://example.org/rules/{code}"'
    if not isinstance(raw, str) or not raw.strip():
        raise where.error(f"must be a URL such as {example}, got {_show(raw)}")
    if not _URL.match(raw) or any(char.isspace() for char in raw):
        raise where.error(f"must be an absolute URL (https://...) such as {example}, got {raw!r}")
    fields = _PLACEHOLDER.findall(raw)
    unknown = sorted({field for field in fields if field not in ("{code}", "{name}")})
    if unknown:
        raise where.error(f"can only fill in {{code}} and {{name}}, not {', '.join(unknown)}")
    if not fields:
        raise where.error(
            f"must contain {{code}} or {{name}}, where each rule's link differs: {example}"
        )
    return raw


def _cache_dir(raw: Any, where: _Where, known: Collection[str]) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise where.error(f"must be a folder (relative to this file's folder), got {_show(raw)}")
    return raw


#: Every key of ``[tool.kerascheck]``: the ``Settings`` field it sets and its validator.
#: ``learning-rate`` sets two fields, so it has no field of its own (see ``_parse_table``).
_KEYS: dict[str, tuple[str, _Parser]] = {
    "select": ("select", _selectors),
    "extend-select": ("extend_select", _selectors),
    "ignore": ("ignore", _selectors),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "exclude": ("exclude", _exclude_list),
    "extend-exclude": ("extend_exclude", _exclude_list),
    "min-severity": ("min_severity", _min_severity),
    "min-recurrent-units": ("min_recurrent_units", _min_recurrent_units),
    "learning-rate": ("", _learning_rate),
    "severity": ("severity", _severity_table),
    "max-file-size": ("max_file_size", _max_file_size),
    "file-timeout": ("file_timeout", _file_timeout),
    "cache-dir": ("cache_dir", _cache_dir),
    "docs-url": ("docs_url", _docs_url),
    "dynamic": ("dynamic", _dynamic_table),
}


def _nested(where: _Where) -> str:
    """The header of a nested table, for messages: ``[tool.kerascheck.severity]``."""
    if where.table.endswith(":"):
        return f"{where.table} [{where.key}]"
    return f"{where.table[:-1]}.{where.key}]"


# ---------------------------------------------------------------------------------------
# Helpers


def _config_in(folder: Path) -> Path | None:
    for name in CONFIG_FILENAMES:
        candidate = folder / name
        if not os.path.isfile(candidate):
            continue
        if name != "pyproject.toml" or _has_kerascheck_table(candidate):
            return candidate
    return None


def _has_kerascheck_table(path: Path) -> bool:
    """Whether a pyproject.toml configures kerascheck; a broken one that mentions us counts,
    and so does one that cannot be read at all (it may), so that its error is reported
    instead of the file being silently skipped."""
    try:
        document = _read_toml(path)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        try:
            return "tool.kerascheck" in path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return True
    except OSError:
        return True
    tool = document.get("tool")
    return isinstance(tool, dict) and "kerascheck" in tool


#: A configuration file is a few KB; one larger than this is no configuration.
MAX_CONFIG_FILE_BYTES = 1024 * 1024


def _read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's document, read as a regular file and within ``MAX_CONFIG_FILE_BYTES``."""
    from kerascheck.inputs import open_regular

    descriptor = open_regular(str(path))
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(MAX_CONFIG_FILE_BYTES + 1)
    if len(data) > MAX_CONFIG_FILE_BYTES:
        raise OSError(f"larger than {MAX_CONFIG_FILE_BYTES // (1024 * 1024)} MB")
    return tomllib.loads(data.decode("utf-8"))


def _drop_covered(selectors: Sequence[str], covering: Sequence[str]) -> tuple[str, ...]:
    """``selectors`` without those a command-line selector of the opposite kind covers."""
    return tuple(
        selector
        for selector in selectors
        if not any(cover == "ALL" or selector.startswith(cover) for cover in covering)
    )


def _did_you_mean(word: str, candidates: Collection[str], cutoff: float = 0.6) -> str:
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=cutoff)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def _display(path: Path) -> str:
    """A path as the user would write it: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    if isinstance(value, dict):
        return "a table"
    return str(value)
