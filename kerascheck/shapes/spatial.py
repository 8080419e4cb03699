"""Shape rules for layers that work on spatial axes: convolutions, pooling, padding, cropping,
up-sampling. Output lengths follow Keras 3's ``compute_conv_output_shape``,
``compute_pooling_output_shape`` and ``compute_conv_transpose_output_shape``."""

from __future__ import annotations

from kerascheck.ir import Dim, LayerNode, Shape, is_size
from kerascheck.shapes.common import (
    RankMismatch,
    Rejection,
    UnknownParam,
    data_format,
    flag,
    format_shape,
    int_tuple,
    padding_mode,
    positive_int,
    rule,
    size_param,
)

SPATIAL_NAMES = {1: ("steps",), 2: ("height", "width"), 3: ("depth", "height", "width")}


def spatial_axes(n: int, channels_first: bool = False) -> tuple[str, ...]:
    """Names of the non-batch axes of an n-D spatial layer's input, for messages."""
    last = "features" if n == 1 else "channels"
    if channels_first:
        return (last, *SPATIAL_NAMES[n])
    return (*SPATIAL_NAMES[n], last)


def _check_rank(shape: Shape, n: int, layer: LayerNode) -> bool:
    """Raise RankMismatch unless ``shape`` has n spatial axes; return True for channels_first."""
    try:
        first = data_format(layer) == "channels_first"
    except UnknownParam:
        first = False
    if len(shape) != n + 2:
        raise RankMismatch(n + 2, spatial_axes(n, first))
    return first


def _split(shape: Shape, first: bool) -> tuple[tuple[Dim, ...], Dim]:
    """(spatial lengths, channels) of a batched spatial tensor."""
    return (shape[2:], shape[1]) if first else (shape[1:-1], shape[-1])


def _join(batch: Dim, lengths: tuple[Dim, ...], channels: Dim, first: bool) -> Shape:
    return (batch, channels, *lengths) if first else (batch, *lengths, channels)


def _empty_output(
    layer: LayerNode,
    shape: Shape,
    axis: tuple[int, int],
    length: int,
    what: str,
    fix: str,
    valid: bool = True,
) -> Rejection:
    """``axis`` is (index, number of spatial axes): names the axis that came out empty.
    ``valid``: the window slides without padding (else it is a cropping)."""
    index, count = axis
    name = SPATIAL_NAMES.get(count, ("length",) * count)[index]
    where = f"the {length} steps" if name == "steps" else f"a {name} of {length}"
    how = "With padding='valid', the" if valid else "The"
    return Rejection(
        "size",
        f"{layer.display} receives {format_shape(shape)}: {what} does not fit in {where}",
        f"{how} output would have no positions left along that axis, so Keras refuses to "
        f"build the model. {fix}",
    )


# --- convolutions ---------------------------------------------------------------------------

CONV_RANK = {
    "Conv1D": 1,
    "Conv2D": 2,
    "Conv3D": 3,
    "SeparableConv1D": 1,
    "SeparableConv2D": 2,
    "DepthwiseConv1D": 1,
    "DepthwiseConv2D": 2,
}
TRANSPOSE_RANK = {"Conv1DTranspose": 1, "Conv2DTranspose": 2, "Conv3DTranspose": 3}


def conv_lengths(
    layer: LayerNode, shape: Shape, lengths: tuple[Dim, ...], *, allow_causal: bool
) -> tuple[Dim, ...]:
    """Output lengths of a (non-transposed) convolution over ``lengths``."""
    n = len(lengths)
    kernel = int_tuple(layer.params.get("kernel_size"), n)
    strides = int_tuple(layer.params.get("strides", 1), n)
    dilation = int_tuple(layer.params.get("dilation_rate", 1), n)
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    padding = padding_mode(layer, allowed)
    if kernel is None or strides is None or dilation is None or padding is None:
        return (None,) * n
    out: list[Dim] = []
    for i, (length, k, s, d) in enumerate(zip(lengths, kernel, strides, dilation, strict=True)):
        if not is_size(length):
            out.append(None)
        elif padding == "valid":
            span = d * (k - 1) + 1
            size = (length - span) // s + 1
            if size <= 0:
                what = f"a kernel of size {k}" if d == 1 else f"a kernel spanning {span} (dilated)"
                raise _empty_output(
                    layer,
                    shape,
                    (i, n),
                    length,
                    what,
                    "Use padding='same', a smaller kernel_size, or fewer size-reducing layers "
                    "before it.",
                )
            out.append(size)
        else:
            out.append((length - 1) // s + 1)
    return tuple(out)


@rule(*CONV_RANK, symbolic=True, input_rank={name: n + 2 for name, n in CONV_RANK.items()})
def conv(layer: LayerNode, shape: Shape) -> Shape | None:
    n = CONV_RANK[layer.cls]
    first = _check_rank(shape, n, layer)
    try:
        data_format(layer)
    except UnknownParam:
        return (shape[0], *([None] * (n + 1)))
    lengths, channels = _split(shape, first)
    out = conv_lengths(layer, shape, lengths, allow_causal=layer.cls == "Conv1D")
    if layer.cls.startswith("Depthwise"):
        multiplier = positive_int(layer.params.get("depth_multiplier", 1))
        known = is_size(channels) and multiplier is not None
        filters = channels * multiplier if known else None  # type: ignore[operator]
    else:
        filters = size_param(layer, "filters")
    return _join(shape[0], out, filters, first)


@rule(
    *TRANSPOSE_RANK, symbolic=True, input_rank={name: n + 2 for name, n in TRANSPOSE_RANK.items()}
)
def conv_transpose(layer: LayerNode, shape: Shape) -> Shape | None:
    n = TRANSPOSE_RANK[layer.cls]
    first = _check_rank(shape, n, layer)
    try:
        data_format(layer)
    except UnknownParam:
        return (shape[0], *([None] * (n + 1)))
    lengths, _ = _split(shape, first)
    kernel = int_tuple(layer.params.get("kernel_size"), n)
    strides = int_tuple(layer.params.get("strides", 1), n)
    dilation = int_tuple(layer.params.get("dilation_rate", 1), n)
    padding = padding_mode(layer, ("valid", "same"))
    raw_output_padding = layer.params.get("output_padding")
    output_padding = (
        None if raw_output_padding is None else int_tuple(raw_output_padding, n, allow_zero=True)
    )
    known = None not in (kernel, strides, dilation, padding)
    if not known or (raw_output_padding is not None and output_padding is None):
        out: tuple[Dim, ...] = (None,) * n
    else:
        assert kernel and strides and dilation
        out = tuple(
            _transpose_length(
                length,
                kernel[i],
                strides[i],
                dilation[i],
                padding or "",
                None if output_padding is None else output_padding[i],
            )
            for i, length in enumerate(lengths)
        )
    return _join(shape[0], out, size_param(layer, "filters"), first)


def _transpose_length(length: Dim, k: int, s: int, d: int, padding: str, extra: Dim) -> Dim:
    """Keras' ``_get_output_shape_given_tf_padding``."""
    if not is_size(length):
        return None
    k = (k - 1) * d + 1
    if padding == "valid":
        return (length - 1) * s + k + (max(k, s) - k if extra is None else extra)
    return length * s if extra is None else (length - 1) * s + k % 2 + extra


# --- pooling --------------------------------------------------------------------------------

POOL_RANK = {f"{kind}Pooling{n}D": n for kind in ("Max", "Average") for n in (1, 2, 3)}
GLOBAL_POOL_RANK = {f"Global{kind}Pooling{n}D": n for kind in ("Max", "Average") for n in (1, 2, 3)}


@rule(*POOL_RANK, symbolic=True, input_rank={name: n + 2 for name, n in POOL_RANK.items()})
def pooling(layer: LayerNode, shape: Shape) -> Shape | None:
    n = POOL_RANK[layer.cls]
    first = _check_rank(shape, n, layer)
    try:
        data_format(layer)
    except UnknownParam:
        return (shape[0], *([None] * (n + 1)))
    lengths, channels = _split(shape, first)
    # MaxPooling defaults to 2; AveragePooling has no default in Keras 3 (2 in Keras 2).
    default = 2 if layer.cls.startswith("Max") else None
    pool = int_tuple(layer.params.get("pool_size", default), n)
    raw_strides = layer.params.get("strides")
    strides = pool if raw_strides is None else int_tuple(raw_strides, n)
    padding = padding_mode(layer, ("valid", "same"))
    if pool is None or strides is None or padding is None:
        return _join(shape[0], (None,) * n, channels, first)
    out: list[Dim] = []
    for i, (length, p, s) in enumerate(zip(lengths, pool, strides, strict=True)):
        if not is_size(length):
            out.append(None)
        elif padding == "valid":
            size = (length - p) // s + 1
            if size <= 0:
                raise _empty_output(
                    layer,
                    shape,
                    (i, n),
                    length,
                    f"a pool of size {p}",
                    "Use padding='same', a smaller pool_size, or fewer size-reducing layers "
                    "before it.",
                )
            out.append(size)
        else:
            out.append((length - 1) // s + 1)
    return _join(shape[0], tuple(out), channels, first)


@rule(
    *GLOBAL_POOL_RANK,
    symbolic=True,
    input_rank={name: n + 2 for name, n in GLOBAL_POOL_RANK.items()},
)
def global_pooling(layer: LayerNode, shape: Shape) -> Shape | None:
    n = GLOBAL_POOL_RANK[layer.cls]
    first = _check_rank(shape, n, layer)
    try:
        data_format(layer)
        keepdims = flag(layer, "keepdims")
    except UnknownParam:
        return None
    _, channels = _split(shape, first)
    if not keepdims:
        return (shape[0], channels)
    return _join(shape[0], (1,) * n, channels, first)


ADAPTIVE_POOL_RANK = {
    f"Adaptive{kind}Pooling{n}D": n for kind in ("Max", "Average") for n in (1, 2, 3)
}


@rule(
    *ADAPTIVE_POOL_RANK,
    symbolic=True,
    input_rank={name: n + 2 for name, n in ADAPTIVE_POOL_RANK.items()},
)
def adaptive_pooling(layer: LayerNode, shape: Shape) -> Shape | None:
    """The spatial axes become ``output_size`` whatever their length; channels stay."""
    n = ADAPTIVE_POOL_RANK[layer.cls]
    first = _check_rank(shape, n, layer)
    data_format(layer)
    _, channels = _split(shape, first)
    size = int_tuple(layer.params.get("output_size"), n)
    return _join(shape[0], size or (None,) * n, channels, first)


# --- padding, cropping, up-sampling, spatial dropout -----------------------------------------

RESIZE_RANK = {
    "ZeroPadding1D": 1,
    "ZeroPadding2D": 2,
    "ZeroPadding3D": 3,
    "Cropping1D": 1,
    "Cropping2D": 2,
    "Cropping3D": 3,
    "UpSampling1D": 1,
    "UpSampling2D": 2,
    "UpSampling3D": 3,
    "SpatialDropout1D": 1,
    "SpatialDropout2D": 2,
    "SpatialDropout3D": 3,
}


def _pairs(value: object, n: int, default: object) -> tuple[tuple[int, int], ...] | None:
    """``1`` / ``(1, 2)`` / ``((1, 2), (3, 4))`` -> per-axis (before, after) amounts."""
    if value is None:
        value = default
    if n == 1:
        both = int_tuple(value, 2, allow_zero=True)
        return None if both is None else ((both[0], both[1]),)
    flat = int_tuple(value, n, allow_zero=True)
    if flat is not None:
        return tuple((v, v) for v in flat)
    if isinstance(value, (tuple, list)) and len(value) == n:
        pairs = [int_tuple(v, 2, allow_zero=True) for v in value]
        if all(p is not None for p in pairs):
            return tuple((p[0], p[1]) for p in pairs if p is not None)
    return None


@rule(*RESIZE_RANK, symbolic=True, input_rank={name: n + 2 for name, n in RESIZE_RANK.items()})
def resize(layer: LayerNode, shape: Shape) -> Shape | None:
    n = RESIZE_RANK[layer.cls]
    first = _check_rank(shape, n, layer)
    if layer.cls.startswith("SpatialDropout"):
        return shape
    try:
        data_format(layer)
    except UnknownParam:
        return (shape[0], *([None] * (n + 1)))
    lengths, channels = _split(shape, first)
    out: list[Dim]
    if layer.cls.startswith("UpSampling"):
        factors = int_tuple(layer.params.get("size", 2), n)
        if factors is None:
            return _join(shape[0], (None,) * n, channels, first)
        out = [
            length * f if is_size(length) else None  # type: ignore[operator]
            for length, f in zip(lengths, factors, strict=True)
        ]
        return _join(shape[0], tuple(out), channels, first)
    padding = layer.cls.startswith("ZeroPadding")
    name = "padding" if padding else "cropping"
    pairs = _pairs(layer.params.get(name), n, 1 if padding else (0 if n == 2 else 1))
    if pairs is None:
        return _join(shape[0], (None,) * n, channels, first)
    out = []
    for i, (length, (before, after)) in enumerate(zip(lengths, pairs, strict=True)):
        if not is_size(length):
            out.append(None)
        elif padding:
            out.append(length + before + after)
        elif length - before - after <= 0:
            raise _empty_output(
                layer, shape, (i, n), length, f"cropping {before} + {after}", "Crop less.", False
            )
        else:
            out.append(length - before - after)
    return _join(shape[0], tuple(out), channels, first)
