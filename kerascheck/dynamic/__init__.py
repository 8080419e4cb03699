"""Dynamic checks (KC901-KC906): rebuild the models the IR found in real Keras, and train them
briefly, in a subprocess, without ever running the user's script.

``run_dynamic`` is the whole interface for the engine and the CLI. Importing this package
is cheap: TensorFlow is imported by the worker process only.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field, replace
from typing import Any

from kerascheck.diagnostics import Diagnostic, Related
from kerascheck.dynamic.diagnose import Diagnosis
from kerascheck.dynamic.findings import Confirmation, Note
from kerascheck.dynamic.options import CONFIG_KEYS, DynamicOptions, parse_input_shape
from kerascheck.dynamic.runner import Outcome, run_worker
from kerascheck.dynamic.spec import Plan, plan_models
from kerascheck.dynamic.static import StaticFindings
from kerascheck.dynamic.table import ShapeTable, render_tables, shape_tables
from kerascheck.engine import unique_findings
from kerascheck.ir import ModuleIR

#: The one line the CLI prints (and exits 2 with) when the ``tf`` extra is missing.
INSTALL_HINT = "pip install 'kerascheck[tf]'"


class DynamicUnavailable(RuntimeError):
    """TensorFlow/Keras cannot be imported: ``--instantiate`` and ``--train-check`` cannot run."""

    def __init__(self) -> None:
        super().__init__(
            f"--instantiate and --train-check need TensorFlow and Keras: {INSTALL_HINT}"
        )


def tf_available() -> bool:
    """True when TensorFlow and Keras are installed (checked without importing them)."""
    try:
        return all(importlib.util.find_spec(n) is not None for n in ("tensorflow", "keras"))
    except (ImportError, ValueError):  # a half-installed or shadowed package
        return False


def require_tf() -> None:
    if not tf_available():
        raise DynamicUnavailable()


@dataclass
class DynamicReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)  # KC9xx findings
    tables: list[ShapeTable] = field(default_factory=list)
    outcome: Outcome | None = None  # None when no worker ran
    plans: list[Plan] = field(default_factory=list)
    #: what passed, stayed inconclusive, was skipped or translated: lines, never findings
    notes: list[Note] = field(default_factory=list)
    #: the file's static findings, those the run confirmed with a related note added
    static: list[Diagnostic] = field(default_factory=list)


@dataclass
class DynamicJob:
    """One file's part of a dynamic run: its IR and its static findings."""

    ir: ModuleIR
    static: list[Diagnostic] = field(default_factory=list)
    #: the locator's ``id(anchor) -> Span`` for the IR's anchors, when ``static`` is resolved
    spans: dict[int, Any] | None = None


def run_dynamic(
    ir: ModuleIR,
    static: list[Diagnostic],
    options: DynamicOptions,
    spans: dict[int, Any] | None = None,
) -> list[Diagnostic]:
    """KC901-KC906 findings for every model in ``ir``; anchors come from the IR.

    ``static`` are the static findings for the same file (resolved or not): a build failure
    one of them already reports, or a learnt synthetic signal that shows their data problem
    (KC101/KC102), confirms them instead of adding a finding (see ``run_dynamic_report`` for
    the confirmed findings and the notes), and they keep KC902 quiet where a static rule
    already explains the labels. Pass ``spans`` (the locator's ``id(anchor) -> Span``) when
    ``static`` is already resolved and the file has several models. Never raises for a
    missing TensorFlow: the report then holds a note that says how to install it.
    """
    return run_dynamic_many([DynamicJob(ir, static, spans)], options)[0].diagnostics


def run_dynamic_report(
    ir: ModuleIR,
    static: list[Diagnostic],
    options: DynamicOptions,
    spans: dict[int, Any] | None = None,
) -> DynamicReport:
    """``run_dynamic`` plus the built shape tables (``--show-shapes``) and raw outcome."""
    return run_dynamic_many([DynamicJob(ir, static, spans)], options)[0]


def run_dynamic_many(jobs: list[DynamicJob], options: DynamicOptions) -> list[DynamicReport]:
    """Several files in one worker: TensorFlow is imported once for all of them."""
    reports: list[DynamicReport] = []
    key = 0
    for job in jobs:
        plans = plan_models(job.ir.models, options, first_key=key)
        key += len(plans)
        reports.append(DynamicReport(plans=plans))
    runnable = [plan for report in reports for plan in report.plans if plan.spec is not None]
    if runnable and not tf_available():
        for job, report in zip(jobs, reports, strict=True):
            report.static = list(job.static)
            if any(plan.spec is not None for plan in report.plans):
                report.notes = [_missing_tf()]
        return reports
    outcome = _run(runnable, options) if runnable else Outcome(finished=True)
    for job, report in zip(jobs, reports, strict=True):
        report.outcome = outcome if runnable else None
        diagnosis = Diagnosis(report.plans, outcome, StaticFindings(job.static, job.spans), options)
        report.diagnostics = unique_findings(diagnosis.run())
        report.notes = _unique_notes(diagnosis.notes)
        report.static = confirm(job.static, diagnosis.confirmations)
        report.tables = shape_tables(report.plans, outcome)
    return reports


def confirm(static: list[Diagnostic], confirmations: list[Confirmation]) -> list[Diagnostic]:
    """``static`` with each confirmed finding carrying its related notes (once each)."""
    notes: dict[int, list[Related]] = {}
    for confirmation in confirmations:
        found = notes.setdefault(id(confirmation.static), [])
        if all(r.message != confirmation.related.message for r in found):
            found.append(confirmation.related)
    return [
        replace(d, related=(*d.related, *notes[id(d)])) if id(d) in notes else d for d in static
    ]


def _unique_notes(notes: list[Note]) -> list[Note]:
    """A builder called twice gives two plans with the same notes at the same places."""
    unique: dict[tuple[str, int, str], Note] = {}
    for note in notes:
        unique.setdefault((note.kind, id(note.anchor), note.message), note)
    return list(unique.values())


def _missing_tf() -> Note:
    return Note(
        "skipped",
        f"dynamic checks skipped: TensorFlow and Keras are not installed ({INSTALL_HINT})",
    )


def _run(plans: list[Plan], options: DynamicOptions) -> Outcome:
    """One worker for every model; identical specs (a builder called twice) run once."""
    representative: dict[str, int] = {}
    copies: dict[int, int] = {}
    specs: list[dict[str, Any]] = []
    for plan in plans:
        assert plan.spec is not None
        signature = json.dumps({k: v for k, v in plan.spec.items() if k != "key"}, sort_keys=True)
        if signature in representative:
            copies[plan.key] = representative[signature]
            continue
        representative[signature] = plan.key
        specs.append(plan.spec)
    trained = sum(1 for spec in specs if spec.get("compile") is not None)
    request = {
        "options": {
            "seed": options.seed,
            "max_steps": options.max_steps,
            "max_seconds": options.max_seconds,
            "memory_mb": options.memory_mb,
            "train": options.train_check,
            "data": options.data,
        },
        "models": specs,
    }
    outcome = run_worker(request, options.timeout_for(trained if options.train_check else 0))
    for copy, original in copies.items():
        for table in (outcome.built, outcome.trained, outcome.errors):
            if original in table:
                table[copy] = table[original]
    return outcome


__all__ = [
    "CONFIG_KEYS",
    "INSTALL_HINT",
    "DynamicJob",
    "DynamicOptions",
    "DynamicReport",
    "DynamicUnavailable",
    "Note",
    "ShapeTable",
    "parse_input_shape",
    "render_tables",
    "require_tf",
    "run_dynamic",
    "run_dynamic_many",
    "run_dynamic_report",
    "tf_available",
]
