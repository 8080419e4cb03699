"""What the data libraries' calls return, one module per library.

The interpreter asks ``call_function`` for a call to a qualified name that is not Keras, and
``call_method`` for a method of a value these modules made. Each library module holds a table
from its function names to handlers: teaching kerascheck a new loader is one entry there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kerascheck.frontends.python import array_ops
from kerascheck.frontends.python.callargs import CallArgs, InterpreterState
from kerascheck.frontends.python.libraries import (
    builtins,
    datasets,
    disk,
    keras_data,
    keras_preprocessing,
    numpy,
    opencv,
    pandas,
    pillow,
    pyrandom,
    sklearn,
    tensorflow,
    tf1_mnist,
    tf_io,
)
from kerascheck.frontends.python.values import (
    ArrayValue,
    EncoderValue,
    RandomGenerator,
    ScalerValue,
    TokenizerValue,
    Value,
)

Handler = Callable[[InterpreterState, str, CallArgs], Value | None]

#: module -> its function table (``numpy.load`` is ``MODULES["numpy"]["load"]``)
MODULES: dict[str, dict[str, Handler]] = {
    "builtins": builtins.FUNCTIONS,
    "math": builtins.MATH,
    "numpy": numpy.FUNCTIONS,
    "numpy.random": numpy.RANDOM,
    "numpy.random.mtrand": numpy.RANDOM,
    "random": pyrandom.FUNCTIONS,
    "pandas": pandas.FUNCTIONS,
    "tensorflow": tensorflow.FUNCTIONS,
    "tensorflow.random": tensorflow.RANDOM,
    "tensorflow.math": tensorflow.MATH,
    "tensorflow.image": {**tensorflow.IMAGE, **tf_io.IMAGE},
    "tensorflow.io": tf_io.IO,
    "tensorflow.audio": tf_io.AUDIO,
    "tensorflow.signal": tf_io.SIGNAL,
    "tensorflow.strings": tf_io.STRINGS,
    "tensorflow.data.Dataset": tensorflow.DATASET,
    "tensorflow.data.experimental": tensorflow.EXPERIMENTAL,
    "tensorflow.examples.tutorials.mnist.input_data": tf1_mnist.FUNCTIONS,
    "cv2": opencv.FUNCTIONS,
    "PIL.Image": pillow.FUNCTIONS,
}

#: receiver type -> what its methods return
_METHODS: dict[type, Callable[[InterpreterState, Any, str, CallArgs], Value | None]] = {
    ArrayValue: lambda interp, array, method, args: array_ops.call_method(array, method, args),
    ScalerValue: sklearn.scaler_method,
    EncoderValue: sklearn.encoder_method,
    RandomGenerator: numpy.generator_method,
    TokenizerValue: keras_data.tokenizer_method,
    datasets.DatasetValue: datasets.dataset_method,
    keras_preprocessing.ImageGeneratorValue: keras_preprocessing.generator_method,
    tf1_mnist.MnistSplit: tf1_mnist.split_method,
    pillow.PilImage: pillow.image_method,
}


def call_function(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """The value of a call to the qualified ``name``; None when no library module knows it."""
    module, _, symbol = name.rpartition(".")
    table = MODULES.get(module)
    if table is not None:
        handler = table.get(symbol)
        return handler(interp, symbol, args) if handler is not None else None
    handler = disk.FUNCTIONS.get(name)
    if handler is not None:
        return handler(interp, symbol, args)
    if module.startswith("sklearn"):
        return sklearn.call(interp, module, symbol, args)
    return None


def call_method(
    interp: InterpreterState, receiver: Value, method: str, args: CallArgs
) -> Value | None:
    handler = _METHODS.get(type(receiver))
    return handler(interp, receiver, method, args) if handler is not None else None


def element_of(iterable: Value) -> Value | None:
    """What each iteration over ``iterable`` yields, when every iteration yields the same
    kind of value (a dataset's batches); None otherwise."""
    return datasets.element_of(iterable)


def attribute(receiver: Value, name: str) -> Value | None:
    """An attribute of a value these modules made (``mnist.train.images``); None if unknown."""
    return tf1_mnist.attribute(receiver, name) or keras_data.attribute(receiver, name)
