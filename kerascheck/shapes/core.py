"""Shape rules for the core, reshaping and merging layers (everything that is not spatial or
recurrent). Behaviour follows Keras 3 (checked against keras 3.15 while writing the tests)."""

from __future__ import annotations

from kerascheck import keras_api
from kerascheck.ir import LayerNode, Shape
from kerascheck.shapes.common import (
    RankMismatch,
    Rejection,
    format_dims,
    format_shape,
    multi_rule,
    positive_int,
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


@rule(*sorted(IDENTITY))
def identity(layer: LayerNode, shape: Shape) -> Shape | None:
    return shape


@rule("Dense")
def dense(layer: LayerNode, shape: Shape) -> Shape | None:
    """Dense maps the last axis and keeps every other one, so any rank >= 2 works."""
    if len(shape) < 2:
        raise RankMismatch(2, ("features",), at_least=True)
    return (*shape[:-1], size_param(layer, "units"))


@rule("Flatten")
def flatten(layer: LayerNode, shape: Shape) -> Shape | None:
    # Keras 3: (batch,) -> (batch, 1), (batch, n) -> (batch, n).
    return (shape[0], product(shape[1:]))


@rule("Reshape")
def reshape(layer: LayerNode, shape: Shape) -> Shape | None:
    target = layer.params.get("target_shape")
    if not isinstance(target, (tuple, list)) or not all(
        isinstance(d, int) and not isinstance(d, bool) and (d > 0 or d == -1) for d in target
    ):
        return None
    target = tuple(target)
    if target.count(-1) > 1:
        return None
    total = product(shape[1:])
    fixed = product(tuple(d for d in target if d != -1)) or 1
    if total is None:
        return (shape[0], *(None if d == -1 else d for d in target))
    if -1 in target:
        if total % fixed == 0:
            return (shape[0], *(total // fixed if d == -1 else d for d in target))
        problem = f"{total} values are not a multiple of {fixed}"
        why = f"No size for the -1 in {format_dims(target)} makes the {total} values fit"
    elif total == fixed:
        return (shape[0], *target)
    else:
        problem = f"{total} values per sample, not {fixed}"
        why = f"The target shape {format_dims(target)} holds {fixed} values, not {total}"
    raise Rejection(
        "reshape",
        f"Reshape to {format_dims(target)} receives {format_shape(shape)}: {problem}",
        f"{why}, so Keras refuses to build the model. Choose a target_shape whose sizes "
        f"multiply to {total}, or put -1 in one place to let Keras compute it.",
    )


@rule("Permute")
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


@rule("RepeatVector")
def repeat_vector(layer: LayerNode, shape: Shape) -> Shape | None:
    if len(shape) != 2:
        raise RankMismatch(2, ("features",))
    return (shape[0], positive_int(layer.params.get("n")), shape[1])


@rule("Embedding")
def embedding(layer: LayerNode, shape: Shape) -> Shape | None:
    """Keras 3 embeds every entry of any rank: (batch, 20, 1) -> (batch, 20, 1, output_dim)."""
    return (*shape, size_param(layer, "output_dim"))


# --- merging --------------------------------------------------------------------------------

ELEMENTWISE = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")


def _shapes_text(shapes: list[Shape]) -> str:
    texts = [format_shape(s) for s in shapes]
    return ", ".join(texts[:-1]) + f" and {texts[-1]}" if len(texts) > 1 else texts[0]


@multi_rule(*ELEMENTWISE)
def elementwise(layer: LayerNode, shapes: list[Shape]) -> Shape | None:
    """Keras' own broadcasting rule for merges: right-aligned, a 1 stretches, None matches."""
    result: tuple[int | None, ...] = shapes[0][1:]
    for other in shapes[1:]:
        result = _broadcast(layer, shapes, result, other[1:])
    return (shapes[0][0], *result)


def _broadcast(
    layer: LayerNode, shapes: list[Shape], one: tuple[int | None, ...], two: tuple[int | None, ...]
) -> tuple[int | None, ...]:
    longer, shorter = (one, two) if len(one) >= len(two) else (two, one)
    lead = len(longer) - len(shorter)
    merged = list(longer[:lead])
    for a, b in zip(longer[lead:], shorter, strict=True):
        if a is None or b is None:
            merged.append(None)
        elif a == 1 or b == 1 or a == b:
            merged.append(b if a == 1 else a)
        else:
            raise Rejection(
                "merge",
                f"{layer.display} cannot merge inputs of shapes {_shapes_text(shapes)}",
                f"An element-wise merge needs equal shapes (a 1 may stretch), but {a} meets {b}, "
                "so Keras refuses to build the model. Make the branches agree, for example with "
                "a Dense of the same width on each, or use Concatenate to join different widths.",
            )
    return tuple(merged)


@multi_rule("Concatenate")
def concatenate(layer: LayerNode, shapes: list[Shape]) -> Shape | None:
    axis = layer.params.get("axis", -1)
    if not isinstance(axis, int) or isinstance(axis, bool):
        return None
    rank = len(shapes[0])
    if not -rank <= axis < rank or axis % rank == 0:
        return None
    axis %= rank
    ranks = {len(s) for s in shapes}
    mismatch = len(ranks) > 1
    if not mismatch:
        for i in range(1, rank):
            if i != axis and len({s[i] for s in shapes} - {None}) > 1:
                mismatch = True
    if mismatch:
        raise Rejection(
            "merge",
            f"Concatenate (axis={layer.params.get('axis', -1)}) cannot join inputs of shapes "
            f"{_shapes_text(shapes)}",
            "Every axis except the concatenation axis must match, so Keras refuses to build the "
            "model. Bring the branches to the same rank and sizes first (Reshape, Flatten, "
            "pooling, RepeatVector), or concatenate along the axis where they differ.",
        )
    sizes = [s[axis] for s in shapes]
    joined = None if any(d is None for d in sizes) else sum(d for d in sizes if d is not None)
    out = list(shapes[0])
    out[axis] = joined
    return tuple(out)
