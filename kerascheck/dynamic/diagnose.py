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
                "The model does not build in Keras 3",
                model_anchor(plan.model),
                Severity.ERROR,
                help=f'Keras 3 stops with: "{messages.quote(failure["message"])}". The script '
                "fails the same way; change what the error names.",
            )
        if failure["stage"] == "construct":
            message, help = messages.construct_failure(node.layer, failure["message"])
        else:
            explained = self._static_explanation(plan, node)
            message, help = messages.call_failure(
                node.layer, failure["message"], failure.get("received", []), explained
            )
        return make("KC901", message, node_anchor(node, plan.model), Severity.ERROR, help=help)

    def _static_explanation(self, plan: Plan, node: Node) -> tuple[str, str] | None:
        shapes = static_shapes(plan)
        problem = shapes.problem_of(node) if shapes is not None else None
        return (problem.message, problem.help) if problem is not None else None

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
        texts = label_rules.label_mismatch(
            tuple(output), loss, y.info if y is not None else None, name, recurrent
        )
        if texts is None:
            return None
        message, help = texts
        output_node = model.output
        related = [Related("the labels enter the model here", anchor=y.anchor)] if y else []
        return make(
            "KC902",
            message[0].upper() + message[1:],
            node_anchor(output_node, model),
            Severity.ERROR,
            related,
            help=f"Confirmed by building the model in Keras 3. {help}",
        )

    # --- the check itself could not run ------------------------------------------------------

    def _skipped(self, plan: Plan, reason: str, anchor: Any, step: str) -> Diagnostic:
        what = "rebuild" if step == "build" else "train"
        done = "rebuilt" if step == "build" else "trained"
        return make(
            "KC901",
            f"Dynamic check skipped: this model was not {done}",
            anchor if anchor is not None else model_anchor(plan.model),
            Severity.INFO,
            help=f"kerascheck did not {what} it because {reason}. It rebuilds only what it can "
            "read exactly; the static findings still apply.",
            skipped=True,
        )

    def _worker_error(self, plan: Plan, error: dict[str, Any]) -> Diagnostic:
        phase = "training" if error.get("phase") == "train" else "building"
        said = messages.quote(error.get("message", ""))
        if error.get("kind") == "memory":
            message = f"The dynamic check ran out of memory while {phase} this model"
            help = (
                f"The cap is {self.options.memory_mb} MB. Raise `memory-mb` in "
                "[tool.kerascheck.dynamic] or check a smaller configuration of the model."
            )
        elif error.get("kind") == "data":
            message = "Training check skipped: the --data arrays do not fit this model"
            help = (
                f"Keras says: {said}. --data expects an .npz file with arrays `x` and `y` of "
                "the same length, shaped as the model's input and output."
            )
        elif phase == "training":
            anchor = plan.fit.anchor if plan.fit is not None else model_anchor(plan.model)
            return make(
                "KC901",
                "The model builds, but a training step fails in Keras 3",
                anchor,
                Severity.ERROR,
                help=f'Keras 3 stops with: "{said}". The same error will stop the script\'s '
                "own fit().",
            )
        else:
            message = f"The dynamic check failed while {phase} this model"
            help = (
                f"{error.get('type', 'error')}: {said}. This is a failure of the check, not a "
                "finding about the model; the static findings still apply."
            )
        return make(
            "KC901", message, model_anchor(plan.model), Severity.WARNING, help=help, skipped=True
        )

    def _worker_failure(self, plan: Plan, failure: Failure) -> Diagnostic:
        phase = "training" if failure.phase == "train" else "building"
        if failure.key is None:  # no model started: TensorFlow itself was loading
            phase = "loading TensorFlow, before checking"
        budgets = "[tool.kerascheck.dynamic]"
        if failure.kind == "timeout":
            message = f"The dynamic check did not finish while {phase} this model"
            help = (
                f"It was stopped: {failure.message}. Raise `timeout` in {budgets} or lower "
                "`max-seconds`."
            )
        elif failure.kind == "memory":
            message = f"The dynamic check ran out of memory while {phase} this model"
            help = (
                f"{failure.message} (the cap is {self.options.memory_mb} MB). Raise "
                f"`memory-mb` in {budgets}."
            )
        else:
            message = f"The dynamic check stopped while {phase} this model"
            help = f"{failure.message}."
            if "crashed (SIG" in failure.message:
                help += (
                    " TensorFlow often dies like this when it reaches the memory cap "
                    f"({self.options.memory_mb} MB): raise `memory-mb` in {budgets}."
                )
            else:
                help += " The static findings still apply."
        return make(
            "KC901", message, model_anchor(plan.model), Severity.WARNING, help=help, skipped=True
        )

    def _not_reached(self, plan: Plan) -> Diagnostic:
        return make(
            "KC901",
            "Dynamic check skipped: the worker stopped on an earlier model",
            model_anchor(plan.model),
            Severity.INFO,
            help="The dynamic check never reached this model; see the finding on the earlier "
            "one. The static findings still apply.",
            skipped=True,
        )

    def _unavailable(self, failure: Failure) -> Diagnostic:
        return make(
            "KC901",
            "Dynamic checks need TensorFlow and Keras, which cannot be imported",
            None,
            Severity.WARNING,
            help=f"{failure.message}. Install them with pip install 'kerascheck[tf]'.",
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
