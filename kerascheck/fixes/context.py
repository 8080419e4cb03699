"""What a fix function gets: the parsed module, the IR built from it, and an edit maker.

Fixes rewrite the node a finding is anchored at. The IR tells them what that node means (the
layer a call constructs, the wrapped layer of a ``Bidirectional``, the call a keyword belongs
to); the indexes here are built once per file, on the first fix asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import libcst as cst

from kerascheck.diagnostics import Edit, Fix
from kerascheck.fixes.rewrite import Rewriter
from kerascheck.ir import LayerNode, Model, ModuleIR, Node


@dataclass
class FixContext:
    module: cst.Module
    text: str
    ir: ModuleIR
    homes: dict[int, int] = field(default_factory=dict)

    @cached_property
    def rewriter(self) -> Rewriter:
        return Rewriter(self.module, self.text, self.homes)

    def fix(
        self, applicability: str, message: str, *replacements: tuple[cst.CSTNode, cst.CSTNode]
    ) -> Fix | None:
        """A Fix made of node replacements; None if one of them cannot be made."""
        edits: list[Edit] = []
        for old, new in replacements:
            edit = self.rewriter.edit(old, new)
            if edit is None:
                return None
            edits.append(edit)
        return Fix(applicability, message, tuple(edits)) if edits else None

    # --- what the IR knows about a node ------------------------------------------------------

    def layers_at(self, anchor: Any) -> list[LayerNode]:
        """Every layer constructed by the call ``anchor`` (one per interpretation: a call in a
        loop or in a function called twice builds several)."""
        return self._layers_by_call.get(id(anchor), [])

    def applications(self, anchor: Any) -> Iterator[tuple[Model, Node]]:
        """Where layers built by the call ``anchor`` are applied, model by model."""
        for model in self.ir.models:
            for node in model.nodes:
                if node.layer.anchor is anchor:
                    yield model, node

    def call_of_argument(self, node: cst.CSTNode) -> cst.Call | None:
        """The Keras call (layer, optimizer, fit) that ``node`` is an argument of: the keyword's
        name node of a keyword argument, or the expression of a positional one."""
        return self._calls_by_argument.get(id(node))

    @cached_property
    def _layers_by_call(self) -> dict[int, list[LayerNode]]:
        index: dict[int, list[LayerNode]] = {}
        for layer in self.ir.layers:
            if isinstance(layer.anchor, cst.Call):
                index.setdefault(id(layer.anchor), []).append(layer)
        return index

    @cached_property
    def _calls_by_argument(self) -> dict[int, cst.Call]:
        owners: list[Any] = [*self.ir.layers, *self.ir.optimizers]
        owners += [fit for model in self.ir.models for fit in model.fits]
        index: dict[int, cst.Call] = {}
        for owner in owners:
            call = owner.anchor
            if not isinstance(call, cst.Call):
                continue
            for anchor in owner.param_anchors.values():
                node = anchor[0] if isinstance(anchor, tuple) else anchor
                if isinstance(node, cst.CSTNode):
                    index[id(node)] = call
        return index
