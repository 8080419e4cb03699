"""Keras layers called on data, outside any graph (``ds.map(lambda x, y: (augment(x), y))``,
``vectorize_layer(text)`` in a map function, ``normalizer(x_batch)``).

The layer runs eagerly on the array: what comes out has the shape the layer's static rule
gives for the array's shape (``kerascheck.shapes``), the array's provenance, and nothing else
unless the layer is known to keep it: geometric augmentations keep the values (their scale,
kind and range), ``TextVectorization`` makes token ids. An array of unknown shape, a layer
without a rule or a shape the layer refuses gives an array of unknown shape.
"""

from __future__ import annotations

from dataclasses import replace

from kerascheck.frontends.python.values import ArrayValue
from kerascheck.ir import ArrayInfo, LayerNode, Shape
from kerascheck.keras_api import VALUE_KEEPING

#: Layers that move values around (or drop some) without changing them: what came in, scaled
#: or raw, goes out the same. Training-only noise (Dropout ...) is off outside ``fit``.
_VALUES_KEPT = VALUE_KEEPING | {
    "RandomFlip",
    "RandomRotation",
    "RandomZoom",
    "RandomTranslation",
    "RandomCrop",
    "CenterCrop",
    "Reshape",
    "Flatten",
    "Permute",
    "RepeatVector",
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
}


def layer_on_array(layer: LayerNode, array: ArrayValue) -> ArrayValue:
    """``layer(x)`` on data: the output of the layer's rule on ``x``'s shape."""
    info = array.info
    shape = _output_shape(layer, info.shape)
    if layer.cls in _VALUES_KEPT:
        return ArrayValue(replace(info, shape=shape, computed=True))
    out = ArrayInfo(origins=info.origins, shape=shape, split=info.split, order=info.order)
    if layer.cls == "TextVectorization" and shape is not None:
        out = replace(out, token_ids=True)
    return ArrayValue(out)


def _output_shape(layer: LayerNode, shape: Shape | None) -> Shape | None:
    if shape is None or not shape or not layer.resolved:
        return None
    from kerascheck.shapes.common import RankMismatch, Rejection, apply_layer

    try:
        return apply_layer(layer, [shape])
    except (RankMismatch, Rejection):
        return None
