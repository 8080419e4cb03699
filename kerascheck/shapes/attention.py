"""Shape rules for the attention layers.

``MultiHeadAttention(q, v)`` and ``GroupQueryAttention(q, v)`` answer one vector per query
position: the output has the query's shape (its last axis replaced by ``output_shape`` when
given). The graph gives these rules the query only (the value and key are the call's further
tensors, see ``Node.extra``), which is all the output depends on. ``Attention([q, v])`` and
``AdditiveAttention([q, v(, k)])`` take a list and mix the value's vectors per query position.
Semantics follow Keras 3 (checked against keras 3.15 in tests/test_layer_coverage.py).
"""

from __future__ import annotations

from kerascheck.ir import Dim, LayerNode, Shape, Sym, is_size
from kerascheck.shapes.common import RankMismatch, multi_rule, rule


@rule("MultiHeadAttention", symbolic=True)
def multi_head_attention(layer: LayerNode, query: Shape) -> Shape | None:
    if len(query) < 2:
        return None
    width = _output_shape(layer.params.get("output_shape"), query[-1])
    return None if width is None else (*query[:-1], *width)


def _output_shape(value: object, default: Dim) -> tuple[Dim, ...] | None:
    """``output_shape``: None keeps the query's width, an int or a tuple of ints replaces it."""
    if value is None:
        return (default,)
    if (is_size(value) and value > 0) or isinstance(value, Sym):  # type: ignore[operator]
        return (value,)  # type: ignore[return-value]
    if isinstance(value, (tuple, list)) and value and all(is_size(v) and v > 0 for v in value):
        return tuple(value)
    return None


@rule("GroupQueryAttention", symbolic=True, input_rank=3)
def group_query_attention(layer: LayerNode, query: Shape) -> Shape | None:
    """Keras 3 projects back to the query's width and only takes (batch, steps, features)."""
    if len(query) != 3:
        raise RankMismatch(3, ("steps", "features"))
    return query


@multi_rule("Attention", "AdditiveAttention", symbolic=True)
def attention(layer: LayerNode, shapes: list[Shape]) -> Shape | None:
    """``[query, value]`` or ``[query, value, key]`` -> the query's positions, the value's width.

    Keras builds the layer whatever the widths; a query/key width mismatch fails only when
    the model runs, so no rejection here."""
    if len(shapes) not in (2, 3):
        return None
    query, value = shapes[0], shapes[1]
    if len(query) < 2 or len(value) < 2:
        return None
    return (*query[:-1], value[-1])
