"""Shape rules for the core, reshaping and merging layers (everything that is not spatial or
recurrent). Behaviour follows Keras 3 (checked against keras 3.15 while writing the tests)."""

from __future__ import annotations

from kerascheck import keras_api
from kerascheck.dims import CountMismatch, describe_count, reshaped, shift
from kerascheck.ir import Dim, LayerNode, Shape, Sym, is_size, same_dim
from kerascheck.shapes.common import (
    RankMismatch,
    Rejection,
    apply_layer,
    dim_param,
    format_dims,
    format_shape,
    multi_rule,
    product,
    rule,
    size_param,
)

#: Layers whose output has the shape of their input.
IDENTITY = (
    (keras_api.PASS_THROUGH - {"SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"})
    | keras_api.ACTIVATION_LAYERS
    | {"Normalization", "Rescaling"}
)


@rule(*sorted(IDENTITY), symbolic=True)
def identity(layer: LayerNode, shape: Shape) -> Shape | None:
    return shape


@rule("Dense", symbolic=True)
def dense(layer: LayerNode, shape: Shape) -> Shape | None:
    """Dense maps the last axis and keeps every other one, so any rank >= 2 works."""
    if len(shape) < 2:
        raise RankMismatch(2, ("features",), at_least=True)
    return (*shape[:-1], size_param(layer, "units"))


@rule("EinsumDense", symbolic=True)
def einsum_dense(layer: LayerNode, shape: Shape) -> Shape | None:
    """``EinsumDense("abc,cd->abd", output_shape=(None, 64))``: each output letter takes its
    size from ``output_shape`` (which omits the batch letter) or, where that says None, from
    the input axis of the same letter. Equations with ``...`` are not modelled."""
    parsed = _einsum(layer.params.get("equation"))
    raw = layer.params.get("output_shape")
    sizes = (raw,) if is_size(raw) or isinstance(raw, Sym) else raw
    if parsed is None or not isinstance(sizes, (tuple, list)):
        return None
    given, produced = parsed
    if len(given) != len(shape) or len(sizes) != len(produced) - 1:
        return None
    axis_of = {letter: shape[i] for i, letter in enumerate(given)}
    out: list[Dim] = [axis_of.get(produced[0])]
    for letter, size in zip(produced[1:], sizes, strict=True):
        out.append(axis_of.get(letter) if size is None else dim_param(size))
    return tuple(out)


def _einsum(equation: object) -> tuple[str, str] | None:
    """``"ab,bc->ac"`` -> ("ab", "ac"): the input's and the output's letters."""
    if not isinstance(equation, str) or "..." in equation:
        return None
    sides = equation.replace(" ", "").split("->")
    operands = sides[0].split(",") if len(sides) == 2 else []
    if len(operands) != 2 or not all(part.isalpha() for part in (operands[0], sides[1])):
        return None
    return operands[0], sides[1]


@rule("SpectralNormalization", symbolic=True)
def spectral_normalization(layer: LayerNode, shape: Shape) -> Shape | None:
    """Normalises the wrapped layer's kernel: the output is the wrapped layer's."""
    inner = layer.inner
    return None if inner is None else apply_layer(inner, [shape])


@rule("Pipeline", symbolic=True)
def pipeline(layer: LayerNode, shape: Shape) -> Shape | None:
    """``Pipeline([a, b])`` applies its layers one after the other."""
    layers = layer.params.get("layers")
    if not isinstance(layers, (list, tuple)) or not layers:
        return None
    current: Shape | None = shape
    for inner in layers:
        if not isinstance(inner, LayerNode) or current is None:
            return None
        current = apply_layer(inner, [current])
    return current


@rule("Flatten", symbolic=True, input_rank=2)
def flatten(layer: LayerNode, shape: Shape) -> Shape | None:
    # Keras 3: (batch,) -> (batch, 1), (batch, n) -> (batch, n); any input gives rank 2.
    return (shape[0], product(shape[1:]) if len(shape) > 1 else 1)


def _target(value: object) -> tuple[Dim, ...] | None:
    """A Reshape target: positive sizes, Syms (``X.shape[1]``) and at most one -1."""
    if not isinstance(value, (tuple, list)):
        return None
    dims: list[Dim] = []
    for d in value:
        if (is_size(d) and (d > 0 or d == -1)) or isinstance(d, Sym):
            dims.append(d)
        else:
            return None
    return tuple(dims) if dims.count(-1) <= 1 else None


@rule("Reshape", symbolic=True, input_rank=2)
def reshape(layer: LayerNode, shape: Shape) -> Shape | None:
    """The target is the output, whatever the input; the sizes must multiply to the same."""
    target = _target(layer.params.get("target_shape"))
    if target is None:
        return None
    try:
        return (shape[0], *reshaped(shape[1:], target))
    except CountMismatch as mismatch:
        total, fixed = describe_count(mismatch.held), describe_count(mismatch.asked)
        if mismatch.free_axis:
            problem = f"{total} values are not a multiple of {fixed}"
            why = f"No size for the -1 in {format_dims(target)} makes the {total} values fit"
        else:
            problem = f"{total} values per sample, not {fixed}"
            why = f"The target shape {format_dims(target)} holds {fixed} values, not {total}"
        raise Rejection(
            "reshape",
            f"Reshape to {format_dims(target)} receives {format_shape(shape)}: {problem}",
            f"{why}, so Keras refuses to build the model. Choose a target_shape whose sizes "
            f"multiply to {total}, or put -1 in one place to let Keras compute it.",
        ) from None


@rule("ExpandDims", symbolic=True)
def expand_dims(layer: LayerNode, shape: Shape) -> Shape | None:
    """``keras.ops.expand_dims`` on a graph tensor: a size-1 axis at ``axis`` (counted with the
    batch axis, as the op sees it); an axis before the batch or out of range stays unknown."""
    axis = layer.params.get("axis")
    if not isinstance(axis, int) or isinstance(axis, bool):
        return None
    position = axis if axis >= 0 else len(shape) + 1 + axis
    if not 1 <= position <= len(shape):
        return None
    return (*shape[:position], 1, *shape[position:])


@rule("Permute", symbolic=True)
def permute(layer: LayerNode, shape: Shape) -> Shape | None:
    dims = layer.params.get("dims")
    if not isinstance(dims, (tuple, list)) or not all(
        isinstance(d, int) and not isinstance(d, bool) for d in dims
    ):
        return None
    if sorted(dims) != list(range(1, len(dims) + 1)):
        return None
    if len(dims) != len(shape) - 1:
        raise RankMismatch(len(dims) + 1, tuple(f"axis {i}" for i in range(1, len(dims) + 1)))
    return (shape[0], *(shape[d] for d in dims))


@rule("RepeatVector", symbolic=True, input_rank=2)
def repeat_vector(layer: LayerNode, shape: Shape) -> Shape | None:
    if len(shape) != 2:
        raise RankMismatch(2, ("features",))
    return (shape[0], dim_param(layer.params.get("n")), shape[1])


@rule("Embedding", symbolic=True)
def embedding(layer: LayerNode, shape: Shape) -> Shape | None:
    """Keras 3 embeds every entry of any rank: (batch, 20, 1) -> (batch, 20, 1, output_dim)."""
    return (*shape, size_param(layer, "output_dim"))


# --- merging --------------------------------------------------------------------------------

ELEMENTWISE = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")


def _shapes_text(shapes: list[Shape]) -> str:
    texts = [format_shape(s) for s in shapes]
    return ", ".join(texts[:-1]) + f" and {texts[-1]}" if len(texts) > 1 else texts[0]


@multi_rule(*ELEMENTWISE, symbolic=True)
def elementwise(layer: LayerNode, shapes: list[Shape]) -> Shape | None:
    """Keras' own broadcasting rule for merges: right-aligned, a 1 stretches, None matches."""
    result: tuple[int | None, ...] = shapes[0][1:]
    for other in shapes[1:]:
        result = _broadcast(layer, shapes, result, other[1:])
    return (shapes[0][0], *result)


def _broadcast(
    layer: LayerNode, shapes: list[Shape], one: tuple[Dim, ...], two: tuple[Dim, ...]
) -> tuple[Dim, ...]:
    longer, shorter = (one, two) if len(one) >= len(two) else (two, one)
    lead = len(longer) - len(shorter)
    merged = list(longer[:lead])
    for a, b in zip(longer[lead:], shorter, strict=True):
        if a == 1 or b == 1:
            merged.append(b if a == 1 else a)
            continue
        same = same_dim(a, b)
        if same is None:
            merged.append(None)
        elif same:
            merged.append(a)
        else:
            raise Rejection(
                "merge",
                f"{layer.display} cannot merge inputs of shapes {_shapes_text(shapes)}",
                f"An element-wise merge needs equal shapes (a 1 may stretch), but {a} meets {b}, "
                "so Keras refuses to build the model. Make the branches agree, for example with "
                "a Dense of the same width on each, or use Concatenate to join different widths.",
            )
    return tuple(merged)


@multi_rule("Concatenate", symbolic=True, same_rank=True)
def concatenate(layer: LayerNode, shapes: list[Shape]) -> Shape | None:
    axis = layer.params.get("axis", -1)
    if not isinstance(axis, int) or isinstance(axis, bool):
        return None
    rank = len(shapes[0])
    if not -rank <= axis < rank or axis % rank == 0:
        return None
    axis %= rank
    mismatch = len({len(s) for s in shapes}) > 1
    if not mismatch:
        for i in range(1, rank):
            sizes = [s[i] for s in shapes]
            if i != axis and any(same_dim(a, b) is False for a in sizes for b in sizes):
                mismatch = True
    if mismatch:
        raise Rejection(
            "merge",
            f"Concatenate (axis={layer.params.get('axis', -1)}) cannot join shapes "
            f"{_shapes_text(shapes)}",
            "Every axis except the concatenation axis must match, so Keras refuses to build the "
            "model. Bring the branches to the same rank and sizes first (Reshape, Flatten, "
            "pooling, RepeatVector), or concatenate along the axis where they differ.",
        )
    out = list(shapes[0])  # Keras 3 keeps the first input's sizes on the other axes
    out[axis] = _total([s[axis] for s in shapes])
    return tuple(out)


def _total(sizes: list[Dim]) -> Dim:
    """The concatenated length: a sum of ints, or one Sym shifted by the known rest."""
    symbols = [d for d in sizes if isinstance(d, Sym)]
    if any(d is None for d in sizes) or len(symbols) > 1:
        return None
    rest = sum(d for d in sizes if is_size(d))  # type: ignore[misc]
    return shift(symbols[0], rest) if symbols else rest


@multi_rule("Stack", symbolic=True)
def stack(layer: LayerNode, shapes: list[Shape]) -> Shape | None:
    """``keras.ops.stack`` of graph tensors: alike shapes, their count as a new axis. Shapes
    that differ stay unknown (the op's own error is no rule of ours); so does the batch axis."""
    axis = layer.params.get("axis", 0)
    rank = len(shapes[0])
    if not isinstance(axis, int) or isinstance(axis, bool) or {len(s) for s in shapes} != {rank}:
        return None
    position = axis if axis >= 0 else rank + 1 + axis
    if not 1 <= position <= rank:
        return None
    dims: list[Dim] = []
    for column in zip(*shapes, strict=True):
        sizes = {d for d in column if d is not None}
        if len(sizes) > 1:
            return None
        dims.append(sizes.pop() if sizes else None)
    return (*dims[:position], len(shapes), *dims[position:])


@multi_rule("Dot", symbolic=True)
def dot(layer: LayerNode, shapes: list[Shape]) -> Shape | None:
    """Keras' Dot: the two axes must have one size; the output is the first input without
    its axis, then the second without its batch and its axis (at least rank 2)."""
    if len(shapes) != 2:
        return None
    one, two = shapes
    axes = _dot_axes(layer.params.get("axes"), len(one), len(two))
    if axes is None:
        return None
    a, b = one[axes[0]], two[axes[1]]
    if same_dim(a, b) is False:
        raise Rejection(
            "merge",
            f"{layer.display} (axes={layer.params.get('axes')}) cannot multiply shapes "
            f"{_shapes_text(shapes)}",
            f"A dot product sums over one axis of each input, and these have sizes {a} and {b}, "
            "so Keras refuses to build the model. Choose axes of the same size, or bring the "
            "inputs to the same width first (a Dense on one branch).",
        )
    first = [d for i, d in enumerate(one) if i != axes[0]]
    second = [d for i, d in enumerate(two) if i not in (0, axes[1])]
    out = (*first, *second)
    return out if len(out) > 1 else (*out, 1)


def _dot_axes(value: object, rank_one: int, rank_two: int) -> tuple[int, int] | None:
    if is_size(value):
        value = (value, value)
    if not (isinstance(value, (tuple, list)) and len(value) == 2 and all(map(is_size, value))):
        return None
    if not (-rank_one <= value[0] < rank_one and -rank_two <= value[1] < rank_two):  # type: ignore[operator]
        return None
    first, second = value[0] % rank_one, value[1] % rank_two  # type: ignore[operator]
    if first == 0 or second == 0 or rank_one < 2 or rank_two < 2:
        return None  # the batch axis, or an input without one
    return first, second
