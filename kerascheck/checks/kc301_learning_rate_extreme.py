"""KC301: a learning rate outside the configured bounds.

Too large a step makes the loss oscillate, explode or turn NaN; too small a step leaves loss and
accuracy where they started for the whole run. SGD tolerates (and usually needs) larger rates
than the adaptive optimizers, so it has its own bounds (``learning-rate-sgd``).

The upper bound of the Adam family is exclusive: ``Adam(lr=0.1)`` is a classic "loss does not
move" bug, while official keras.io examples stay at 0.01 and below for these optimizers.
Optimizers that damp their own steps keep the bound inclusive: Adagrad's accumulated squares
shrink every step (0.1 is a usual starting rate), Ftrl and Adafactor are used at such rates,
and Adadelta's published algorithm is learning_rate=1.0 (Keras 2's default and many tutorials).
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck import keras_api
from kerascheck.checks.context import CheckContext
from kerascheck.checks.model_walk import is_number, module_optimizers, number, once
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import OptimizerInfo
from kerascheck.settings import Settings

CODE = "KC301"

#: Wrappers whose own learning rate is their inner optimizer's: nothing to judge here.
_WRAPPERS = frozenset({"LossScaleOptimizer"})

#: Adaptive optimizers that move every weight by about the learning rate on each step, so the
#: upper bound itself is already too large (exclusive bound).
_FULL_STEP = frozenset({"Adam", "AdamW", "Adamax", "Nadam", "RMSprop", "Lion", "Lamb"})

#: Adadelta's rate scales a step that is already unit-correct: 1.0 is the paper's algorithm.
_ADADELTA_HIGH = 1.0


@check(CODE)
def check_learning_rate_extreme(ctx: CheckContext) -> Iterator[Diagnostic]:
    found: list[Diagnostic] = []
    for optimizer in module_optimizers(ctx.module):
        texts = _problem(optimizer, ctx.settings)
        if texts is not None:
            message, help = texts
            found.append(Diagnostic(CODE, message, help=help, anchor=optimizer.anchor))
    yield from once(found)


def _problem(optimizer: OptimizerInfo, settings: Settings) -> tuple[str, str] | None:
    """(message, help) when the rate is out of bounds."""
    name = optimizer.name
    rate = optimizer.learning_rate
    if name is None or name in _WRAPPERS or not is_number(rate):
        return None  # unresolved optimizer, a schedule, UNKNOWN, or the default (always fine)
    sgd = name == "SGD"
    low, high = settings.learning_rate_sgd if sgd else settings.learning_rate_adaptive
    if name == "Adadelta":
        high = max(high, _ADADELTA_HIGH)
    setting = "sgd" if sgd else "adaptive"
    kind = "SGD" if sgd else "adaptive optimizers"
    typical = number(keras_api.OPTIMIZER_DEFAULT_LR.get(name, 1e-2 if sgd else 1e-3))
    bounds = f"The bounds for {kind} are `{setting}` in [tool.kerascheck.learning-rate]."
    if rate > high or (rate == high and name in _FULL_STEP):
        above = "above the" if rate > high else "at the exclusive"
        return (
            f"{name} learning rate {number(rate)} is {above} bound of {number(high)}",
            "Steps this large make the loss oscillate, diverge or turn NaN, and accuracy stops "
            f"improving. A typical value for {name} is {typical}. {bounds}",
        )
    if rate < low:
        return (
            f"{name} learning rate {number(rate)} is below the bound of {number(low)}",
            "Updates this small leave loss and accuracy almost unchanged for the whole run. "
            f"A typical value for {name} is {typical}. {bounds}",
        )
    return None
