"""TensorFlow's readers and decoders, as ``tf.data`` map functions use them on one element:
``tf.io.read_file`` (one string), the image decoders (``decode_png`` / ``decode_jpeg`` /
``decode_bmp`` / ``decode_image``: height, width and the channels asked for),
``tf.audio.decode_wav`` (samples and channels, with the rate), ``tf.signal.stft`` (frames and
frequency bins), ``tf.strings.unicode_split`` (one more axis of characters), and the
``tf.image`` functions that keep or set an image's axes (flips, crops, grayscale, dtype).

What each returns follows from the op's contract, not from the data: ``decode_png`` only
takes one encoded string and always gives (height, width, channels), so its rank is known
even when the file name is not. Sizes the file decides stay unknown, and so does the scale of
the values (a decoded image is read as neither raw nor scaled: the checks stay silent).
"""

from __future__ import annotations

from dataclasses import replace

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.libraries.datasets import positive_size
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Sequence,
    Value,
    to_python,
)
from kerascheck.ir import ArrayInfo, Dim, Shape


def _argument(args: CallArgs, index: int | None, name: str, default: object) -> object:
    value = args.get(index, name)
    return to_python(value) if value is not None else default


def _encoded(args: CallArgs, name: str) -> tuple[bool, ArrayInfo | None]:
    """The encoded input of a reader or decoder: whether it may be one string (else the op
    fails and nothing is said of its output), and its info when followed."""
    info = arrays.array_info(args.get(0, name))
    if info is not None and info.shape is not None and info.shape != ():
        return False, info
    return True, info


def _decoded(args: CallArgs, info: ArrayInfo | None, shape: Shape) -> ArrayValue:
    origins = info.origins if info is not None else frozenset({arrays.origin("disk", args)})
    return ArrayValue(ArrayInfo(origins=origins, shape=shape, computed=True))


def _read_file(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``tf.io.read_file(path)``: the file's bytes as one string."""
    if not _encoded(args, "filename")[0]:
        return None
    return ArrayValue(ArrayInfo(origins=frozenset({arrays.origin("disk", args)}), shape=()))


#: the channel counts each decoder accepts besides 0 ("as stored in the file")
_CHANNELS = {
    "decode_png": (1, 2, 3, 4),
    "decode_jpeg": (1, 3),
    "decode_bmp": (3, 4),
    "decode_image": (1, 2, 3, 4),
}


def _decode_image(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """An image decoder: (height, width, channels), channels as asked (else unknown).
    ``decode_image`` may return a 4-axis animation unless ``expand_animations=False``."""
    one, info = _encoded(args, "contents")
    if not one:
        return None
    default = None if name == "decode_image" else 0
    channels = _argument(args, 1, "channels", default)
    if name == "decode_image" and _argument(args, 4, "expand_animations", True) is not False:
        return UNKNOWN_VALUE
    known = channels if channels in _CHANNELS[name] else None
    return _decoded(args, info, (None, None, known))


def _decode_wav(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``tf.audio.decode_wav(contents, desired_channels, desired_samples)``: a pair of the
    audio, (samples, channels), and the sample rate."""
    one, info = _encoded(args, "contents")
    if not one:
        return None
    channels = positive_size(_argument(args, 1, "desired_channels", -1))
    samples = positive_size(_argument(args, 2, "desired_samples", -1))
    audio = _decoded(args, info, (samples, channels))
    rate = ArrayValue(ArrayInfo(origins=audio.info.origins, shape=()))
    return Sequence([audio, rate], is_tuple=True)


def _stft(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``tf.signal.stft(signals, frame_length, frame_step, fft_length)``: the last axis of
    samples becomes (frames, fft_length // 2 + 1 bins); fft_length defaults to the smallest
    power of two that holds a frame."""
    info = arrays.array_info(args.get(0, "signals"))
    if info is None or not info.shape:
        return None
    length = positive_size(_argument(args, 1, "frame_length", None))
    step = positive_size(_argument(args, 2, "frame_step", None))
    fft = positive_size(_argument(args, 3, "fft_length", None))
    if fft is None and length is not None and args.get(3, "fft_length") is None:
        fft = 1 << (length - 1).bit_length()
    bins = fft // 2 + 1 if fft is not None else None
    pad_end = _argument(args, 5, "pad_end", False)
    frames = _frames(info.shape[-1], length, step, pad_end)
    shape = (*info.shape[:-1], frames, bins)
    return ArrayValue(replace(info, shape=shape, computed=True, value_range=None, scale=None))


def _frames(samples: Dim, length: int | None, step: int | None, pad_end: object) -> Dim:
    if not isinstance(samples, int) or length is None or step is None:
        return None
    if pad_end is True:
        return -(-samples // step)
    if pad_end is not False:
        return None
    return 1 + (samples - length) // step if samples >= length else 0


def _unicode_split(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``tf.strings.unicode_split(text, "UTF-8")``: one more axis, of characters."""
    info = arrays.array_info(args.get(0, "input"))
    if info is None or info.shape is None:
        return None
    return ArrayValue(ArrayInfo(origins=info.origins, shape=(*info.shape, None), computed=True))


# --- tf.image ---------------------------------------------------------------------------------


def _image(args: CallArgs) -> ArrayInfo | None:
    """An image argument of known rank 3 (one image) or 4 (a batch)."""
    info = arrays.array_info(args.get(0, "image"))
    if info is None or info.shape is None or len(info.shape) not in (3, 4):
        return None
    return info


def _same_pixels(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """Flips and transpositions of height and width move pixels, values unchanged."""
    info = _image(args)
    if info is None:
        return None
    shape = info.shape
    assert shape is not None
    if name == "transpose":  # tf.image.transpose swaps height and width
        shape = (*shape[:-3], shape[-2], shape[-3], shape[-1])
    return ArrayValue(replace(info, shape=shape, computed=True))


def _new_values(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """Ops that keep the image's shape but change its values (dtype, brightness, contrast,
    standardisation): the values' scale and range are no longer known."""
    info = _image(args)
    if info is None:
        return None
    return ArrayValue(
        ArrayInfo(origins=info.origins, shape=info.shape, split=info.split, computed=True)
    )


def _colour_space(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``tf.image.rgb_to_yuv``: three channels to three others (any other count fails)."""
    info = _image(args)
    if info is None or info.shape is None or info.shape[-1] not in (3, None):
        return None
    return _new_values(interp, name, args)


def _channels(count: int) -> Handler:
    """``rgb_to_grayscale`` (one channel) and ``grayscale_to_rgb`` (three)."""

    def convert(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
        info = _image(args)
        if info is None or info.shape is None:
            return None
        shape = (*info.shape[:-1], count)
        return ArrayValue(ArrayInfo(origins=info.origins, shape=shape, computed=True))

    return convert


def _crop_or_pad(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``resize_with_crop_or_pad`` / ``resize_with_pad(image, height, width)``."""
    info = _image(args)
    if info is None or info.shape is None:
        return None
    height = positive_size(_argument(args, 1, "target_height", None))
    width = positive_size(_argument(args, 2, "target_width", None))
    shape = (*info.shape[:-3], height, width, info.shape[-1])
    if name == "resize_with_pad":
        return ArrayValue(ArrayInfo(origins=info.origins, shape=shape, computed=True))
    return ArrayValue(replace(info, shape=shape, computed=True))


def _random_crop(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``tf.image.random_crop(value, size)``: a crop of exactly ``size``."""
    info = arrays.array_info(args.get(0, "value"))
    size = arrays.as_shape(to_python(args.get(1, "size") or Const(None)))
    if info is None or size is None:
        return None
    if info.shape is not None and len(info.shape) != len(size):
        return None
    return ArrayValue(replace(info, shape=size, computed=True))


IMAGE: dict[str, Handler] = {
    **dict.fromkeys(("decode_png", "decode_jpeg", "decode_bmp", "decode_image"), _decode_image),
    **dict.fromkeys(
        (
            "flip_left_right",
            "flip_up_down",
            "random_flip_left_right",
            "random_flip_up_down",
            "transpose",
        ),
        _same_pixels,
    ),
    **dict.fromkeys(
        (
            "convert_image_dtype",
            "adjust_brightness",
            "adjust_contrast",
            "adjust_gamma",
            "adjust_saturation",
            "adjust_hue",
            "random_brightness",
            "random_contrast",
            "random_saturation",
            "random_hue",
            "per_image_standardization",
        ),
        _new_values,
    ),
    **dict.fromkeys(
        ("rgb_to_yuv", "yuv_to_rgb", "rgb_to_hsv", "hsv_to_rgb", "rgb_to_yiq", "yiq_to_rgb"),
        _colour_space,
    ),
    "rgb_to_grayscale": _channels(1),
    "grayscale_to_rgb": _channels(3),
    **dict.fromkeys(("resize_with_crop_or_pad", "resize_with_pad"), _crop_or_pad),
    "random_crop": _random_crop,
}

IO: dict[str, Handler] = {
    "read_file": _read_file,
    **dict.fromkeys(("decode_png", "decode_jpeg", "decode_bmp", "decode_image"), _decode_image),
}

AUDIO: dict[str, Handler] = {"decode_wav": _decode_wav}
SIGNAL: dict[str, Handler] = {"stft": _stft}
STRINGS: dict[str, Handler] = {"unicode_split": _unicode_split}
