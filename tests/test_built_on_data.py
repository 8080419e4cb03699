"""A Sequential that declares no input is built on the first data it meets (as Keras builds
it): the shapes the checks read come from that x (kerascheck.shapes.built)."""

from __future__ import annotations

from kerascheck.frontends import frontend_for
from kerascheck.ir import Model
from kerascheck.shapes.built import first_data_shape, model_shapes


def models_of(source: str) -> list[Model]:
    loaded = frontend_for("train.py")(source.encode(), "train.py")
    return loaded.ir.models


HEADER = """
import numpy as np
import keras
from keras import layers

x = np.random.rand(100, 20, 3)
"""


def test_the_first_fit_builds_the_model() -> None:
    [model] = models_of(
        HEADER
        + """
model = keras.Sequential([layers.Conv1D(8, 3), layers.GlobalMaxPooling1D(), layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.zeros((100, 2)))
"""
    )
    assert first_data_shape(model) == (None, 20, 3)
    shapes = model_shapes(model)
    assert [shapes.output_of(node) for node in model.nodes] == [(None, 18, 8), (None, 8), (None, 2)]


def test_an_eager_call_builds_it_too() -> None:
    [model] = models_of(
        HEADER
        + """
augment = keras.Sequential([layers.GaussianNoise(0.1), layers.Conv1D(4, 5)])
noisy = augment(x)
"""
    )
    assert model_shapes(model).output_of(model.outputs[0]) == (None, 16, 4)


def test_a_first_call_on_unknown_data_builds_nothing() -> None:
    """Keras builds on the first call; when that data is unknown, a later known x says
    nothing about the shape the model was built with."""
    [model] = models_of(
        HEADER
        + """
model = keras.Sequential([layers.Conv1D(8, 3), layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
model.fit(load_windows(), epochs=2)
model.predict(x)
"""
    )
    assert first_data_shape(model) is None
    assert model_shapes(model).output_of(model.outputs[0]) == (None, None, 2)  # rank only


def test_a_declared_input_is_kept() -> None:
    [model] = models_of(
        HEADER
        + """
model = keras.Sequential([keras.Input(shape=(50, 3)), layers.Conv1D(8, 3)])
model.fit(x, np.zeros((100, 48, 8)))
"""
    )
    assert first_data_shape(model) is None
    assert model_shapes(model).output_of(model.outputs[0]) == (None, 48, 8)


def test_data_the_first_layer_cannot_take_leaves_the_shapes_to_kc105() -> None:
    [model] = models_of(
        HEADER
        + """
model = keras.Sequential([layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(2)])
model.fit(x, np.zeros((100, 2)))
"""
    )
    assert first_data_shape(model) == (None, 20, 3)
    assert model_shapes(model).problems == []  # the declared (unknown) shapes, no second finding
