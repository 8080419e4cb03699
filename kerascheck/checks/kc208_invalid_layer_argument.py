"""KC208: layer arguments that Keras rejects, or accepts and then cannot train with.

Each case below was checked against Keras 3: non-positive sizes and out-of-range dropout rates
raise ValueError when the layer is created; a rate of exactly 1.0 drops everything; a bad
padding or activation name raises when the layer is created or first called.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kerascheck import keras_api
from kerascheck.checks.context import CheckContext
from kerascheck.checks.model_walk import describe, is_int, is_number, module_layers, number, once
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import Dim, LayerNode, Shape, Sym, is_size, same_dim
from kerascheck.lazy import lazy_module

if TYPE_CHECKING:
    import difflib
else:
    difflib = lazy_module("difflib")

CODE = "KC208"

SIZE_PARAMS = ("units", "filters", "n", "input_dim", "output_dim")
DROPOUT_LAYERS = frozenset(
    {
        "Dropout",
        "SpatialDropout1D",
        "SpatialDropout2D",
        "SpatialDropout3D",
        "GaussianDropout",
        "AlphaDropout",
    }
)
RNN_DROPOUTS = ("dropout", "recurrent_dropout")
RNN_LAYERS = keras_api.RECURRENT | frozenset({"LSTMCell", "GRUCell", "SimpleRNNCell"})
CONV_LSTM = frozenset({"ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"})
POOLING = frozenset(
    {
        "MaxPooling1D",
        "MaxPooling2D",
        "MaxPooling3D",
        "AveragePooling1D",
        "AveragePooling2D",
        "AveragePooling3D",
    }
)
WINDOW_PARAMS = ("kernel_size", "strides", "pool_size")


#: A problem with one argument: (the argument, message, help).
Problem = tuple[str, str, str]
_RATE_FIX = "Use a rate in [0, 1), typically 0.1 to 0.5."


@check(CODE)
def check_invalid_layer_argument(ctx: CheckContext) -> Iterator[Diagnostic]:
    found: list[Diagnostic] = []
    for layer in module_layers(ctx.module):
        if not layer.resolved:
            continue
        for param, message, help in _problems(layer):
            found.append(Diagnostic(CODE, message, help=help, anchor=layer.anchor_of(param)))
    yield from once(found)


def _problems(layer: LayerNode) -> Iterator[Problem]:
    yield from _sizes(layer)
    yield from _rates(layer)
    yield from _windows(layer)
    yield from _padding(layer)
    yield from _activations(layer)
    yield from _embedding_weights(layer)


def _sizes(layer: LayerNode) -> Iterator[Problem]:
    name = describe(layer)
    for param in SIZE_PARAMS:
        value = layer.params.get(param)
        if is_int(value) and value <= 0:
            yield (
                param,
                f"{name}: {param}={value}, but Keras needs a positive integer",
                "Keras raises ValueError when the layer is created. Give it the size you mean "
                "(at least 1).",
            )
        elif layer.cls == "Dense" and param == "units" and isinstance(value, float):
            yield (
                param,
                f"{layer.spelled or layer.cls}: units={number(value)} is a float, not an integer",
                "Keras needs a positive integer and raises ValueError when the layer is "
                "created. Use integer division (//) or int(...).",
            )


def _rates(layer: LayerNode) -> Iterator[Problem]:
    name = layer.spelled or layer.cls
    if layer.cls in DROPOUT_LAYERS:
        rate = layer.params.get("rate")
        if is_number(rate) and not 0 <= rate < 1:
            yield ("rate", *_dropout_layer_texts(layer.cls, name, rate))
    if layer.cls in RNN_LAYERS:
        for param in RNN_DROPOUTS:
            rate = layer.params.get(param)
            if is_number(rate) and rate >= 1:
                dropped = "its inputs" if param == "dropout" else "its recurrent state"
                yield (
                    param,
                    f"{describe(layer)}: {param}={number(rate)} drops all of {dropped}",
                    f"Keras clips the rate to 1.0 and drops all of {dropped} at every training "
                    f"step, so the layer cannot learn from them. {_RATE_FIX}",
                )


def _dropout_layer_texts(cls: str, name: str, rate: float) -> tuple[str, str]:
    written = f"{name}(rate={number(rate)})"
    if rate < 0 or rate > 1:
        percent = ""
        if 1 < rate <= 100:
            percent = f" If {number(rate)} was meant as a percentage, write {number(rate / 100)}."
        return (
            f"{written}: a dropout rate must lie in [0, 1)",
            f"Keras raises ValueError when the layer is created. {_RATE_FIX}{percent}",
        )
    if cls in ("GaussianDropout", "AlphaDropout"):
        return (
            f"{written}: a rate of 1 divides by zero",
            "Keras divides by (1 - rate) and fails with ZeroDivisionError in the first "
            f"training step. {_RATE_FIX}",
        )
    return (
        f"{written} drops every unit",
        "During training the layer outputs only zeros, so nothing before it can learn. "
        f"{_RATE_FIX}",
    )


def _windows(layer: LayerNode) -> Iterator[Problem]:
    if not (layer.cls in keras_api.CONV or layer.cls in CONV_LSTM or layer.cls in POOLING):
        return
    for param in WINDOW_PARAMS:
        value = layer.params.get(param)
        values = value if isinstance(value, tuple | list) else (value,)
        if any(is_int(v) and v <= 0 for v in values):
            failure = (
                "raises ValueError when the layer is created"
                if param != "strides" or layer.cls not in POOLING
                else "fails with ZeroDivisionError when the layer is built"
            )
            yield (
                param,
                f"{describe(layer)}: {param}={value!r} has a value <= 0",
                f"Keras {failure}. Every {param} entry must be a positive integer.",
            )


def _padding(layer: LayerNode) -> Iterator[Problem]:
    padding = layer.params.get("padding")
    if not isinstance(padding, str):
        return
    if layer.cls in POOLING:
        allowed, accepted = ("valid", "same"), padding in ("valid", "same")
    elif layer.cls == "Conv1D":
        allowed, accepted = (
            ("valid", "same", "causal"),
            padding.lower() in ("valid", "same", "causal"),
        )
    elif layer.cls in keras_api.CONV or layer.cls in CONV_LSTM:
        allowed, accepted = ("valid", "same"), padding.lower() in ("valid", "same")
    else:
        return
    if accepted:
        return
    hint = ""
    if padding.lower() == "causal":
        hint = " Causal padding exists only for Conv1D."
    elif padding.lower() in allowed:
        hint = f" Pooling layers accept only lower case: padding={padding.lower()!r}."
    choices = ", ".join(repr(a) for a in allowed)
    yield (
        "padding",
        f"{describe(layer)}: padding={padding!r} is not one of {choices}",
        f"Keras raises ValueError when the layer is created or first called.{hint}",
    )


def _activations(layer: LayerNode) -> Iterator[Problem]:
    for param in ("activation", "recurrent_activation"):
        value = layer.params.get(param)
        if not isinstance(value, str) or value in keras_api.ACTIVATIONS:
            continue
        yield (
            param,
            f"{describe(layer)}: {param}={value!r} is not a Keras activation",
            "Keras raises ValueError (could not interpret activation function identifier)."
            f"{_suggest(value)}",
        )


def _suggest(value: str) -> str:
    lowered = value.lower()
    if lowered in keras_api.ACTIVATIONS:
        return f" Activation names are lower case: {lowered!r}."
    close = difflib.get_close_matches(lowered, sorted(keras_api.ACTIVATIONS), n=1)
    if close:
        return f" Did you mean {close[0]!r}?"
    return " Use a Keras activation name such as 'relu', 'sigmoid', 'tanh' or 'softmax'."


def _embedding_weights(layer: LayerNode) -> Iterator[Problem]:
    """``Embedding(input_dim, output_dim, weights=[M])``: Keras builds an (input_dim,
    output_dim) table and raises ValueError when M has another shape (Keras 2 and 3 alike);
    ``embeddings_initializer=Constant(M)`` fails when the layer is built."""
    if layer.cls != "Embedding":
        return
    param = "weights" if "weights" in layer.array_shapes else "embeddings_initializer"
    shapes = layer.array_shapes.get(param)
    if shapes is None or len(shapes) != 1 or shapes[0] is None:
        return
    matrix = shapes[0]
    table = (_size(layer.params.get("input_dim")), _size(layer.params.get("output_dim")))
    fits = len(matrix) == 2 and not any(
        same_dim(want, got) is False for want, got in zip(table, matrix, strict=True)
    )
    if fits:
        return
    name = layer.spelled or layer.cls
    rows, columns = _text(table[0], "input_dim"), _text(table[1], "output_dim")
    refusal = "Keras raises ValueError (the weight shapes are not compatible)"
    if param == "embeddings_initializer":
        failure = "Keras fails (incompatible shapes) when the layer is built"
    elif "weights" in layer.params:
        failure = f"{refusal} when the layer is created"
    else:
        failure = f"{refusal} in set_weights()"
    transposed = (
        len(matrix) == 2
        and same_dim(table[0], matrix[1]) is True
        and same_dim(table[1], matrix[0]) is True
    )
    if transposed:
        fix = (
            "The matrix is transposed: pass M.T, or build it with one row per token "
            f"id, np.zeros(({rows}, {columns}))."
        )
    elif len(matrix) == 2 and matrix[0] is not None and same_dim(table[1], matrix[1]):
        padding = _one_more(matrix[0], table[0])
        fix = f"Give the layer the matrix's row count, input_dim={matrix[0]}" + (
            " (token ids start at 1 and row 0 is for padding)." if padding else "."
        )
    elif len(matrix) == 2:
        fix = (
            "Build the matrix with one row per token id and one column per embedding "
            f"dimension, np.zeros(({rows}, {columns})), or take the sizes "
            "from the matrix: Embedding(M.shape[0], M.shape[1], ...)."
        )
    else:
        fix = "Pass one 2-D matrix of shape (input_dim, output_dim), with one row per token id."
    yield (
        param,
        f"{name}: the weights matrix is {_dims(matrix)}, but input_dim x output_dim is "
        f"({rows}, {columns})",
        f"{failure}. {fix}",
    )


def _one_more(rows: Dim, input_dim: Dim) -> bool:
    """``len(word_index) + 1`` rows for ``input_dim=len(word_index)``."""
    if is_size(rows) and is_size(input_dim):
        return rows == input_dim + 1  # type: ignore[operator]
    return isinstance(rows, Sym) and isinstance(input_dim, Sym) and rows == input_dim.shifted(1)


def _size(value: object) -> Dim:
    return value if (is_size(value) and value > 0) or isinstance(value, Sym) else None  # type: ignore[operator, return-value]


def _text(dim: Dim, unknown: str = "?") -> str:
    return unknown if dim is None else str(dim)


def _dims(shape: Shape) -> str:
    texts = [_text(d) for d in shape]
    return f"({texts[0]},)" if len(texts) == 1 else f"({', '.join(texts)})"
