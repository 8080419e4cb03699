"""KC302 on real source: what kind of numbers the targets hold decides whether 'accuracy'
can move (Keras 3 resolves it from the shapes, not from the loss)."""

from __future__ import annotations

import textwrap

import pytest

from kerascheck.engine import lint_source
from kerascheck.frontends.python import value_kinds

PRELUDE = "import numpy as np\nimport pandas as pd\nimport keras\n"


def kc302(data: str, units: int = 1, activation: str = "None") -> list:
    model = textwrap.dedent(
        f"""\
        model = keras.Sequential([
            keras.layers.Input(shape=(4,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense({units}, activation={activation}),
        ])
        model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
        model.fit(x, y, epochs=5)
        """
    )
    source = PRELUDE + textwrap.dedent(data) + model
    return [d for d in lint_source(source.encode(), "fit.py").diagnostics if d.code == "KC302"]


@pytest.mark.parametrize(
    "data",
    [
        "x = np.random.rand(200, 4)\ny = x.sum(axis=1) * 40\n",
        "x = np.random.rand(200, 4)\ny = np.sin(3.0 * x[:, 0])\n",
        "x = np.random.rand(200, 4)\ny = x @ np.array([0.5, 1.5, -2.0, 3.0]) + 1\n",
        "x = np.random.rand(200, 4)\ny = np.arange(-100, 100, 0.5) ** 4\n",
        # a scaler fitted on y
        """\
        from sklearn.preprocessing import StandardScaler
        x = np.random.rand(200, 4)
        y = StandardScaler().fit_transform(np.random.randint(0, 50, size=(200, 1)))
        """,
        # a price column, and a column divided by a float
        'df = pd.read_csv("houses.csv")\nx = df.drop("SalePrice", axis=1).values\n'
        'y = df["SalePrice"].values\n',
        'df = pd.read_csv("houses.csv")\nx = df.drop("y", axis=1).values\ny = df["y"] / 1000.0\n',
        # a regression data set's targets
        "(x, y), _ = keras.datasets.boston_housing.load_data()\n",
    ],
)
def test_accuracy_on_continuous_targets_is_reported(data: str) -> None:
    [found] = kc302(data)
    assert "continuous targets" in found.message


def test_counts_defeat_binary_accuracy_but_not_a_wider_output() -> None:
    data = "x = np.random.randint(0, 2, size=(200, 4)).astype('float32')\ny = x.sum(axis=1)\n"
    [found] = kc302(data)
    assert "count targets" in found.message
    assert kc302(data, units=3) == []


@pytest.mark.parametrize(
    ("data", "activation"),
    [
        # 0/1 labels trained with mse: binary accuracy moves
        ("x = np.random.rand(200, 4)\ny = (x[:, 0] > 0.5).astype('float32')\n", '"sigmoid"'),
        ("x = np.random.rand(200, 4)\ny = np.round(np.random.rand(200))\n", '"sigmoid"'),
        ("x = np.random.rand(200, 4)\ny = x[:, 0].round()\n", "None"),
        # classes of a quantity, a column of unknown kind, class ids, encoded strings
        (
            'df = pd.read_csv("phones.csv")\nx = df.drop("price_range", axis=1).values\n'
            'y = df["price_range"].values\n',
            "None",
        ),
        (
            'df = pd.read_csv("data.csv")\nx = df.drop("target", axis=1).values\n'
            'y = df["target"].values\n',
            "None",
        ),
        ("(x, y), _ = keras.datasets.mnist.load_data()\n", "None"),
        (
            "from sklearn.preprocessing import LabelEncoder\n"
            'df = pd.read_csv("data.csv")\nx = df.drop("species", axis=1).values\n'
            'y = LabelEncoder().fit_transform(df["species"])\n',
            "None",
        ),
    ],
)
def test_accuracy_on_labels_or_unknown_targets_is_quiet(data: str, activation: str) -> None:
    assert kc302(data, activation=activation) == []


@pytest.mark.parametrize(
    ("op", "operands", "kind"),
    [
        ("Divide", ["integer", "integer"], "continuous"),
        ("Add", ["integer", "integer"], "integer"),
        ("Add", ["counts", "integer"], "counts"),
        ("Multiply", [None, "continuous"], "continuous"),
        ("Multiply", [None, "integer"], None),
        ("Modulo", ["continuous", "integer"], "integer"),
    ],
)
def test_binary_operations(op: str, operands: list, kind: str | None) -> None:
    import libcst as cst

    assert value_kinds.after_binary(getattr(cst, op), operands) == kind


def test_numbers_and_columns() -> None:
    assert value_kinds.of_number(0.5) == "continuous"
    assert value_kinds.of_number(2.0) == "integer"
    assert value_kinds.of_number(True) == "integer"
    assert value_kinds.of_column("SalePrice") == "continuous"
    assert value_kinds.of_column("price_range") is None
    assert value_kinds.of_column("label") is None
