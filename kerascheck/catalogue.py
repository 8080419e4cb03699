"""The rule catalogue: one TOML file per rule in ``rules/`` (shipped as ``kerascheck/_rules``).

What users read about a rule (``kerascheck rule KC201``, ``kerascheck rules``, the README
table, the rule help in SARIF output) and the examples the test-suite lints all come from
these files, so a rule's documentation cannot drift away from the rule list.
"""

from __future__ import annotations

import codecs
import functools
import re
import sys
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kerascheck.diagnostics import Severity
from kerascheck.lazy import lazy_module

if TYPE_CHECKING:
    import difflib

    import tomllib
else:
    difflib = lazy_module("difflib")
    # read when a file is: a run without a configuration file or a finding parses no TOML
    tomllib = lazy_module("tomllib" if sys.version_info >= (3, 11) else "tomli")

#: What ``fix`` may say, and how ``kerascheck rule`` phrases it.
FIX_AVAILABILITY: dict[str, str] = {
    "none": "No automatic fix is available yet.",
    "safe": "An automatic fix is available; it does not change what the script means.",
    "unsafe": "An automatic fix is available, but it can change behaviour: review it first.",
}
EXAMPLE_KINDS = ("bad", "good")
SECTION_TITLES = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix",
    "References",
)

_CODE = re.compile(r"KC\d{3}")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_TOP_KEYS = frozenset(
    {"code", "name", "severity", "summary", "anchor", "fix", "dynamic", "doc", "examples"}
)
_DOC_KEYS = frozenset({"what", "why", "instead", "references"})
_EXAMPLE_KEYS = frozenset({"kind", "line", "code", "encoding"})
_SEVERITY_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


class CatalogueError(ValueError):
    """A rule file is missing, unreadable or malformed; the message names the file and key."""

    def __init__(self, path: Path | str, key: str | None, problem: str) -> None:
        self.path = Path(path)
        self.key = key
        where = f"{self.path}: {key}" if key else str(self.path)
        super().__init__(f"{where}: {problem}")


class UnknownRuleError(KeyError):
    """``get_rule`` was asked for a code the catalogue does not have."""

    def __str__(self) -> str:  # KeyError would wrap the message in quotes
        return str(self.args[0])


@dataclass(frozen=True)
class Example:
    """A complete little training script; ``line`` is where a bad one must be reported."""

    kind: str  # "bad" | "good"
    code: str
    line: int | None
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    anchor: str
    fix: str
    what: str
    why: str
    instead: str
    #: found by --instantiate / --train-check in real Keras; its examples run in the dynamic tests
    dynamic: bool
    references: tuple[str, ...]
    examples: tuple[Example, ...]
    path: Path

    @property
    def bad(self) -> Example:
        return next(e for e in self.examples if e.kind == "bad")

    @property
    def good(self) -> Example:
        return next(e for e in self.examples if e.kind == "good")


# --- loading ------------------------------------------------------------------------------


@functools.cache
def rules_dir() -> Path:
    """The folder of rule files: inside the installed wheel, else the source checkout's."""
    # (the package's own folder, not importlib.resources: that imports zipfile and lzma,
    # a tenth of kerascheck's start-up, for a package that is never installed zipped)
    packaged = Path(__file__).resolve().parent / "_rules"
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parent.parent / "rules"
    if source.is_dir():
        return source
    raise CatalogueError(
        source, None, "no rule folder found (neither kerascheck/_rules nor rules/)"
    )


def load_catalogue(directory: Path | str | None = None) -> dict[str, Rule]:
    """Every rule, keyed and sorted by code. Files are read and validated once per folder."""
    if directory is None:
        return _default_catalogue()
    return {rule.code: rule for rule in _load_folder(Path(directory).resolve())}


@functools.cache
def _default_catalogue() -> dict[str, Rule]:
    """The shipped rules: the engine asks for them once per linted file."""
    return {rule.code: rule for rule in _load_folder(rules_dir().resolve())}


@functools.cache
def shipped_rule(code: str) -> Rule | None:
    """One shipped rule, reading only its own file (``KCnnn.toml``) unless the catalogue is
    loaded already: a run needs the rules of the findings it reports, and reading all of
    them was a sixth of what ``kerascheck FILE`` adds to importing libcst."""
    if _default_catalogue.cache_info().currsize:
        return _default_catalogue().get(code)
    path = rules_dir() / f"{code}.toml"
    if not _CODE.fullmatch(code) or not path.is_file():
        return None
    return load_rule(path)


@functools.cache
def _load_folder(folder: Path) -> tuple[Rule, ...]:
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise CatalogueError(folder, None, "contains no rule files (*.toml)")
    return tuple(sorted((load_rule(path) for path in files), key=lambda rule: rule.code))


def load_rule(path: Path) -> Rule:
    """Read and validate one rule file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError(path, None, f"cannot be read: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(path, None, f"is not valid TOML: {error}") from error
    return _parse_rule(path, data)


def _parse_rule(path: Path, data: dict[str, Any]) -> Rule:
    _reject_unknown(path, "", data, _TOP_KEYS)
    code = _text(path, data, "code")
    if not _CODE.fullmatch(code):
        raise CatalogueError(path, "code", f"{code!r} is not of the form KCnnn")
    if code != path.stem:
        raise CatalogueError(path, "code", f"{code!r} does not match the file name {path.name!r}")
    name = _text(path, data, "name")
    if not _NAME.fullmatch(name):
        raise CatalogueError(path, "name", f"{name!r} is not kebab-case (e.g. 'random-labels')")
    try:
        severity = Severity.parse(_text(path, data, "severity"))
    except ValueError as error:
        raise CatalogueError(path, "severity", str(error)) from None
    summary = _text(path, data, "summary")
    if "\n" in summary:
        raise CatalogueError(path, "summary", "must be a single line")
    fix = _text(path, data, "fix")
    if fix not in FIX_AVAILABILITY:
        raise CatalogueError(path, "fix", f"{fix!r} is not one of {', '.join(FIX_AVAILABILITY)}")
    doc = data.get("doc")
    if not isinstance(doc, dict):
        raise CatalogueError(path, "doc", "missing table [doc]")
    _reject_unknown(path, "doc.", doc, _DOC_KEYS)
    return Rule(
        code=code,
        name=name,
        severity=severity,
        summary=summary,
        anchor=_text(path, data, "anchor"),
        fix=fix,
        dynamic=_flag(path, data, "dynamic"),
        what=_text(path, doc, "what", prefix="doc."),
        why=_text(path, doc, "why", prefix="doc."),
        instead=_text(path, doc, "instead", prefix="doc."),
        references=_references(path, doc),
        examples=_examples(path, data.get("examples")),
        path=path,
    )


def _flag(path: Path, table: dict[str, Any], key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise CatalogueError(path, key, "must be true or false")
    return value


def _text(path: Path, table: dict[str, Any], key: str, prefix: str = "") -> str:
    value = table.get(key)
    if value is None:
        raise CatalogueError(path, prefix + key, "missing required key")
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(path, prefix + key, "must be a non-empty string")
    return value.strip()


def _reject_unknown(path: Path, prefix: str, table: dict[str, Any], known: frozenset[str]) -> None:
    """Catch typos such as ``severty``: an unknown key would otherwise be silently ignored."""
    for key in table:
        if key not in known:
            raise CatalogueError(
                path, prefix + key, f"unknown key (expected: {', '.join(sorted(known))})"
            )


def _references(path: Path, doc: dict[str, Any]) -> tuple[str, ...]:
    value = doc.get("references")
    if value is None:
        raise CatalogueError(path, "doc.references", "missing required key (use [] for none)")
    if not isinstance(value, list):
        raise CatalogueError(path, "doc.references", "must be a list of URLs")
    for index, url in enumerate(value):
        if not isinstance(url, str) or not url.startswith("https://"):
            raise CatalogueError(path, f"doc.references[{index}]", f"{url!r} is not an https URL")
    return tuple(value)


def _examples(path: Path, value: Any) -> tuple[Example, ...]:
    if not isinstance(value, list) or not value:
        raise CatalogueError(path, "examples", "missing [[examples]] (need a bad and a good one)")
    examples = tuple(_example(path, f"examples[{index}]", item) for index, item in enumerate(value))
    for kind in EXAMPLE_KINDS:
        if not any(example.kind == kind for example in examples):
            raise CatalogueError(path, "examples", f"needs at least one {kind!r} example")
    return examples


def _example(path: Path, key: str, item: Any) -> Example:
    if not isinstance(item, dict):
        raise CatalogueError(path, key, "must be a table")
    _reject_unknown(path, key + ".", item, _EXAMPLE_KEYS)
    kind = item.get("kind")
    if kind not in EXAMPLE_KINDS:
        raise CatalogueError(path, key + ".kind", f"{kind!r} is not 'bad' or 'good'")
    code = item.get("code")
    if not isinstance(code, str) or not code.strip():
        raise CatalogueError(path, key + ".code", "must be a non-empty string")
    encoding = item.get("encoding", "utf-8")
    try:
        codecs.lookup(encoding)
        code.encode(encoding)
    except (LookupError, TypeError, UnicodeEncodeError) as error:
        raise CatalogueError(path, key + ".encoding", f"unusable encoding: {error}") from None
    line = item.get("line")
    if kind == "good" and line is not None:
        raise CatalogueError(path, key + ".line", "only bad examples have a line")
    if kind == "bad":
        rows = len(code.splitlines())
        if isinstance(line, bool) or not isinstance(line, int):
            raise CatalogueError(
                path, key + ".line", "a bad example needs the row it is reported at"
            )
        if not 1 <= line <= rows:
            raise CatalogueError(path, key + ".line", f"{line} is outside the example (1..{rows})")
    return Example(kind=kind, code=code, line=line, encoding=encoding)


def get_rule(code: str, directory: Path | str | None = None) -> Rule:
    """The rule for ``code``: a code (``KC201``) or a name (``missing-return-sequences``),
    in any case; the error suggests close codes or names."""
    catalogue = load_catalogue(directory)
    wanted = code.strip().upper()
    if wanted in catalogue:
        return catalogue[wanted]
    by_name = {rule.name: rule for rule in catalogue.values()}
    name = code.strip().lower().replace("_", "-")
    if name in by_name:
        return by_name[name]
    if wanted.startswith("KC"):
        close = difflib.get_close_matches(wanted, list(catalogue), n=3, cutoff=0.6)
        what = "rule code"
    else:
        names = difflib.get_close_matches(name, list(by_name), n=3, cutoff=0.6)
        close = [f"{match} ({by_name[match].code})" for match in names]
        what = "rule"
    hint = f"did you mean {_one_of(close)}?" if close else "`kerascheck rules` lists them all"
    raise UnknownRuleError(f"unknown {what} {code!r}; {hint}")


def _one_of(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


# --- rendering ----------------------------------------------------------------------------


def render_rule(rule: Rule, color: bool = False, width: int = 88) -> str:
    """The text ``kerascheck rule KCnnn`` prints, in the order of ruff's rule docs."""

    def heading(text: str) -> str:
        return _style(text, "1", color)

    severity = _style(str(rule.severity), _SEVERITY_COLORS[rule.severity], color)
    lines = [f"{_style(rule.code, '1', color)} {rule.name} ({severity})", rule.summary, ""]
    sections = {
        "What it does": [
            *_prose(rule.what, width),
            "",
            *_prose(f"Reported at: {rule.anchor}.", width),
        ],
        "Why is this bad?": _prose(rule.why, width),
        "Example": _code(rule.bad.code),
        "Use instead": [*_prose(rule.instead, width), "", *_code(rule.good.code)],
        "Fix": _prose(FIX_AVAILABILITY[rule.fix], width),
        "References": [f"  - {url}" for url in rule.references] or ["  None listed."],
    }
    for title in SECTION_TITLES:
        lines += [heading(title), *sections[title], ""]
    return "\n".join(lines).rstrip() + "\n"


def render_rule_markdown(rule: Rule) -> str:
    """The same documentation as ``render_rule``, in Markdown (SARIF's ``help.markdown``,
    editors' hover text): the TOML's paragraphs are Markdown already."""
    references = "\n".join(f"- <{url}>" for url in rule.references) or "None listed."
    sections = {
        "What it does": f"{rule.what}\n\nReported at: {rule.anchor}.",
        "Why is this bad?": rule.why,
        "Example": _fenced(rule.bad.code),
        "Use instead": f"{rule.instead}\n\n{_fenced(rule.good.code)}",
        "Fix": FIX_AVAILABILITY[rule.fix],
        "References": references,
    }
    parts = [f"**{rule.code} {rule.name}** ({rule.severity}): {rule.summary}"]
    parts += [f"## {title}\n\n{sections[title]}" for title in SECTION_TITLES]
    return "\n\n".join(parts) + "\n"


def _fenced(code: str) -> str:
    return f"```python\n{code.strip()}\n```"


def _style(text: str, sgr: str, color: bool) -> str:
    return f"\x1b[{sgr}m{text}\x1b[0m" if color else text


def _prose(text: str, width: int, indent: str = "  ") -> list[str]:
    """Re-wrap paragraphs (blank-line separated); lines starting with '- ' stay list items."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        if out:
            out.append("")
        items = [line.strip() for line in paragraph.splitlines()]
        if all(item.startswith("- ") for item in items):
            for item in items:
                out += _wrap(item, width, indent, indent + "  ")
        else:
            out += _wrap(" ".join(items), width, indent, indent)
    return out


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    # Never split inside words: URLs and `code` spans must stay copy-pasteable.
    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _code(code: str, indent: str = "    ") -> list[str]:
    return [indent + line if line.strip() else "" for line in code.rstrip().splitlines()]


def _as_rules(rules: Iterable[Rule] | Mapping[str, Rule]) -> list[Rule]:
    return list(rules.values() if isinstance(rules, Mapping) else rules)


def render_table(rules: Iterable[Rule] | Mapping[str, Rule]) -> str:
    """Fixed-width table for ``kerascheck rules``: code, name, severity, summary."""
    header = ("Code", "Name", "Severity", "Summary")
    rows = [header] + [(r.code, r.name, str(r.severity), r.summary) for r in _as_rules(rules)]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(
            [*(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)), row[3]]
        )

    rule_line = "  ".join("-" * w for w in [*widths, len(header[3])])
    return "\n".join([line(header), rule_line, *(line(row) for row in rows[1:])])


def markdown_table(rules: Iterable[Rule] | Mapping[str, Rule]) -> str:
    """The README's rule table; the README keeps it between ``rules-table`` marker comments."""
    lines = ["| Code | Name | Severity | What it catches |", "|---|---|---|---|"]
    for rule in _as_rules(rules):
        summary = rule.summary.replace("|", "\\|")
        lines.append(f"| {rule.code} | `{rule.name}` | {rule.severity} | {summary} |")
    return "\n".join(lines)
