"""Lint files with the dynamic checks on: the engine's steps, with the dynamic checks between
the static checks and the placing of findings.

The dynamic findings are resolved by the same locator as the static ones, so they get spans,
selection, severities and ``# noqa`` exactly like any other finding. Several files share one
worker, so TensorFlow is imported once per run, not once per file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kerascheck.datafiles import reading_beside
from kerascheck.diagnostics import Diagnostic, Severity
from kerascheck.dynamic import (
    DynamicJob,
    DynamicOptions,
    DynamicReport,
    render_tables,
    run_dynamic_many,
)
from kerascheck.dynamic.findings import Note
from kerascheck.dynamic.table import placer
from kerascheck.engine import FileResult, Prepared, prepare, resolve
from kerascheck.settings import Settings


@dataclass
class DynamicFileResult:
    file: FileResult  # every finding, static and dynamic, ready to print
    shapes: str = ""  # the --show-shapes text ("" when no model was built)
    report: DynamicReport | None = None
    #: the run's notes (passed, inconclusive, skipped, translated), placed like findings:
    #: Diagnostics with the rule code the note concerns, never part of ``file.diagnostics``
    notes: list[Diagnostic] = field(default_factory=list)


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
    pending: list[tuple[DynamicFileResult, Prepared]] = []
    for source, path in files:
        with reading_beside(path):  # data files next to the script tell shapes: see datafiles
            prepared = prepare(source, path, settings)
        if isinstance(prepared, FileResult):  # stopped early: nothing to build
            results.append(DynamicFileResult(prepared))
            continue
        results.append(DynamicFileResult(prepared.result))
        pending.append((results[-1], prepared))
    jobs = [DynamicJob(prepared.loaded.ir, prepared.found) for _, prepared in pending]
    try:
        reports = run_dynamic_many(jobs, options) if jobs else []
    except Exception as error:  # the dynamic checks must never lose the static findings
        for _entry, prepared in pending:
            prepared.result.internal_error(f"dynamic checks failed: {error!r}")
            prepared.complete(settings)
        return results
    for (entry, prepared), report in zip(pending, reports, strict=True):
        prepared.found = report.static
        prepared.complete(settings, report.diagnostics)
        entry.notes = placed_notes(prepared, report.notes)
        anchors = [table.anchor for table in report.tables]
        anchors += [row.anchor for table in report.tables for row in table.rows]
        spans = prepared.loaded.locate(anchors) if anchors else {}
        entry.shapes = render_tables(
            report.tables, placer(spans, prepared.loaded.place), entry.file.path
        )
        entry.report = report
    return results


#: The rule a note is about, for its code column (skips and failures of the check: KC901).
_NOTE_CODES = {"passed": "KC903", "inconclusive": "KC903", "translated": "KC303"}


def placed_notes(prepared: Prepared, notes: list[Note]) -> list[Diagnostic]:
    """Notes with spans (and notebook cells) resolved exactly like findings."""
    if not notes:
        return []
    raw = [
        Diagnostic(
            _NOTE_CODES.get(note.kind, "KC901"),
            note.message,
            anchor=note.anchor,
            severity=Severity.INFO,
            name=note.kind,
        )
        for note in notes
    ]
    placed = resolve(prepared.loaded.locate, raw)
    path = prepared.result.path
    place = prepared.loaded.place
    out = []
    for note in placed:
        note.filename = path
        out.append(place(note) if place is not None else note)
    return out
