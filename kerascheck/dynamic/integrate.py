"""Lint files with the dynamic checks on: the engine's steps, with the dynamic checks between
the static checks and the placing of findings.

The dynamic findings are resolved by the same locator as the static ones, so they get spans,
selection, severities and ``# noqa`` exactly like any other finding. Several files share one
worker, so TensorFlow is imported once per run, not once per file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kerascheck.diagnostics import Diagnostic
from kerascheck.dynamic import (
    DynamicJob,
    DynamicOptions,
    DynamicReport,
    render_tables,
    run_dynamic_many,
)
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
    return lint_many_dynamic([(source, path)], options, settings)[0]


def lint_many_dynamic(
    files: Sequence[tuple[bytes, str]],
    options: DynamicOptions,
    settings: Settings | None = None,
) -> list[DynamicFileResult]:
    """Static and dynamic findings for each ``(source, path)``, in the same order."""
    settings = settings or Settings()
    results: list[DynamicFileResult] = []
    pending: list[tuple[DynamicFileResult, Loaded, list[Diagnostic]]] = []
    for source, path in files:
        result = FileResult(path)
        results.append(DynamicFileResult(result))
        try:
            loaded = frontend_for(path)(source, path)
        except RecursionError:
            result.internal_errors.append(f"{path}: the file is nested too deeply to analyse")
            continue
        except Exception as error:  # a frontend bug must not stop the run
            result.internal_errors.append(f"{path}: internal error while reading: {error!r}")
            continue
        if not isinstance(loaded, Loaded):
            finish(result, loaded.diagnostics, loaded.text, settings)
            continue
        result.ir = loaded.ir
        pending.append((results[-1], loaded, run_checks(loaded.ir, settings, result)))
    jobs = [DynamicJob(loaded.ir, found) for _, loaded, found in pending]
    try:
        reports = run_dynamic_many(jobs, options) if jobs else []
    except Exception as error:  # the dynamic checks must never lose the static findings
        for entry, loaded, found in pending:
            entry.file.internal_errors.append(
                f"{entry.file.path}: dynamic checks failed: {error!r}"
            )
            finish(entry.file, resolve(loaded.locate, found), loaded.text, settings)
        return results
    for (entry, loaded, found), report in zip(pending, reports, strict=True):
        resolved = resolve(loaded.locate, found + report.diagnostics)
        finish(entry.file, resolved, loaded.text, settings)
        anchors = [table.anchor for table in report.tables]
        anchors += [row.anchor for table in report.tables for row in table.rows]
        spans = loaded.locate(anchors) if anchors else {}
        entry.shapes = render_tables(
            report.tables, lambda anchor, spans=spans: spans.get(id(anchor)), entry.file.path
        )
        entry.report = report
    return results
