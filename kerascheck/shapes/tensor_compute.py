"""Shape rules for the functions of graph tensors that compute new values or make tensors
from none: ``tf.matmul`` / ``@`` / ``tf.tensordot``, ``tf.one_hot``,
``tf.image.extract_patches``, ``tf.range``, filled and random tensors, a layer's weights,
``FeatureSpace`` encodings. What an op node is lives in ``tensor_ops``."""

from __future__ import annotations

from typing import Any

from kerascheck.dims import product
from kerascheck.ir import Dim, LayerNode, Sym, is_size, same_dim
from kerascheck.shapes.common import Rejection
from kerascheck.shapes.tensor_ops import (
    BATCH,
    Operand,
    axes_param,
    broadcast_shapes,
    flipped,
    named,
    op_rule,
    shown,
    size_param,
)

# --- products --------------------------------------------------------------------------------


@op_rule("MatMul")
def matmul(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.matmul(x, self.kernel)``, ``a @ b``: (..., n, k) x (..., k, m) -> (..., n, m), the
    leading axes broadcast. Vectors (rank 1) are not followed."""
    if len(operands) != 2 or any(len(o.shape) < 2 for o in operands):
        return None
    a, b = operands
    left, right = a.shape, b.shape
    if layer.params.get("transpose_a") is True:
        left = (*left[:-2], left[-1], left[-2])
    if layer.params.get("transpose_b") is True:
        right = (*right[:-2], right[-1], right[-2])
    if same_dim(left[-1], right[-2]) is False:
        if a.batched or b.batched:
            raise Rejection(
                "merge",
                f"{named(layer)} cannot multiply {shown(a)}{flipped(layer, 'a')} by "
                f"{shown(b)}{flipped(layer, 'b')}: {left[-1]} against {right[-2]}",
                f"A matrix product sums the last axis of the first tensor ({left[-1]}) against "
                f"the second-to-last axis of the second ({right[-2]}), so they need one size: "
                "TensorFlow refuses it when the model is built. Give the weight that many "
                "rows, or transpose one side (transpose_b=True).",
            )
        return None
    leading = broadcast_shapes([left[:-2], right[:-2]]) if len(left) + len(right) > 4 else ()
    if leading is None:
        return None
    shape = (*leading, left[-2], right[-1])
    if len(shape) == 2:
        batched = a.batched and layer.params.get("transpose_a") is not True
    else:
        batched = any(o.batched and len(o.shape) == len(shape) for o in operands)
    return Operand(shape, batched)


@op_rule("TensorDot")
def tensordot(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.tensordot(a, b, axes)``: an int N sums the last N axes of ``a`` with the first N
    of ``b``; a pair of axis lists names them."""
    if len(operands) != 2:
        return None
    a, b = operands
    axes = layer.params.get("axes")
    if is_size(axes):
        n = axes
        if n > min(len(a.shape), len(b.shape)):
            return None
        summed_a, summed_b = list(range(len(a.shape) - n, len(a.shape))), list(range(n))
    elif isinstance(axes, tuple | list) and len(axes) == 2:
        found_a, found_b = axes_param(axes[0], len(a.shape)), axes_param(axes[1], len(b.shape))
        if found_a is None or found_b is None or len(found_a) != len(found_b):
            return None
        summed_a, summed_b = found_a, found_b
    else:
        return None
    if any(
        same_dim(a.shape[i], b.shape[j]) is False for i, j in zip(summed_a, summed_b, strict=True)
    ):
        return None
    kept_a = [d for i, d in enumerate(a.shape) if i not in summed_a]
    kept_b = [d for i, d in enumerate(b.shape) if i not in summed_b]
    return Operand((*kept_a, *kept_b), a.batched and 0 not in summed_a)


@op_rule("OneHot")
def one_hot(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.one_hot(ids, depth)``: a new last axis of ``depth``."""
    if len(operands) != 1:
        return None
    (x,) = operands
    return Operand((*x.shape, size_param(layer.params.get("depth"))), x.batched)


@op_rule("ExtractPatches")
def extract_patches(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.image.extract_patches(images, sizes=[1, p, p, 1], strides=[1, s, s, 1], ...)``:
    (batch, rows, cols, patch * patch * channels)."""
    if len(operands) != 1 or len(operands[0].shape) != 4:
        return None
    (x,) = operands
    sizes, strides = layer.params.get("sizes"), layer.params.get("strides")
    rates = layer.params.get("rates", (1, 1, 1, 1))
    padding = layer.params.get("padding")
    if not all(_four(v) for v in (sizes, strides, rates)) or tuple(rates) != (1, 1, 1, 1):
        return None
    if not isinstance(padding, str) or padding.upper() not in ("VALID", "SAME"):
        return None
    grid: list[Dim] = []
    for axis in (1, 2):
        size, patch, stride = x.shape[axis], sizes[axis], strides[axis]
        if not is_size(size):
            grid.append(None)
        elif padding.upper() == "VALID":
            grid.append((size - patch) // stride + 1 if size >= patch else None)
        else:
            grid.append(-(-size // stride))
    depth = product((sizes[1], sizes[2], x.shape[3]))
    return Operand((x.shape[0], *grid, depth), x.batched)


def _four(value: Any) -> bool:
    return (
        isinstance(value, tuple | list)
        and len(value) == 4
        and all(is_size(v) and v > 0 for v in value)
        and value[0] == 1
        and value[3] == 1
    )


# --- tensors made from no tensor -------------------------------------------------------------


@op_rule("Range", source=True)
def tensor_range(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.range(start=0, limit=maxlen)``, ``keras.ops.arange(n)``: a vector, no batch axis."""
    start, limit = layer.params.get("start", 0), layer.params.get("limit")
    delta = layer.params.get("delta", 1)
    if is_size(start) and is_size(limit) and is_size(delta) and delta != 0:
        return Operand((len(range(start, limit, delta)),), False)
    if start == 0 and delta == 1 and isinstance(limit, Sym):
        return Operand((limit,), False)
    return Operand((None,), False)


@op_rule("Filled", "Weight", "Constant", source=True)
def filled(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``tf.random.normal(shape=(batch, dim))``, ``tf.zeros(shape)``, a layer's weight of
    ``add_weight(shape=...)``: a tensor of that shape, batched when its first size is the
    batch size of a batched tensor."""
    shape = layer.params.get("shape")
    if not isinstance(shape, tuple | list):
        return None
    if shape and shape[0] == BATCH:
        return Operand((None, *(size_param(d) for d in shape[1:])), True)
    return Operand(tuple(size_param(d) for d in shape), False)


@op_rule("FeatureSpaceEncoded", source=True)
def feature_space_encoded(layer: LayerNode, operands: list[Operand]) -> Operand | None:
    """``FeatureSpace.get_encoded_features()`` (concat mode): a batch of vectors whose width
    the adapted vocabularies decide."""
    return Operand((None, None), True)
