"""KC205: the model's output is a softmax over a single unit.

Softmax normalises over the last axis; over one unit it returns exactly 1.0 whatever the
input, so the gradient is zero and neither loss nor accuracy can move. It is the most common
output-layer fault in real stalled-training reports. The finding points at the softmax: the
``Dense(1, activation="softmax")`` call, or the ``Activation("softmax")`` layer after ``Dense(1)``.
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.model_walk import describe, is_single_unit_softmax, once, output_head
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic, Related
from kerascheck.ir import LayerNode, Model

CODE = "KC205"


@check(CODE)
def check_single_unit_softmax(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from once(d for model in ctx.module.models for d in _model_diagnostics(model))


def _model_diagnostics(model: Model) -> Iterator[Diagnostic]:
    for node in model.outputs:
        head = output_head(node)
        if head is None or not is_single_unit_softmax(head):
            continue
        name = describe(head.layer)
        where = ""
        related: tuple[Related, ...] = ()
        if head.activation_layer is not None:
            where = f"The softmax is applied by {_applier(head.activation_layer)}. "
            related = (Related(f"{name} has a single unit", anchor=head.layer.anchor),)
        yield Diagnostic(
            CODE,
            f"The output layer {name} is a softmax over one unit: every prediction is 1.0",
            help=f"{where}Softmax normalises over the units, so with one unit accuracy cannot "
            "move (on TensorFlow the loss may still fall: Keras reads it off the logits before "
            "the softmax, yet the predictions stay 1.0). For two classes use "
            "Dense(1, activation='sigmoid') with binary_crossentropy; for n classes use "
            "Dense(n, activation='softmax').",
            anchor=head.activation_anchor,
            related=related,
        )


def _applier(layer: LayerNode) -> str:
    """``the Activation('softmax') layer`` or, for a function on the tensor (a custom layer's
    ``return tf.nn.softmax(logits)``), ``softmax(...)``."""
    if layer.cls == "Activation" and layer.spelled not in (None, "", "Activation"):
        return f"{layer.spelled}(...) on its output"
    return f"the {describe(layer)} layer"
