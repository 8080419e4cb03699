"""KC209: a Dense/Conv layer without activation feeds another weighted layer directly.

Two affine maps in a row are one affine map: ``W2 (W1 x + b1) + b2 = W x + b``. The hidden
layer adds parameters but no capacity, and the model cannot learn non-linear structure.
Dropout and normalisation between them change nothing (they are affine too, or noise); any
activation layer breaks the run. A depthwise convolution followed by a pointwise one is the
deliberate factorisation of one convolution (what SeparableConv2D does), so it never starts a run;
nor does the linear pointwise projection that follows a depthwise convolution (through
normalisation and activations: MobileNetV2's linear bottleneck, whose next block expands it).

Two linear layers only merge when the first one's output goes nowhere else. A linear stem whose
output is also a residual shortcut (``Add``), a ``Concatenate`` input, another branch or a model
output is used as it is: the next layer cannot absorb it, so such a layer ends the run. A linear
bottleneck (the code of an autoencoder: narrower than what feeds it, than what it feeds and
than every other layer of the model) is a deliberate low-rank map, also left alone.
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
    output_units,
    previous_node,
)
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import LayerNode, Model, Node, is_size

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
    narrowest = _narrowest_width(model)
    for node in model.nodes:
        if not is_linear_weighted(node.layer) or _continues_a_run(model, node):
            continue
        if core_cls(node.layer) in FACTORISED or _projects_depthwise(node):
            continue
        run = _run_from(model, node, narrowest)
        if len(run) >= 2:
            message, help = _texts(run)
            yield Diagnostic(CODE, message, help=help, anchor=node.layer.anchor)


def _projects_depthwise(node: Node) -> bool:
    """The linear projection of an inverted residual: a depthwise convolution feeds it,
    through normalisation, dropout or activation layers only."""

    def between(layer: LayerNode) -> bool:
        inner = core(layer)
        return is_transparent(layer) or (
            inner is not None and inner.cls in keras_api.ACTIVATION_LAYERS
        )

    before = previous_node(node, between)
    return before is not None and core_cls(before.layer) in FACTORISED


def _continues_a_run(model: Model, node: Node) -> bool:
    """True when a linear weighted layer feeds ``node`` alone: the run was reported there."""
    before = previous_node(node, is_transparent)
    return (
        before is not None
        and is_linear_weighted(before.layer)
        and _sole_consumer(model, before) is node
    )


def _sole_consumer(model: Model, node: Node) -> Node | None:
    """The one layer that reads ``node``'s output (through transparent layers); None when the
    output also goes elsewhere (a shortcut, a concatenation, a second branch, a model output)
    or nowhere; the output of a sub-model used as a layer counts as a model output."""
    if node.model_output or any(output is node for output in model.outputs):
        return None
    after = next_nodes(model, node, is_transparent)
    return after[0] if len(after) == 1 else None


def _run_from(model: Model, start: Node, narrowest: int | None) -> list[Node]:
    """``start`` and the weighted layers it feeds linearly, following the chain while each
    layer has no activation, is not a bottleneck and feeds exactly one layer, a weighted one."""
    run = [start]
    current = start
    while is_linear_weighted(current.layer) and not _is_bottleneck(model, current, narrowest):
        reader = _sole_consumer(model, current)
        if reader is None or not _is_weighted(reader.layer):
            break
        run.append(reader)
        current = reader
    return run


def _width(node: Node) -> int | None:
    """The size of the last axis ``node`` produces, when known (units, filters, Input shape)."""
    inner = core(node.layer)
    if inner is None:
        return None
    if inner.cls == "InputLayer":
        shape = inner.params.get("shape")
        last = shape[-1] if isinstance(shape, tuple) and shape else None
        return last if is_size(last) else None
    units = output_units(inner)
    return units if is_size(units) else None


def _narrowest_width(model: Model) -> int | None:
    """The smallest known width among the model's weighted layers (output layers included)."""
    widths = [w for n in model.nodes if _is_weighted(n.layer) and (w := _width(n)) is not None]
    return min(widths) if widths else None


def _is_bottleneck(model: Model, node: Node, narrowest: int | None) -> bool:
    """A linear layer that narrows the model to its narrowest width and widens again after:
    the deliberate low-rank code of an autoencoder (``Dense(32)`` between encoder and
    decoder). Every width involved must be known; otherwise it is not one."""
    width = _width(node)
    if width is None or narrowest is None or width > narrowest:
        return False
    before = previous_node(node, is_transparent)
    width_in = _width(before) if before is not None else None
    after = [n for n in next_nodes(model, node, is_transparent) if _is_weighted(n.layer)]
    widths_out = [_width(n) for n in after]
    return (
        width_in is not None
        and width_in > width
        and bool(widths_out)
        and all(w is not None and w > width for w in widths_out)
    )


def _texts(run: list[Node]) -> tuple[str, str]:
    """(message, help)."""
    first, second = describe(run[0].layer), describe(run[1].layer)
    chain = " -> ".join(describe(node.layer) for node in run)
    hidden = [describe(node.layer) for node in run[:-1]]
    layers = hidden[0] if len(hidden) == 1 else ", ".join(hidden[:-1]) + " and " + hidden[-1]
    linear = (
        "is linear" if run[0].layer.params.get("activation") == "linear" else "has no activation"
    )
    return (
        f"{first} {linear} and feeds {second} directly: they act as one linear map",
        f"Nothing non-linear lies between the layers of {chain}: stacked linear maps collapse "
        "into one, so the extra layers add no capacity and the model cannot learn non-linear "
        f"structure. Add an activation, e.g. activation='relu', to {layers}.",
    )
