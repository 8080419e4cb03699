"""Lint one file: decode, parse, build the IR, run the checks, then report what survives.

The order keeps the common case cheap: files that never mention Keras are not parsed,
positions are computed only for findings that pass selection, and a check that crashes is
reported without losing the other checks' findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import libcst as cst

from kerascheck.catalogue import load_catalogue
from kerascheck.checks import CHECKS
from kerascheck.checks.context import CheckContext
from kerascheck.checks.kc001_syntax_error import parser_failure, syntax_error
from kerascheck.checks.kc002_unreadable_input import UnreadableInput, decode_source, unreadable
from kerascheck.diagnostics import Diagnostic, Related, Severity, Span
from kerascheck.frontends.python import analyze, mentions_keras
from kerascheck.frontends.python.positions import locate
from kerascheck.settings import Settings
from kerascheck.suppression import ignores_file, is_suppressed


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)


def lint_source(source: bytes, path: str, settings: Settings | None = None) -> FileResult:
    """All findings for one Python file, ready to print."""
    settings = settings or Settings()
    result = FileResult(path)
    try:
        text = decode_source(source)
    except UnreadableInput as error:
        return _finish(result, [unreadable(str(error))], "", settings)
    if ignores_file(text) or not mentions_keras(text):
        return result
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return _finish(result, [syntax_error(error)], text, settings)
    except (RecursionError, MemoryError) as error:
        return _finish(result, [parser_failure(type(error).__name__)], text, settings)
    try:
        ir = analyze(module, path)
    except RecursionError:
        result.internal_errors.append(f"{path}: the file is nested too deeply to analyse")
        return result
    except Exception as error:  # a frontend bug must not stop the run
        result.internal_errors.append(f"{path}: internal error while analysing: {error!r}")
        return result
    context = CheckContext(module=ir, settings=settings)
    found: list[Diagnostic] = []
    for code, check in CHECKS.items():
        if not settings.is_enabled(code, path):
            continue
        try:
            found.extend(check(context))
        except Exception as error:
            result.internal_errors.append(f"{path}: {code} failed: {error!r}")
    return _finish(result, _resolve(module, _unique(found)), text, settings)


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A function interpreted at two call sites reports its layer once."""
    seen: set[tuple[str, int, str]] = set()
    unique: list[Diagnostic] = []
    for diagnostic in diagnostics:
        key = (diagnostic.code, id(diagnostic.anchor), diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return unique


def _resolve(module: cst.Module, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    anchors: list[Any] = []
    for diagnostic in diagnostics:
        anchors.append(diagnostic.anchor)
        anchors.extend(related.anchor for related in diagnostic.related)
    spans = locate(module, anchors)
    resolved: list[Diagnostic] = []
    for diagnostic in diagnostics:
        span = diagnostic.span or spans.get(id(diagnostic.anchor)) or Span.at_file_start()
        related = tuple(
            replace(r, span=r.span or spans.get(id(r.anchor)), anchor=None) for r in diagnostic.related
        )
        resolved.append(replace(diagnostic, span=span, related=related, anchor=None))
    return resolved


def _finish(
    result: FileResult, diagnostics: list[Diagnostic], text: str, settings: Settings
) -> FileResult:
    """Selection, severities, suppression comments and order: what the user sees."""
    catalogue = load_catalogue()
    lines = text.splitlines()
    for diagnostic in diagnostics:
        if not settings.is_enabled(diagnostic.code, result.path):
            continue
        rule = catalogue.get(diagnostic.code)
        default = rule.severity if rule else Severity.ERROR
        severity = settings.severity_of(diagnostic.code, diagnostic.severity or default)
        if severity < settings.min_severity:
            continue
        row = diagnostic.span.start.row if diagnostic.span else 1
        if 0 < row <= len(lines) and is_suppressed(lines[row - 1], diagnostic.code):
            continue
        related = tuple(
            replace(r, filename=r.filename or result.path) for r in diagnostic.related
        )
        result.diagnostics.append(
            replace(
                diagnostic,
                severity=severity,
                filename=result.path,
                name=rule.name if rule else diagnostic.name,
                related=related,
            )
        )
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
