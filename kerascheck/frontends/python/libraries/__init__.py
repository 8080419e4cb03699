"""What the data libraries' calls return, one module per library.

The interpreter asks ``call_function`` for a call to a qualified name that is not Keras, and
``call_method`` for a method of a value these modules made. Each library module holds a table
from its function names to handlers: teaching kerascheck a new loader is one entry there.

A library module is imported when a script first calls into that library (``MODULES`` names
the module and the table, ``lazy_module`` imports it): a script that never touches pandas or
TensorFlow's data pipeline does not pay for their modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kerascheck.frontends.python import array_ops
from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.libraries import datasets
from kerascheck.frontends.python.values import ArrayValue, Value
from kerascheck.lazy import lazy_module, loaded

if TYPE_CHECKING:
    from kerascheck.frontends.python.libraries import disk
else:
    disk = lazy_module(f"{__name__}.disk")

MethodHandler = Callable[[InterpreterState, Any, str, CallArgs], Value | None]

#: module -> (library module, its function table): ``numpy.load`` is ``FUNCTIONS["load"]`` in
#: ``libraries/numpy.py``
MODULES: dict[str, tuple[str, str]] = {
    "builtins": ("builtins", "FUNCTIONS"),
    "math": ("builtins", "MATH"),
    "numpy": ("numpy", "FUNCTIONS"),
    "numpy.random": ("numpy", "RANDOM"),
    "numpy.random.mtrand": ("numpy", "RANDOM"),
    "random": ("pyrandom", "FUNCTIONS"),
    "pandas": ("pandas", "FUNCTIONS"),
    "tensorflow": ("tensorflow", "FUNCTIONS"),
    "tensorflow.random": ("tensorflow", "RANDOM"),
    "tensorflow.math": ("tensorflow", "MATH"),
    "tensorflow.image": ("tensorflow", "IMAGE"),
    "tensorflow.data.Dataset": ("tensorflow", "DATASET"),
    "tensorflow.data.experimental": ("tensorflow", "EXPERIMENTAL"),
    "tensorflow.io": ("tf_io", "IO"),
    "tensorflow.audio": ("tf_io", "AUDIO"),
    "tensorflow.signal": ("tf_io", "SIGNAL"),
    "tensorflow.strings": ("tf_io", "STRINGS"),
    "tensorflow.examples.tutorials.mnist.input_data": ("tf1_mnist", "FUNCTIONS"),
    "cv2": ("opencv", "FUNCTIONS"),
    "PIL.Image": ("pillow", "FUNCTIONS"),
}

#: receiver class (its module's last name, then its own) -> (library module, its handler)
_METHODS: dict[str, tuple[str, str]] = {
    "values.ScalerValue": ("sklearn", "scaler_method"),
    "values.EncoderValue": ("sklearn", "encoder_method"),
    "values.RandomGenerator": ("numpy", "generator_method"),
    "values.TokenizerValue": ("keras_data", "tokenizer_method"),
    "datasets.DatasetValue": ("datasets", "dataset_method"),
    "keras_preprocessing.ImageGeneratorValue": ("keras_preprocessing", "generator_method"),
    "tf1_mnist.MnistSplit": ("tf1_mnist", "split_method"),
    "pillow.PilImage": ("pillow", "image_method"),
    "feature_space.FeatureSpaceValue": ("feature_space", "method"),
}

_PYTHON_FRONTEND = "kerascheck.frontends.python."


def library(name: str) -> Any:
    """The library module ``name`` (``"numpy"``), imported on first use."""
    return importlib.import_module(f"{__name__}.{name}")


def call_function(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """The value of a call to the qualified ``name``; None when no library module knows it."""
    module, _, symbol = name.rpartition(".")
    entry = MODULES.get(module)
    if entry is not None:
        handler = getattr(library(entry[0]), entry[1]).get(symbol)
        return handler(interp, symbol, args) if handler is not None else None
    handler = disk.FUNCTIONS.get(name)
    if handler is not None:
        return handler(interp, symbol, args)
    if module.startswith("sklearn"):
        return library("sklearn").call(interp, module, symbol, args)
    return None


def call_method(
    interp: InterpreterState, receiver: Value, method: str, args: CallArgs
) -> Value | None:
    kind = type(receiver)
    if kind is ArrayValue:
        return array_ops.call_method(receiver, method, args)
    if not kind.__module__.startswith(_PYTHON_FRONTEND):
        return None
    entry = _METHODS.get(f"{kind.__module__.rpartition('.')[2]}.{kind.__qualname__}")
    if entry is None:
        return None
    handler: MethodHandler = getattr(library(entry[0]), entry[1])
    return handler(interp, receiver, method, args)


def element_of(iterable: Value) -> Value | None:
    """What each iteration over ``iterable`` yields, when every iteration yields the same
    kind of value (a dataset's batches); None otherwise."""
    return datasets.element_of(iterable)


def attribute(receiver: Value, name: str) -> Value | None:
    """An attribute of a value these modules made (``mnist.train.images``); None if unknown.
    Only a module already imported can have made the receiver."""
    mnist, keras_data = loaded(f"{__name__}.tf1_mnist"), loaded(f"{__name__}.keras_data")
    found = mnist.attribute(receiver, name) if mnist is not None else None
    return found or (keras_data.attribute(receiver, name) if keras_data is not None else None)


__all__ = ["MODULES", "attribute", "call_function", "call_method", "element_of", "library"]
