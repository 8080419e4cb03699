"""Shape rules for the preprocessing layers: image resizing and augmentation, category
encodings and lookups, text vectorization, audio spectrograms.

The augmentation layers change values, never the layout, and are registered as rank-keeping.
The encoding layers add or replace the last axis with one slot per token; where the number of
tokens comes from a vocabulary learnt by ``adapt()``, that axis is an unknown size but the rank
is still known. Semantics follow Keras 3's ``compute_output_shape`` (checked against keras 3.15
in tests/test_layer_coverage.py).
"""

from __future__ import annotations

from kerascheck.ir import Dim, LayerNode, Shape, is_size
from kerascheck.shapes.common import UnknownParam, data_format, positive_int, rule

#: Augmentation and colour layers: the output has the shape of the input (Keras 3 applies them
#: to any rank; on a batch of images they keep (batch, height, width, channels)).
IMAGE_RANK_KEEPING = frozenset(
    {
        "AugMix",
        "AutoContrast",
        "ContrastLimitedAdaptiveHistogramEqualization",
        "CutMix",
        "Equalization",
        "MaxNumBoundingBoxes",
        "MixUp",
        "RandAugment",
        "RandomBrightness",
        "RandomColorDegeneration",
        "RandomColorJitter",
        "RandomContrast",
        "RandomElasticTransform",
        "RandomErasing",
        "RandomFlip",
        "RandomGaussianBlur",
        "RandomGrayscale",
        "RandomHue",
        "RandomInvert",
        "RandomPerspective",
        "RandomPosterization",
        "RandomRotation",
        "RandomSaturation",
        "RandomSharpness",
        "RandomShear",
        "RandomTranslation",
        "RandomZoom",
        "Solarization",
    }
)


@rule(*sorted(IMAGE_RANK_KEEPING), symbolic=True)
def augmentation(layer: LayerNode, shape: Shape) -> Shape | None:
    return shape


# --- image size -------------------------------------------------------------------------------


@rule("Resizing", "CenterCrop", "RandomCrop", symbolic=True)
def image_size(layer: LayerNode, shape: Shape) -> Shape | None:
    """The image becomes (height, width); channels and batch stay.

    On any other rank than a batch of images Keras reads the input as one unbatched image (a
    rank-3 tensor) or fails: the result is not a batch layout, so it stays unknown here.
    """
    if len(shape) != 4:
        return None
    height = positive_int(layer.params.get("height"))
    width = positive_int(layer.params.get("width"))
    if data_format(layer) == "channels_first":
        return (shape[0], shape[1], height, width)
    return (shape[0], height, width, shape[3])


# --- category encodings -----------------------------------------------------------------------

_ENCODED = ("one_hot", "multi_hot", "count", "tf_idf")


def _mode(layer: LayerNode, default: str) -> str:
    value = layer.params.get("output_mode", default)
    if not isinstance(value, str):
        raise UnknownParam("output_mode")
    return value.lower()


def encoded(shape: Shape, mode: str, depth: Dim) -> Shape | None:
    """Keras' rule for one-hot style outputs: ``one_hot`` adds an axis of ``depth`` slots (or
    replaces a trailing axis of 1), ``multi_hot``/``count``/``tf_idf`` replace the last axis."""
    if len(shape) < 2:
        return (shape[0], depth) if shape and mode == "one_hot" else None
    last = shape[-1]
    if mode == "one_hot":
        if not is_size(last):
            return None  # Keras adds an axis unless the last one is 1: not known which
        return (*shape[:-1], depth) if last == 1 else (*shape, depth)
    return (*shape[:-1], depth)


@rule("CategoryEncoding", symbolic=False)
def category_encoding(layer: LayerNode, shape: Shape) -> Shape | None:
    mode = _mode(layer, "multi_hot")
    if mode not in _ENCODED:
        return None
    return encoded(shape, mode, positive_int(layer.params.get("num_tokens")))


@rule("Hashing", "Discretization", "StringLookup", "IntegerLookup", symbolic=True)
def lookup(layer: LayerNode, shape: Shape) -> Shape | None:
    """``output_mode="int"`` maps each entry to an index (same shape); the other modes encode
    over the number of bins or the vocabulary size."""
    mode = _mode(layer, "int")
    if mode == "int":
        return shape
    if mode not in _ENCODED:
        return None
    return encoded(shape, mode, _depth(layer))


def _depth(layer: LayerNode) -> Dim:
    params = layer.params
    if layer.cls == "Hashing":
        return positive_int(params.get("num_bins"))
    if layer.cls == "Discretization":
        boundaries = params.get("bin_boundaries")
        if isinstance(boundaries, (list, tuple)):
            return len(boundaries) + 1
        return positive_int(params.get("num_bins"))
    vocabulary = params.get("vocabulary")  # StringLookup / IntegerLookup
    oov = params.get("num_oov_indices", 1)
    mask = params.get("mask_token")
    if not isinstance(vocabulary, (list, tuple)) or not is_size(oov):
        return None  # learnt by adapt() or read from a file
    if mask is not None and not isinstance(mask, (str, int)):
        return None
    return len(vocabulary) + oov + (0 if mask is None else 1)


@rule("TextVectorization", symbolic=True)
def text_vectorization(layer: LayerNode, shape: Shape) -> Shape | None:
    """One string per sample becomes ``output_sequence_length`` token ids (a ragged length
    padded per batch when not given). In the other modes (``multi_hot``, ``count``,
    ``tf_idf``) one vector per sample over the vocabulary: ``max_tokens`` wide when padded to
    it (``pad_to_max_tokens=True``), else as wide as the vocabulary ``adapt`` learns."""
    mode = _mode(layer, "int")
    if len(shape) > 2 or (len(shape) == 2 and shape[1] != 1):
        return None  # one string per sample, as (batch,) or (batch, 1)
    if mode in ("multi_hot", "count", "tf_idf"):
        padded = layer.params.get("pad_to_max_tokens") is True
        tokens = layer.params.get("max_tokens")
        return (shape[0], positive_int(tokens) if padded and tokens is not None else None)
    if mode != "int":
        return None
    length = layer.params.get("output_sequence_length")
    return (shape[0], positive_int(length) if length is not None else None)


# --- audio ------------------------------------------------------------------------------------


@rule("MelSpectrogram", symbolic=False)
def mel_spectrogram(layer: LayerNode, shape: Shape) -> Shape | None:
    """(batch, samples) -> (batch, num_mel_bins, frames); frames = 1 + samples // stride
    (the signal is padded by half a window on each side)."""
    if len(shape) != 2:
        return None
    bins = positive_int(layer.params.get("num_mel_bins", 128))
    stride = positive_int(layer.params.get("sequence_stride", 512))
    samples = shape[1]
    frames = 1 + samples // stride if is_size(samples) and stride else None  # type: ignore[operator]
    return (shape[0], bins, frames)
