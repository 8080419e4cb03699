"""Model outputs that keep axes the labels do not have (shared by KC106 and KC207).

A Dense layer acts on the last axis only, so a Dense head on an unflattened ``Conv2D`` output,
on an ``Embedding``, on a recurrent layer that returns sequences, or straight on an image input,
predicts one value per position: ``(batch, 13, 13, 10)`` against labels of one class per
sample. KC207 explains the recurrent case (the layer that returns sequences); KC106 every other
one. Both read the situation from here, so that exactly one of them speaks.
"""

from __future__ import annotations

from kerascheck import keras_api
from kerascheck.checks.model_walk import is_recurrent, returns_sequences, time_distributed_depth
from kerascheck.ir import Model, Node, Shape, same_dim
from kerascheck.shapes import ShapeMap

#: Layers a head applies after the layer that made the extra axes: they act on the last axis
#: (Dense, TimeDistributed(Dense)) or change nothing of the layout (Dropout, activations ...).
_HEAD = keras_api.PASS_THROUGH | keras_api.ACTIVATION_LAYERS | {"Dense"}


def _is_head(node: Node) -> bool:
    layer = node.layer
    if layer.cls == "TimeDistributed":
        return layer.inner is not None and layer.inner.cls == "Dense"
    return layer.cls in _HEAD


def one_per_sample(labels: Shape, output: Shape) -> bool:
    """Labels that hold one entry (a class id, a one-hot row, a value) per sample, against an
    output of rank 3 or more.

    ``(samples,)`` always. ``(samples, k)`` against ``(batch, steps, units)`` unless k may be
    the number of steps (a label per step, which Keras matches against ``(batch, steps, 1)``);
    against a rank-4 or rank-5 output always, since no loss lines it up with the positions.
    """
    if len(output) < 3 or len(labels) not in (1, 2):
        return False
    if len(labels) == 1:
        return True
    return len(output) > 3 or same_dim(labels[1], output[1]) is False


def sequence_source(model: Model, shapes: ShapeMap) -> Node | None:
    """KC207's case: the recurrent node whose returned sequence reaches the model's output with
    its time axis intact, walking back along single-input nodes that all output
    ``(batch, steps, units)``. ``TimeDistributed(LSTM)`` and anything else are not blamed."""
    current = model.output
    if current is None or not model.complete:
        return None
    while True:
        shape = shapes.output_of(current)
        if shape is None or len(shape) != 3:
            return None
        if is_recurrent(current.layer):
            sequences = returns_sequences(current.layer) is True
            plain = time_distributed_depth(current.layer) == 0
            return current if sequences and plain else None
        if len(current.inputs) != 1 and current.layer.cls not in _QUERY_KEEPING:
            return None
        current = current.inputs[0]


#: Attention over a list ``[query, value]`` keeps the query's positions: walk on to the query.
_QUERY_KEEPING = frozenset({"Attention", "AdditiveAttention"})


def axes_source(output: Node, shapes: ShapeMap) -> tuple[Node, Node | None] | None:
    """The node that made the output's extra axes, and the head node it feeds (None when the
    source is the output itself): walking back from the output through Dense and
    layout-neutral layers of the same rank to a Conv2D, a pooling layer, an Embedding, the
    model's input ... None when the graph branches or shapes are unknown."""
    shape = shapes.output_of(output)
    if shape is None or len(shape) < 3:
        return None
    current, fed = output, None
    while _is_head(current) and len(current.inputs) == 1:
        previous = current.inputs[0]
        before = shapes.output_of(previous)
        if before is None or len(before) != len(shape):
            return None
        current, fed = previous, current
    return None if _is_head(current) else (current, fed)
