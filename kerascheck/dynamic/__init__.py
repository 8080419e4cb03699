"""Dynamic checks (KC901-KC906): rebuild the models the IR found in real Keras, and train them
briefly, in a subprocess, without ever running the user's script.

``run_dynamic`` is the whole interface for the engine and the CLI. Importing this package
is cheap: TensorFlow is imported by the worker process only.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from typing import Any

from kerascheck.diagnostics import Diagnostic
from kerascheck.dynamic.diagnose import Diagnosis, StaticFindings, make
from kerascheck.dynamic.options import CONFIG_KEYS, DynamicOptions, parse_input_shape
from kerascheck.dynamic.runner import Outcome, run_worker
from kerascheck.dynamic.spec import Plan, plan_models
from kerascheck.dynamic.table import ShapeTable, render_tables, shape_tables
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
    return all(importlib.util.find_spec(name) is not None for name in ("tensorflow", "keras"))


def require_tf() -> None:
    if not tf_available():
        raise DynamicUnavailable()


@dataclass
class DynamicReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    tables: list[ShapeTable] = field(default_factory=list)
    outcome: Outcome | None = None  # None when no worker ran
    plans: list[Plan] = field(default_factory=list)


def run_dynamic(
    ir: ModuleIR,
    static: list[Diagnostic],
    options: DynamicOptions,
    spans: dict[int, Any] | None = None,
) -> list[Diagnostic]:
    """KC901-KC906 findings for every model in ``ir``; anchors come from the IR.

    ``static`` are the static findings for the same file (resolved or not): they decide
    whether a learnt synthetic signal means "the data is the problem" (KC101/KC102) and keep
    KC902 quiet where a static rule already explains the labels. Pass ``spans`` (the locator's
    ``id(anchor) -> Span``) when ``static`` is already resolved and the file has several models.
    """
    return run_dynamic_report(ir, static, options, spans).diagnostics


def run_dynamic_report(
    ir: ModuleIR,
    static: list[Diagnostic],
    options: DynamicOptions,
    spans: dict[int, Any] | None = None,
) -> DynamicReport:
    """``run_dynamic`` plus the built shape tables (``--show-shapes``) and raw outcome."""
    plans = plan_models(ir.models, options)
    report = DynamicReport(plans=plans)
    runnable = [plan for plan in plans if plan.spec is not None]
    if runnable and not tf_available():
        report.diagnostics = [
            make(
                "KC901",
                f"Dynamic checks skipped: TensorFlow and Keras are not installed ({INSTALL_HINT})",
                None,
                skipped=True,
            )
        ]
        return report
    outcome = Outcome(finished=True)
    if runnable:
        outcome = _run(runnable, options)
    report.outcome = outcome if runnable else None
    diagnostics = Diagnosis(plans, outcome, StaticFindings(static, spans), options).run()
    report.diagnostics = _unique(diagnostics)
    report.tables = shape_tables(plans, outcome)
    return report


def _run(plans: list[Plan], options: DynamicOptions) -> Outcome:
    """One worker for every model; identical specs (a builder called twice) run once."""
    representative: dict[str, int] = {}
    copies: dict[int, int] = {}
    specs: list[dict[str, Any]] = []
    for plan in plans:
        assert plan.spec is not None
        signature = json.dumps({k: v for k, v in plan.spec.items() if k != "key"}, sort_keys=True)
        if signature in representative:
            copies[plan.index] = representative[signature]
            continue
        representative[signature] = plan.index
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


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, int, str]] = set()
    unique: list[Diagnostic] = []
    for diagnostic in diagnostics:
        key = (diagnostic.code, id(diagnostic.anchor), diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return unique


__all__ = [
    "CONFIG_KEYS",
    "INSTALL_HINT",
    "DynamicOptions",
    "DynamicReport",
    "DynamicUnavailable",
    "ShapeTable",
    "parse_input_shape",
    "render_tables",
    "require_tf",
    "run_dynamic",
    "run_dynamic_report",
    "tf_available",
]
