"""The worker's measurements -> KC901-KC906 diagnostics, anchored where the IR says.

Every diagnostic carries an anchor from the IR (a layer, the fit call, the optimizer, the
model), never a span: the engine places it exactly like a static finding. The judging lives
here, not in the worker, so that thresholds come from one place (``DynamicOptions``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from kerascheck import keras_api
from kerascheck.diagnostics import Diagnostic, Related, Severity
from kerascheck.dynamic import labels as label_rules
from kerascheck.dynamic import messages
from kerascheck.dynamic.options import DynamicOptions
from kerascheck.dynamic.runner import Failure, Outcome
from kerascheck.dynamic.spec import Plan
from kerascheck.ir import LayerNode, Model, Node, OptimizerInfo
from kerascheck.shapes import ShapeMap, infer_shapes

NAMES = {
    "KC901": "build-failure",
    "KC902": "output-label-mismatch",
    "KC903": "static-loss",
    "KC904": "non-finite-loss",
    "KC905": "vanishing-or-exploding-gradients",
    "KC906": "chance-accuracy",
}
#: Static findings that already explain an output/label mismatch (KC902 then stays quiet).
LABEL_RULES = frozenset({"KC104", "KC106", "KC205", "KC206", "KC207"})
#: A model "can learn" when its loss falls by this fraction, or accuracy clears chance by this.
LEARNED_LOSS = 0.3
LEARNED_ACCURACY = 0.2
PREFIX = "Training check"


def make(
    code: str,
    message: str,
    anchor: Any,
    severity: Severity | None = None,
    related: Iterable[Related] = (),
    **extra: Any,
) -> Diagnostic:
    return Diagnostic(
        code=code,
        message=message,
        anchor=anchor,
        severity=severity,
        related=tuple(r for r in related if r.anchor is not None),
        name=NAMES[code],
        extra=extra,
    )


def model_anchor(model: Model) -> Any:
    if model.anchor is not None:
        return model.anchor
    for node in model.nodes:
        if node.layer.anchor is not None:
            return node.layer.anchor
    return None


def node_anchor(node: Node | None, model: Model) -> Any:
    if node is None:
        return model_anchor(model)
    return node.layer.anchor or node.where or model_anchor(model)


# --- static findings -------------------------------------------------------------------------


class StaticFindings:
    """Which static codes concern which model.

    Unresolved findings carry anchors, matched by identity to the model's own anchors; resolved
    ones (anchor dropped) are matched by span when ``spans`` (id(anchor) -> Span) is given,
    and otherwise count for every model of the file.
    """

    def __init__(self, static: list[Diagnostic], spans: dict[int, Any] | None = None) -> None:
        self.static = static
        self.spans = spans

    def codes_for(self, model: Model) -> set[str]:
        anchors = list(model_anchors(model))
        ids = {id(a) for a in anchors}
        where = None
        if self.spans is not None:
            where = {self.spans.get(id(a)) for a in anchors} - {None}
        codes: set[str] = set()
        for diagnostic in self.static:
            if diagnostic.anchor is not None:
                if id(diagnostic.anchor) in ids:
                    codes.add(diagnostic.code)
            elif where is None or diagnostic.span in where:
                codes.add(diagnostic.code)
        return codes


def model_anchors(model: Model) -> Iterable[Any]:
    """Every anchor that belongs to ``model``: static findings about it point at one of these."""
    yield model.anchor
    for node in model.nodes:
        yield node.anchor
        layer: LayerNode | None = node.layer
        while layer is not None:
            yield layer.anchor
            yield from layer.param_anchors.values()
            layer = layer.inner
    if model.compile is not None:
        yield model.compile.anchor
        yield model.compile.metrics_anchor
        for part in (model.compile.loss, model.compile.optimizer):
            if part is not None:
                yield part.anchor
        if model.compile.optimizer is not None:
            yield from model.compile.optimizer.param_anchors.values()
    for fit in model.fits:
        yield fit.anchor
        yield from fit.param_anchors.values()
        for arg in (fit.x, fit.y):
            if arg is not None:
                yield arg.anchor


# --- the diagnosis ---------------------------------------------------------------------------


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
            key = plan.index
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
        error = self.outcome.errors.get(plan.index)
        built = self.outcome.built.get(plan.index)
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
        trained = self.outcome.trained.get(plan.index)
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
        text = label_rules.label_mismatch(
            tuple(output), loss, y.info if y is not None else None, name
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
        elif phase == "training":
            text = (
                "The model builds, but a training step fails in Keras 3: "
                f"\"{messages.quote(error.get('message', ''))}\". The same error will stop "
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


# --- training --------------------------------------------------------------------------------


class Training:
    """KC903-KC906 and the "the data is the problem" note for one trained model."""

    def __init__(
        self, plan: Plan, result: dict[str, Any], codes: set[str], options: DynamicOptions
    ) -> None:
        self.plan = plan
        self.model = plan.model
        self.result = result
        self.codes = codes
        self.options = options
        compile_info = self.model.compile
        self.optimizer: OptimizerInfo | None = compile_info.optimizer if compile_info else None
        self.loss = compile_info.loss.name if compile_info and compile_info.loss else None
        self.fit = plan.fit

    # anchors

    def _fit_anchor(self) -> Any:
        if self.fit is not None:
            return self.fit.anchor
        if self.model.compile is not None:
            return self.model.compile.anchor
        return model_anchor(self.model)

    def _optimizer_anchor(self) -> Any:
        if self.optimizer is not None and self.optimizer.anchor is not None:
            return self.optimizer.param_anchors.get("learning_rate", self.optimizer.anchor)
        return None

    def _output_anchor(self) -> Any:
        return node_anchor(self.model.output, self.model)

    # the facts

    def _learning_rate(self) -> tuple[str, float]:
        name = self.optimizer.name if self.optimizer and self.optimizer.name else "RMSprop"
        rate = self.optimizer.learning_rate if self.optimizer else None
        if not isinstance(rate, (int, float)):
            rate = keras_api.OPTIMIZER_DEFAULT_LR.get(name, 0.001)
        return name, float(rate)

    def _budget(self, result: dict[str, Any]) -> str:
        steps = result.get("steps", 0)
        cut = " (the time budget ran out first)" if result.get("stopped_by") == "time" else ""
        name, rate = self._learning_rate()
        data = "your --data arrays" if result.get("data") == "user" else (
            "synthetic data with a learnable signal"
        )
        return f"{steps} steps of {name} (learning rate {rate:g}){cut} on {data}"

    def diagnose(self) -> list[Diagnostic]:
        result = self.result
        found: list[Diagnostic] = []
        nonfinite = self._nonfinite(result)
        if nonfinite is not None:
            found.append(nonfinite)
        else:
            static = self._static_loss(result)
            if static is not None:
                found.append(static)
            else:
                chance = self._chance(result)
                if chance is not None:
                    found.append(chance)
        found.extend(self._gradients(result))
        if not found and result.get("data") == "synthetic" and learned(result):
            found.extend(self._data_is_the_problem(result))
        return found

    def _compare(self, text: str) -> str:
        """With --data: does the same model learn synthetic data? Model or data to blame."""
        synthetic = self.result.get("synthetic")
        if self.result.get("data") != "user" or synthetic is None:
            return text
        if learned(synthetic):
            return (
                f"{text} On synthetic data with a learnable signal the same model learns "
                f"({_progress(synthetic)}): the model can learn; the data is the problem"
                f"{self._data_causes()}."
            )
        return (
            f"{text} It does not learn synthetic data with a learnable signal either: the "
            "model or its training settings are the problem, not only the data."
        )

    def _data_causes(self) -> str:
        causes = []
        if "KC102" in self.codes:
            causes.append("the labels are random (KC102)")
        if "KC101" in self.codes:
            causes.append("the inputs are unscaled (KC101)")
        return f" ({'; '.join(causes)})" if causes else ""

    def _nonfinite(self, result: dict[str, Any]) -> Diagnostic | None:
        step = result.get("nonfinite_step")
        if step is None:
            return None
        name, rate = self._learning_rate()
        default = keras_api.OPTIMIZER_DEFAULT_LR.get(name, 0.001)
        causes: list[str] = []
        related: list[Related] = []
        anchor = self._fit_anchor()
        if rate >= 10 * default or rate > 0.1 and name != "SGD" or rate > 1.0:
            causes.append(
                f"the learning rate {rate:g} is far above {name}'s default {default:g}: each "
                "update overshoots, and the weights grow until they overflow. Lower it "
                f"(try {default:g})"
            )
            anchor = self._optimizer_anchor() or anchor
            related.append(Related("the training call", anchor=self._fit_anchor()))
        if "KC101" in self.codes:
            causes.append(
                "the script feeds unscaled inputs (KC101): large raw values make large "
                "gradients; scale them"
            )
        log_risk = self._log_risk()
        if log_risk:
            causes.append(log_risk)
        if not causes:
            causes.append(
                "gradients grow without bound: lower the learning rate, add clipnorm=1.0 to "
                "the optimizer, or normalise the inputs"
            )
        first = result.get("first_losses") or []
        start = f" (it started at {first[0]:.4g})" if first and first[0] is not None else ""
        text = (
            f"{PREFIX}: the loss becomes NaN or infinite at step {step} of "
            f"{self._budget(result)}{start}. Likely cause: {'; '.join(causes)}."
        )
        return make(
            "KC904", self._compare(text), anchor, Severity.ERROR, related, step=step
        )

    def _log_risk(self) -> str | None:
        activation = self.plan.spec["compile"].get("activation") if self.plan.spec else None
        logits = bool(self.model.compile and self.model.compile.loss and (
            self.model.compile.loss.from_logits
        ))
        if self.loss in ("mean_squared_logarithmic_error", "poisson", "kl_divergence"):
            return (
                f"{self.loss} takes the log of the model's output, and a {activation or 'linear'}"
                " output can reach zero or below"
            )
        if (
            self.loss in keras_api.CROSSENTROPY_LOSSES
            and not logits
            and activation not in ("sigmoid", "softmax", "hard_sigmoid")
        ):
            return (
                f"{self.loss} takes the log of the output, which a {activation or 'linear'} "
                "output does not keep in (0, 1): log of zero. End with sigmoid/softmax or pass "
                "from_logits=True"
            )
        return None

    def _static_loss(self, result: dict[str, Any]) -> Diagnostic | None:
        before, after = result.get("loss_before"), result.get("loss_after")
        if before is None or after is None or abs(before) < 1e-6:
            return None
        improvement = (before - after) / abs(before)
        if improvement >= self.options.static_loss_threshold:
            return None
        name, rate = self._learning_rate()
        default = keras_api.OPTIMIZER_DEFAULT_LR.get(name, 0.001)
        causes: list[str] = []
        related: list[Related] = []
        anchor = self._fit_anchor()
        if rate <= default / 100:
            causes.append(
                f"the learning rate {rate:g} is {default / rate:,.0f} times smaller than "
                f"{name}'s default {default:g}: the weights barely move. Use a larger one "
                f"(try {default:g})"
            )
            anchor = self._optimizer_anchor() or anchor
            related.append(Related("the training call", anchor=self._fit_anchor()))
        gradients = result.get("gradients_before") or {}
        if gradients and all(v < self.options.vanishing_gradient for v in gradients.values()):
            causes.append(
                "the gradient is zero in every layer: the output does not depend on the "
                "weights (e.g. softmax over a single unit always outputs 1.0)"
            )
            related.append(Related("the output layer", anchor=self._output_anchor()))
        if "KC205" in self.codes or "KC206" in self.codes:
            causes.append("the output activation does not fit the loss (see KC205/KC206)")
        accuracy = result.get("accuracy_after")
        tail = ""
        if accuracy and accuracy[0] <= accuracy[1] + self.options.chance_margin:
            tail = (
                f" Accuracy stays at {accuracy[0]:.2f}, the share of the largest class "
                f"({accuracy[1]:.2f})."
            )
        why = f" Likely cause: {'; '.join(causes)}." if causes else ""
        text = (
            f"{PREFIX}: the loss does not improve: {before:.4g} before and {after:.4g} after "
            f"{self._budget(result)} ({improvement:+.1%}; at least "
            f"{self.options.static_loss_threshold:.0%} is expected).{tail}{why}"
        )
        return make(
            "KC903",
            self._compare(text),
            anchor,
            Severity.WARNING,
            related,
            improvement=improvement,
        )

    def _chance(self, result: dict[str, Any]) -> Diagnostic | None:
        accuracy = result.get("accuracy_after")
        if not accuracy:
            return None
        value, baseline = accuracy
        if value > baseline + self.options.chance_margin:
            return None
        causes: list[str] = []
        output = self.model.output
        layer = output.layer if output is not None else None
        if layer is not None and layer.params.get("activation") == "softmax" and (
            layer.params.get("units") == 1
        ):
            causes.append(
                f"{layer.display}(1, activation='softmax') outputs 1.0 for every input; for "
                "two classes use Dense(1, activation='sigmoid')"
            )
        if "KC205" in self.codes or "KC206" in self.codes:
            causes.append("the output activation does not fit the loss (see KC205/KC206)")
        why = f" Likely cause: {'; '.join(causes)}." if causes else (
            " The predictions do not depend on the input: check the output activation and "
            "the loss."
        )
        before, after = result.get("loss_before"), result.get("loss_after")
        text = (
            f"{PREFIX}: accuracy stays at {value:.2f}, the share of the largest class "
            f"({baseline:.2f}), after {self._budget(result)}, although the loss moves "
            f"({before:.4g} -> {after:.4g}).{why}"
        )
        related = [Related("the training call", anchor=self._fit_anchor())]
        return make(
            "KC906", self._compare(text), self._output_anchor(), Severity.WARNING, related
        )

    def _gradients(self, result: dict[str, Any]) -> list[Diagnostic]:
        before = {int(k): v for k, v in (result.get("gradients_before") or {}).items()}
        after = {int(k): v for k, v in (result.get("gradients_after") or {}).items()}
        if not before:
            return []
        layers = self.plan.layers
        found: list[Diagnostic] = []
        low = self.options.vanishing_gradient
        high = self.options.exploding_gradient
        healthy = [v for v in before.values() if v >= low and math.isfinite(v)]
        vanishing = sorted(i for i, v in before.items() if v < low) if healthy else []
        exploding = sorted(
            i
            for i in set(before) | set(after)
            if max(before.get(i, 0.0), after.get(i, 0.0)) > high
        )
        if vanishing:
            found.append(
                self._gradient_finding(
                    vanishing,
                    before,
                    layers,
                    f"vanish (norm below {low:g}) in",
                    "The layers before them learn nothing. Use relu-family activations in "
                    "deep stacks, add BatchNormalization, or use fewer saturating "
                    "(sigmoid/tanh) layers in a row.",
                )
            )
        if exploding:
            worst = {i: max(before.get(i, 0.0), after.get(i, 0.0)) for i in exploding}
            found.append(
                self._gradient_finding(
                    exploding,
                    worst,
                    layers,
                    f"explode (norm above {high:g}) in",
                    "Updates this large throw the weights around. Lower the learning rate, "
                    "add clipnorm=1.0 to the optimizer, or scale the inputs.",
                )
            )
        return found

    def _gradient_finding(
        self,
        indices: list[int],
        norms: dict[int, float],
        layers: list[LayerNode],
        what: str,
        advice: str,
    ) -> Diagnostic:
        named = [
            f"{layers[i].display} ({norms[i]:.1e})" for i in indices if i < len(layers)
        ]
        first = layers[indices[0]] if indices[0] < len(layers) else None
        related = [
            Related(f"gradient norm {norms[i]:.1e} in this {layers[i].display}", layers[i].anchor)
            for i in indices[1:]
            if i < len(layers)
        ]
        text = (
            f"{PREFIX}: gradients {what} {', '.join(named)}, measured on training batches of "
            f"synthetic data. {advice}"
        )
        anchor = first.anchor if first is not None else model_anchor(self.model)
        return make("KC905", text, anchor, Severity.WARNING, related)

    def _data_is_the_problem(self, result: dict[str, Any]) -> list[Diagnostic]:
        """The model learns a learnable signal: what static rules blame on the data stands."""
        found: list[Diagnostic] = []
        fit = self.fit
        if fit is None:
            return found
        progress = _progress(result)
        intro = (
            f"{PREFIX}: on synthetic data whose labels depend on the inputs, this model learns "
            f"({progress}): the model can learn; the data is the problem."
        )
        if "KC102" in self.codes and fit.y is not None:
            found.append(
                make(
                    "KC906",
                    f"{intro} The labels passed here are random (KC102), unrelated to the "
                    "inputs, so accuracy stays at chance whatever the architecture. Train on "
                    "real targets.",
                    fit.y.anchor,
                    Severity.INFO,
                    data_is_the_problem=True,
                )
            )
        if "KC101" in self.codes and fit.x is not None:
            found.append(
                make(
                    "KC903",
                    f"{intro} The inputs passed here are unscaled (KC101): with raw values the "
                    "loss stalls or diverges. Scale them (StandardScaler, / 255, or a "
                    "Normalization layer).",
                    fit.x.anchor,
                    Severity.INFO,
                    data_is_the_problem=True,
                )
            )
        return found


def learned(result: dict[str, Any]) -> bool:
    """The model learnt the signal: its loss fell a lot, or accuracy cleared chance well."""
    if result.get("nonfinite_step") is not None:
        return False
    before, after = result.get("loss_before"), result.get("loss_after")
    accuracy = result.get("accuracy_after")
    if accuracy:
        return accuracy[0] >= accuracy[1] + LEARNED_ACCURACY
    if before is None or after is None or abs(before) < 1e-6:
        return False
    return (before - after) / abs(before) >= LEARNED_LOSS


def _progress(result: dict[str, Any]) -> str:
    text = f"loss {result.get('loss_before', 0):.4g} -> {result.get('loss_after', 0):.4g}"
    accuracy = result.get("accuracy_after")
    if accuracy:
        text += f", accuracy {accuracy[0]:.2f} against {accuracy[1]:.2f} by chance"
    return f"{text} in {result.get('steps', 0)} steps"
