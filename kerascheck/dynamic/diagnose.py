"""The worker's outcome -> KC901/KC902 findings, and the notes for models it could not check;
training results go to ``learning.py``.

Every diagnostic carries an anchor from the IR (a layer, the fit call, the optimizer, the
model), never a span: the engine places it exactly like a static finding.
"""

from __future__ import annotations

from typing import Any

from kerascheck import keras_api
from kerascheck.diagnostics import Diagnostic, Related, Severity
from kerascheck.dynamic import labels as label_rules
from kerascheck.dynamic import messages
from kerascheck.dynamic.findings import make, model_anchor, node_anchor
from kerascheck.dynamic.learning import Training
from kerascheck.dynamic.options import DynamicOptions
from kerascheck.dynamic.runner import Failure, Outcome
from kerascheck.dynamic.spec import Plan
from kerascheck.dynamic.static import StaticFindings
from kerascheck.ir import Node
from kerascheck.shapes import ShapeMap, infer_shapes

#: Static findings that already explain an output/label mismatch (KC902 then stays quiet).
LABEL_RULES = frozenset({"KC104", "KC106", "KC205", "KC206", "KC207"})


class Diagnosis:
    def __init__(
        self,
        plans: list[Plan],
        outcome: Outcome,
        static: StaticFindings,
        options: DynamicOptions,
    ) -> None:
        self.plans = plans
        self.outcome = outcome
        self.static = static
        self.options = options

    def run(self) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        if self.outcome.failure is not None and self.outcome.failure.kind == "import":
            return [self._unavailable(self.outcome.failure)]
        stopped = False
        for plan in self.plans:
            if plan.skip is not None:
                found.append(self._skipped(plan, plan.skip.reason, plan.skip.anchor, "build"))
                continue
            key = plan.key
            failure = self.outcome.failure
            if key not in self.outcome.built and key not in self.outcome.errors:
                if failure is not None and not stopped:
                    found.append(self._worker_failure(plan, failure))
                    stopped = True
                elif failure is not None:
                    found.append(self._not_reached(plan))
                continue
            found.extend(self._model(plan))
            if (
                failure is not None
                and not stopped
                and failure.key == key
                and key not in self.outcome.trained
                and key not in self.outcome.errors
            ):
                found.append(self._worker_failure(plan, failure))
                stopped = True
        return found

    # --- per model ----------------------------------------------------------------------------

    def _model(self, plan: Plan) -> list[Diagnostic]:
        error = self.outcome.errors.get(plan.key)
        built = self.outcome.built.get(plan.key)
        if built is None:
            return [self._worker_error(plan, error)] if error else []
        if not built["ok"]:
            return [self._build_failure(plan, built["failure"])]
        found: list[Diagnostic] = []
        codes = self.static.codes_for(plan.model)
        mismatch = self._label_mismatch(plan, built, codes)
        if mismatch is not None:
            found.append(mismatch)
        if not self.options.train_check:
            return found
        if plan.train_skip is not None:
            found.append(
                self._skipped(plan, plan.train_skip.reason, plan.train_skip.anchor, "train")
            )
            return found
        if error is not None:
            found.append(self._worker_error(plan, error))
            return found
        trained = self.outcome.trained.get(plan.key)
        if trained is not None:
            found.extend(Training(plan, trained, codes, self.options).diagnose())
        return found

    def _build_failure(self, plan: Plan, failure: dict[str, Any]) -> Diagnostic:
        index = failure.get("node")
        node = plan.nodes[index] if index is not None and index < len(plan.nodes) else None
        if node is None:
            return make(
                "KC901",
                f"The model does not build in Keras 3: {messages.quote(failure['message'])}",
                model_anchor(plan.model),
                Severity.ERROR,
            )
        if failure["stage"] == "construct":
            text = messages.construct_failure(node.layer, failure["message"])
        else:
            explained = self._static_explanation(plan, node)
            text = messages.call_failure(
                node.layer, failure["message"], failure.get("received", []), explained
            )
        return make("KC901", text, node_anchor(node, plan.model), Severity.ERROR)

    def _static_explanation(self, plan: Plan, node: Node) -> str | None:
        shapes = static_shapes(plan)
        problem = shapes.problem_of(node) if shapes is not None else None
        return problem.message if problem is not None else None

    def _label_mismatch(
        self, plan: Plan, built: dict[str, Any], codes: set[str]
    ) -> Diagnostic | None:
        if codes & LABEL_RULES or plan.spec is None or len(plan.spec["outputs"]) != 1:
            return None
        output = built["shapes"].get(str(plan.spec["outputs"][0]))
        if not output or isinstance(output[0], list):
            return None
        model = plan.model
        loss = model.compile.loss.name if model.compile and model.compile.loss else None
        fit = plan.fit
        y = fit.y if fit is not None else None
        name = f"the labels `{y.label}`" if y is not None and y.label else "the labels"
        recurrent = any(
            messages.core_class(node.layer) in keras_api.RECURRENT for node in model.nodes
        )
        text = label_rules.label_mismatch(
            tuple(output), loss, y.info if y is not None else None, name, recurrent
        )
        if text is None:
            return None
        text = text[0].upper() + text[1:]
        output_node = model.output
        related = [Related("the labels enter the model here", anchor=y.anchor)] if y else []
        return make(
            "KC902",
            f"{text} (confirmed by building the model)",
            node_anchor(output_node, model),
            Severity.ERROR,
            related,
        )

    # --- the check itself could not run ------------------------------------------------------

    def _skipped(self, plan: Plan, reason: str, anchor: Any, step: str) -> Diagnostic:
        what = "rebuild" if step == "build" else "train"
        return make(
            "KC901",
            f"Dynamic check skipped: kerascheck did not {what} this model because {reason}.",
            anchor if anchor is not None else model_anchor(plan.model),
            Severity.INFO,
            skipped=True,
        )

    def _worker_error(self, plan: Plan, error: dict[str, Any]) -> Diagnostic:
        phase = "training" if error.get("phase") == "train" else "building"
        if error.get("kind") == "memory":
            text = (
                f"The dynamic check ran out of memory while {phase} this model (cap "
                f"{self.options.memory_mb} MB). Raise `memory-mb` in [tool.kerascheck.dynamic] "
                "or check a smaller configuration of the model."
            )
        elif error.get("kind") == "data":
            text = (
                f"Training check skipped: the --data arrays cannot be used for this model: "
                f"{messages.quote(error.get('message', ''))} (expected an .npz file with "
                "arrays `x` and `y` of the same length)."
            )
            return make("KC901", text, model_anchor(plan.model), Severity.WARNING, skipped=True)
        elif phase == "training":
            text = (
                "The model builds, but a training step fails in Keras 3: "
                f'"{messages.quote(error.get("message", ""))}". The same error will stop '
                "the script's own fit()."
            )
            anchor = plan.fit.anchor if plan.fit is not None else model_anchor(plan.model)
            return make("KC901", text, anchor, Severity.ERROR)
        else:
            text = (
                f"The dynamic check failed while {phase} this model: "
                f"{error.get('type', 'error')}: {messages.quote(error.get('message', ''))}"
            )
        return make("KC901", text, model_anchor(plan.model), Severity.WARNING, skipped=True)

    def _worker_failure(self, plan: Plan, failure: Failure) -> Diagnostic:
        phase = "training" if failure.phase == "train" else "building"
        if failure.key is None:  # no model started: TensorFlow itself was loading
            phase = "loading TensorFlow, before checking"
        budgets = "[tool.kerascheck.dynamic]"
        if failure.kind == "timeout":
            text = (
                f"The dynamic check did not finish: {failure.message}, and was stopped while "
                f"{phase} this model. Raise `timeout` in {budgets} or lower `max-seconds`."
            )
        elif failure.kind == "memory":
            text = (
                f"The dynamic check ran out of memory while {phase} this model "
                f"({failure.message}; cap {self.options.memory_mb} MB). Raise `memory-mb` in "
                f"{budgets}."
            )
        else:
            text = f"The dynamic check stopped while {phase} this model: {failure.message}."
            if "crashed (SIG" in failure.message:
                text += (
                    " TensorFlow often dies like this when it reaches the memory cap "
                    f"({self.options.memory_mb} MB): raise `memory-mb` in {budgets}."
                )
        return make("KC901", text, model_anchor(plan.model), Severity.WARNING, skipped=True)

    def _not_reached(self, plan: Plan) -> Diagnostic:
        return make(
            "KC901",
            "Dynamic check skipped: the worker stopped on an earlier model before reaching "
            "this one.",
            model_anchor(plan.model),
            Severity.INFO,
            skipped=True,
        )

    def _unavailable(self, failure: Failure) -> Diagnostic:
        return make(
            "KC901",
            "Dynamic checks need TensorFlow and Keras, which cannot be imported "
            f"({failure.message}): pip install 'kerascheck[tf]'",
            None,
            Severity.WARNING,
            skipped=True,
        )


def static_shapes(plan: Plan) -> ShapeMap | None:
    """Static shapes of the model with the input shapes the worker actually used."""
    if plan.spec is None:
        return None
    given = [
        (plan.spec["nodes"][i].get("batch_size"), *plan.spec["nodes"][i]["shape"])
        for i in plan.spec["inputs"]
    ]
    try:
        return infer_shapes(plan.model, given)
    except Exception:  # shape inference is advisory here; the build result stands
        return None
