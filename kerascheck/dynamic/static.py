"""Which static findings concern which model: the dynamic checks build on them (KC101/KC102
make a learnt synthetic signal mean "the data is the problem"; KC104-KC207 keep KC902 quiet)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import LayerNode, Model


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

    def at(self, anchors: Iterable[Any], codes: Collection[str]) -> list[Diagnostic]:
        """The static findings with one of ``codes`` placed at one of ``anchors``."""
        anchors = [a for a in anchors if a is not None]
        ids = {id(a) for a in anchors}
        where = {self.spans.get(id(a)) for a in anchors} - {None} if self.spans else set()
        return [
            d
            for d in self.static
            if d.code in codes
            and (id(d.anchor) in ids if d.anchor is not None else d.span in where)
        ]


def layer_anchors(layer: LayerNode | None) -> Iterable[Any]:
    """The anchors of a layer, its arguments and the layers it wraps."""
    while layer is not None:
        yield layer.anchor
        yield from layer.param_anchors.values()
        layer = layer.inner


def model_anchors(model: Model) -> Iterable[Any]:
    """Every anchor that belongs to ``model``: static findings about it point at one of these."""
    yield model.anchor
    for node in model.nodes:
        yield node.anchor
        yield from layer_anchors(node.layer)
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
