"""KC206: the final activation does not fit the loss.

Crossentropy losses expect probabilities (or, with ``from_logits=True``, raw scores); each
family expects them over a particular number of units. A mismatch rarely crashes: the loss is
constant, clipped or squashed, and the metrics stay where they started. Output-activation and
loss fixes are the most common accepted answers to "my model does not learn".
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck import keras_api
from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import multi_hot_labels
from kerascheck.checks.model_walk import (
    OutputHead,
    describe,
    is_int,
    is_single_unit_softmax,
    once,
    output_head,
)
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic, Related
from kerascheck.ir import UNKNOWN, LossInfo, Model

CODE = "KC206"

#: Activations whose outputs are probabilities (in [0, 1]); every other known one is not.
PROBABILITY_ACTIVATIONS = frozenset(
    {"sigmoid", "softmax", "hard_sigmoid", "sparsemax", "sparse_sigmoid"}
)
BINARY_LOSSES = frozenset({"binary_crossentropy", "binary_focal_crossentropy"})
CATEGORICAL_LOSSES = frozenset(
    {
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "categorical_focal_crossentropy",
    }
)


@check(CODE)
def check_output_activation_loss_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from once(d for model in ctx.module.models for d in _model_diagnostics(model))


def _model_diagnostics(model: Model) -> Iterator[Diagnostic]:
    compile_info = model.compile
    node = model.output
    if compile_info is None or compile_info.loss is None or node is None:
        return
    loss = compile_info.loss
    if loss.name not in keras_api.CROSSENTROPY_LOSSES:
        return
    head = output_head(node)
    if head is None or is_single_unit_softmax(head):
        return  # unknown head, or KC205's finding
    if head.activation == "softmax" and multi_hot_labels(model):
        return  # KC108's finding: the labels call for sigmoid outputs, whatever the loss
    texts = _mismatch(head, loss)
    if texts is None:
        return
    related = (Related(f"loss {loss.name} set here", anchor=loss.anchor or compile_info.anchor),)
    message, help = texts
    yield Diagnostic(CODE, message, help=help, anchor=head.activation_anchor, related=related)


def _mismatch(head: OutputHead, loss: LossInfo) -> tuple[str, str] | None:
    """(message, help) for the first mismatch between ``head`` and ``loss``, or None."""
    name, units, activation, loss_name = (
        describe(head.layer),
        head.units,
        head.activation,
        loss.name,
    )
    if loss_name in CATEGORICAL_LOSSES and units == 1:
        return _one_unit_categorical(name, loss_name)
    if activation is UNKNOWN or loss.from_logits is UNKNOWN:
        return None
    if loss.from_logits is True and activation in ("softmax", "sigmoid"):
        return (
            f"{name} ends with {activation}, but {loss_name} has from_logits=True",
            f"The loss applies {activation} again to outputs that are probabilities already: "
            "the gradients are squashed and loss and accuracy barely move. Remove "
            "from_logits=True, or keep it and drop the activation from the output layer.",
        )
    if activation not in PROBABILITY_ACTIVATIONS and loss.from_logits is not True:
        return _not_probabilities(name, units, activation, loss_name)
    if not is_int(units) or units < 2:
        return None
    if loss_name in BINARY_LOSSES and activation == "softmax":
        return (
            f"{name} ends with softmax over {units} units, but the loss is {loss_name}",
            f"Softmax makes the units compete (they sum to 1), but {loss_name} scores each "
            "unit as an independent yes/no: a softmax cannot express samples with several true "
            "labels, and for one true class per sample the matching loss is "
            "categorical_crossentropy. Use categorical_crossentropy for mutually exclusive "
            "classes, or sigmoid for independent labels.",
        )
    if loss_name in CATEGORICAL_LOSSES and activation == "sigmoid":
        return (
            f"{name} ends with sigmoid over {units} units, but the loss is {loss_name}",
            f"Sigmoid scores each unit independently, but {loss_name} expects one distribution "
            "over mutually exclusive classes: Keras rescales the sigmoids to sum to 1 inside "
            "the loss, so the model's outputs are not the probabilities it was trained on. Use "
            "activation='softmax' (or keep sigmoid with binary_crossentropy for multi-label "
            "targets).",
        )
    return None


def _one_unit_categorical(name: str, loss_name: str) -> tuple[str, str]:
    if loss_name == "sparse_categorical_crossentropy":
        why = (
            "It reads the single unit as class 0, so a label of 1 is out of range: training "
            "fails or the loss is meaningless."
        )
    else:
        why = (
            "A distribution over one class is always 1.0, so the loss is 0 from the first step "
            "and nothing is learned."
        )
    return (
        f"{name} has one output unit, but {loss_name} needs one unit per class",
        f"{why} For two classes use Dense(1, activation='sigmoid') with binary_crossentropy; "
        "for n classes use Dense(n, activation='softmax').",
    )


def _not_probabilities(
    name: str, units: object, activation: str, loss_name: str
) -> tuple[str, str]:
    binary = loss_name in BINARY_LOSSES or units == 1
    wanted = "sigmoid" if binary else "softmax"
    what = "no activation" if activation == "linear" else f"activation {activation}"
    return (
        f"{name} has {what}, but {loss_name} expects probabilities",
        f"Without from_logits=True, {loss_name} reads the outputs as probabilities in [0, 1]: "
        "Keras clips or rescales the raw values, the gradient vanishes outside that range, and "
        f"loss and accuracy stall. Use activation='{wanted}' on the output layer, or pass "
        "from_logits=True to the loss.",
    )
