"""Known value ranges through arithmetic, and the rules that read them (KC101, KC107, KC108,
KC211): exact bounds where a literal gives them, nothing where the values are unknown."""

from __future__ import annotations

import math
import textwrap

import pytest

from kerascheck.engine import lint_source
from kerascheck.frontends import frontend_for
from kerascheck.frontends.python import value_ranges as vr
from kerascheck.ir import ArrayInfo

HEAD = "import numpy as np\nfrom keras import layers, models\n"
MODEL = """
model = models.Sequential([layers.Input(shape=(1,)), layers.Dense(8, activation="relu"),
                           layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y)
"""


def infos(body: str) -> tuple[ArrayInfo, ArrayInfo]:
    """What the frontend knows of ``x`` and ``y`` at ``model.fit(x, y)``."""
    source = HEAD + textwrap.dedent(body) + MODEL
    (model,) = frontend_for("t.py")(source.encode(), "t.py").ir.models
    (fit,) = model.fits
    assert fit.x is not None and fit.y is not None and fit.x.info and fit.y.info
    return fit.x.info, fit.y.info


def codes(source: str) -> list[tuple[str, int]]:
    result = lint_source(textwrap.dedent(source).encode(), "t.py")
    return sorted((d.code, d.span.start.row) for d in result.diagnostics if d.span)


# --- interval arithmetic ------------------------------------------------------------------------


def test_interval_arithmetic_is_exact_for_one_operand_and_a_constant() -> None:
    assert vr.add((-1.0, 2.0), (3.0, 3.0)) == (2.0, 5.0)
    assert vr.subtract((0.0, 1.0), (0.0, 1.0)) == (-1.0, 1.0)
    assert vr.multiply((-2.0, 3.0), (-1.0, 4.0)) == (-8.0, 12.0)
    assert vr.divide((0.0, 255.0), (255.0, 255.0)) == (0.0, 1.0)
    assert vr.divide((1.0, 2.0), (-1.0, 1.0)) is None  # the divisor may be 0
    assert vr.power((-100.0, 100.0), (4.0, 4.0)) == (0.0, 1e8)  # even power of a signed range
    assert vr.power((-2.0, 3.0), (3.0, 3.0)) == (-8.0, 27.0)
    assert vr.power((-1.0, 1.0), (0.5, 0.5)) is None  # a root of negatives is nan
    assert vr.power((2.0, 3.0), (1.0, 2.0)) is None  # no constant exponent
    assert vr.power((10.0, 10.0), (400.0, 400.0)) is None  # overflows: unknown, not inf
    assert vr.absolute((-5.0, 2.0)) == (0.0, 5.0)
    assert vr.FUNCTIONS["log"]((-1.0, 10.0)) is None
    assert vr.FUNCTIONS["sqrt"]((4.0, 9.0)) == (2.0, 3.0)
    assert vr.clip((-10.0, 10.0), 0, 1) == (0.0, 1.0)
    assert vr.known(math.inf, 1) is None and vr.known("a", 1) is None


def test_a_known_range_decides_the_scale() -> None:
    assert vr.scale_for((-100.0, 100.0), None) == "raw"
    assert vr.scale_for((0.0, 1.0), "raw") == "scaled"  # a file that holds [0, 1]
    assert vr.scale_for((0.0, 1.0), None) is None
    assert vr.scale_for(None, "raw") == "raw"


def test_reductions_scale_sums_by_the_count_summed() -> None:
    assert vr.reduced((0.0, 1.0), "sum", 10) == (0.0, 10.0)
    assert vr.reduced((0.0, 1.0), "sum", None) is None
    assert vr.reduced((2.0, 5.0), "mean", None) == (2.0, 5.0)
    assert vr.reduced((0.0, 4.0), "std", None) == (0.0, 2.0)
    assert vr.axis_count((100, 10, 3), (1, 2)) == 30
    assert vr.axis_count((100, None), 1) is None


# --- sources and arithmetic in scripts ----------------------------------------------------------


def test_arange_to_the_fourth_is_unscaled_input_and_huge_targets() -> None:
    x, y = infos("x = np.arange(-100, 100, 0.5)\ny = x ** 4\n")
    assert x.value_range == (-100.0, 100.0) and x.scale == "raw"
    assert y.value_range == (0.0, 1e8) and y.scale == "raw"


def test_dividing_a_known_range_scales_it() -> None:
    x, y = infos("x = np.arange(-100, 100, 0.5) / 100\ny = -x\n")
    assert x.value_range == (-1.0, 1.0) and x.scale == "scaled"
    assert y.value_range == (-1.0, 1.0)


def test_random_draws_have_their_distribution_bounds() -> None:
    x, y = infos(
        "x = np.random.rand(100, 10).sum(axis=1) * 40\n"
        "y = np.random.randint(0, 10, size=100) + np.random.uniform(-2, 2, 100)\n"
    )
    assert x.value_range == (0.0, 400.0) and x.scale == "raw"
    assert y.value_range == (-2.0, 11.0)  # independent arrays: the bounds add


def test_unknown_counts_distributions_and_same_data_arithmetic_stay_unknown() -> None:
    x, y = infos("x = np.random.rand(n, 10).sum(axis=0)\ny = np.random.randn(100)\n")
    assert x.value_range is None and y.value_range is None
    x, y = infos("x = np.linspace(0, 50, 100)\ny = x - x.mean()\n")
    assert x.value_range == (0.0, 50.0)
    assert y.value_range is None  # interval arithmetic would say [-50, 50]
    x, y = infos("x = np.linspace(1, 50, 100)\ny = x / x.max()\n")
    assert y.value_range is None and y.scale == "scaled"


def test_numpy_functions_follow_the_range() -> None:
    x, y = infos("x = np.sin(np.linspace(-3, 3, 50)) * 0.9\ny = np.exp(np.linspace(0, 10, 50))\n")
    assert x.value_range == (-0.9, 0.9) and x.scale != "raw"
    assert y.value_range == (1.0, math.exp(10)) and y.scale == "raw"
    x, y = infos("x = np.clip(np.arange(-50, 50), 0, 1)\ny = np.abs(np.arange(-50, 20))\n")
    assert x.value_range == (0.0, 1.0)
    assert y.value_range == (0.0, 50.0)


def test_literals_give_their_bounds_and_label_encoding() -> None:
    x, y = infos("x = np.array([[1.5, 200.0], [3.0, 4.0]])\ny = np.array([[0, 1], [1, 0]])\n")
    assert x.value_range == (1.5, 200.0) and x.scale == "raw"
    assert y.encoding == "onehot"
    _, y = infos("x = np.zeros((2, 2))\ny = np.array([[1, 1, 0], [0, 1, 1]])\n")
    assert y.encoding == "multihot"
    x, y = infos("x = np.array([-40, 0, 38], dtype=float)\ny = np.array([3, 1, 2])\n")
    assert x.encoding is None and x.scale == "raw"  # numbers, not class ids
    assert y.encoding == "int"


# --- KC211 bounded-output-regression ------------------------------------------------------------

BOUNDED = """
import numpy as np
import tensorflow as tf

x = np.random.rand(500, 10)
y = {target}
model = tf.keras.Sequential([
    tf.keras.layers.Dense(16, activation="relu", input_shape=(10,)),
    tf.keras.layers.Dense(1, activation="{activation}"),
])
model.compile(optimizer="adam", loss="{loss}")
model.fit(x, y)
"""


@pytest.mark.parametrize(
    ("target", "activation", "loss", "fires"),
    [
        ("x.sum(axis=1) * 40", "sigmoid", "mse", True),
        ("x.sum(axis=1) * 40", "linear", "mse", False),
        ("x.sum(axis=1) / 10", "sigmoid", "mse", False),  # [0, 1]
        ("x[:, 0] * 2 - 1", "tanh", "mae", False),  # [-1, 1]
        ("x[:, 0] * 3 - 1", "tanh", "huber", True),
        ("x[:, 0] - 0.5", "sigmoid", "mean_squared_error", True),  # negative targets
        ("x.sum(axis=1) * 40", "sigmoid", "binary_crossentropy", False),  # not a regression
        ("np.random.randn(500)", "sigmoid", "mse", False),  # no known bounds
    ],
)
def test_kc211(target: str, activation: str, loss: str, fires: bool) -> None:
    source = BOUNDED.format(target=target, activation=activation, loss=loss)
    found = [code for code in codes(source) if code[0] == "KC211"]
    assert found == ([("KC211", 9)] if fires else [])


def test_kc211_message_says_both_ranges() -> None:
    source = BOUNDED.format(target="x.sum(axis=1) * 40", activation="sigmoid", loss="mse")
    (finding,) = [d for d in lint_source(textwrap.dedent(source).encode(), "t.py").diagnostics]
    assert "[0, 1]" in finding.message and "[0, 400]" in finding.message
    assert "linear output" in finding.help


# --- KC107 scaled-class-labels ------------------------------------------------------------------

LABELS = """
import numpy as np
import keras
from sklearn.preprocessing import LabelEncoder, StandardScaler, MinMaxScaler

x = np.random.rand(300, 4)
{labels}
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense({units}, activation="{act}")])
model.compile(optimizer="adam", loss="{loss}")
model.fit(x, y)
"""


@pytest.mark.parametrize(
    ("labels", "units", "act", "loss", "fires"),
    [
        (
            "y = np.random.randint(0, 10, 300) / 255.0",
            10,
            "softmax",
            "sparse_categorical_crossentropy",
            True,
        ),
        (
            "y = keras.utils.to_categorical(np.random.randint(0, 10, 300) / 9.0, 10)",
            10,
            "softmax",
            "categorical_crossentropy",
            True,
        ),
        (
            "y = LabelEncoder().fit_transform(np.random.choice(['no', 'yes'], 300)) / 2",
            1,
            "sigmoid",
            "binary_crossentropy",
            True,
        ),
        ("y = StandardScaler().fit_transform(x[:, :1])", 1, "sigmoid", "binary_crossentropy", True),
        ("y = MinMaxScaler().fit_transform(x[:, :1])", 1, "sigmoid", "binary_crossentropy", False),
        ("y = np.random.randint(0, 10, 300) / 255.0", 1, "linear", "mse", False),
        ("y = x[:, 0] / 255.0", 1, "sigmoid", "binary_crossentropy", False),  # not class ids
        (
            "y = keras.utils.to_categorical(np.random.randint(0, 10, 300), 10) * 0.9 + 0.01",
            10,
            "softmax",
            "categorical_crossentropy",
            False,
        ),
        (
            "y = (np.random.randint(0, 10, 300) / 255.0 > 0.01).astype(int)",
            1,
            "sigmoid",
            "binary_crossentropy",
            False,
        ),
    ],
)
def test_kc107(labels: str, units: int, act: str, loss: str, fires: bool) -> None:
    source = LABELS.format(labels=labels, units=units, act=act, loss=loss)
    found = [code for code in codes(source) if code[0] == "KC107"]
    assert found == ([("KC107", 10)] if fires else [])


def test_kc107_points_at_the_scaling_expression() -> None:
    source = LABELS.format(
        labels="y = np.random.randint(0, 10, 300) / 255.0",
        units=10,
        act="softmax",
        loss="sparse_categorical_crossentropy",
    )
    (finding,) = [
        d
        for d in lint_source(textwrap.dedent(source).encode(), "t.py").diagnostics
        if d.code == "KC107"
    ]
    (note,) = finding.related
    assert "np.random.randint(0, 10, 300) / 255.0" in note.message
    assert note.span is not None and note.span.start.row == 7


# --- KC108 multi-hot-labels-softmax -------------------------------------------------------------

MULTI = """
import numpy as np
from tensorflow import keras
from sklearn.preprocessing import MultiLabelBinarizer, LabelBinarizer
from sklearn.datasets import make_multilabel_classification

x = np.random.rand(200, 6)
{labels}
model = keras.Sequential([keras.layers.Dense(3, activation="{act}", input_shape=(6,))])
model.compile(optimizer="adam", loss="{loss}")
model.fit(x, y)
"""


@pytest.mark.parametrize(
    ("labels", "act", "loss", "fires"),
    [
        (
            "y = MultiLabelBinarizer().fit_transform([['a', 'b'], ['c']] * 100)",
            "softmax",
            "binary_crossentropy",
            True,
        ),
        (
            "y = MultiLabelBinarizer().fit_transform([['a', 'b'], ['c']] * 100)",
            "sigmoid",
            "categorical_crossentropy",
            True,
        ),
        (
            "y = MultiLabelBinarizer().fit_transform([['a', 'b'], ['c']] * 100)",
            "sigmoid",
            "binary_crossentropy",
            False,
        ),
        (
            "_, y = make_multilabel_classification(n_samples=200, n_classes=3)",
            "softmax",
            "categorical_crossentropy",
            True,
        ),
        (
            "y = LabelBinarizer().fit_transform(['a', 'b', 'c'] * 66 + ['a', 'b'])",
            "softmax",
            "categorical_crossentropy",
            False,
        ),
    ],
)
def test_kc108(labels: str, act: str, loss: str, fires: bool) -> None:
    source = MULTI.format(labels=labels, act=act, loss=loss)
    found = [code for code in codes(source) if code[0] == "KC108"]
    assert found == ([("KC108", 9)] if fires else [])


# --- scikit-learn's bundled datasets --------------------------------------------------------------

TOY = """
from sklearn.datasets import {loader}
from sklearn.preprocessing import MinMaxScaler
from tensorflow import keras

{load}
model = keras.Sequential([
    keras.layers.Dense(16, activation="relu", input_shape=({features},)),
    keras.layers.Dense({classes}, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(X, y)
"""


@pytest.mark.parametrize(
    ("loader", "load", "features", "classes", "expected"),
    [
        ("load_iris", "X, y = load_iris(return_X_y=True)", 4, 3, []),  # [0.1, 7.9]
        ("load_digits", "d = load_digits()\nX, y = d.data, d.target", 64, 10, []),  # [0, 16]
        ("load_breast_cancer", "X, y = load_breast_cancer(return_X_y=True)", 30, 2, ["KC101"]),
        (
            "load_digits",
            "d = load_digits()\nX = d.data / 16\ny = MinMaxScaler().fit_transform(d.target.reshape(-1, 1))",
            64,
            10,
            ["KC107"],
        ),
        (
            "load_wine",
            "X, y = load_wine(return_X_y=True, as_frame=True)",
            13,
            3,
            [],
        ),  # not followed
    ],
)
def test_toy_datasets_know_their_ranges_and_classes(
    loader: str, load: str, features: int, classes: int, expected: list[str]
) -> None:
    source = TOY.format(loader=loader, load=load, features=features, classes=classes)
    assert [code for code, _ in codes(source)] == expected


def test_kc107_leaves_autoencoders_and_integer_images_alone() -> None:
    source = """
    import numpy as np
    import keras

    x = np.random.randint(0, 256, (100, 1)) / 255.0
    images = np.random.randint(0, 256, (100, 4)) / 255.0
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, x)  # reconstructs its own input
    model.fit(images[:, :1], images[:, 1:2])  # integer pixels, not class ids
    model.fit(x, np.random.randint(0, 256, (100, 1)) / 255.0)
    """
    assert [code for code in codes(source) if code[0] == "KC107"] == [("KC107", 11)]


def test_kc206_leaves_a_softmax_on_multi_hot_labels_to_kc108() -> None:
    source = MULTI.format(
        labels="y = MultiLabelBinarizer().fit_transform([['a', 'b'], ['c']] * 100)",
        act="softmax",
        loss="binary_crossentropy",
    )
    assert codes(source) == [("KC108", 9)]
    plain = MULTI.format(labels="y = x[:, :3]", act="softmax", loss="binary_crossentropy")
    assert codes(plain) == [("KC206", 9)]
