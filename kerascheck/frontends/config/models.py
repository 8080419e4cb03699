"""Serialized Sequential and functional models as IR ``Model`` graphs.

The shape of the result follows the Python frontend: a Sequential model is a chain that starts
with a synthesised ``InputLayer`` when the input is declared; a functional model holds the
nodes that lead to its outputs, in topological order. A model nested in another one is linted
as a model of its own and is an opaque node (``cls=""``) in the outer graph, as in code.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kerascheck.frontends.config.context import BuildContext
from kerascheck.frontends.config.inbound import Ref, calls, extras, refs_of
from kerascheck.frontends.config.layers import declared_input, input_layer, layer_name, make_layer
from kerascheck.frontends.config.places import join
from kerascheck.frontends.config.values import class_name, is_model_entry
from kerascheck.ir import LayerNode, Model, Node, topological_order


def make_model(ctx: BuildContext, entry: dict[str, Any], path: str, depth: int) -> Model:
    """The model of a ``{"class_name": "Sequential" | "Functional" | "Model", ...}`` entry."""
    config = entry.get("config")
    sequential = class_name(entry) == "Sequential"
    model = Model("sequential" if sequential else "functional", anchor=ctx.places.of(entry, path))
    if isinstance(config, dict) and isinstance(config.get("name"), str):
        model.name = config["name"]
    ctx.ir.models.append(model)
    entries = config.get("layers") if isinstance(config, dict) else config  # Keras 2.0: a list
    if not isinstance(entries, list):
        model.complete = False
        return model
    if sequential:
        _sequential(ctx, model, entries, path, depth)
    else:
        assert isinstance(config, dict)
        _functional(ctx, model, config, entries, path, depth)
    return model


def _entry_path(path: str, index: int, entry: Any) -> str:
    return join(path, f"layers[{index}] {layer_name(entry)}".rstrip())


def _layer_or_model(ctx: BuildContext, entry: Any, path: str, depth: int) -> LayerNode:
    """A layer entry's layer; a nested model is built on its own and stands here opaque."""
    if is_model_entry(entry):
        make_model(ctx, entry, path, ctx.enter(depth, path))
        return LayerNode("", spelled=class_name(entry), anchor=ctx.places.of(entry, path))
    return make_layer(ctx, entry, path, ctx.enter(depth, path))


# --- Sequential ---------------------------------------------------------------------------------


def _sequential(ctx: BuildContext, model: Model, entries: list[Any], path: str, depth: int) -> None:
    for index, entry in enumerate(entries):
        here = _entry_path(path, index, entry)
        layer = _layer_or_model(ctx, entry, here, depth)
        if layer.cls == "InputLayer":
            if not model.nodes:
                _append(model, Node(input_layer(layer)))
            continue
        if not model.nodes:
            declared = declared_input(layer)
            if declared is not None:
                _append(model, Node(declared))
        if not layer.resolved:
            model.complete = False
        _append(model, Node(layer, model.nodes[-1:]))


def _append(model: Model, node: Node) -> None:
    if node.layer.cls == "InputLayer" and not node.inputs:
        model.inputs.append(node)
    model.nodes.append(node)
    model.outputs = [node]


# --- functional ---------------------------------------------------------------------------------


def _functional(
    ctx: BuildContext,
    model: Model,
    config: dict[str, Any],
    entries: list[Any],
    path: str,
    depth: int,
) -> None:
    graph = _Graph()
    for index, entry in enumerate(entries):
        here = _entry_path(path, index, entry)
        layer = _layer_or_model(ctx, entry, here, depth)
        if layer.cls == "InputLayer":
            graph.add(layer_name(entry), input_layer(layer), [[]])
        else:
            graph.add(
                layer_name(entry),
                layer,
                calls(entry) if isinstance(entry, dict) else [],
                extras(entry) if isinstance(entry, dict) else [],
            )
    graph.build()
    outputs = graph.ends(config.get("output_layers"))
    declared = graph.ends(config.get("input_layers"))
    if outputs is None:
        model.complete = False
        model.inputs = declared or []
        model.nodes = list(model.inputs)
        return
    model.nodes = topological_order(outputs)
    model.outputs = outputs
    model.inputs = (
        declared
        if declared is not None
        else [n for n in model.nodes if n.layer.cls == "InputLayer" and not n.inputs]
    )
    if graph.incomplete or any(not n.layer.resolved for n in model.nodes):
        model.complete = False


class _Graph:
    """Turns every call of every layer into a ``Node``, whatever order the config lists them in.

    Call ``k`` of a layer becomes its ``k``-th node once the calls it takes tensors from exist.
    A call that must wait is woken by the one it waits for, so the work stays linear in the
    size of the graph even when a hostile config lists the layers backwards.
    """

    def __init__(self) -> None:
        self.layers: dict[str, LayerNode] = {}
        self.calls: dict[str, list[list[Ref | None]]] = {}
        self.extras: dict[str, list[list[tuple[str, Ref | None]]]] = {}
        self.nodes: dict[str, list[Node]] = {}
        self.incomplete = False
        self._waiting: dict[tuple[str, int], list[str]] = defaultdict(list)

    def add(
        self,
        name: str,
        layer: LayerNode,
        calls: list[list[Ref | None]],
        extras: list[list[tuple[str, Ref | None]]] | None = None,
    ) -> None:
        if name in self.layers:  # two layers with one name: references to it are ambiguous
            self.incomplete = True
            name = f"{name}#{len(self.layers)}"
        self.layers[name] = layer
        self.calls[name] = calls
        self.extras[name] = extras or []
        self.nodes[name] = []

    def build(self) -> None:
        for name in list(self.layers):
            self._advance(name)
        self._flush()

    def _advance(self, start: str) -> None:
        pending = [start]
        while pending:
            name = pending.pop()
            nodes, calls = self.nodes[name], self.calls[name]
            while len(nodes) < len(calls):
                refs = calls[len(nodes)]
                extra = self._extra(name, len(nodes))
                missing = self._missing([*refs, *(ref for _, ref in extra)])
                if missing is not None:
                    self._waiting[missing].append(name)
                    break
                nodes.append(self._node(name, refs, extra))
                pending.extend(self._waiting.pop((name, len(nodes) - 1), []))

    def _extra(self, name: str, call: int) -> list[tuple[str, Ref | None]]:
        planned = self.extras.get(name, [])
        return planned[call] if call < len(planned) else []

    def _node(self, name: str, refs: list[Ref | None], extra: list[tuple[str, Ref | None]]) -> Node:
        inputs = [self._resolve(ref) for ref in refs]
        more = tuple((key, self._resolve(ref)) for key, ref in extra)
        return Node(self.layers[name], inputs, extra=more)

    def _missing(self, refs: list[Ref | None]) -> tuple[str, int] | None:
        """An input call that the config lists but that does not exist yet."""
        for ref in refs:
            if ref is None or ref[0] not in self.calls:
                continue
            source, index, _ = ref
            if len(self.nodes[source]) <= index < len(self.calls[source]):
                return (source, index)
        return None

    def _resolve(self, ref: Ref | None) -> Node:
        if ref is not None:
            source, index, tensor = ref
            made = self.nodes.get(source, [])
            if tensor == 0 and index < len(made):
                return made[index]
        self.incomplete = True  # an unknown layer, or an output other than the first (states)
        return Node(LayerNode("", spelled="?"))

    def _flush(self) -> None:
        """Calls still waiting (a cycle, a self reference) go in with unknown inputs."""
        self._waiting.clear()
        for name, planned in self.calls.items():
            nodes = self.nodes[name]
            while len(nodes) < len(planned):
                self.incomplete = True
                refs = planned[len(nodes)]
                nodes.append(self._node(name, refs, self._extra(name, len(nodes))))

    def ends(self, value: Any) -> list[Node] | None:
        """The nodes ``input_layers``/``output_layers`` name, or None if one is unknown."""
        refs = refs_of(value)
        if not refs:
            return None
        ends: list[Node] = []
        for ref in refs:
            made = self.nodes.get(ref[0], []) if ref is not None else []
            if ref is None or ref[1] >= len(made):
                return None
            ends.append(made[ref[1]])
        return ends
