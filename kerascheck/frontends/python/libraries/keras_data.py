"""Keras's data helpers: ``keras.datasets``, ``keras.utils`` and ``keras.preprocessing``.

``keras_calls`` routes the Keras names here: layers and models are Keras semantics, these are
data provenance (a dataset's shapes and classes, one-hot labels, padded token ids).
"""

from __future__ import annotations

from dataclasses import replace

from kerascheck.frontends.python import arrays, value_kinds
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.libraries import feature_space, keras_preprocessing, tensorflow
from kerascheck.frontends.python.values import (
    ArrayValue,
    Const,
    Sequence,
    TokenizerValue,
    Value,
    Vocabulary,
    to_python,
)
from kerascheck.ir import ArrayInfo, Origin, Shape

#: keras.datasets loaders: (train x shape, train y shape, test x, test y, kind, classes)
DATASETS: dict[str, tuple[Shape, Shape, Shape, Shape, str, int | None]] = {
    "mnist": ((60000, 28, 28), (60000,), (10000, 28, 28), (10000,), "image", 10),
    "fashion_mnist": ((60000, 28, 28), (60000,), (10000, 28, 28), (10000,), "image", 10),
    "cifar10": ((50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1), "image", 10),
    "cifar100": ((50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1), "image", 100),
    "imdb": ((25000,), (25000,), (25000,), (25000,), "tokens", 2),
    "reuters": ((None,), (None,), (None,), (None,), "tokens", 46),
    "boston_housing": ((None, 13), (None,), (None, 13), (None,), "tabular", None),
    "california_housing": ((None, 8), (None,), (None, 8), (None,), "tabular", None),
}


def load_dataset(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    """``mnist.load_data()`` -> ((x_train, y_train), (x_test, y_test)) with known shapes."""
    dataset, _, function = name.partition(".")
    spec = DATASETS.get(dataset)
    if spec is None or function != "load_data":
        return None
    x_train, y_train, x_test, y_test, kind, classes = spec

    def array(shape: Shape, labels: bool) -> ArrayValue:
        origin = Origin(kind="dataset", call=f"{dataset}.load_data", anchor=args.node)
        if labels:
            encoding = "int" if classes else None
            # classification labels are class ids; the housing data sets' targets are prices
            numbers = value_kinds.INTEGER if classes else value_kinds.CONTINUOUS
            return ArrayValue(
                ArrayInfo(
                    frozenset({origin}),
                    shape=shape,
                    encoding=encoding,
                    num_classes=classes,
                    value_kind=numbers,
                )
            )
        tokens = kind == "tokens"
        return ArrayValue(
            ArrayInfo(
                frozenset({origin}), scale=None if tokens else "raw", shape=shape, token_ids=tokens
            )
        )

    train = Sequence([array(x_train, False), array(y_train, True)], is_tuple=True)
    test = Sequence([array(x_test, False), array(y_test, True)], is_tuple=True)
    return Sequence([train, test], is_tuple=True)


def _to_categorical(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    info = arrays.array_info(args.get(0)) or ArrayInfo()
    return arrays.one_hot(info, arrays.dim(to_python(args.get(1, "num_classes") or Const(None))))


def _normalize(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    info = arrays.array_info(args.get(0))
    if info is None:
        return None
    return ArrayValue(replace(info, scale="scaled", value_kind=value_kinds.CONTINUOUS))


def _pad_sequences(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    info = arrays.array_info(args.get(0))
    length = arrays.dim(to_python(args.get(None, "maxlen") or Const(None)))
    base = info or ArrayInfo()
    shape = _padded_shape(base, length)
    return ArrayValue(replace(base, token_ids=True, scale=None, shape=shape))


def _padded_shape(base: ArrayInfo, length: int | None) -> Shape | None:
    """``(samples, maxlen)`` for sequences of token ids; sequences of feature vectors keep
    their trailing axes (strokes of shape ``(length_i, 3)`` pad to ``(n, maxlen, 3)``), so a
    list of arrays whose rank is not known gives an unknown shape, not a guessed one."""
    if not length:
        return None
    shape = base.shape
    if shape is None:
        return (None, length) if base.token_ids else None
    return (shape[0], length, *shape[2:]) if shape else None


def _tokenizer(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return TokenizerValue()


#: ``keras.utils.X`` and ``keras.preprocessing[.sequence|.text].X``
UTILITIES: dict[str, Handler] = {
    "to_categorical": _to_categorical,
    "normalize": _normalize,
    "pad_sequences": _pad_sequences,
    "Tokenizer": _tokenizer,
}


def utility(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    if name == "FeatureSpace":
        return feature_space.make(interp, name, args)
    handler = UTILITIES.get(name) or keras_preprocessing.FUNCTIONS.get(name)
    return handler(interp, name, args) if handler is not None else None


def _image_data_format(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    """Keras's default layout: tutorials branch on it (``if K.image_data_format() ==
    "channels_first"``) and the branch a default install takes is the one that runs."""
    return Const("channels_last")


#: ``keras.backend.X`` (``from keras import backend as K``) and ``keras.ops.X`` on arrays (on
#: graph tensors they return nothing here: the functional graph does not follow them)
BACKEND: dict[str, Handler] = {
    "image_data_format": _image_data_format,
    **{
        name: tensorflow.FUNCTIONS[name]
        for name in ("expand_dims", "reshape", "cast", "convert_to_tensor", "one_hot")
    },
}


def backend(interp: InterpreterState, name: str, args: CallArgs) -> Value | None:
    handler = BACKEND.get(name)
    return handler(interp, name, args) if handler is not None else None


def tokenizer_method(
    interp: InterpreterState, tokenizer: TokenizerValue, method: str, args: CallArgs
) -> Value | None:
    if method in ("fit_on_texts", "fit_on_sequences"):
        tokenizer.word_index = Vocabulary()  # refitting makes another vocabulary
        return None
    if method == "texts_to_sequences":
        return ArrayValue(
            ArrayInfo(origins=frozenset({arrays.origin("generated", args)}), token_ids=True)
        )
    return None


def attribute(receiver: Value, name: str) -> Value | None:
    """``tokenizer.word_index``: the vocabulary whose ``len()`` is one named size."""
    if isinstance(receiver, TokenizerValue) and name == "word_index":
        return receiver.word_index
    return None
