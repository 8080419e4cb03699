"""PIL images as training scripts load them: ``Image.open(path).convert("RGB").resize((w, h))``
then ``np.array(img)``, or Keras's ``load_img`` (a PIL image too).

A ``PilImage`` is described by the array ``np.array(image)`` gives: (height, width) for a
one-band mode ("L", "1", "P", "I", "F"), (height, width, bands) otherwise. ``Image.open``
does not say the mode (the file does), so the rank is unknown until ``convert(mode)``;
``resize((width, height))`` sets the sizes in PIL's order, width first. Pixels are raw
(0-255) except in the float and 32-bit modes, whose scale is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.libraries.datasets import positive_size
from kerascheck.frontends.python.values import ArrayValue, Const, Sequence, Value, to_python

#: bands per mode (None: one band, no channel axis in the array)
_BANDS: dict[str, int | None] = {
    "1": None,
    "L": None,
    "P": None,
    "I": None,
    "F": None,
    "LA": 2,
    "RGB": 3,
    "YCbCr": 3,
    "LAB": 3,
    "HSV": 3,
    "RGBA": 4,
    "RGBX": 4,
    "CMYK": 4,
}
#: modes whose values are not 0-255 pixels
_NOT_PIXELS = frozenset({"I", "F"})


@dataclass(eq=False)
class PilImage(ArrayValue):
    """A PIL image, by the array it converts to (``np.array(img)``)."""


def image(array: ArrayValue) -> PilImage:
    return PilImage(array.info, array.symbols)


def _open(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``Image.open(path)``: pixels from disk, in the file's mode (rank unknown)."""
    return image(arrays.from_disk(args))


def _convert(picture: PilImage, args: CallArgs) -> Value | None:
    mode = to_python(args.get(0, "mode") or Const(None))
    if not isinstance(mode, str) or mode not in _BANDS:
        return image(picture.evolve(shape=None))
    shape = picture.info.shape
    known = shape is not None and len(shape) in (2, 3)
    rows, cols = (shape[0], shape[1]) if shape is not None and known else (None, None)
    bands = _BANDS[mode]
    converted = picture.evolve(shape=(rows, cols) if bands is None else (rows, cols, bands))
    if mode in _NOT_PIXELS:
        converted = converted.evolve(scale=None, value_range=None)
    return image(converted)


def _resize(picture: PilImage, args: CallArgs) -> Value | None:
    """``img.resize((width, height))``: a new image of that size, the bands kept."""
    size = to_python(args.get(0, "size") or Const(None))
    shape = picture.info.shape
    if shape is None or len(shape) not in (2, 3):
        return image(picture.evolve(shape=None))
    width, height = size if isinstance(size, (tuple, list)) and len(size) == 2 else (None, None)
    return image(picture.evolve(shape=(positive_size(height), positive_size(width), *shape[2:])))


def _same_bands(picture: PilImage, args: CallArgs) -> Value | None:
    """Crops, rotations, flips: the bands stay, the sizes may change."""
    shape = picture.info.shape
    if shape is None:
        return image(picture)
    return image(picture.evolve(shape=(None, None, *shape[2:])))


def _split(picture: PilImage, args: CallArgs) -> Value | None:
    """``y, cb, cr = img.convert("YCbCr").split()``: one single-band image per band."""
    shape = picture.info.shape
    if args.positional or args.keywords or shape is None or len(shape) not in (2, 3):
        return None
    bands = shape[2] if len(shape) == 3 else 1
    if not isinstance(bands, int) or isinstance(bands, bool) or bands < 1:
        return None
    band = picture.evolve(shape=(shape[0], shape[1]))
    return Sequence([image(band) for _ in range(bands)], is_tuple=True)


_METHODS: dict[str, Callable[[PilImage, CallArgs], Value | None]] = {
    "split": _split,
    "convert": _convert,
    "resize": _resize,
    **dict.fromkeys(("crop", "rotate", "transpose"), _same_bands),
    **dict.fromkeys(("copy", "filter"), lambda picture, args: image(picture)),
}


def image_method(
    interp: InterpreterState, picture: PilImage, method: str, args: CallArgs
) -> Value | None:
    handler = _METHODS.get(method)
    return handler(picture, args) if handler is not None else None


FUNCTIONS: dict[str, Handler] = {"open": _open}


def as_image(value: Value) -> Value:
    """``load_img``'s result is a PIL image: its methods are PIL's."""
    return image(value) if type(value) is ArrayValue else value
