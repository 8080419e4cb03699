"""Lint one file: read it through its frontend, run the checks, report what survives.

The order keeps the common case cheap: files that never mention Keras are not parsed,
positions are computed only for findings that pass selection, and a check that crashes is
reported without losing the other checks' findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kerascheck.catalogue import shipped_rule
from kerascheck.checks import CHECKS
from kerascheck.checks.context import CheckContext
from kerascheck.diagnostics import Diagnostic, Location, Severity, Span
from kerascheck.frontends import Loaded, frontend_for
from kerascheck.frontends.base import Fixer, Locator, Placer
from kerascheck.ir import ModuleIR
from kerascheck.lazy import lazy_module
from kerascheck.limits import out_of_memory, over_limit, too_deep
from kerascheck.lines import split_lines
from kerascheck.settings import Settings
from kerascheck.suppression import is_suppressed

if TYPE_CHECKING:
    import hashlib
    import traceback
else:
    hashlib = lazy_module("hashlib")
    traceback = lazy_module("traceback")


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)  # for --debug, one per internal error
    ir: ModuleIR | None = None  # kept for callers that go on (dynamic checks, fixes)
    #: project files the findings depend on besides this one: path -> sha256 (the cache key)
    deps: dict[str, str] = field(default_factory=dict)

    def internal_error(self, message: str) -> None:
        self.internal_errors.append(f"{self.path}: {message}")
        self.tracebacks.append(traceback.format_exc())


def lint_source(source: bytes, path: str, settings: Settings | None = None) -> FileResult:
    """All findings for one file, ready to print."""
    settings = settings or Settings()
    prepared = prepare(source, path, settings)
    return prepared if isinstance(prepared, FileResult) else prepared.complete(settings)


@dataclass
class Prepared:
    """A file read and statically checked, its findings not yet placed: callers that add
    findings of their own (the dynamic checks) place them together with these."""

    result: FileResult
    loaded: Loaded
    found: list[Diagnostic]
    #: final findings placed in imported project files (see ``_attributed``)
    elsewhere: list[Diagnostic] = field(default_factory=list)

    def complete(self, settings: Settings, more: Iterable[Diagnostic] = ()) -> FileResult:
        found = [*self.found, *more]
        loaded = self.loaded
        placed = one_per_place(placed_findings(loaded.locate, found))
        result = finish(self.result, placed, loaded.text, settings, loaded.place)
        if self.elsewhere:
            result.diagnostics.extend(self.elsewhere)
            result.diagnostics.sort(key=Diagnostic.sort_key)
        return result


def prepare(source: bytes, path: str, settings: Settings) -> FileResult | Prepared:
    """Read one file and run the static checks; a finished result when it stops early (a
    limit, an unreadable or rejected file, a frontend crash)."""
    result = FileResult(path)
    refused = over_limit(path, len(source), settings)
    if refused is not None:
        return limit_result(path, refused, settings)
    try:
        loaded = frontend_for(path)(source, path)
    except RecursionError:
        return limit_result(path, too_deep(), settings)
    except MemoryError:
        return limit_result(path, out_of_memory(), settings)
    except Exception as error:  # a frontend bug must not stop the run
        result.internal_error(f"internal error while reading: {error!r}")
        return result
    if not isinstance(loaded, Loaded):
        return finish(result, loaded.diagnostics, loaded.text, settings)
    result.ir = loaded.ir
    result.deps = dict(loaded.ir.imports)
    found = run_checks(loaded.ir, settings, result) + loaded.notes
    elsewhere: list[Diagnostic] = []
    if loaded.owns is not None:
        foreign = [d for d in found if not loaded.owns(d.anchor)]
        found = _own_findings(found, loaded.owns)
        if foreign and loaded.elsewhere is not None and not _ATTRIBUTING.get():
            elsewhere = _attributed(loaded.elsewhere(foreign), settings, result)
    if loaded.fixer is not None:
        found = [_with_fix(loaded.fixer, diagnostic, result) for diagnostic in found]
    return Prepared(result, loaded, found, elsewhere)


def _own_findings(found: list[Diagnostic], owns: Callable[[Any], bool]) -> list[Diagnostic]:
    """The findings anchored in the linted file, their notes in other files left out: an
    imported module's faults are reported when that module is linted, once."""
    kept: list[Diagnostic] = []
    for diagnostic in found:
        if not owns(diagnostic.anchor):
            continue
        related = tuple(r for r in diagnostic.related if owns(r.anchor))
        kept.append(
            replace(diagnostic, related=related) if related != diagnostic.related else diagnostic
        )
    return kept


#: True while the own lint of an imported file runs (for ``_attributed``): no recursion.
_ATTRIBUTING: ContextVar[bool] = ContextVar("attributing", default=False)


def _attributed(placed: list[Any], settings: Settings, result: FileResult) -> list[Diagnostic]:
    """Findings this file's code reveals in a project file it imports (data passed into a
    trainer class defined there ...), kept where that file's own lint does not report them."""
    by_file: dict[str, list[Any]] = {}
    for item in placed:
        by_file.setdefault(str(item.path), []).append(item)
    kept: list[Diagnostic] = []
    for path, items in by_file.items():
        try:
            seen = _own_keys(path, settings)
        except OSError:
            continue
        except Exception as error:  # its own lint is its own business; do not guess
            result.internal_error(f"linting {path} for its findings failed: {error!r}")
            continue
        new = one_per_place(
            [
                (item.diagnostic, (item.diagnostic.span, ""))
                for item in items
                if (item.diagnostic.code, item.diagnostic.span.start.row) not in seen
            ]
        )
        kept.extend(finish(FileResult(path), new, items[0].text, settings).diagnostics)
    return kept


#: (path, content hash, settings) -> the (code, row) of that file's own findings: the modules
#: many scripts import are linted once per process for ``_attributed``
_OWN_KEYS: dict[tuple[str, str, int], tuple[Settings, set[tuple[str, int]]]] = {}
_MAX_OWN_KEYS = 64


def _own_keys(path: str, settings: Settings) -> set[tuple[str, int]]:
    with open(path, "rb") as stream:
        source = stream.read()
    key = (path, hashlib.sha256(source).hexdigest(), id(settings))
    known = _OWN_KEYS.get(key)
    if known is not None and known[0] is settings:
        return known[1]
    token = _ATTRIBUTING.set(True)
    try:
        own = lint_source(source, path, settings).diagnostics
    finally:
        _ATTRIBUTING.reset(token)
    keys = {(d.code, d.span.start.row) for d in own if d.span is not None}
    if len(_OWN_KEYS) >= _MAX_OWN_KEYS:
        _OWN_KEYS.clear()
    _OWN_KEYS[key] = (settings, keys)
    return keys


def limit_result(path: str, finding: Diagnostic, settings: Settings) -> FileResult:
    """The result for a file a limit stopped (kerascheck.limits): its one finding, selected."""
    return finish(FileResult(path), [finding], "", settings)


def _with_fix(fixer: Fixer, diagnostic: Diagnostic, result: FileResult) -> Diagnostic:
    """Attach the frontend's proposed fix; a failing fixer costs the fix, not the finding."""
    if diagnostic.fix is not None:
        return diagnostic
    try:
        fix = fixer(diagnostic)
    except Exception as error:
        result.internal_error(f"fix for {diagnostic.code} failed: {error!r}")
        return diagnostic
    return replace(diagnostic, fix=fix) if fix is not None else diagnostic


def run_checks(ir: ModuleIR, settings: Settings, result: FileResult) -> list[Diagnostic]:
    context = CheckContext(module=ir, settings=settings)
    found: list[Diagnostic] = []
    for code, check in CHECKS.items():
        if not settings.is_enabled(code, result.path):
            continue
        try:
            found.extend(check(context))
        except MemoryError:
            raise  # the file's limit, not the check's bug: see parallel.lint_one
        except Exception as error:
            result.internal_error(f"{code} failed: {error!r}")
    return unique_findings(found)


def unique_findings(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A function interpreted at two call sites reports its layer once."""
    seen: set[tuple[str, int, str]] = set()
    unique: list[Diagnostic] = []
    for diagnostic in diagnostics:
        key = (diagnostic.code, id(diagnostic.anchor), diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return unique


#: Where a finding was placed: its located span (None when the locator could not place its
#: anchor) and, for config archives, the member and layer path the message names.
Place = tuple[Span | None, str]


def resolve(locate: Locator, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Give every finding (and related note) its span; anchors are dropped afterwards."""
    return [diagnostic for diagnostic, _ in placed_findings(locate, diagnostics)]


def one_per_place(placed: list[tuple[Diagnostic, Place]]) -> list[Diagnostic]:
    """The first finding of each code at each place.

    A helper function interpreted once per loop iteration (or once per call site) builds
    fresh anchors every time, so only the resolved span can tell that 50 findings are one.
    Findings whose anchor could not be located (placed at the file start by default) are all
    kept: nothing says they are about the same place.
    """
    seen: set[tuple[str, Span, str]] = set()
    unique: list[Diagnostic] = []
    for diagnostic, (span, where) in placed:
        if span is not None:
            key = (diagnostic.code, span, where)
            if key in seen:
                continue
            seen.add(key)
        unique.append(diagnostic)
    return unique


def placed_findings(
    locate: Locator, diagnostics: list[Diagnostic]
) -> list[tuple[Diagnostic, Place]]:
    """``resolve``, keeping where each finding was placed for ``one_per_place``."""
    anchors: list[Any] = []
    for diagnostic in diagnostics:
        anchors.append(diagnostic.anchor)
        anchors.extend(related.anchor for related in diagnostic.related)
    spans = locate(anchors)

    def span_of(anchor: Any) -> Span | None:
        if isinstance(anchor, Location):
            return anchor.span
        return spans.get(id(anchor))

    placed: list[tuple[Diagnostic, Place]] = []
    for diagnostic in diagnostics:
        located = diagnostic.span or span_of(diagnostic.anchor)
        message = diagnostic.message
        where = ""
        if isinstance(diagnostic.anchor, Location) and diagnostic.anchor.path:
            where = ": ".join(filter(None, (diagnostic.anchor.member, diagnostic.anchor.path)))
            message = f"{message} [{where}]"
        related = tuple(
            replace(r, span=r.span or span_of(r.anchor), anchor=None) for r in diagnostic.related
        )
        span = located or Span.at_file_start()
        resolved = replace(diagnostic, span=span, message=message, related=related, anchor=None)
        placed.append((resolved, (located, where)))
    return placed


def finish(
    result: FileResult,
    diagnostics: list[Diagnostic],
    text: str,
    settings: Settings,
    place: Placer | None = None,
) -> FileResult:
    """Selection, severities, suppression comments and order: what the user sees.

    ``place`` (notebooks) runs last, on sorted findings: suppression reads the rows the checks
    saw, and the order stays the program's order once rows restart in every cell.
    """
    lines = split_lines(text)
    for diagnostic in diagnostics:
        if not settings.is_enabled(diagnostic.code, result.path):
            continue
        rule = shipped_rule(diagnostic.code)
        default = rule.severity if rule else Severity.ERROR
        severity = settings.severity_of(diagnostic.code, diagnostic.severity or default)
        if severity < settings.min_severity:
            continue
        row = diagnostic.span.start.row if diagnostic.span else 1
        if 0 < row <= len(lines) and is_suppressed(lines[row - 1], diagnostic.code):
            continue
        related = tuple(replace(r, filename=r.filename or result.path) for r in diagnostic.related)
        name = rule.name if rule else diagnostic.name
        result.diagnostics.append(
            replace(
                diagnostic,
                severity=severity,
                filename=result.path,
                name=name,
                related=related,
                url=settings.rule_url(diagnostic.code, name) if rule else diagnostic.url,
            )
        )
    result.diagnostics.sort(key=Diagnostic.sort_key)
    if place is not None:
        result.diagnostics = [place(diagnostic) for diagnostic in result.diagnostics]
    return result
