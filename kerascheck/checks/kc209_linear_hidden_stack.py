"""KC209: a Dense/Conv layer without activation feeds another weighted layer directly.

Two affine maps in a row are one affine map: ``W2 (W1 x + b1) + b2 = W x + b``. The hidden
layer adds parameters but no capacity, and the model cannot learn non-linear structure.
Dropout and normalisation between them change nothing (they are affine too, or noise); any
activation layer breaks the run. A depthwise convolution followed by a pointwise one is the
deliberate factorisation of one convolution (what SeparableConv2D does), so it never starts a run.
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck import keras_api
from kerascheck.checks.context import CheckContext
from kerascheck.checks.model_walk import (
    core,
    core_cls,
    describe,
    is_linear_weighted,
    next_nodes,
    once,
    previous_node,
)
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import LayerNode, Model, Node

CODE = "KC209"

FACTORISED = frozenset({"DepthwiseConv1D", "DepthwiseConv2D"})


@check(CODE)
def check_linear_hidden_stack(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from once(d for model in ctx.module.models for d in _model_diagnostics(model))


def is_transparent(layer: LayerNode) -> bool:
    """Layers between two weighted layers that keep the stack linear."""
    inner = core(layer)
    if inner is None:
        return False
    if inner.cls in keras_api.PASS_THROUGH:
        return True
    return inner.cls == "Activation" and inner.params.get("activation", "") in (None, "linear")


def _is_weighted(layer: LayerNode) -> bool:
    inner = core(layer)
    return inner is not None and inner.cls in keras_api.LINEAR_WEIGHTED


def _model_diagnostics(model: Model) -> Iterator[Diagnostic]:
    for node in model.nodes:
        if not is_linear_weighted(node.layer) or _continues_a_run(node):
            continue
        if core_cls(node.layer) in FACTORISED:
            continue
        run = _run_from(model, node)
        if len(run) >= 2:
            message, help = _texts(run)
            yield Diagnostic(CODE, message, help=help, anchor=node.layer.anchor)


def _continues_a_run(node: Node) -> bool:
    """True when a linear weighted layer feeds ``node`` directly: the run was reported there."""
    before = previous_node(node, is_transparent)
    return before is not None and is_linear_weighted(before.layer)


def _run_from(model: Model, start: Node) -> list[Node]:
    """``start`` and the weighted layers it feeds linearly, following the chain while each
    layer has no activation and feeds exactly one weighted layer."""
    run = [start]
    current = start
    while is_linear_weighted(current.layer):
        after = [n for n in next_nodes(model, current, is_transparent) if _is_weighted(n.layer)]
        if not after:
            break
        if len(after) > 1:  # branches: name the first, the fan-out is still linear
            run.append(after[0])
            break
        run.append(after[0])
        current = after[0]
    return run


def _texts(run: list[Node]) -> tuple[str, str]:
    """(message, help)."""
    first, second = describe(run[0].layer), describe(run[1].layer)
    chain = " -> ".join(describe(node.layer) for node in run)
    hidden = [describe(node.layer) for node in run[:-1]]
    layers = hidden[0] if len(hidden) == 1 else ", ".join(hidden[:-1]) + " and " + hidden[-1]
    return (
        f"{first} has no activation and feeds {second} directly: they act as one linear map",
        f"Nothing non-linear lies between the layers of {chain}: stacked linear maps collapse "
        "into one, so the extra layers add no capacity and the model cannot learn non-linear "
        f"structure. Add an activation, e.g. activation='relu', to {layers}.",
    )
