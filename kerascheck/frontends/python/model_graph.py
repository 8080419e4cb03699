"""Models used as parts of other models: a model called as a layer, a Sequential inside a
Sequential, and the layers and tensors a model hands out (``model.layers[-2].output``,
``model.get_layer("fc")``, ``model.input``).

A model called on a tensor is inlined: its nodes are copied with the caller's tensor in place
of its input, so shapes flow through ``Model(i, decoder(encoder(i)))`` as through one graph.
The copies keep the original layers and anchors: a layer fault inside the inner model is
reported where that layer is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    LayerValue,
    Sequence,
    TensorValue,
    Value,
    to_python,
)
from kerascheck.ir import (
    UNKNOWN,
    ArrayInfo,
    LayerNode,
    Model,
    Node,
    Shape,
    is_size,
    same_dim,
    topological_order,
)

#: A model bigger than this is applied as one opaque layer rather than copied.
MAX_INLINED_NODES = 2000


@dataclass(eq=False)
class ModelLayer(LayerValue):
    """A layer taken out of a model (``model.layers[-1]``): it knows where it was applied, so
    its ``.output`` and ``.input`` are tensors of that model's graph."""

    node: Node | None = None


def inline(model: Model, inputs: list[Node]) -> list[Node] | None:
    """Copies of ``model``'s nodes fed by ``inputs``; its outputs' copies, or None when the
    model is not known well enough to copy (unknown parts, another number of inputs)."""
    if not model.complete or not model.outputs or len(model.nodes) > MAX_INLINED_NODES:
        return None
    copies: dict[int, Node] = {}
    if model.inputs:
        if len(model.inputs) != len(inputs):
            return None
        copies = {id(source): given for source, given in zip(model.inputs, inputs, strict=True)}
    elif len(inputs) != 1 or model.kind != "sequential":
        return None
    for node in model.nodes:
        if id(node) in copies:
            continue
        if not node.inputs and node is model.nodes[0] and not model.inputs:
            feeds = list(inputs)  # a Sequential without a declared input: the first layer
        else:
            feeds = [copies.get(id(parent), parent) for parent in node.inputs]
        extra = tuple((name, copies.get(id(parent), parent)) for name, parent in node.extra)
        copies[id(node)] = Node(node.layer, feeds, node.anchor, node.keyword, extra)
    for output in model.outputs:
        if not any(output is source for source in model.inputs):
            copies[id(output)].model_output = True
    return [copies[id(output)] for output in model.outputs]


def build_on_call(model: Model, shape: Shape, anchor: object) -> None:
    """A Sequential without a declared input, first called on a graph tensor of known shape,
    is built on that shape (as Keras builds it): its own layers then have shapes too, as a
    data augmentation or a feed-forward block inside a bigger model."""
    if model.kind != "sequential" or not model.nodes or not model.complete:
        return
    first = model.nodes[0]
    if model.inputs == [first] and first.layer.params.get("shape") is UNKNOWN and len(shape) > 0:
        first.layer.params["shape"] = tuple(shape[1:])  # the placeholder before a custom layer
        first.layer.anchor = anchor
        model.built_on_call = True
        return
    if model.inputs:
        return
    if first.inputs or first.layer.cls == "InputLayer" or not shape:
        return
    layer = LayerNode("InputLayer", params={"shape": tuple(shape[1:])}, spelled="Input")
    layer.anchor = anchor
    source = Node(layer)
    model.built_on_call = True
    first.inputs = [source]
    model.nodes.insert(0, source)
    model.inputs = [source]


def symbolic_shape(node: Node) -> Shape | None:
    """The static shape of a graph tensor while the graph is still being built (a model called
    on it checks it against its declared input); None when any part of it is unknown."""
    nodes = topological_order([node])
    if len(nodes) > MAX_INLINED_NODES or any(not n.layer.resolved for n in nodes):
        return None
    from kerascheck.shapes import infer_shapes  # the static shape rules, no Keras
    from kerascheck.shapes.tensor_ops import OP_SOURCES

    sources = [n for n in nodes if not n.inputs and n.layer.cls not in OP_SOURCES]
    if any(n.layer.cls != "InputLayer" for n in sources):
        return None

    partial = Model("functional", nodes=nodes, inputs=sources, outputs=[node])
    shapes = infer_shapes(partial)
    if shapes.problems:
        return None  # a fault upstream is reported where it is, and stops the shapes
    return shapes.output_of(node)


def disagrees(model: Model, shape: Shape) -> bool:
    """Whether a tensor of ``shape`` is known not to match the model's declared input (a size
    or a rank; a missing or extra trailing axis of size 1 is left to KC105 to judge): a model
    called on a tensor is recorded as a data call only then, it is a layer otherwise."""
    if len(model.inputs) != 1 or model.built_on_call:
        return False
    from kerascheck.shapes import declared_shape

    declared = declared_shape(model.inputs[0].layer)
    if declared is None:
        return False
    if len(declared) != len(shape):
        longer, shorter = (declared, shape) if len(declared) > len(shape) else (shape, declared)
        return len(longer) != len(shorter) + 1 or same_dim(longer[-1], 1) is False
    return any(same_dim(a, b) is False for a, b in zip(declared[1:], shape[1:], strict=True))


def predicted(model: Model, data: Value | None) -> Value:
    """``model.predict(x)``: an array of the model's output shape, one row per row of ``x``
    (``gen_imgs = generator.predict(noise)`` then fed to a discriminator), derived from ``x``;
    a list of arrays for a model that lists several outputs, in that order. ``x`` is one
    array, or a list of arrays for a model that lists its inputs in that order. Unknown
    unless the model's output shapes are known and ``x`` fits its inputs."""
    parts = data.items if isinstance(data, Sequence) and data.exact else [data]
    arrays = [part for part in parts if isinstance(part, ArrayValue) and part.info.shape]
    if not arrays or len(arrays) != len(parts) or not model.outputs or not model.complete:
        return UNKNOWN_VALUE
    if len(model.outputs) > 1 and not model.outputs_in_order:
        return UNKNOWN_VALUE
    from kerascheck.shapes import declared_shape, infer_shapes

    first = arrays[0]
    if not model.inputs and model.kind == "sequential" and model.nodes and len(arrays) == 1:
        return _built_on_data(model, first)  # Keras builds it on the first batch it gets
    if len(model.inputs) != len(arrays) or (len(arrays) > 1 and not model.inputs_in_order):
        return UNKNOWN_VALUE
    for array, node in zip(arrays, model.inputs, strict=True):
        declared = declared_shape(node.layer)
        sample = (array.info.shape or ())[1:]
        if declared is None or len(declared) != len(sample) + 1:
            return UNKNOWN_VALUE
        if any(same_dim(a, b) is False for a, b in zip(declared[1:], sample, strict=True)):
            return UNKNOWN_VALUE  # KC105 says why; what comes out is not known
    shapes = infer_shapes(model)
    if shapes.problems:
        return UNKNOWN_VALUE
    assert first.info.shape is not None
    origins = frozenset().union(*(array.info.origins for array in arrays))
    results: list[Value] = []
    for node in model.outputs:
        output = shapes.output_of(node)
        if output is None:
            results.append(UNKNOWN_VALUE)
            continue
        info = ArrayInfo(origins=origins, shape=(first.info.shape[0], *output[1:]))
        results.append(ArrayValue(info))
    return results[0] if len(results) == 1 else Sequence(results)


def _built_on_data(model: Model, data: ArrayValue) -> Value:
    """A Sequential without a declared input, called on data (an augmentation block in a
    ``ds.map``): its layers' rules on the data's shape."""
    from kerascheck.shapes import infer_shapes

    assert data.info.shape is not None
    shapes = infer_shapes(model, [data.info.shape])
    output = shapes.output_of(model.outputs[0])
    if shapes.problems or output is None:
        return UNKNOWN_VALUE
    return ArrayValue(ArrayInfo(origins=data.info.origins, shape=(data.info.shape[0], *output[1:])))


def model_attribute(model: Model, name: str) -> Value | None:
    """``model.input``, ``model.outputs``, ``model.layers``, ``model.input_shape`` (one
    declared input); None for anything else."""
    if name in ("input", "inputs") and model.inputs:
        tensors = [TensorValue(node) for node in model.inputs]
        if name == "input":
            return tensors[0] if len(tensors) == 1 else Sequence(list(tensors))
        return Sequence(list(tensors))
    if name in ("output", "outputs") and model.outputs and model.complete:
        tensors = [TensorValue(node) for node in model.outputs]
        if name == "output":
            return tensors[0] if len(tensors) == 1 else Sequence(list(tensors))
        return Sequence(list(tensors))
    if name == "layers" and model.complete:
        return Sequence(list(_layers(model)), exact=True)
    if name == "input_shape" and len(model.inputs) == 1:
        from kerascheck.shapes import declared_shape

        declared = declared_shape(model.inputs[0].layer)  # ``(None, 28, 28, 1)``
        if declared is not None:
            return Sequence([Const(None), *(Const(d) for d in declared[1:])], is_tuple=True)
    return None


def _layers(model: Model) -> list[ModelLayer]:
    """``model.layers``: each layer once, at its first application; a Sequential's list leaves
    its input out, a functional model's keeps it (as Keras does)."""
    seen: set[int] = set()
    layers: list[ModelLayer] = []
    for node in model.nodes:
        if model.kind == "sequential" and node.layer.cls == "InputLayer":
            continue
        if id(node.layer) in seen:
            continue
        seen.add(id(node.layer))
        layers.append(ModelLayer(node.layer, node))
    return layers


def get_layer(model: Model, name: Value | None, index: Value | None) -> Value | None:
    """``model.get_layer("fc")`` by the ``name=`` its constructor was given, or by index."""
    if not model.complete:
        return None
    layers = _layers(model)
    wanted = to_python(name) if name is not None else None
    if isinstance(wanted, str):
        matches = [layer for layer in layers if layer.layer.params.get("name") == wanted]
        return matches[0] if len(matches) == 1 else None
    position = to_python(index) if index is not None else None
    if is_size(position) and -len(layers) <= position < len(layers):
        return layers[position]
    return None


def layer_attribute(layer: LayerValue, name: str) -> Value | None:
    """``layer.output`` / ``layer.input`` of a layer taken out of a model; ``layer.units``
    and the other constructor arguments of any layer."""
    if isinstance(layer, ModelLayer) and layer.node is not None:
        node = layer.node
        if name == "output":
            return TensorValue(node)
        if name == "input" and len(node.inputs) == 1:
            return TensorValue(node.inputs[0])
    value = layer.layer.params.get(name)
    if isinstance(value, (int, float, str, bool)) and name not in ("input", "output"):
        return Const(value)
    return None
