"""KC102 on real source: labels drawn at random, labels shuffled on their own, and the
near-misses that must stay silent (x and y shuffled together, same-seed twins, labels computed
from random inputs)."""

from __future__ import annotations

import textwrap

import pytest

from kerascheck.engine import lint_source

MODEL = """\
model = keras.Sequential([
    keras.layers.Input(shape=(4,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5)
"""


def kc102(data: str, prelude: str = "import random\nimport numpy as np\nimport keras\n") -> list:
    source = prelude + textwrap.dedent(data) + MODEL
    found = lint_source(source.encode(), "train.py").diagnostics
    return [d for d in found if d.code == "KC102"]


@pytest.mark.parametrize(
    "data",
    [
        # np.random.shuffle on the labels alone
        """\
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        np.random.shuffle(y)
        """,
        # Python's random.shuffle, even after seeding numpy (another stream)
        """\
        np.random.seed(0)
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        random.shuffle(y)
        """,
        # a Generator's shuffle
        """\
        rng = np.random.default_rng(42)
        x = rng.uniform(-1, 1, size=(500, 4))
        y = (x[:, 0] > 0).astype(int)
        rng.shuffle(y)
        """,
        # a permuted copy of the labels
        """\
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        y = np.random.permutation(y)
        """,
        # x and y shuffled separately: two different permutations
        """\
        data = np.loadtxt("data.csv", delimiter=",")
        x, y = data[:, :4], data[:, 4]
        np.random.shuffle(x)
        np.random.shuffle(y)
        """,
        # sklearn's shuffle of the labels alone
        """\
        from sklearn.utils import shuffle
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        y = shuffle(y)
        """,
        # the first draw after a seed, but only the labels are shuffled
        """\
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        np.random.seed(3)
        np.random.shuffle(y)
        """,
    ],
)
def test_labels_shuffled_on_their_own_are_random(data: str) -> None:
    [found] = kc102(data)
    assert "shuffled alone: samples get other samples' labels" in found.message
    assert "Shuffle x and y together" in found.help
    assert found.related and "shuffle" in found.related[0].message


@pytest.mark.parametrize(
    "data",
    [
        # one index permutation for both
        """\
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        idx = np.random.permutation(len(x))
        x, y = x[idx], y[idx]
        """,
        # an index array shuffled in place, then applied to both
        """\
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        indices = np.arange(len(x))
        np.random.shuffle(indices)
        x, y = x[indices], y[indices]
        """,
        # a Generator permutation applied to both
        """\
        rng = np.random.default_rng(0)
        x = rng.normal(size=(500, 4))
        y = (x[:, 0] > 0).astype(int)
        p = rng.permutation(len(x))
        x = x[p]
        y = y[p]
        """,
        # sklearn.utils.shuffle of both
        """\
        from sklearn.utils import shuffle
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        x, y = shuffle(x, y, random_state=0)
        """,
        # the whole table shuffled before x and y are cut from it
        """\
        data = np.loadtxt("data.csv", delimiter=",")
        np.random.shuffle(data)
        x, y = data[:, :4], data[:, 4]
        """,
        # a list of (x, y) pairs
        """\
        xs = np.random.rand(500, 4)
        pairs = list(zip(xs, (xs[:, 0] > 0.5).astype(int)))
        random.shuffle(pairs)
        x, y = zip(*pairs)
        x, y = np.array(x), np.array(y)
        """,
        # the same seed before each shuffle: the same permutation
        """\
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        np.random.seed(7)
        np.random.shuffle(x)
        np.random.seed(7)
        np.random.shuffle(y)
        """,
        # the state saved and restored between the shuffles
        """\
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        state = np.random.get_state()
        np.random.shuffle(x)
        np.random.set_state(state)
        np.random.shuffle(y)
        """,
        # two fresh generators with one seed
        """\
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        np.random.default_rng(5).shuffle(x)
        np.random.default_rng(5).shuffle(y)
        """,
        # a shuffled copy that is never trained on (a chance-level baseline)
        """\
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        y_null = y.copy()
        np.random.shuffle(y_null)
        """,
        # a shuffle that may not run
        """\
        import sys
        x = np.random.rand(500, 4)
        y = (x[:, 0] > 0.5).astype(int)
        if "--null" in sys.argv:
            np.random.shuffle(y)
        """,
    ],
)
def test_labels_shuffled_with_their_inputs_are_not_random(data: str) -> None:
    assert kc102(data) == []


@pytest.mark.parametrize(
    "data",
    [
        # the known false alarm: y computed from x, both from np.random
        """\
        x = np.random.rand(100, 4)
        y = (x.sum(axis=1) > 1.5).astype(int)
        """,
        # computed from random values through inputs the linter cannot follow
        """\
        x_meta = np.random.rand(256, 4)
        y = (x_meta[:, 0] > 0.5).astype("int32")
        x = np.stack([row for row in x_meta])
        """,
        # a random walk: the targets are the series the windows are cut from
        """\
        series = np.cumsum(np.random.randn(3000))
        series = (series - series.mean()) / series.std()
        x = np.stack([series[i : i + 4] for i in range(len(series) - 4)])
        y = series[4:]
        """,
    ],
)
def test_labels_computed_from_random_inputs_are_not_random(data: str) -> None:
    assert kc102(data) == []


@pytest.mark.parametrize(
    "data",
    [
        """\
        x = np.random.rand(500, 4)
        y = np.random.randint(0, 2, size=500)
        """,
        # computed from random values, but not from x's
        """\
        x = np.random.rand(500, 4)
        y = (np.random.rand(500) > 0.5).astype(int)
        """,
        # drawn directly: random whatever x is, even when x cannot be followed
        """\
        x = np.stack([row for row in np.random.rand(500, 4)])
        y = np.random.randint(0, 2, size=500)
        """,
    ],
)
def test_labels_drawn_at_random_are_random(data: str) -> None:
    [found] = kc102(data)
    assert "random numbers from" in found.message


@pytest.mark.parametrize(
    "data",
    [
        # the inputs shuffled without their labels
        """\
        data = np.loadtxt("data.csv", delimiter=",")
        x, y = data[:, :4] / 10.0, data[:, 4]
        np.random.shuffle(x)
        """,
        # labels from another file than the inputs, shuffled alone
        """\
        x = np.load("features.npy") / 10.0
        y = np.load("labels.npy")
        rng = np.random.default_rng(0)
        rng.shuffle(y)
        """,
    ],
)
def test_inputs_and_labels_in_different_orders(data: str) -> None:
    [found] = kc102(data)
    assert "samples get other samples' labels" in found.message
    assert any("shuffled by" in note.message for note in found.related)


def test_a_shuffle_keeps_where_the_data_came_from() -> None:
    """The table shuffled whole is still the loaded file: KC101 names the loader, not the
    shuffle, and nothing is out of step."""
    source = (
        textwrap.dedent(
            """\
        import numpy as np
        import keras
        data = np.loadtxt("data.csv", delimiter=",")
        np.random.shuffle(data)
        x, y = data[:, :4], data[:, 4]
        """
        )
        + MODEL
    )
    found = lint_source(source.encode(), "train.py").diagnostics
    assert [d.code for d in found] == ["KC101"]
    assert "np.loadtxt" in found[0].message


def test_tensorflow_shuffles() -> None:
    alone = """\
    import tensorflow as tf
    x = np.random.rand(500, 4)
    y = (x[:, 0] > 0.5).astype(int)
    y = tf.random.shuffle(y)
    """
    [found] = kc102(alone)
    assert "shuffled alone" in found.message
    twins = """\
    import tensorflow as tf
    x = np.random.rand(500, 4)
    y = (x[:, 0] > 0.5).astype(int)
    x = tf.random.shuffle(x, seed=3)
    y = tf.random.shuffle(y, seed=3)
    """
    assert kc102(twins) == []
