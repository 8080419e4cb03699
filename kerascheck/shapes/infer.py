"""Walk a model's graph in topological order and give every node its static output shape.

Unknown stays unknown: a node whose input shape is unknown gets an unknown output and is never
blamed. A node whose layer refuses its (known) input is recorded as a ShapeProblem, and its
output becomes unknown, so that one mistake is reported once and not again downstream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kerascheck.ir import UNKNOWN, Dim, LayerNode, Model, Node, Shape, Sym
from kerascheck.shapes.common import RankMismatch, Rejection, apply_layer
from kerascheck.shapes.core import ELEMENTWISE
from kerascheck.shapes.messages import (
    INPUT_CLASSES,
    after_recurrent,
    explain_rank,
    recurrent_feeder,
)
from kerascheck.shapes.tensor_ops import (
    OP_RULES,
    OP_SOURCES,
    Operand,
    apply_op,
    resolve_params,
)

#: How the tensor the rules read may be passed: positionally, or by the name of the call's
#: first parameter (``inputs``; ``query`` for the attention layers, ``sequences`` for RNN).
_LEADING_KEYWORDS = (None, "inputs", "query", "sequences")


@dataclass
class ShapeProblem:
    node: Node  # the node whose layer cannot take its input
    kind: str  # "time-distributed" | "rank" | "rank-after-recurrent" | "size" | "reshape" | "merge"
    message: str  # what the layer receives and cannot take, one line
    help: str  # why the build fails, and the fix
    got: Shape | None  # the (first) input shape the layer received


@dataclass
class ShapeMap:
    """Static shapes of one model, batch axis included; None is an unknown shape or dim, a Sym
    a named unknown dim (``X.shape[1]``)."""

    problems: list[ShapeProblem] = field(default_factory=list)
    _inputs: dict[Node, list[Shape | None]] = field(default_factory=dict, repr=False)
    _outputs: dict[Node, Shape | None] = field(default_factory=dict, repr=False)
    #: shapes of the tensors without a batch axis (``tf.range(n)``, a weight, a reduction
    #: over axis 0): only the ops and the layers they feed read them, never a check
    _loose: dict[Node, Shape] = field(default_factory=dict, repr=False)

    def input_of(self, node: Node) -> Shape | None:
        inputs = self._inputs.get(node)
        return inputs[0] if inputs else None

    def inputs_of(self, node: Node) -> list[Shape | None]:
        return list(self._inputs.get(node, []))

    def output_of(self, node: Node) -> Shape | None:
        return self._outputs.get(node)

    def problem_of(self, node: Node) -> ShapeProblem | None:
        return next((p for p in self.problems if p.node is node), None)

    def operand(self, node: Node) -> Operand | None:
        """The node's output as an op reads it: its shape, batched or loose."""
        loose = self._loose.get(node)
        if loose is not None:
            return Operand(loose, False)
        shape = self._outputs.get(node)
        return Operand(shape, True) if shape is not None else None


def infer_shapes(model: Model, input_shapes: list[Shape] | None = None) -> ShapeMap:
    """Shapes of every node of ``model``; ``input_shapes`` (batch axis included) replaces the
    declared input shapes, in the order of ``model.inputs`` (or of the nodes without inputs)."""
    shapes = ShapeMap()
    given = _given_inputs(model, input_shapes)
    for node in model.nodes:
        if node.layer.cls in INPUT_CLASSES:
            shapes._inputs[node] = []
            shapes._outputs[node] = given[node] if node in given else declared_shape(node.layer)
            continue
        if node in given:
            inputs: list[Shape | None] = [given[node]]
        else:
            inputs = [shapes._outputs.get(i) for i in node.inputs]
        shapes._inputs[node] = inputs
        if node.layer.cls in OP_RULES or any(i in shapes._loose for i in node.inputs):
            _walk_op(node, shapes)
        elif node.keyword in _LEADING_KEYWORDS:
            shapes._outputs[node] = _apply(node, inputs, shapes)
        else:  # ``mha(value=v, query=q)``: the tensor kept as input is not the one rules read
            shapes._outputs[node] = None
    return shapes


def _walk_op(node: Node, shapes: ShapeMap) -> None:
    """An op node (``tf.reshape`` ...), or a layer fed a loose tensor (an Embedding of
    ``tf.range(n)``, ``x + positions``): its output, batched or loose. A layer on a loose
    tensor is never blamed: Keras reads its axis 0 as a batch it is not."""
    operands = [shapes.operand(i) for i in node.inputs]
    known = [o for o in operands if o is not None]
    result: Operand | None = None
    if len(known) == len(operands):
        if node.layer.cls in OP_RULES:
            try:
                result = apply_op(resolve_params(node.layer, shapes.operand), known)
            except Rejection as rejection:
                got = known[0].shape if known else None
                problem = ShapeProblem(node, rejection.kind, rejection.message, rejection.help, got)
                shapes.problems.append(problem)
        elif node.layer.cls in ELEMENTWISE and node.keyword is None:
            try:  # ``x + positions``: numpy's broadcasting, as Keras 3 applies it
                result = apply_op(LayerNode("Broadcast"), known)
            except Rejection:
                result = None  # fed a loose tensor: never blamed
        elif known and not any(o.batched for o in known) and node.keyword is None:
            try:
                shape = apply_layer(node.layer, [o.shape for o in known])
            except (RankMismatch, Rejection):
                shape = None
            result = Operand(shape, False) if shape is not None else None
    if result is None:
        shapes._outputs[node] = None
    elif result.batched:
        shapes._outputs[node] = result.shape
    else:
        shapes._outputs[node] = None
        shapes._loose[node] = result.shape


def _apply(node: Node, inputs: list[Shape | None], shapes: ShapeMap) -> Shape | None:
    got = inputs[0] if inputs else None
    try:
        return apply_layer(node.layer, inputs)
    except RankMismatch as mismatch:
        if got is None:  # a merge with an unknown branch: nothing to explain it with
            return None
        kind, message, help = explain_rank(node, mismatch, got, shapes.output_of)
        shapes.problems.append(ShapeProblem(node, kind, message, help, got))
    except Rejection as rejection:
        kind, message, help = rejection.kind, rejection.message, rejection.help
        feeder = recurrent_feeder(node) if got is not None else None
        if feeder is not None and got is not None:  # TD(LSTM) -> TD(LSTM): KC201's case
            kind = "rank-after-recurrent"
            message, help = after_recurrent(node, got, feeder)
        shapes.problems.append(ShapeProblem(node, kind, message, help, got))
    return None


def _given_inputs(model: Model, input_shapes: list[Shape] | None) -> dict[Node, Shape]:
    if not input_shapes:
        return {}
    entries = model.inputs or [
        n for n in model.nodes if not n.inputs and n.layer.cls not in OP_SOURCES
    ]
    return {node: tuple(shape) for node, shape in zip(entries, input_shapes, strict=False)}


def declared_shape(layer: LayerNode) -> Shape | None:
    """The full shape an InputLayer declares: ``shape=(20, 1)`` -> ``(None, 20, 1)``."""
    params = layer.params
    for name in ("batch_shape", "batch_input_shape"):
        if name in params:
            return _dims(params[name])
    for name in ("shape", "input_shape"):
        if name in params:
            dims = _dims(params[name])
            if dims is None:
                return None
            batch = params.get("batch_size")
            known_batch = batch if isinstance(batch, int) and not isinstance(batch, bool) else None
            return (known_batch, *dims)
    return None


def _dims(value: Any) -> Shape | None:
    if value is UNKNOWN or not isinstance(value, (tuple, list)):
        return None
    dims: list[Dim] = []
    for d in value:
        if (isinstance(d, int) and not isinstance(d, bool) and d >= 0) or isinstance(d, Sym):
            dims.append(d)
        elif d is None or d is UNKNOWN:
            dims.append(None)
        else:
            return None
    return tuple(dims)
