"""Configuration: where it is found, every key, every way to get a key wrong, and layering."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kerascheck.config import (
    ConfigError,
    FileConfig,
    Overrides,
    SettingsResolver,
    build_settings,
    catalogue_codes,
    find_config,
    load_config,
    parse_selector_list,
    validate_selector,
)
from kerascheck.diagnostics import Severity
from kerascheck.settings import DEFAULT_EXCLUDE, Settings

# The codes of DESIGN.md's catalogue: the universe selectors are validated against here, so
# that these tests exercise config.py alone (test_catalogue_knows_the_design_codes ties the
# two together).
CODES = frozenset(
    ["KC001", "KC002"]
    + [f"KC10{n}" for n in range(1, 7)]
    + [f"KC2{n:02d}" for n in range(1, 11)]
    + ["KC301", "KC302", "KC303"]
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pyproject(folder: Path, body: str) -> Path:
    return write(folder / "pyproject.toml", f"[tool.kerascheck]\n{body}\n")


def load(folder: Path, body: str) -> FileConfig:
    return load_config(pyproject(folder, body), CODES)


def error_of(folder: Path, body: str, name: str = "pyproject.toml") -> str:
    path = pyproject(folder, body) if name == "pyproject.toml" else write(folder / name, body)
    with pytest.raises(ConfigError) as caught:
        load_config(path, CODES)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.fixture(autouse=True)
def _cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages show paths relative to the working directory: make that tmp_path."""
    monkeypatch.chdir(tmp_path)


def test_catalogue_knows_the_design_codes() -> None:
    assert catalogue_codes() >= CODES


# ---------------------------------------------------------------------------------------
# Finding the file


def test_nearest_pyproject_with_a_kerascheck_table_wins(tmp_path: Path) -> None:
    outer = pyproject(tmp_path, "min-recurrent-units = 2")
    inner = pyproject(tmp_path / "a", "min-recurrent-units = 3")
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_config(deep) == inner
    assert find_config(tmp_path / "a") == inner
    assert find_config(tmp_path) == outer


def test_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    outer = pyproject(tmp_path, "")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n')
    assert find_config(tmp_path / "pkg") == outer


def test_kerascheck_toml_is_checked_before_pyproject(tmp_path: Path) -> None:
    pyproject(tmp_path, "")
    own = write(tmp_path / "kerascheck.toml", "min-recurrent-units = 4\n")
    assert find_config(tmp_path) == own
    hidden = write(tmp_path / ".kerascheck.toml", "")
    assert find_config(tmp_path) == hidden


def test_no_config_anywhere(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    found = find_config(tmp_path / "x")
    # Whatever lies above tmp_path is outside the test's control; only assert it is not
    # inside tmp_path.
    assert found is None or not found.is_relative_to(tmp_path)


def test_broken_pyproject_mentioning_kerascheck_is_reported_not_skipped(tmp_path: Path) -> None:
    broken = write(tmp_path / "pyproject.toml", "[tool.kerascheck\nselect = [\n")
    assert find_config(tmp_path) == broken
    with pytest.raises(ConfigError, match=r"^pyproject\.toml: invalid TOML"):
        load_config(broken, CODES)


# ---------------------------------------------------------------------------------------
# Every key


def test_selection_keys_are_normalised(tmp_path: Path) -> None:
    values = load(
        tmp_path, 'select = ["kc2", "KC101"]\nextend-select = ["KC3"]\nignore = ["KC204", "ALL"]'
    ).values
    assert values["select"] == ("KC2", "KC101")
    assert values["extend_select"] == ("KC3",)
    assert values["ignore"] == ("KC204", "ALL")


def test_per_file_ignores(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        '[tool.kerascheck.per-file-ignores]\n"tests/*" = ["KC1"]\n"**/demo.py" = ["KC205"]',
    )
    settings = build_settings(config)
    assert settings.per_file_ignores == (("tests/*", ("KC1",)), ("**/demo.py", ("KC205",)))
    test_file = str(tmp_path / "tests" / "test_x.py")
    assert not settings.is_enabled("KC101", test_file)
    assert settings.is_enabled("KC201", test_file)
    assert settings.is_enabled("KC101", str(tmp_path / "src" / "train.py"))
    assert not settings.is_enabled("KC205", str(tmp_path / "a" / "b" / "demo.py"))


def test_exclude_and_extend_exclude(tmp_path: Path) -> None:
    values = load(tmp_path, 'exclude = ["old"]\nextend-exclude = ["scratch/*"]').values
    assert values["exclude"] == ("old",)
    assert values["extend_exclude"] == ("scratch/*",)
    settings = build_settings(load(tmp_path, 'extend-exclude = ["scratch"]'))
    assert settings.exclude == DEFAULT_EXCLUDE
    assert settings.is_excluded(str(tmp_path / "scratch" / "a.py"))
    assert not settings.is_excluded(str(tmp_path / "src" / "a.py"))


def test_thresholds_and_severities(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        'min-severity = "warning"\nmin-recurrent-units = 16\n'
        "[tool.kerascheck.learning-rate]\nadaptive = [1e-5, 0.05]\nsgd = [1e-4, 2]\n"
        '[tool.kerascheck.severity]\nKC202 = "error"\nkc204 = "warning"\n',
    )
    settings = build_settings(config)
    assert settings.min_severity is Severity.WARNING
    assert settings.min_recurrent_units == 16
    assert settings.learning_rate_adaptive == (1e-5, 0.05)
    assert settings.learning_rate_sgd == (1e-4, 2.0)
    assert settings.severity == {"KC202": Severity.ERROR, "KC204": Severity.WARNING}
    assert settings.severity_of("KC202", Severity.WARNING) is Severity.ERROR
    assert settings.root == str(tmp_path)


def test_a_partial_learning_rate_table_keeps_the_other_default(tmp_path: Path) -> None:
    settings = build_settings(load(tmp_path, "learning-rate = { sgd = [0.001, 0.5] }"))
    assert settings.learning_rate_sgd == (0.001, 0.5)
    assert settings.learning_rate_adaptive == Settings().learning_rate_adaptive


def test_kerascheck_toml_has_no_tool_prefix(tmp_path: Path) -> None:
    path = write(tmp_path / "kerascheck.toml", 'select = ["KC2"]\nmin-recurrent-units = 2\n')
    settings = build_settings(load_config(path, CODES))
    assert settings.select == ("KC2",)
    assert settings.min_recurrent_units == 2


def test_empty_table_means_defaults_rooted_at_the_file(tmp_path: Path) -> None:
    settings = build_settings(load(tmp_path, ""))
    assert settings == Settings(root=str(tmp_path))


# ---------------------------------------------------------------------------------------
# Mistakes


def test_unknown_key_names_file_key_and_suggestion(tmp_path: Path) -> None:
    message = error_of(tmp_path, "min-recurent-units = 4")
    assert message == (
        "pyproject.toml: [tool.kerascheck] unknown key 'min-recurent-units' "
        "(did you mean 'min-recurrent-units'?)"
    )


def test_unknown_key_without_a_close_match(tmp_path: Path) -> None:
    assert error_of(tmp_path, "colour = true") == (
        "pyproject.toml: [tool.kerascheck] unknown key 'colour'"
    )


def test_snake_case_key_suggests_kebab_case(tmp_path: Path) -> None:
    assert "did you mean 'extend-select'?" in error_of(tmp_path, 'extend_select = ["KC2"]')


def test_messages_in_kerascheck_toml_name_that_file(tmp_path: Path) -> None:
    message = error_of(tmp_path, "selct = []\n", name="kerascheck.toml")
    assert message == "kerascheck.toml: unknown key 'selct' (did you mean 'select'?)"


def test_messages_for_files_in_subfolders_show_the_relative_path(tmp_path: Path) -> None:
    message = error_of(tmp_path / "proj", "bogus = 1")
    assert message.startswith(f"{Path('proj') / 'pyproject.toml'}: [tool.kerascheck]")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('select = "KC2"', "'select' must be a list of strings, got 'KC2'"),
        ("ignore = [201]", "'ignore' must be a list of strings, got [201]"),
        ('select = ["KC999"]', "'select': unknown rule code or prefix 'KC999'"),
        ('extend-select = ["XY1"]', "'extend-select': unknown rule code or prefix 'XY1'"),
        ('ignore = [""]', "'ignore': unknown rule code or prefix ''"),
        ("exclude = true", "'exclude' must be a list of strings, got true"),
        ('extend-exclude = ["a", 1]', "'extend-exclude' must be a list of strings"),
        ('min-severity = "fatal"', '\'min-severity\' must be one of "error", "warning", "info"'),
        ("min-severity = 3", "'min-severity' must be one of"),
        ("min-recurrent-units = 0", "'min-recurrent-units' must be an integer >= 1, got 0"),
        ("min-recurrent-units = 2.5", "'min-recurrent-units' must be an integer >= 1, got 2.5"),
        ("min-recurrent-units = true", "'min-recurrent-units' must be an integer >= 1, got true"),
        ('min-recurrent-units = "8"', "'min-recurrent-units' must be an integer >= 1, got '8'"),
        ("learning-rate = 0.1", "'learning-rate' must be a table"),
        ("severity = []", "'severity' must be a table"),
        ('per-file-ignores = ["x"]', "'per-file-ignores' must be a table"),
        ("docs-url = 1", "'docs-url' must be a URL such as \"https://example.org/rules/{code}\""),
        ('docs-url = ""', "'docs-url' must be a URL such as"),
        ('docs-url = "docs/{code}.md"', "'docs-url' must be an absolute URL (https://...)"),
        ('docs-url = "https://x.org/a b/{code}"', "'docs-url' must be an absolute URL"),
        ('docs-url = "https://x.org/rules"', "'docs-url' must contain {code} or {name}"),
        ('docs-url = "https://x.org/{rule}"', "'docs-url' can only fill in {code} and {name}"),
        ('docs-url = "https://x.org/{}"', "not {}"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, body: str, expected: str) -> None:
    message = error_of(tmp_path, body)
    assert message.startswith("pyproject.toml: [tool.kerascheck] ")
    assert expected in message


@pytest.mark.parametrize(
    "bounds",
    ["[0.1, 0.01]", "[0.1, 0.1]", "[0, 0.1]", "[-1, 0.1]", "[0.1]", "[1e-6, 0.1, 1]", '["a", 1]'],
)
def test_learning_rate_bounds_must_be_increasing_and_positive(tmp_path: Path, bounds: str) -> None:
    message = error_of(tmp_path, f"[tool.kerascheck.learning-rate]\nadaptive = {bounds}")
    assert message.startswith("pyproject.toml: [tool.kerascheck.learning-rate] 'adaptive' must be")
    assert "0 < min < max" in message


@pytest.mark.parametrize(
    ("template", "url"),
    [
        ("https://docs.example.org/rules/{code}", "https://docs.example.org/rules/KC201"),
        ("https://example.org/rules#{name}", "https://example.org/rules#missing-return-sequences"),
        (
            "file:///srv/docs/{code}-{name}.html",
            "file:///srv/docs/KC201-missing-return-sequences.html",
        ),
    ],
)
def test_docs_url_fills_in_code_and_name(tmp_path: Path, template: str, url: str) -> None:
    settings = build_settings(load(tmp_path, f'docs-url = "{template}"'))
    assert settings.docs_url == template
    assert settings.rule_url("KC201", "missing-return-sequences") == url


def test_no_docs_url_means_no_link() -> None:
    assert Settings().docs_url is None
    assert Settings().rule_url("KC201", "missing-return-sequences") is None


def test_learning_rate_unknown_optimizer_family(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[tool.kerascheck.learning-rate]\nadam = [1e-6, 0.1]")
    assert message == (
        "pyproject.toml: [tool.kerascheck.learning-rate] unknown key 'adam' (expected "
        "'adaptive', for Adam, RMSprop and the other adaptive optimizers, or 'sgd')"
    )


def test_severity_table_rejects_unknown_codes_and_levels(tmp_path: Path) -> None:
    unknown = error_of(tmp_path, '[tool.kerascheck.severity]\nKC2011 = "error"')
    assert unknown.startswith("pyproject.toml: [tool.kerascheck.severity] unknown rule code")
    assert "did you mean 'KC201'?" in unknown
    prefix = error_of(tmp_path, '[tool.kerascheck.severity]\nKC2 = "error"')
    assert "unknown rule code 'KC2'" in prefix
    level = error_of(tmp_path, '[tool.kerascheck.severity]\nKC201 = "fatal"')
    assert level.startswith("pyproject.toml: [tool.kerascheck.severity] 'KC201' must be one of")


def test_per_file_ignores_codes_are_validated(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[tool.kerascheck.per-file-ignores]\n"tests/*" = ["KC9999"]')
    assert message.startswith("pyproject.toml: [tool.kerascheck.per-file-ignores] 'tests/*'")
    assert "unknown rule code or prefix 'KC9999'" in message


def test_invalid_toml_and_non_table(tmp_path: Path) -> None:
    broken = write(tmp_path / "kerascheck.toml", "select = [\n")
    with pytest.raises(ConfigError, match=r"^kerascheck\.toml: invalid TOML: "):
        load_config(broken, CODES)
    scalar = write(tmp_path / "pyproject.toml", "[tool]\nkerascheck = 3\n")
    with pytest.raises(ConfigError, match=r"\[tool\.kerascheck\] must be a table"):
        load_config(scalar, CODES)


def test_pyproject_without_table_given_explicitly(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"no \[tool\.kerascheck\] table"):
        load_config(path, CODES)


# ---------------------------------------------------------------------------------------
# Command-line selectors and layering


def test_selector_validation() -> None:
    assert validate_selector(" kc2 ", CODES, "--select") == "KC2"
    assert validate_selector("KC", CODES, "--select") == "KC"
    assert validate_selector("all", CODES, "--select") == "ALL"
    with pytest.raises(ConfigError, match=r"^--ignore: unknown rule code or prefix 'KC2011'"):
        validate_selector("KC2011", CODES, "--ignore")


def test_selector_lists_split_on_commas_and_repeat() -> None:
    assert parse_selector_list(None, CODES, "--select") is None
    assert parse_selector_list(["KC2,KC101", "kc303,"], CODES, "--select") == (
        "KC2",
        "KC101",
        "KC303",
    )
    with pytest.raises(ConfigError, match="'KC7'"):
        parse_selector_list(["KC2,KC7"], CODES, "--select")


def config_with(**values: object) -> FileConfig:
    return FileConfig(path=Path("/project/pyproject.toml"), values=values)


def test_defaults_without_any_file() -> None:
    settings = build_settings(None)
    assert settings == Settings()
    assert settings.is_enabled("KC201")


def test_cli_select_replaces_the_configured_selection() -> None:
    config = config_with(select=("KC1",), extend_select=("KC3",), ignore=("KC201",))
    settings = build_settings(config, Overrides(select=("KC201",)))
    assert settings.is_enabled("KC201")
    assert not settings.is_enabled("KC101")
    assert not settings.is_enabled("KC301")


def test_cli_select_drops_a_config_ignore_without_select() -> None:
    """ruff: `ignore = [...]` alone in the config does not survive `--select`."""
    settings = build_settings(config_with(ignore=("KC204",)), Overrides(select=("KC2",)))
    assert settings.is_enabled("KC201")
    assert settings.is_enabled("KC204")
    assert not settings.is_enabled("KC101")


def test_cli_select_keeps_per_file_ignores() -> None:
    config = config_with(per_file_ignores=(("tests/*", ("KC205",)),))
    settings = build_settings(config, Overrides(select=("KC205",)))
    assert settings.is_enabled("KC205", "/project/train.py")
    assert not settings.is_enabled("KC205", "/project/tests/test_x.py")


def test_cli_ignore_and_extend_select_add_to_the_config() -> None:
    config = config_with(select=("KC2",), ignore=("KC204",))
    settings = build_settings(config, Overrides(extend_select=("KC101",), ignore=("KC205",)))
    assert settings.is_enabled("KC101")
    assert settings.is_enabled("KC201")
    assert not settings.is_enabled("KC204")
    assert not settings.is_enabled("KC205")
    assert not settings.is_enabled("KC301")


def test_cli_ignore_wins_over_a_more_specific_config_selection() -> None:
    config = config_with(select=("KC201", "KC101"), extend_select=("KC202",))
    settings = build_settings(config, Overrides(ignore=("KC2",)))
    assert not settings.is_enabled("KC201")
    assert not settings.is_enabled("KC202")
    assert settings.is_enabled("KC101")


def test_cli_extend_select_wins_over_a_config_ignore() -> None:
    settings = build_settings(
        config_with(ignore=("KC201", "KC1")), Overrides(extend_select=("KC2",))
    )
    assert settings.is_enabled("KC201")
    assert not settings.is_enabled("KC101")


def test_cli_min_severity_overrides_the_config() -> None:
    config = config_with(min_severity=Severity.ERROR)
    assert build_settings(config).min_severity is Severity.ERROR
    overridden = build_settings(config, Overrides(min_severity=Severity.INFO))
    assert overridden.min_severity is Severity.INFO
    assert overridden.root == "/project"


# ---------------------------------------------------------------------------------------
# Resolving settings per file


def test_resolver_uses_the_nearest_config_per_folder(tmp_path: Path) -> None:
    pyproject(tmp_path, "min-recurrent-units = 2")
    pyproject(tmp_path / "sub", "min-recurrent-units = 3")
    (tmp_path / "other").mkdir()
    seen: list[tuple[Path, Path | None]] = []
    resolver = SettingsResolver(known_codes=CODES, on_config=lambda *pair: seen.append(pair))
    assert resolver.for_file(tmp_path / "train.py").min_recurrent_units == 2
    assert resolver.for_file(tmp_path / "other" / "x.py").min_recurrent_units == 2
    assert resolver.for_file(tmp_path / "sub" / "deep" / "x.py").min_recurrent_units == 3
    assert resolver.for_file(tmp_path / "sub" / "deep" / "x.py").root == str(tmp_path / "sub")
    # one lookup per folder, one parse per file: same object for folders sharing a config
    assert resolver.for_directory(tmp_path) is resolver.for_directory(tmp_path / "other")
    assert len(seen) == 3


def test_resolver_with_explicit_config_uses_it_everywhere(tmp_path: Path) -> None:
    pyproject(tmp_path / "sub", "min-recurrent-units = 3")
    chosen = write(tmp_path / "conf" / "kerascheck.toml", "min-recurrent-units = 5\n")
    resolver = SettingsResolver(known_codes=CODES, config_file=chosen)
    settings = resolver.for_file(tmp_path / "sub" / "x.py")
    assert settings.min_recurrent_units == 5
    assert settings.root == str(tmp_path / "conf")


def test_resolver_without_config_ignores_files(tmp_path: Path) -> None:
    pyproject(tmp_path, "min-recurrent-units = 3")
    resolver = SettingsResolver(
        known_codes=CODES, no_config=True, overrides=Overrides(ignore=("KC202",))
    )
    settings = resolver.for_file(tmp_path / "x.py")
    assert settings.min_recurrent_units == Settings().min_recurrent_units
    assert not settings.is_enabled("KC202")


def test_resolver_reports_a_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^nope\.toml: configuration file not found$"):
        SettingsResolver(known_codes=CODES, config_file="nope.toml")


def test_resolver_surfaces_errors_of_the_config_it_finds(tmp_path: Path) -> None:
    pyproject(tmp_path, "bogus = 1")
    resolver = SettingsResolver(known_codes=CODES)
    with pytest.raises(ConfigError, match="unknown key 'bogus'"):
        resolver.for_file(os.path.join(tmp_path, "a.py"))
