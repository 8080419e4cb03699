"""Keras's data loaders: ``ImageDataGenerator`` iterators, the ``*_dataset_from_*`` utilities,
``TimeseriesGenerator`` and ``load_img``.

Each loader says what one batch holds: images of the size and channels it was asked for (Keras's
defaults otherwise), labels in the encoding its ``class_mode`` / ``label_mode`` names, and
whether the pixels were rescaled. Files are never read: a directory's class count is known only
from a literal ``classes=[...]`` / ``class_names=[...]``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.libraries import pillow
from kerascheck.frontends.python.libraries.datasets import (
    DatasetValue,
    batched_element,
    positive_size,
)
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Sequence,
    Value,
    to_python,
)
from kerascheck.ir import UNKNOWN, ArrayInfo, Dim, Shape

_CHANNELS = {"rgb": 3, "grayscale": 1, "rgba": 4}
_DEFAULT_IMAGE_SIZE = (256, 256)


@dataclass(eq=False)
class ImageGeneratorValue(Value):
    """An ``ImageDataGenerator``: how the batches of its iterators are scaled and laid out."""

    #: "scaled" (``rescale=``, standardisation), None (a preprocessing function we do not
    #: follow), "raw" (pixels as stored)
    scale: str | None
    #: True for channels last (the default), False for channels first, None when unknown
    channels_last: bool | None


def _argument(args: CallArgs, index: int | None, name: str, default: Any) -> Any:
    """A literal argument, its default when absent, UNKNOWN when not a literal."""
    if args.has_star:
        return UNKNOWN
    value = args.get(index, name)
    return default if value is None else to_python(value)


def _image_data_generator(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    if args.has_star:
        return ImageGeneratorValue(None, None)
    rescale = args.get(None, "rescale")
    scale: str | None = "raw"
    if rescale is not None and to_python(rescale) not in (None, 1, 1.0, 0):
        scale = "scaled"
    standardised = ("featurewise_std_normalization", "samplewise_std_normalization")
    if any(_argument(args, None, flag, False) is not False for flag in standardised):
        scale = "scaled"
    function = args.get(None, "preprocessing_function")
    if function is not None and to_python(function) is not None:
        scale = None  # e.g. keras.applications' preprocess_input: its own scaling
    layout = _argument(args, None, "data_format", None)
    layouts = {None: True, "channels_last": True, "channels_first": False}
    channels_last = layouts.get(layout) if layout is None or isinstance(layout, str) else None
    return ImageGeneratorValue(scale, channels_last)


def _image_shape(size: Any, color_mode: Any, channels_last: bool | None = True) -> Shape | None:
    """One image: (rows, cols, channels), or (channels, rows, cols) for channels first. The
    rank is known whatever the arguments hold; sizes we cannot read stay unknown."""
    if channels_last is None:
        return None
    channels = _CHANNELS.get(color_mode) if isinstance(color_mode, str) else None
    pair = size if isinstance(size, (tuple, list)) and len(size) == 2 else (None, None)
    rows, cols = (positive_size(d) for d in pair)
    return (rows, cols, channels) if channels_last else (channels, rows, cols)


def _class_count(classes: Any) -> int | None:
    return len(classes) if isinstance(classes, (list, tuple)) and classes else None


def _labels(mode: Any, classes: int | None, images: ArrayValue, binary_shape: Shape) -> Value:
    """One batch's labels for a class mode / label mode; UNKNOWN_VALUE for modes we do not
    follow ("raw", "multi_output", a value we cannot read), None-valued Const for no labels."""
    origins = images.info.origins
    if mode == "categorical":
        width: Dim = classes
        return ArrayValue(
            ArrayInfo(origins, encoding="onehot", shape=(None, width), num_classes=classes)
        )
    if mode in ("sparse", "int"):
        return ArrayValue(ArrayInfo(origins, encoding="int", shape=(None,), num_classes=classes))
    if mode == "binary":  # 0.0 / 1.0: the ids of two classes
        return ArrayValue(ArrayInfo(origins, encoding="int", shape=binary_shape, num_classes=2))
    if mode == "input":
        return images
    if mode is None:
        return Const(None)
    return UNKNOWN_VALUE


def _stream(images: ArrayValue, labels: Value) -> DatasetValue:
    if isinstance(labels, Const):  # no labels: the stream yields images only
        return DatasetValue(images, batched=True)
    return DatasetValue(Sequence([images, labels], is_tuple=True), batched=True)


def _pixels(args: CallArgs, shape: Shape | None, scale: str | None) -> ArrayValue:
    origin = arrays.origin("disk", args)
    return ArrayValue(ArrayInfo(frozenset({origin}), scale=scale, shape=shape))


# --- ImageDataGenerator iterators ---------------------------------------------------------------

#: positions of (target_size, color_mode, classes, class_mode) in each flow_from_* signature
_FLOW_POSITIONS = {"flow_from_directory": (1, 2, 3, 4), "flow_from_dataframe": (5, 6, 7, 8)}


def _flow_from_files(generator: ImageGeneratorValue, method: str, args: CallArgs) -> Value:
    size_at, color_at, classes_at, mode_at = _FLOW_POSITIONS[method]
    size = _argument(args, size_at, "target_size", _DEFAULT_IMAGE_SIZE)
    color = _argument(args, color_at, "color_mode", "rgb")
    classes = _class_count(_argument(args, classes_at, "classes", None))
    mode = _argument(args, mode_at, "class_mode", "categorical")
    shape = _image_shape(size, color, generator.channels_last)
    images = _pixels(args, (None, *shape) if shape is not None else None, generator.scale)
    return _stream(images, _labels(mode, classes, images, (None,)))


def _flow(generator: ImageGeneratorValue, method: str, args: CallArgs) -> Value:
    """``flow(x, y)``: batches of the arrays themselves, rescaled as the generator says."""
    x = arrays.array_info(args.get(0, "x"))
    if x is None:
        return DatasetValue(UNKNOWN_VALUE, batched=True)
    scale = x.scale if generator.scale == "raw" else generator.scale
    images = ArrayValue(replace(x, scale=scale, shape=(None, *x.shape[1:]) if x.shape else None))
    y = args.get(1, "y")
    if y is None or to_python(y) is None:
        return DatasetValue(images, batched=True)
    labels = arrays.array_info(y)
    if labels is None:
        return _stream(images, UNKNOWN_VALUE)
    shape = (None, *labels.shape[1:]) if labels.shape else None
    return _stream(images, ArrayValue(replace(labels, shape=shape)))


_GENERATOR_METHODS = {
    "flow_from_directory": _flow_from_files,
    "flow_from_dataframe": _flow_from_files,
    "flow": _flow,
}


def generator_method(
    interp: InterpreterState, generator: ImageGeneratorValue, method: str, args: CallArgs
) -> Value | None:
    handler = _GENERATOR_METHODS.get(method)
    return handler(generator, method, args) if handler is not None else None


# --- dataset utilities --------------------------------------------------------------------------


def _batched(args: CallArgs, index: int | None, default: int) -> bool:
    """Whether the dataset is batched (``batch_size=None`` yields single elements)."""
    return _argument(args, index, "batch_size", default) is not None


def _image_dataset(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``image_dataset_from_directory``: float pixels in [0, 255], labels by ``label_mode``."""
    labels_source = _argument(args, 1, "labels", "inferred")
    mode = _argument(args, 2, "label_mode", "int")
    classes = _class_count(_argument(args, 3, "class_names", None))
    color = _argument(args, 4, "color_mode", "rgb")
    batched = _batched(args, 5, 32)
    size = _argument(args, 6, "image_size", _DEFAULT_IMAGE_SIZE)
    shape = _image_shape(size, color)
    images = _pixels(args, shape, "raw")
    labels = _labels(None if labels_source is None else mode, classes, images, (None, 1))
    return _element_stream(args, images, labels, batched)


def _element_stream(args: CallArgs, images: ArrayValue, labels: Value, batched: bool) -> Value:
    """A stream whose element shapes were given per sample (a dataset utility's);
    ``subset="both"`` returns the training and the validation stream as a pair."""
    if isinstance(labels, ArrayValue) and labels is not images and labels.info.shape:
        labels = labels.evolve(shape=labels.info.shape[1:])  # per sample, as the images
    element = _stream(images, labels).element
    stream = DatasetValue(batched_element(element) if batched else element, batched=batched)
    subset = _argument(args, None, "subset", None)
    if subset == "both":
        return Sequence([stream, DatasetValue(stream.element, batched)], is_tuple=True)
    return stream if subset is None or isinstance(subset, str) else UNKNOWN_VALUE


def _text_dataset(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``text_dataset_from_directory``: one string per sample, labels by ``label_mode``."""
    labels_source = _argument(args, 1, "labels", "inferred")
    mode = _argument(args, 2, "label_mode", "int")
    classes = _class_count(_argument(args, 3, "class_names", None))
    batched = _batched(args, 4, 32)
    texts = ArrayValue(ArrayInfo(frozenset({arrays.origin("disk", args)}), shape=()))
    labels = _labels(None if labels_source is None else mode, classes, texts, (None, 1))
    return _element_stream(args, texts, labels, batched)


def _windows(args: CallArgs, length_at: int, length_name: str) -> tuple[Value, Value] | None:
    """Windows of ``length`` rows of ``data``, each with the target row at its end."""
    data = arrays.array_info(args.get(0, "data"))
    if data is None:
        return None
    length = _argument(args, length_at, length_name, None)
    step = positive_size(length)
    shape = (step, *data.shape[1:]) if data.shape else None
    windows = ArrayValue(replace(data, shape=shape))
    target = args.get(1, "targets")
    if target is None or to_python(target) is None:
        return windows, Const(None)
    labels = arrays.array_info(target)
    if labels is None:
        return windows, UNKNOWN_VALUE
    return windows, ArrayValue(replace(labels, shape=labels.shape[1:] if labels.shape else None))


def _timeseries_dataset(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``timeseries_dataset_from_array(data, targets, sequence_length, ..., batch_size=128)``."""
    found = _windows(args, 2, "sequence_length")
    if found is None:
        return DatasetValue(UNKNOWN_VALUE, batched=True)
    windows, labels = found
    batched = _batched(args, 5, 128)
    element = _stream(windows, labels).element
    return DatasetValue(batched_element(element) if batched else element, batched=batched)


def _timeseries_generator(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """``TimeseriesGenerator(data, targets, length, ...)``: batches of windows and targets."""
    found = _windows(args, 2, "length")
    if found is None:
        return DatasetValue(UNKNOWN_VALUE, batched=True)
    windows, labels = found
    return DatasetValue(batched_element(_stream(windows, labels).element), batched=True)


def _load_img(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """One image as stored (rows, cols, channels); sizes known from ``target_size=``."""
    if len(args.positional) > 1 or args.has_star:
        return pillow.as_image(_pixels(args, None, "raw"))  # Keras 2 and 3 order differently
    color = "grayscale" if _argument(args, None, "grayscale", False) is True else "rgb"
    color = _argument(args, None, "color_mode", color)
    size = _argument(args, None, "target_size", None)
    shape = _image_shape(size, color)
    if shape is not None and color == "grayscale":
        shape = shape[:2]  # a one-band image: np.array(img) has no channel axis
    return pillow.as_image(_pixels(args, shape, "raw"))  # a PIL image: img.resize(...)


def _img_to_array(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """An image as a float array (rows, cols, channels): a one-band image gains its axis."""
    info = arrays.array_info(args.get(0, "img"))
    if info is None:
        return None
    if info.shape is not None and len(info.shape) == 2:
        return ArrayValue(replace(info, shape=(*info.shape, 1)))
    return ArrayValue(info)


#: ``keras.preprocessing[.image|.sequence].X`` and ``keras.utils.X``
FUNCTIONS: dict[str, Handler] = {
    "ImageDataGenerator": _image_data_generator,
    "image_dataset_from_directory": _image_dataset,
    "text_dataset_from_directory": _text_dataset,
    "timeseries_dataset_from_array": _timeseries_dataset,
    "TimeseriesGenerator": _timeseries_generator,
    "load_img": _load_img,
    "img_to_array": _img_to_array,
}
