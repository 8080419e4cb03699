"""The worker's outcome -> KC901/KC902 findings, confirmations of static findings, and notes
for models it could not check; training results go to ``learning.py``.

One finding per problem: a build failure that a static rule already reports at the same layer
becomes a related note on that finding ("confirmed: Keras fails to build here"), and KC901
stands alone only for what no static rule saw. A failure of the check itself (the sandbox ran
out of memory or time, a shape kerascheck could not resolve, a layer it could not rebuild with
the arguments it read) is a note, never a finding: KC901 is Keras refusing the user's model.

Every diagnostic carries an anchor from the IR (a layer, the fit call, the optimizer, the
model), never a span: the engine places it exactly like a static finding.
"""

from __future__ import annotations

from typing import Any

from kerascheck import keras_api
from kerascheck.diagnostics import Diagnostic, Related, Severity
from kerascheck.dynamic import labels as label_rules
from kerascheck.dynamic import messages
from kerascheck.dynamic.findings import Confirmation, Note, make, model_anchor, node_anchor
from kerascheck.dynamic.learning import Training
from kerascheck.dynamic.options import DynamicOptions
from kerascheck.dynamic.runner import Failure, Outcome
from kerascheck.dynamic.spec import Plan
from kerascheck.dynamic.static import StaticFindings, layer_anchors
from kerascheck.ir import Node
from kerascheck.shapes import ShapeMap, infer_shapes

#: Static findings that already explain an output/label mismatch (KC902 then stays quiet).
LABEL_RULES = frozenset({"KC104", "KC106", "KC205", "KC206", "KC207"})
#: Static findings that already say a layer cannot be created (its arguments) or cannot take
#: its input (shapes): KC901 then confirms them rather than repeating them.
CONSTRUCT_RULES = frozenset({"KC208", "KC303"})
CALL_RULES = frozenset({"KC201", "KC203", "KC208", "KC210"})
#: ... and those reported at the layer that feeds the one that fails.
FEEDER_RULES = frozenset({"KC201"})
#: Keras errors that mean the rebuild lacked an argument, not that the model is wrong.
_REBUILD_LIMITS = (
    "missing 1 required",
    "missing 2 required",
    "required positional argument",
    "missing a required argument",
)


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

        self.notes: list[Note] = []
        self.confirmations: list[Confirmation] = []

    def run(self) -> list[Diagnostic]:
        """The findings; ``notes`` and ``confirmations`` are filled on the way."""
        found: list[Diagnostic] = []
        if self.outcome.failure is not None and self.outcome.failure.kind == "import":
            self.notes.append(self._unavailable(self.outcome.failure))
            return found
        stopped = False
        for plan in self.plans:
            self._plan_notes(plan)
            if plan.skip is not None:
                self._skipped(plan, plan.skip.reason, plan.skip.anchor, "build")
                continue
            key = plan.key
            failure = self.outcome.failure
            if key not in self.outcome.built and key not in self.outcome.errors:
                if failure is not None and not stopped:
                    self._worker_failure(plan, failure)
                    stopped = True
                elif failure is not None:
                    self._not_reached(plan)
                continue
            found.extend(self._model(plan))
            if (
                failure is not None
                and not stopped
                and failure.key == key
                and key not in self.outcome.trained
                and key not in self.outcome.errors
            ):
                self._worker_failure(plan, failure)
                stopped = True
        return found

    def _plan_notes(self, plan: Plan) -> None:
        if plan.translations:
            counts: dict[str, int] = {}
            for note in plan.translations:
                counts[note.text] = counts.get(note.text, 0) + 1
            changes = ", ".join(f"{text} ({n}x)" if n > 1 else text for text, n in counts.items())
            self.notes.append(
                Note(
                    "translated",
                    f"rebuilt with its Keras 1/2 spellings read as Keras 3 needs them "
                    f"(KC303): {changes}",
                    model_anchor(plan.model),
                )
            )
        for note in plan.input_sources:
            self.notes.append(Note("input", note.text, note.anchor))
        if self.options.train_check:
            for note in plan.defaults:
                self.notes.append(Note("input", note.text, note.anchor))

    # --- per model ----------------------------------------------------------------------------

    def _model(self, plan: Plan) -> list[Diagnostic]:
        error = self.outcome.errors.get(plan.key)
        built = self.outcome.built.get(plan.key)
        if built is None:
            return self._worker_error(plan, error) if error else []
        if not built["ok"]:
            return self._build_failure(plan, built["failure"])
        found: list[Diagnostic] = []
        codes = self.static.codes_for(plan.model)
        mismatch = self._label_mismatch(plan, built, codes)
        if mismatch is not None:
            found.append(mismatch)
        if not self.options.train_check:
            return found
        if plan.train_skip is not None:
            self._skipped(plan, plan.train_skip.reason, plan.train_skip.anchor, "train")
            return found
        if error is not None:
            found.extend(self._worker_error(plan, error))
            return found
        trained = self.outcome.trained.get(plan.key)
        if trained is not None:
            training = Training(plan, trained, codes, self.options, self.static)
            found.extend(_with_translations(training.diagnose(), plan))
            self.notes.extend(training.notes)
            self.confirmations.extend(training.confirmations)
        return found

    def _build_failure(self, plan: Plan, failure: dict[str, Any]) -> list[Diagnostic]:
        index = failure.get("node")
        node = plan.nodes[index] if index is not None and index < len(plan.nodes) else None
        message = failure["message"]
        limit = self._rebuild_limit(plan, failure, node)
        if limit is not None:
            self._skipped(plan, limit, node_anchor(node, plan.model), "build")
            return []
        if node is None:
            return [
                make(
                    "KC901",
                    "The model does not build in Keras 3",
                    model_anchor(plan.model),
                    Severity.ERROR,
                    help=f'Keras 3 stops with: "{messages.quote(message)}". The script fails '
                    "the same way; change what the error names.",
                )
            ]
        anchors = [node.anchor, *layer_anchors(node.layer)]
        rules = CONSTRUCT_RULES if failure["stage"] == "construct" else CALL_RULES
        explained_by = self.static.at(anchors, rules)
        if failure["stage"] == "call":  # KC201 stands at the recurrent layer feeding this one
            feeders = [a for parent in node.inputs for a in (parent.anchor, parent.layer.anchor)]
            explained_by += self.static.at(feeders, FEEDER_RULES)
        if explained_by:
            note = Related(
                messages.note(f"confirmed: Keras fails to build here: {message}"),
                anchor=node_anchor(node, plan.model),
            )
            self.confirmations.extend(Confirmation(static, note) for static in explained_by)
            return []
        if failure["stage"] == "construct":
            what, help = messages.construct_failure(node.layer, message, failure.get("suggest"))
        else:
            explained = self._static_explanation(plan, node)
            what, help = messages.call_failure(
                node.layer, message, failure.get("received", []), explained
            )
        finding = make("KC901", what, node_anchor(node, plan.model), Severity.ERROR, help=help)
        return _with_translations([finding], plan)

    def _rebuild_limit(self, plan: Plan, failure: dict[str, Any], node: Node | None) -> str | None:
        """Why a failure is the rebuild's, not the model's (None: Keras refused the model)."""
        message = failure["message"]
        name = node.layer.display if node is not None else "the model"
        if failure.get("type") == "TypeError" and any(w in message for w in _REBUILD_LIMITS):
            return (
                f"Keras could not {'create' if failure['stage'] == 'construct' else 'call'} "
                f"{name} with the arguments kerascheck read statically "
                f"({messages.quote(message, 160)})"
            )
        if plan.open_guess and ("fully-defined" in message or "None" in message):
            return (
                "an input dimension is not known statically, and building needs it "
                f"({messages.quote(message, 160)}): pass --input-shape"
            )
        if failure.get("type") in ("MemoryError", "ResourceExhaustedError"):
            return f"building {name} ran out of memory in the sandbox"
        return None

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

    def _skipped(self, plan: Plan, reason: str, anchor: Any, step: str) -> None:
        what = "rebuild" if step == "build" else "train"
        self.notes.append(
            Note(
                "skipped",
                f"dynamic check skipped: kerascheck did not {what} this model because {reason}",
                anchor if anchor is not None else model_anchor(plan.model),
            )
        )

    def _worker_error(self, plan: Plan, error: dict[str, Any]) -> list[Diagnostic]:
        phase = "training" if error.get("phase") == "train" else "building"
        said = messages.quote(error.get("message", ""))
        if error.get("kind") == "memory":
            reason = (
                f"the sandbox ran out of memory while {phase} it (cap {self.options.memory_mb} "
                "MB; raise `memory-mb` in [tool.kerascheck.dynamic])"
            )
        elif error.get("kind") == "data":
            reason = (
                f"the --data arrays cannot be used for it: {said}"
                " (expected an .npz file with arrays `x` and `y` of the same length)"
            )
        elif phase == "training" and not _rebuild_error(error):
            anchor = plan.fit.anchor if plan.fit is not None else model_anchor(plan.model)
            finding = make(
                "KC901",
                "The model builds, but a training step fails in Keras 3",
                anchor,
                Severity.ERROR,
                help=f'Keras 3 stops with: "{said}". The same error will stop the script\'s '
                "own fit().",
            )
            return _with_translations([finding], plan)
        else:
            reason = f"the check failed while {phase} it: {error.get('type', 'error')}: {said}"
        self._skipped(
            plan, reason, model_anchor(plan.model), "train" if phase == "training" else "build"
        )
        return []

    def _worker_failure(self, plan: Plan, failure: Failure) -> None:
        phase = "training" if failure.phase == "train" else "building"
        if failure.key is None:  # no model started: TensorFlow itself was loading
            phase = "loading TensorFlow, before checking"
        budgets = "[tool.kerascheck.dynamic]"
        if failure.kind == "timeout":
            text = (
                f"the check did not finish: {failure.message}, and was stopped while {phase} "
                f"this model (raise `timeout` in {budgets} or lower `max-seconds`)"
            )
        elif failure.kind == "memory":
            text = (
                f"the sandbox ran out of memory while {phase} this model ({failure.message}; "
                f"cap {self.options.memory_mb} MB; raise `memory-mb` in {budgets})"
            )
        else:
            text = f"the check stopped while {phase} this model: {failure.message}"
            if "crashed (SIG" in failure.message:
                text += (
                    "; TensorFlow often dies like this when it reaches the memory cap "
                    f"({self.options.memory_mb} MB): raise `memory-mb` in {budgets}"
                )
        self.notes.append(
            Note("skipped", f"dynamic check skipped: {text}", model_anchor(plan.model))
        )

    def _not_reached(self, plan: Plan) -> None:
        self.notes.append(
            Note(
                "skipped",
                "dynamic check skipped: the worker stopped on an earlier model before reaching "
                "this one",
                model_anchor(plan.model),
            )
        )

    def _unavailable(self, failure: Failure) -> Note:
        return Note(
            "skipped",
            "dynamic checks skipped: they need TensorFlow and Keras, which cannot be imported "
            f"({failure.message}): pip install 'kerascheck[tf]'",
        )


def _rebuild_error(error: dict[str, Any]) -> bool:
    """A training error caused by the rebuild (kerascheck's synthetic data or spec), not by
    the user's training: a TypeError about missing arguments."""
    message = error.get("message", "")
    return error.get("type") == "TypeError" and any(w in message for w in _REBUILD_LIMITS)


def _with_translations(found: list[Diagnostic], plan: Plan) -> list[Diagnostic]:
    """Findings on a model rebuilt from Keras 1/2 spellings say so, at the first spelling."""
    if not plan.translations or not found:
        return found
    first = plan.translations[0]
    more = len(plan.translations) - 1
    others = f" and {more} more" if more else ""
    note = Related(
        messages.note(f"rebuilt from Keras 1/2 spellings (KC303): {first.text}{others}"),
        anchor=first.anchor,
    )
    for finding in found:
        finding.related = (*finding.related, note) if note.anchor is not None else finding.related
    return found


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
