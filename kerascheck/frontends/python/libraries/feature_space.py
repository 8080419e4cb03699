"""``keras.utils.FeatureSpace``: structured data encoded by one object. Models are built on
``get_encoded_features()``, in the default ``output_mode="concat"`` a single batch of
vectors (batch, width) whose width depends on the vocabularies ``adapt`` learns: the rank
is known, the width is not. Its inputs (``get_inputs()``) are one per named feature."""

from __future__ import annotations

from dataclasses import dataclass, field

from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    Const,
    Mapping,
    TensorValue,
    Value,
    to_python,
)
from kerascheck.ir import UNKNOWN, LayerNode, Node

#: the op class of the encoded features: its rule in ``shapes.tensor_ops``
ENCODED = "FeatureSpaceEncoded"


@dataclass(eq=False)
class FeatureSpaceValue(Value):
    """A ``FeatureSpace`` of known feature names (None when the names are not followed)."""

    names: tuple[str, ...] | None
    concat: bool
    anchor: object = field(default=None, repr=False)
    inputs: dict[str, TensorValue] = field(default_factory=dict)
    encoded: TensorValue | None = None


def make(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``FeatureSpace(features={"age": ..., "city": ...}, output_mode="concat")``."""
    features = args.get(0, "features")
    names: tuple[str, ...] | None = None
    if isinstance(features, Mapping) and features.exact and features.items:
        keys = tuple(features.items)
        names = keys if all(isinstance(k, str) for k in keys) else None
    mode = to_python(args.get(None, "output_mode") or Const("concat"))
    return FeatureSpaceValue(names, mode == "concat", args.node)


def method(
    interp: InterpreterState, space: FeatureSpaceValue, name: str, args: CallArgs
) -> Value | None:
    if name == "adapt":
        return Const(None)
    if name == "get_inputs":
        return _inputs(space) or UNKNOWN_VALUE
    if name == "get_encoded_features":
        return _encoded(space) or UNKNOWN_VALUE
    return None


def _inputs(space: FeatureSpaceValue) -> Mapping | None:
    """One ``Input`` per feature, made once (the encoded features are computed from them);
    their shapes are FeatureSpace's own business and stay unknown here."""
    if space.names is None:
        return None
    if not space.inputs:
        for feature in space.names:
            layer = LayerNode("InputLayer", anchor=space.anchor, spelled="Input")
            layer.params.update(shape=UNKNOWN, name=feature)
            space.inputs[feature] = TensorValue(Node(layer))
    return Mapping(dict(space.inputs))


def _encoded(space: FeatureSpaceValue) -> TensorValue | None:
    inputs = _inputs(space)
    if inputs is None or not space.concat:
        return None  # output_mode="dict": one tensor per feature, not followed
    if space.encoded is None:
        layer = LayerNode(ENCODED, anchor=space.anchor, spelled="get_encoded_features")
        # computed from the inputs (extra parents: the walk reaches them), yet its shape
        # does not depend on theirs
        parents = tuple(("shape", value.node) for value in space.inputs.values())
        space.encoded = TensorValue(Node(layer, [], anchor=space.anchor, extra=parents))
    return space.encoded
