"""KC205 fix (unsafe): a single-unit softmax output becomes a sigmoid.

``Dense(1, activation="softmax")`` always outputs 1.0; ``"sigmoid"`` is what a binary
classifier with one output unit needs. It changes what the model computes (and the loss may
need to change with it), so it is applied only with ``--unsafe-fixes``. The quote style and
the spelling (``"softmax"``, ``tf.nn.softmax``, ``keras.activations.softmax``) are kept.
"""

from __future__ import annotations

import libcst as cst

from kerascheck.checks.model_walk import core, describe
from kerascheck.diagnostics import Diagnostic, Fix
from kerascheck.fixes.context import FixContext


def fix(ctx: FixContext, diagnostic: Diagnostic) -> Fix | None:
    layers = ctx.layers_at(diagnostic.anchor)
    heads = {id(head): head for layer in layers if (head := core(layer)) is not None}
    if len(heads) != 1:
        return None
    head = next(iter(heads.values()))
    if head.cls == "Softmax" or "activation" not in head.param_anchors:
        return None
    written = head.param_anchors["activation"]
    value = written[1] if isinstance(written, tuple) else written
    new = _sigmoid(value)
    if new is None:
        return None
    name = describe(head)
    return ctx.fix("unsafe", f"Use a sigmoid instead of the softmax in {name}", (value, new))


def _sigmoid(value: object) -> cst.BaseExpression | None:
    if isinstance(value, cst.SimpleString) and value.evaluated_value == "softmax":
        return value.with_changes(value=value.value.replace("softmax", "sigmoid", 1))
    if isinstance(value, cst.Attribute) and value.attr.value == "softmax":
        return value.with_changes(attr=value.attr.with_changes(value="sigmoid"))
    return None
