"""KC107 scaled-class-labels: class labels rescaled before a cross-entropy loss.

``y_train / 255.0`` next to ``x_train / 255.0`` turns the digit 7 into 0.027: sparse
categorical cross-entropy casts it back to class 0, every label becomes 0, and the loss falls
while accuracy stays at chance. A standardising scaler on labels gives negative targets that
no cross-entropy can take. The frontend records each rescaling (``ArrayInfo.rescaled``) and
whether the values were known class labels before (a dataset loader, a class draw, an
encoder, one-hot rows); other divided targets stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck import keras_api
from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import fits, known, labels_phrase, loss_name
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic, Related

CODE = "KC107"


@check(CODE)
def check_scaled_class_labels(ctx: CheckContext) -> Iterator[Diagnostic]:
    for model, fit in fits(ctx):
        labels = known(fit.y)
        loss = loss_name(model)
        if fit.y is None or labels is None or loss not in keras_api.CROSSENTROPY_LOSSES:
            continue
        rescaled = labels.rescaled
        if rescaled is None or not (rescaled.of_labels or rescaled.centred):
            continue
        inputs = known(fit.x)
        if inputs is not None and inputs.rescaled is rescaled:
            continue  # fit(x, x): an autoencoder reconstructs its scaled input
        how = f"`{rescaled.written}`" if rescaled.written else "a scaler"
        if rescaled.of_labels:
            message = f"{labels_phrase(fit.y)} are class labels, rescaled before {loss}"
            why = (
                "Dividing class ids or one-hot rows makes them fractions: sparse "
                "cross-entropy casts them back to integers (every label becomes class 0), and "
                "categorical or binary cross-entropy trains toward rows that are no class. "
                "The loss falls while accuracy stays at chance."
            )
        else:
            message = f"{labels_phrase(fit.y)} are standardised (centred on 0) before {loss}"
            why = (
                "A standardising scaler centres the labels on zero, so half of them are "
                "negative: no cross-entropy accepts targets outside [0, 1] or below class 0, "
                "and the loss can even go negative while nothing is learnt."
            )
        yield Diagnostic(
            CODE,
            message,
            help=f"{why} They are rescaled by {how}. Scale the inputs only: pass the labels "
            f"to {fit.method}() as they were (class ids, or one-hot rows from "
            "keras.utils.to_categorical).",
            anchor=fit.y.anchor,
            related=(Related(f"the labels are rescaled here: {how}", anchor=rescaled.anchor),),
        )
