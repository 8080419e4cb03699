"""Lint one file with the dynamic checks on: the engine's steps, with ``run_dynamic`` between
the static checks and the placing of findings.

The dynamic findings are resolved by the same locator as the static ones, so they get spans,
selection, severities and ``# noqa`` exactly like any other finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from kerascheck.dynamic import DynamicOptions, DynamicReport, render_tables, run_dynamic_report
from kerascheck.engine import FileResult, finish, resolve, run_checks
from kerascheck.frontends import Loaded, frontend_for
from kerascheck.settings import Settings


@dataclass
class DynamicFileResult:
    file: FileResult  # every finding, static and dynamic, ready to print
    shapes: str = ""  # the --show-shapes text ("" when no model was built)
    report: DynamicReport | None = None


def lint_source_dynamic(
    source: bytes,
    path: str,
    options: DynamicOptions,
    settings: Settings | None = None,
) -> DynamicFileResult:
    settings = settings or Settings()
    result = FileResult(path)
    try:
        loaded = frontend_for(path)(source, path)
    except RecursionError:
        result.internal_errors.append(f"{path}: the file is nested too deeply to analyse")
        return DynamicFileResult(result)
    except Exception as error:  # a frontend bug must not stop the run
        result.internal_errors.append(f"{path}: internal error while reading: {error!r}")
        return DynamicFileResult(result)
    if not isinstance(loaded, Loaded):
        return DynamicFileResult(finish(result, loaded.diagnostics, loaded.text, settings))
    result.ir = loaded.ir
    found = run_checks(loaded.ir, settings, result)
    try:
        report = run_dynamic_report(loaded.ir, found, options)
    except Exception as error:  # the dynamic checks must never lose the static findings
        result.internal_errors.append(f"{path}: dynamic checks failed: {error!r}")
        return DynamicFileResult(finish(result, resolve(loaded.locate, found), loaded.text, settings))
    resolved = resolve(loaded.locate, found + report.diagnostics)
    table_anchors = [table.anchor for table in report.tables] + [
        row.anchor for table in report.tables for row in table.rows
    ]
    spans = loaded.locate(table_anchors) if table_anchors else {}
    shapes = render_tables(report.tables, lambda anchor: spans.get(id(anchor)), path)
    return DynamicFileResult(finish(result, resolved, loaded.text, settings), shapes, report)
