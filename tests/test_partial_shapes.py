"""Partial shapes: named unknown sizes (Sym), shape expressions, and ranks that survive the
unknown (issue 10, items 1, 6 and 7)."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from kerascheck.dims import CountMismatch, reshaped, slice_length
from kerascheck.engine import lint_source
from kerascheck.frontends.python import analyze
from kerascheck.ir import ModuleIR, Shape, Sym, same_dim
from kerascheck.shapes import infer_shapes

# --- the representation ---------------------------------------------------------------------


def test_a_sym_is_equal_only_to_itself_and_known_to_differ_only_from_its_own_shifts() -> None:
    columns, rows = Sym.new("X.shape[1]"), Sym.new("X.shape[0]")
    assert same_dim(columns, columns) is True
    assert same_dim(columns, Sym(columns.base, "another spelling")) is True
    assert same_dim(columns, columns.shifted(-1)) is False
    assert same_dim(columns.shifted(-1), columns.shifted(-1)) is True
    assert same_dim(columns, rows) is None  # two unknowns may be equal
    assert same_dim(columns, 8) is None
    assert same_dim(columns, None) is None
    assert same_dim(3, 3) is True and same_dim(3, 4) is False and same_dim(3, None) is None
    assert str(columns) == "X.shape[1]"
    assert str(columns.shifted(-1)) == "X.shape[1] - 1"
    assert str(columns.shifted(2)) == "X.shape[1] + 2"
    assert len({columns, Sym(columns.base, "X.shape[1]"), rows}) == 2


def test_reshape_counts_cancel_named_sizes() -> None:
    rows, columns = Sym.new("X.shape[0]"), Sym.new("X.shape[1]")
    assert reshaped((rows, columns), (-1, columns, 1)) == (rows, columns, 1)
    assert reshaped((rows, 28, 28), (rows, 784)) == (rows, 784)
    assert reshaped((rows, 784), (-1, 28, 28, 1)) == (rows, 28, 28, 1)
    assert reshaped((10000, 28, 28), (-1, 784)) == (10000, 784)
    assert reshaped((rows, None), (-1, 4)) == (None, 4)  # an unknown size: nothing to say
    assert reshaped((rows, columns), (-1, 4)) == (None, 4)
    with pytest.raises(CountMismatch):
        reshaped((10000, 28, 28), (60000, 784))
    with pytest.raises(CountMismatch):
        reshaped((rows, 28, 28), (rows, 28, 28, 3))
    with pytest.raises(CountMismatch):
        reshaped((20,), (-1, 3))


def test_slices_of_named_sizes() -> None:
    columns = Sym.new("df.shape[1]")
    assert slice_length(columns, None, -1, None) == columns.shifted(-1)
    assert slice_length(columns, 1, None, None) == columns.shifted(-1)
    assert slice_length(columns, None, None, None) == columns
    assert slice_length(columns, 2, -1, None) == columns.shifted(-3)
    assert slice_length(columns, None, 8, None) is None  # min(8, columns)
    assert slice_length(columns, -3, None, None) is None
    assert slice_length(10, None, -1, None) == 9


# --- the interpreter --------------------------------------------------------------------------


def ir_of(source: str) -> ModuleIR:
    return analyze(cst.parse_module(textwrap.dedent(source)), "t.py")


def findings(source: str) -> set[str]:
    result = lint_source(textwrap.dedent(source).encode(), "train.py")
    assert not result.internal_errors, result.internal_errors
    return {f"{d.code}:{d.span.start.row}" for d in result.diagnostics if d.span is not None}


def codes(source: str) -> set[str]:
    return {finding.split(":")[0] for finding in findings(source)}


def messages(source: str, code: str) -> list[str]:
    result = lint_source(textwrap.dedent(source).encode(), "train.py")
    return [f"{d.message}\n{d.help}" for d in result.diagnostics if d.code == code]


def input_and_data(source: str) -> tuple[Shape | None, Shape | None]:
    """The model's input shape and the shape of x in its first fit call."""
    model = ir_of(source).models[0]
    declared = infer_shapes(model).output_of(model.inputs[0]) if model.inputs else None
    fit = model.fits[0]
    return declared, fit.x.info.shape if fit.x is not None and fit.x.info is not None else None


CSV = """
import numpy as np
import pandas as pd
from tensorflow import keras

df = pd.read_csv("train.csv")
{prepare}
model = keras.Sequential([
    keras.layers.Input(shape={shape}),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit({x}, y, epochs=5)
"""


@pytest.mark.parametrize(
    ("prepare", "shape", "x"),
    [
        ('X = df.drop("label", axis=1).values\ny = df["label"].values', "(X.shape[1],)", "X"),
        ('X = df.drop(columns=["label"]).to_numpy()\ny = df["label"]', "X.shape[1:]", "X"),
        ("X = df.values[:, :-1]\ny = df.values[:, -1]", "(X.shape[-1],)", "X"),
        (
            "n = df.shape[1] - 1\nX = df.iloc[:, 1:].values\ny = df.iloc[:, 0].values",
            "(n,)",
            "X",
        ),
        ("data = np.load('x.npy')\ny = data[:, 0]", "(data.shape[1],)", "data"),
        (
            "features = ['age', 'income', 'score']\nX = df[features].values\ny = df.y",
            "(len(features),)",
            "X",
        ),
    ],
)
def test_sizes_read_from_the_data_agree_with_the_data(prepare: str, shape: str, x: str) -> None:
    source = CSV.format(prepare=prepare, shape=shape, x=x)
    declared, data = input_and_data(source)
    assert declared is not None and len(declared) == 2
    if data is not None:  # np.load(...): the rank of the data is not known, the model's is
        assert len(data) == 2 and same_dim(declared[1], data[1]) is True
    assert "KC105" not in codes(source)


def test_the_input_read_before_a_column_is_dropped_is_one_too_wide() -> None:
    source = CSV.format(
        prepare='n_features = df.shape[1]\nX = df.drop("label", axis=1).values\ny = df.label',
        shape="(n_features,)",
        x="X",
    )
    declared, data = input_and_data(source)
    assert declared is not None and data is not None
    assert same_dim(declared[1], data[1]) is False
    assert "KC105:16" in findings(source)
    [message] = messages(source, "KC105")
    assert "(df.shape[0], df.shape[1] - 1)" in message
    assert "model's input is (batch, df.shape[1])" in message
    assert "X.shape[1]" in message and "Sym(" not in message


@pytest.mark.parametrize(
    "change",
    [
        'df["ratio"] = df.a / df.b',
        'df.loc[:, "ratio"] = 0.5',
        'df.drop("id", axis=1, inplace=True)',
        'df.pop("id")',
        'del df["id"]',
        'df.insert(0, "bias", 1.0)',
    ],
)
def test_a_frame_changed_in_place_forgets_its_sizes(change: str) -> None:
    source = CSV.format(
        prepare=f'n_features = df.shape[1] - 1\n{change}\nX = df.drop("label", axis=1)\ny = df.label',
        shape="(n_features,)",
        x="X",
    )
    assert "KC105" not in codes(source)


def test_an_unknown_rank_still_gives_a_named_size() -> None:
    source = """
    import numpy as np
    from keras import layers, models

    X = np.load("features.npy")
    y = np.load("labels.npy")
    model = models.Sequential([layers.Input((X.shape[1],)), layers.Dense(1)])
    model.compile(loss="mse", optimizer="adam")
    model.fit(X, y)
    """
    model = ir_of(source).models[0]
    shapes = infer_shapes(model)
    assert model.output is not None
    (out,) = [shapes.output_of(model.output)]
    assert out is not None and out[-1] == 1 and len(out) == 2


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("x.shape[1:]", (None, 28, 28, 1)),
        ("tuple(x.shape[1:])", (None, 28, 28, 1)),
        ("(*x.shape[1:3], 1)", (None, 28, 28, 1)),
        ("list(x.shape[1:3]) + [1]", (None, 28, 28, 1)),
        ("x.shape[1:3] + (1,)", (None, 28, 28, 1)),
        ("(x.shape[-3], x.shape[-2], x.shape[-1])", (None, 28, 28, 1)),
        ("(int(np.prod(x.shape[1:])),)", (None, 784)),
        ("(math.prod(x.shape[1:]),)", (None, 784)),
    ],
)
def test_shape_expressions(expression: str, expected: Shape) -> None:
    source = f"""
    import math
    import numpy as np
    from keras import layers, models

    x = np.random.rand(100, 28, 28, 1)
    model = models.Sequential([layers.Input(shape={expression}), layers.Flatten(), layers.Dense(1)])
    """
    model = ir_of(source).models[0]
    assert infer_shapes(model).output_of(model.inputs[0]) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("x.transpose(0, 2, 3, 1)", (100, 32, 32, 3)),
        ("x.transpose((0, 2, 3, 1))", (100, 32, 32, 3)),
        ("np.transpose(x, (0, 2, 3, 1))", (100, 32, 32, 3)),
        ("np.transpose(x, axes=[0, 2, 3, 1])", (100, 32, 32, 3)),
        ("tf.transpose(x, perm=[0, 2, 3, 1])", (100, 32, 32, 3)),
        ("np.moveaxis(x, 1, -1)", (100, 32, 32, 3)),
        ("x.swapaxes(1, 3).swapaxes(1, 2)", (100, 32, 32, 3)),
        ("np.swapaxes(x, 1, 3)", (100, 32, 32, 3)),
        ("x.T", (32, 32, 3, 100)),
        ("x.transpose()", (32, 32, 3, 100)),
        ("x.transpose(0, 1, 1, 2)", None),  # numpy raises: not a permutation
        ("np.reshape(x, (-1, 32, 32, 3))", (100, 32, 32, 3)),
        ("np.reshape(x, newshape=(100, -1))", (100, 3072)),
        ("x.reshape(len(x), -1)", (100, 3072)),
        ("x.reshape(x.shape[0], 32, 32, 3)", (100, 32, 32, 3)),
    ],
)
def test_axis_permutations_and_reshapes(expression: str, expected: Shape | None) -> None:
    source = f"""
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras

    x = np.random.rand(100, 3, 32, 32)
    y = np.random.randint(0, 10, 100)
    model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10)])
    model.fit({expression}, y)
    """
    _, data = input_and_data(source)
    assert data == expected


def test_transposing_channels_first_images_is_not_an_input_mismatch() -> None:
    # Until issue 10 any transpose reversed every axis: (100, 3, 32, 32) became
    # (32, 32, 3, 100) and KC105 fired on correct code.
    source = """
    import numpy as np
    from keras import layers, models

    x = np.random.rand(100, 3, 32, 32)
    x = x.transpose(0, 2, 3, 1)
    y = (x.mean(axis=(1, 2, 3)) > 0.5).astype("int32")
    model = models.Sequential([layers.Input((32, 32, 3)), layers.Conv2D(8, 3), layers.Flatten(),
                               layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y)
    """
    assert findings(source) == set()


def test_sizes_compare_only_when_known() -> None:
    source = """
    import pandas as pd
    df = pd.read_csv("a.csv")
    X = df.values
    wide = X.shape[1] == X.shape[1]
    narrow = X.shape[1] - 1 == X.shape[1]
    unknown = X.shape[1] == 8
    """
    # nothing to lint; the interpreter must not decide `X.shape[1] == 8`
    module = cst.parse_module(textwrap.dedent(source))
    from kerascheck.frontends.python.interpreter import Interpreter

    interp = Interpreter(module, "t.py")
    interp.run()
    values = {name: interp.globals.lookup(name) for name in ("wide", "narrow", "unknown")}
    assert getattr(values["wide"], "value", None) is True
    assert getattr(values["narrow"], "value", None) is False
    assert not hasattr(values["unknown"], "value")


# --- reshapes that cannot run ---------------------------------------------------------------

MNIST = """
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense

(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train = x_train.reshape((60000, 784)).astype("float32") / 255
x_test = {test}
model = Sequential([Dense(512, activation="relu", input_shape=(784,)), Dense(10, activation="softmax")])
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=128)
model.evaluate(x_test, y_test)
"""


@pytest.mark.parametrize(
    "test",
    [
        'x_test.reshape((60000, 784)).astype("float32") / 255',
        'x_test.reshape(x_train.shape[0], 784).astype("float32") / 255',
        "np.reshape(x_test, (60000, 28 * 28)) / 255",
    ],
)
def test_a_reshape_that_cannot_run_is_reported_where_numpy_raises(test: str) -> None:
    source = "import numpy as np\n" + MNIST.format(test=test)
    assert findings(source) == {"KC105:9"}
    [message] = messages(source, "KC105")
    assert "cannot reshape array of size 7840000 into shape (60000, 784)" in message
    assert "evaluate()" in message


@pytest.mark.parametrize(
    "test",
    [
        'x_test.reshape((10000, 784)).astype("float32") / 255',
        'x_test.reshape(-1, 784).astype("float32") / 255',
        'x_test.reshape(len(x_test), 784).astype("float32") / 255',
        'x_test.reshape(x_test.shape[0], -1).astype("float32") / 255',
    ],
)
def test_reshapes_that_run_are_quiet(test: str) -> None:
    assert findings(MNIST.format(test=test)) == set()


def test_a_label_reshape_that_cannot_run_is_kc106() -> None:
    source = """
    import numpy as np
    from keras import layers, models

    x = np.random.rand(500, 8)
    y = (x[:, 0] > 0.5).astype("int32").reshape(400, 1)
    model = models.Sequential([layers.Input((8,)), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y)
    """
    assert findings(source) == {"KC106:6"}


def test_reshapes_of_named_sizes_report_a_known_mismatch_only() -> None:
    source = """
    import numpy as np
    from keras import layers, models

    x = np.load("images.npy")
    x = x.reshape(x.shape[0], 28, 28)
    x = x.reshape(x.shape[0], 28, 28, 3)
    y = np.load("labels.npy")
    model = models.Sequential([layers.Input((28, 28, 3)), layers.Flatten(), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y)
    """
    assert codes(source) == {"KC105", "KC101"}  # the raw data from disk is KC101's
    [message] = messages(source, "KC105")
    assert "784 * x.shape[0]" in message and "KC105:7" in findings(source)


# --- outputs of rank > 2 against one label per sample (item 7) -------------------------------

HEADS = {
    "conv": """
        model = keras.Sequential([
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            {tail}
            keras.layers.Dense(10, activation="softmax"),
        ])""",
    "mlp": """
        model = keras.Sequential()
        model.add(keras.layers.Dense(128, activation="relu", input_shape=(28, 28)))
        {tail}
        model.add(keras.layers.Dense(10, activation="softmax"))""",
    "functional": """
        inputs = keras.Input(shape=(28, 28, 1))
        h = keras.layers.Lambda(lambda t: t * 2.0)(inputs)
        h = keras.layers.Conv2D(16, 3, padding="same", activation="relu")(h)
        {tail}
        outputs = keras.layers.Dense(10, activation="softmax")(h)
        model = keras.Model(inputs, outputs)""",
}
TAILS = {
    "conv": "keras.layers.Flatten(),",
    "mlp": "model.add(keras.layers.Flatten())",
    "functional": "h = keras.layers.GlobalAveragePooling2D()(h)",
}
DIGITS = """
import numpy as np
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 28, 28, 1) / 255.0
{model}
model.compile(optimizer="adam", loss="{loss}", metrics=["accuracy"])
model.fit({x}, {y}, epochs=3)
"""


def digits(head: str, flattened: bool, loss: str = "sparse_categorical_crossentropy") -> str:
    model = textwrap.dedent(HEADS[head]).format(tail=TAILS[head] if flattened else "")
    x = "x_train[..., 0]" if head == "mlp" else "x_train"
    y = "y_train" if loss.startswith("sparse") else "keras.utils.to_categorical(y_train, 10)"
    return DIGITS.format(model=model, loss=loss, x=x, y=y)


@pytest.mark.parametrize("head", sorted(HEADS))
@pytest.mark.parametrize("loss", ["sparse_categorical_crossentropy", "categorical_crossentropy"])
def test_a_dense_head_on_unflattened_positions_is_kc106(head: str, loss: str) -> None:
    source = digits(head, flattened=False, loss=loss)
    assert codes(source) == {"KC106"}
    [message] = messages(source, "KC106")
    assert "predicts once per position" in message
    if head == "mlp":
        assert "Add Flatten() before Dense(128)" in message
    elif head == "conv":
        assert "after MaxPooling2D" in message and "GlobalAveragePooling2D()" in message
    else:
        assert "after Conv2D(16)" in message


@pytest.mark.parametrize("head", sorted(HEADS))
def test_the_flattened_head_is_quiet(head: str) -> None:
    assert findings(digits(head, flattened=True)) == set()


def test_an_embedding_without_pooling_and_a_regression_loss() -> None:
    source = """
    import numpy as np
    import keras
    from keras import layers

    tokens = np.random.randint(1, 5000, size=(2000, 80))
    scores = tokens.mean(axis=1) / 5000.0
    model = keras.Sequential([
        layers.Input((80,)),
        layers.Embedding(5000, 32),
        layers.Dense(16, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer="adam", loss="mse")
    model.fit(tokens, scores, epochs=3)
    """
    assert findings(source) == {"KC106:15"}
    [message] = messages(source, "KC106")
    assert "after Embedding" in message and "GlobalAveragePooling1D()" in message
    assert "training runs" in message  # mse broadcasts instead of raising (Keras 3.15)


def test_a_sequence_returned_by_a_recurrent_layer_stays_kc207s() -> None:
    source = """
    import numpy as np
    from keras import layers, models

    x = np.random.rand(200, 20, 1)
    y = (x.sum(axis=(1, 2)) > 10).astype("int32")
    model = models.Sequential([
        layers.Input(shape=(20, 1)),
        layers.LSTM(32, return_sequences=True),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y)
    """
    assert findings(source) == {"KC207:9"}


@pytest.mark.parametrize(
    ("layers", "labels"),
    [
        # one label per pixel (segmentation): the output keeps its positions on purpose
        (
            'Conv2D(8, 3, padding="same", activation="relu"), Dense(4, activation="softmax")',
            "(500, 28, 28)",
        ),
        # one label per step, against (batch, steps, 1)
        (
            'Conv1D(8, 3, padding="same", activation="relu"), Dense(1, activation="sigmoid")',
            "(500, 28)",
        ),
    ],
)
def test_labels_per_position_are_quiet(layers: str, labels: str) -> None:
    loss = "sparse_categorical_crossentropy" if "softmax" in layers else "binary_crossentropy"
    shape = "(28, 28, 1)" if "2D" in layers else "(28, 3)"
    source = f"""
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Input, Conv1D, Conv2D, Dense

    x = np.random.rand(500, *{shape})
    y = (x[..., 0] > 0.5).astype("int32").reshape{labels}
    model = Sequential([Input({shape}), {layers}])
    model.compile(optimizer="adam", loss="{loss}")
    model.fit(x, y)
    """
    assert codes(source) == set()


@pytest.mark.tf
def test_keras_refuses_or_broadcasts_one_label_per_sample() -> None:
    """What the KC106 message claims, checked on the losses Keras 3 trains with."""
    keras = pytest.importorskip("keras")
    np = pytest.importorskip("numpy")
    labels = np.array([1, 0, 3, 2])
    per_position = np.full((4, 13, 13, 10), 0.1, dtype="float32")
    for loss in (
        keras.losses.SparseCategoricalCrossentropy(),
        keras.losses.CategoricalCrossentropy(),
        keras.losses.BinaryCrossentropy(),
    ):
        target = labels if "Sparse" in type(loss).__name__ else np.eye(10)[labels]
        with pytest.raises(ValueError, match=r"rank|shape"):
            loss(
                target,
                per_position if "Binary" not in type(loss).__name__ else per_position[..., :1],
            )
    broadcast = keras.losses.MeanSquaredError()(labels.astype("float32"), per_position[..., :1])
    assert np.isfinite(float(broadcast))  # no error: the label is spread over the positions


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("np.random.rand(500, *IMAGE)", (500, 28, 28, 1)),
        ("np.zeros((500, *IMAGE))", (500, 28, 28, 1)),
        ("np.random.rand(500, 784).reshape(-1, *IMAGE)", (500, 28, 28, 1)),
        ("np.random.rand(500, *sizes)", None),  # unknown sizes: not (500,)
    ],
)
def test_starred_sizes(call: str, expected: Shape | None) -> None:
    source = f"""
    import sys
    import numpy as np
    from keras import layers, models

    IMAGE = (28, 28, 1)
    sizes = sys.argv[1:]
    model = models.Sequential([layers.Input(IMAGE), layers.Flatten(), layers.Dense(1)])
    model.fit({call}, np.zeros(500))
    """
    assert input_and_data(source)[1] == expected


def test_the_column_count_of_a_frame() -> None:
    source = CSV.format(
        prepare="n = len(df.columns) - 1\nX = df[df.columns[:-1]]\ny = df[df.columns[-1]]",
        shape="(n,)",
        x="X",
    )
    declared, data = input_and_data(source)
    assert declared is not None and str(declared[1]) == "df.shape[1] - 1"
    assert data is None or same_dim(declared[1], data[1]) is not False
    assert "KC105" not in codes(source)


def test_a_recurrent_source_in_a_model_kc207_cannot_follow_is_kc106s() -> None:
    # Layers added in a loop that cannot be unrolled: KC207 stays silent on incomplete models,
    # but the rank still shows one prediction per step.
    source = """
    import json
    import numpy as np
    from keras import layers, models

    x = np.random.rand(200, 20, 1)
    y = (x.sum(axis=(1, 2)) > 10).astype("int32")
    model = models.Sequential([layers.Input(shape=(20, 1))])
    for units in json.load(open("layers.json")):
        model.add(layers.LSTM(units, return_sequences=True))
    model.add(layers.LSTM(8, return_sequences=True))
    model.add(layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y)
    """
    assert findings(source) == {"KC106:14"}
    [message] = messages(source, "KC106")
    assert "Set return_sequences=False on LSTM(8)" in message
