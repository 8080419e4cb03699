"""KC903-KC906: judge what the worker measured while training one model.

The worker only measures (losses before and after on held-out data, the first non-finite
step, per-layer gradient norms, accuracy against the majority-class share); the thresholds
live here, in ``DynamicOptions``, so that one place decides what counts as a finding.

A run is judged only when it says something: a loss that goes NaN is a finding at any step;
a model that learns passes (a summary note, or a related note on the data finding it
explains); but "the loss did not fall" needs at least ``MIN_STEPS`` steps of a run the step
budget ended (the worker extends runs that have not learnt yet while time allows, so a small
network that needs more than the first budget is not called stuck). A run the time budget
cut short is inconclusive, never KC903/KC906.
"""

from __future__ import annotations

import math
from typing import Any

from kerascheck import keras_api
from kerascheck.diagnostics import Diagnostic, Related, Severity
from kerascheck.dynamic import messages
from kerascheck.dynamic.findings import (
    PREFIX,
    Confirmation,
    Note,
    make,
    model_anchor,
    node_anchor,
)
from kerascheck.dynamic.options import DynamicOptions
from kerascheck.dynamic.spec import Plan
from kerascheck.dynamic.static import StaticFindings
from kerascheck.ir import LayerNode, OptimizerInfo

#: A model "can learn" when its loss falls by this fraction, or accuracy clears chance by this.
LEARNED_LOSS = 0.3
LEARNED_ACCURACY = 0.2
#: ... and, with an accuracy, the loss must have fallen by at least this fraction too.
LEARNED_ACCURACY_LOSS = 0.1
#: Fewer training steps than this say nothing about a loss that has not fallen yet.
MIN_STEPS = 50
#: Static findings that blame the data: a model that learns synthetic data confirms them.
DATA_RULES = ("KC101", "KC102")


def judge(result: dict[str, Any], options: DynamicOptions) -> str:
    """What one training run shows: "nonfinite", "learned", "improving" (the loss falls, not
    yet by much), "stuck" (KC903), "chance" (KC906) or "inconclusive"."""
    if result.get("nonfinite_step") is not None:
        return "nonfinite"
    if learned(result):
        return "learned"
    before, after = result.get("loss_before"), result.get("loss_after")
    short = result.get("stopped_by") == "time" or result.get("steps", 0) < MIN_STEPS
    if short or before is None or after is None:
        return "inconclusive"
    if abs(before) >= 1e-6 and (before - after) / abs(before) < options.static_loss_threshold:
        return "stuck"
    accuracy = result.get("accuracy_after")
    if accuracy and accuracy[0] <= accuracy[1] + options.chance_margin:
        return "chance"
    return "improving"


class Training:
    """KC903-KC906 and the "the data is the problem" note for one trained model."""

    def __init__(
        self,
        plan: Plan,
        result: dict[str, Any],
        codes: set[str],
        options: DynamicOptions,
        static: StaticFindings | None = None,
    ) -> None:
        self.static = static or StaticFindings([])
        self.notes: list[Note] = []
        self.confirmations: list[Confirmation] = []
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

    def _setup(self, result: dict[str, Any]) -> str:
        """``Adam (learning rate 0.001) on synthetic data with a learnable signal``."""
        name, rate = self._learning_rate()
        data = (
            "your --data arrays"
            if result.get("data") == "user"
            else "synthetic data with a learnable signal"
        )
        return f"{name} (learning rate {rate:g}) on {data}"

    def _budget(self, result: dict[str, Any]) -> str:
        steps = result.get("steps", 0)
        cut = " (the time budget ran out first)" if result.get("stopped_by") == "time" else ""
        return f"{steps} steps{cut} of {self._setup(result)}"

    def diagnose(self) -> list[Diagnostic]:
        """The findings; ``notes`` and ``confirmations`` say what passed or stayed open."""
        result = self.result
        verdict = judge(result, self.options)
        found: list[Diagnostic] = []
        if verdict == "nonfinite":
            found.append(self._nonfinite(result))
        elif verdict == "stuck":
            found.append(self._static_loss(result))
        elif verdict == "chance":
            found.append(self._chance(result))
        gradients = self._gradients(result)
        if gradients and found and found[0].code == "KC903":
            found[0].help += " The gradients reaching some layers are far out of range (see KC905)."
        found.extend(gradients)
        if verdict == "inconclusive":
            self.notes.append(self._inconclusive(result))
        elif verdict in ("learned", "improving"):
            confirmed = verdict == "learned" and self._data_is_the_problem(result)
            if not confirmed and not found:  # gradients out of range are no pass
                self.notes.append(self._passed(result))
        return found

    def _passed(self, result: dict[str, Any]) -> Note:
        return Note(
            "passed",
            f"training check passed: {_progress(result)} ({result.get('seconds', 0):.1f} s) of "
            f"{self._setup(result)}",
            model_anchor(self.model),
        )

    def _inconclusive(self, result: dict[str, Any]) -> Note:
        steps, seconds = result.get("steps", 0), result.get("seconds", 0.0)
        if result.get("stopped_by") == "time":
            why = (
                "the time budget ended the run before the loss could be judged (raise "
                "`max-seconds` in [tool.kerascheck.dynamic] or --max-seconds)"
            )
        else:
            why = f"at least {MIN_STEPS} steps are needed to judge the loss (raise --max-steps)"
        return Note(
            "inconclusive",
            f"training check inconclusive: {steps} steps in {seconds:.1f} s; {why}",
            model_anchor(self.model),
        )

    def _compare(self, text: str) -> str:
        """With --data: does the same model learn synthetic data? Model or data to blame (a
        sentence added to the help ``text``)."""
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
        if rate >= 10 * default or (rate > 0.1 and name != "SGD") or rate > 1.0:
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
        start = f"It started at {first[0]:.4g}, with" if first and first[0] is not None else "With"
        help = f"{start} {self._setup(result)}. Likely cause: {'; '.join(causes)}."
        return make(
            "KC904",
            f"{PREFIX}: the loss becomes NaN or infinite at training step {step}",
            anchor,
            Severity.ERROR,
            related,
            help=self._compare(help),
            step=step,
        )

    def _log_risk(self) -> str | None:
        activation = self.plan.spec["compile"].get("activation") if self.plan.spec else None
        logits = bool(
            self.model.compile and self.model.compile.loss and (self.model.compile.loss.from_logits)
        )
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

    def _static_loss(self, result: dict[str, Any]) -> Diagnostic:
        before, after = result["loss_before"], result["loss_after"]
        improvement = (before - after) / abs(before)
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
        help = (
            f"The loss went from {before:.4g} to {after:.4g} in {self._budget(result)} "
            f"({improvement:+.1%}; at least {self.options.static_loss_threshold:.0%} is "
            f"expected).{tail}{why}"
        )
        return make(
            "KC903",
            f"{PREFIX}: the loss does not improve ({before:.4g} -> {after:.4g})",
            anchor,
            Severity.WARNING,
            related,
            help=self._compare(help),
            improvement=improvement,
        )

    def _chance(self, result: dict[str, Any]) -> Diagnostic:
        value, baseline = result["accuracy_after"]
        causes: list[str] = []
        output = self.model.output
        layer = output.layer if output is not None else None
        if (
            layer is not None
            and layer.params.get("activation") == "softmax"
            and (layer.params.get("units") == 1)
        ):
            causes.append(
                f"{layer.display}(1, activation='softmax') outputs 1.0 for every input; for "
                "two classes use Dense(1, activation='sigmoid')"
            )
        elif "KC205" in self.codes or "KC206" in self.codes:
            causes.append("the output activation does not fit the loss (see KC205/KC206)")
        why = (
            f" Likely cause: {'; '.join(causes)}."
            if causes
            else (
                " The predictions do not depend on the input: check the output activation and "
                "the loss."
            )
        )
        before, after = result.get("loss_before"), result.get("loss_after")
        help = (
            f"{value:.2f} is the share of the largest class ({baseline:.2f}), after "
            f"{self._budget(result)}, although the loss moves ({before:.4g} -> {after:.4g}).{why}"
        )
        related = [Related("the training call", anchor=self._fit_anchor())]
        return make(
            "KC906",
            f"{PREFIX}: accuracy stays at chance level ({value:.2f})",
            self._output_anchor(),
            Severity.WARNING,
            related,
            help=self._compare(help),
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
            i for i in set(before) | set(after) if max(before.get(i, 0.0), after.get(i, 0.0)) > high
        )
        if vanishing:
            found.append(
                self._gradient_finding(
                    vanishing,
                    before,
                    layers,
                    f"vanish (norm below {low:g}) in",
                    "These layers barely learn: the error signal fades on its way back from the "
                    "output. Use relu-family activations in "
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
        label = self._layer_labels()
        named = [f"{label.get(i, '?')} ({norms[i]:.1e})" for i in indices if i < len(layers)]
        first = layers[indices[0]] if indices[0] < len(layers) else None
        related = [
            Related(f"gradient norm {norms[i]:.1e} in {label.get(i, '?')}", layers[i].anchor)
            for i in indices[1:]
            if i < len(layers) and layers[i].anchor is not (first.anchor if first else None)
        ]
        others = f" and {_plural(len(named) - 1, 'more layer')}" if len(named) > 1 else ""
        first_name = label.get(indices[0], "?")
        help = f"Measured on training batches of synthetic data: {', '.join(named)}. {advice}"
        anchor = first.anchor if first is not None else model_anchor(self.model)
        return make(
            "KC905",
            f"{PREFIX}: gradients {what} {first_name}{others}",
            anchor,
            Severity.WARNING,
            related,
            help=help,
        )

    def _layer_labels(self) -> dict[int, str]:
        """``layer 3 Dense``: spec layer index -> name with its position in the model."""
        labels: dict[int, str] = {}
        position = 0
        for spec_node in (self.plan.spec or {}).get("nodes", []):
            if spec_node["kind"] != "layer":
                continue
            position += 1
            index = spec_node["layer"]
            if index not in labels and index < len(self.plan.layers):
                labels[index] = f"layer {position} {self.plan.layers[index].display}"
        return labels

    def _data_is_the_problem(self, result: dict[str, Any]) -> bool:
        """The model learns a learnable signal: what static rules blame on the data stands.
        Says so on those findings (KC101 at x, KC102 at y); False when there are none."""
        fit = self.fit
        if fit is None or result.get("data") != "synthetic":
            return False
        anchors = [arg.anchor for arg in (fit.x, fit.y) if arg is not None]
        blamed = self.static.at(anchors, DATA_RULES)
        before, after = result.get("loss_before") or 0.0, result.get("loss_after") or 0.0
        note = messages.note(
            f"confirmed: the model learns synthetic data (loss {before:.3g} -> {after:.3g}): "
            "the data is the problem"
        )
        for static in blamed:
            self.confirmations.append(
                Confirmation(static, Related(note, anchor=model_anchor(self.model)))
            )
        return bool(blamed)


def learned(result: dict[str, Any]) -> bool:
    """The model learnt the signal: its loss fell a lot, or it fell and accuracy cleared chance
    well (a random initialisation may already sit above chance on an easy signal, so accuracy
    alone proves nothing)."""
    if result.get("nonfinite_step") is not None:
        return False
    before, after = result.get("loss_before"), result.get("loss_after")
    if before is None or after is None or abs(before) < 1e-6:
        return False
    improvement = (before - after) / abs(before)
    accuracy = result.get("accuracy_after")
    if accuracy:
        return (
            improvement >= LEARNED_ACCURACY_LOSS and accuracy[0] >= accuracy[1] + LEARNED_ACCURACY
        )
    return improvement >= LEARNED_LOSS


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _progress(result: dict[str, Any]) -> str:
    text = f"loss {result.get('loss_before', 0):.4g} -> {result.get('loss_after', 0):.4g}"
    accuracy = result.get("accuracy_after")
    if accuracy:
        text += f", accuracy {accuracy[0]:.2f} against {accuracy[1]:.2f} by chance"
    return f"{text} in {result.get('steps', 0)} steps"
