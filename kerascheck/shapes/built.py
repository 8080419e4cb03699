"""The shapes the checks read: a model that declares no input is built on the first data it
meets, as Keras builds it.

``Sequential([Dense(64), Dense(3)])`` has no input shape until ``fit(x)`` (or ``predict``, or
an eager ``model(x)``) builds it on x's shape. Without this its output stays unknown and the
label and output rules stay silent on the style most beginners write.
"""

from __future__ import annotations

from kerascheck.ir import Model, Shape
from kerascheck.shapes.infer import ShapeMap, infer_shapes


def model_shapes(model: Model) -> ShapeMap:
    """Shapes of ``model``'s nodes from its declared input or, for a Sequential that declares
    none, from the x of its first fit-like call; that x must be known and must not trouble the
    first layers (KC105 explains data a layer cannot take, from the same x)."""
    data = first_data_shape(model)
    if data is not None:
        built = infer_shapes(model, [data])
        if not built.problems:
            return built
    return infer_shapes(model)


def first_data_shape(model: Model) -> Shape | None:
    """The batch shape Keras builds an input-less Sequential on: the x of its first fit-like
    call in program order, when that x is a batched array of known shape."""
    if model.kind != "sequential" or model.inputs or not model.nodes or not model.fits:
        return None
    first = model.fits[0].x
    if first is None or first.info is None or first.unbatched is not None:
        return None
    shape = first.info.shape
    return (None, *shape[1:]) if shape is not None and len(shape) >= 2 else None
