"""OpenCV's image reading as training scripts use it: ``cv2.imread`` (height, width and three
BGR channels, or none with ``IMREAD_GRAYSCALE``), ``cv2.resize(img, (width, height))`` (note
the order: width first) and ``cv2.cvtColor`` between colour layouts. Images appended to a list
in a loop and ``np.array``-ed then have a known rank and, once resized, known sizes.

Pixels read from disk are raw (0-255) until the script scales them. A flag or a colour code
that is not one of the plain ones (``IMREAD_UNCHANGED`` keeps an alpha channel or 16 bits;
``COLOR_BGR2HSV`` changes what the values mean) leaves the shape or the scale unknown.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.libraries.datasets import positive_size
from kerascheck.frontends.python.values import ArrayValue, Const, Qual, Value, to_python
from kerascheck.ir import Shape

#: ``cv2.imread`` flags and the shape they give (height and width as in the file)
_READ_FLAGS: dict[str, Shape] = {
    "IMREAD_COLOR": (None, None, 3),
    "IMREAD_GRAYSCALE": (None, None),
    "IMREAD_REDUCED_COLOR_2": (None, None, 3),
    "IMREAD_REDUCED_GRAYSCALE_2": (None, None),
}
_READ_VALUES = {1: "IMREAD_COLOR", 0: "IMREAD_GRAYSCALE"}


def _constant(value: Value | None, values: dict[int, str]) -> str | None:
    """A cv2 constant as written (``cv2.IMREAD_GRAYSCALE``) or by its value (``0``)."""
    if isinstance(value, Qual) and value.name.startswith("cv2."):
        return value.name.rsplit(".", 1)[1]
    python = to_python(value) if value is not None else None
    if isinstance(python, int) and not isinstance(python, bool):
        return values.get(python)
    return None


def _imread(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``cv2.imread(path[, flags])``: (height, width, 3) BGR pixels by default."""
    image = arrays.from_disk(args)
    flag_value = args.get(1, "flags")
    flag = "IMREAD_COLOR" if flag_value is None else _constant(flag_value, _READ_VALUES)
    shape = _READ_FLAGS.get(flag or "")
    return image.evolve(shape=shape) if shape is not None else image


def _resize(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``cv2.resize(img, (width, height))``: height and width set, the channels kept; with
    ``dsize=None`` and scale factors the sizes are unknown."""
    info = arrays.array_info(args.get(0, "src"))
    if info is None:
        return None
    shape = info.shape
    if shape is None or len(shape) not in (2, 3):
        return ArrayValue(replace(info, shape=None))
    size = to_python(args.get(1, "dsize") or Const(None))
    width, height = size if isinstance(size, (tuple, list)) and len(size) == 2 else (None, None)
    rows, cols = positive_size(height), positive_size(width)
    return ArrayValue(replace(info, shape=(rows, cols, *shape[2:]), computed=True))


_KEEP_MEANING = re.compile(r"COLOR_(BGR|RGB)2(BGR|RGB)$")
_OTHER_SPACE = re.compile(r"COLOR_(BGR|RGB)2(HSV|HLS|Lab|LAB|Luv|LUV|YCrCb|YUV|XYZ)(_FULL)?$")
_TO_GRAY = re.compile(r"COLOR_(BGR|RGB|BGRA|RGBA)2GRAY$")
_FROM_GRAY = re.compile(r"COLOR_GRAY2(BGR|RGB|BGRA|RGBA)$")


def _cvt_color(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``cv2.cvtColor(img, cv2.COLOR_BGR2RGB)`` and the conversions to and from gray."""
    info = arrays.array_info(args.get(0, "src"))
    code = _constant(args.get(1, "code"), {})
    if info is None or code is None:
        return None
    shape = info.shape
    if shape is None:
        return None
    if _KEEP_MEANING.match(code) and len(shape) == 3:
        return ArrayValue(replace(info, computed=True))
    if _OTHER_SPACE.match(code) and len(shape) == 3:
        return ArrayValue(replace(info, scale=None, value_range=None, computed=True))
    if _TO_GRAY.match(code) and len(shape) == 3:
        return ArrayValue(replace(info, shape=shape[:2], computed=True))
    gray = _FROM_GRAY.match(code)
    if gray and len(shape) == 2:
        channels = 4 if gray.group(1).endswith("A") else 3
        return ArrayValue(replace(info, shape=(*shape, channels), computed=True))
    return ArrayValue(replace(info, shape=None))


FUNCTIONS: dict[str, Handler] = {
    "imread": _imread,
    "resize": _resize,
    "cvtColor": _cvt_color,
}
