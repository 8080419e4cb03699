"""The coverage benchmark's counting (benchmarks/bench_coverage.py) on programs with known
answers: which models have an output of known rank, which fit-like calls an x of known rank."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_coverage import Coverage, analyse, layer_classes, layer_coverage, measure
from kerascheck.dynamic import tf_available

KNOWN = b"""
import numpy as np
import keras
from keras import layers

x = np.random.rand(200, 8)
y = np.random.randint(0, 2, size=(200,))
model = keras.Sequential([layers.Input(shape=(8,)), layers.Dense(16), layers.Dense(1)])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=2)
"""

UNKNOWN_OUTPUT = b"""
import keras
from my_project.blocks import residual_tower

inputs = keras.Input(shape=(32, 32, 3))
outputs = residual_tower(inputs)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(load_training_images(), epochs=3)
"""

TWO_CALL_SITES = b"""
import numpy as np
import tensorflow as tf

def build(width):
    model = tf.keras.Sequential()
    model.add(tf.keras.layers.Dense(width, input_shape=(4,)))
    model.add(tf.keras.layers.Dense(1))
    return model

small = build(8)
large = build(64)
small.fit(np.zeros((10, 4)), np.zeros((10,)))
large.predict(np.zeros((3, 4)))
"""


TRAINER_WITHOUT_CALL = b"""
import keras
from keras import layers

generator = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(784, activation="tanh")])

class GAN(keras.Model):
    def __init__(self, generator):
        super().__init__()
        self.generator = generator

    def train_step(self, data):
        return {}

gan = GAN(generator)
gan.compile(optimizer="adam")
gan.fit(keras.utils.image_dataset_from_directory("faces", label_mode=None), epochs=1)
"""


def test_a_subclassed_model_without_call_is_left_out_of_the_models(tmp_path: Path) -> None:
    """A GAN that only overrides ``train_step`` has no output shape to know: its generator
    is the model counted; its fit call still counts."""
    (tmp_path / "gan.py").write_bytes(TRAINER_WITHOUT_CALL)
    coverage = measure("gan", [tmp_path / "gan.py"])
    assert (coverage.models, coverage.models_known, coverage.without_call) == (1, 1, 1)
    assert coverage.calls == 1


def test_a_sequential_model_and_its_fit_are_known() -> None:
    models, calls = analyse(KNOWN, "known.py")
    assert [(m.what, m.known) for m in models] == [("sequential", True)]
    assert [(c.what, c.known) for c in calls] == [("fit", True)]


def test_an_unresolved_block_leaves_the_output_and_the_data_unknown() -> None:
    models, calls = analyse(UNKNOWN_OUTPUT, "unknown.py")
    assert [m.known for m in models] == [False]
    assert [(c.what, c.known) for c in calls] == [("fit", False)]


def test_a_builder_called_twice_is_one_model_site() -> None:
    models, calls = analyse(TWO_CALL_SITES, "twice.py")
    assert [(m.what, m.known) for m in models] == [("sequential", True)]
    assert sorted(c.known for c in calls) == [True] * len(calls)
    assert sorted(c.what for c in calls) == ["fit", "predict"]


def test_shares_add_up_over_files(tmp_path: Path) -> None:
    coverage = Coverage("tiny")
    for name, source in (("a.py", KNOWN), ("b.py", UNKNOWN_OUTPUT)):
        (tmp_path / name).write_bytes(source)
        coverage.add(*analyse(source, str(tmp_path / name)))
    assert (coverage.files, coverage.models, coverage.models_known) == (2, 2, 1)
    assert coverage.model_share == 0.5
    assert coverage.call_share == 0.5
    assert coverage.unknown_models == [f"{(tmp_path / 'b.py').resolve()}:7"]
    assert coverage.unknown_calls == [f"{(tmp_path / 'b.py').resolve()}:9 fit"]


def test_a_model_built_in_an_imported_module_is_one_site(tmp_path: Path) -> None:
    """models.py on its own cannot know the input size; train.py passes it: one site, known."""
    (tmp_path / "models.py").write_text(
        "from tensorflow import keras\n"
        "\n"
        "def build(n_features):\n"
        "    inputs = keras.Input(shape=(n_features,))\n"
        "    outputs = keras.layers.Dense(1)(inputs)\n"
        "    return keras.Model(inputs, outputs)\n"
    )
    (tmp_path / "train.py").write_text(
        "import numpy as np\n"
        "from models import build\n"
        "\n"
        "x = np.zeros((100, 6))\n"
        "model = build(x.shape[1])\n"
        "model.compile(optimizer='adam', loss='mse')\n"
        "model.fit(x, np.zeros((100,)))\n"
    )
    coverage = measure("project", sorted(tmp_path.glob("*.py")))
    assert coverage.files == 2
    assert [s.where[1:] for s in coverage.model_sites.values()] == [(6, 12)]
    assert coverage.models_known == 1
    assert (coverage.calls, coverage.calls_known) == (1, 1)


def test_files_without_keras_have_nothing_to_count() -> None:
    assert analyse(b"print('hello')\n", "plain.py") == ([], [])


@pytest.mark.tf
@pytest.mark.skipif(not tf_available(), reason="needs the tf extra (TensorFlow + Keras)")
def test_layer_share_counts_every_public_layer_class() -> None:
    classes = layer_classes()
    assert {"Dense", "LSTM", "MultiHeadAttention", "Resizing"} <= set(classes)
    assert "InputSpec" not in classes  # public, but not a layer
    layers = layer_coverage()
    assert layers["classes"] == len(classes)
    assert layers["covered"] + len(layers["missing"]) == len(classes)
    assert sum(layers["by_entry"].values()) == layers["covered"]
