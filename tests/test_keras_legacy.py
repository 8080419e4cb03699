"""The Keras 1/2 table: one home for KC303, its fix and the dynamic rebuild's translation."""

from __future__ import annotations

import textwrap

import pytest

from kerascheck.engine import lint_source
from kerascheck.keras_legacy import (
    GENERATOR_METHODS,
    LAYER_KEYWORDS,
    RENAMES,
    keras1_kernel,
    legacy_for,
    removed_module,
    translate_layer,
    translate_optimizer,
)


def test_layer_renames_keep_values_and_say_what_changed() -> None:
    done = translate_layer(
        "Dense", "Dense", {"output_dim": 64, "init": "uniform", "W_regularizer": "l2"}
    )
    assert done.params == {
        "units": 64,
        "kernel_initializer": "uniform",
        "kernel_regularizer": "l2",
    }
    assert [t.text for t in done.translations] == [
        "init= -> kernel_initializer=",
        "output_dim= -> units=",
        "W_regularizer= -> kernel_regularizer=",
    ]


def test_the_new_keyword_wins_when_both_are_given() -> None:
    done = translate_layer(
        "Dense", "Dense", {"units": 8, "init": "zero", "kernel_initializer": "he_normal"}
    )
    assert done.params == {"units": 8, "kernel_initializer": "he_normal"}


def test_keras1_convolution_reads_rows_and_columns() -> None:
    params = {"filters": 32, "kernel_size": 3, "strides": 3, "border_mode": "same"}
    done = translate_layer("Conv2D", "Convolution2D", params, ("filters", "kernel_size", "strides"))
    assert done.params == {"filters": 32, "kernel_size": (3, 3), "padding": "same"}
    assert done.translations[0].old == "strides"
    # modern code passing strides positionally keeps its meaning
    modern = {"filters": 64, "kernel_size": 3, "strides": 2}
    assert keras1_kernel("Conv2D", "Conv2D", modern, ("filters", "kernel_size", "strides")) is None
    same = translate_layer("Conv2D", "Conv2D", modern, ("filters", "kernel_size", "strides"))
    assert same.params == modern and same.translations == []


def test_nb_row_nb_col_and_dim_ordering() -> None:
    done = translate_layer(
        "Conv2D",
        "Convolution2D",
        {"nb_filter": 16, "nb_row": 5, "nb_col": 3, "dim_ordering": "th"},
    )
    assert done.params == {"filters": 16, "kernel_size": (5, 3), "data_format": "channels_first"}


def test_dropped_keywords_and_class_specific_names() -> None:
    lstm = translate_layer("LSTM", "LSTM", {"units": 8, "consume_less": "gpu", "input_length": 5})
    assert lstm.params == {"units": 8}
    embedding = translate_layer(
        "Embedding", "Embedding", {"input_dim": 100, "output_dim": 8, "init": "uniform"}
    )
    assert embedding.params == {
        "input_dim": 100,
        "output_dim": 8,
        "embeddings_initializer": "uniform",
    }
    # output_dim is a Keras 3 argument of Embedding: left alone
    assert "output_dim" in embedding.params


def test_optimizer_lr_becomes_learning_rate_and_decay_goes() -> None:
    done = translate_optimizer({"lr": 0.01, "decay": 1e-6, "momentum": 0.9})
    assert done.params == {"learning_rate": 0.01, "momentum": 0.9}
    assert [t.old for t in done.translations] == ["lr", "decay"]


def test_the_fix_renames_come_from_the_same_table() -> None:
    assert RENAMES["lr"] == "learning_rate" and RENAMES["nb_epoch"] == "epochs"
    assert RENAMES["init"] == "kernel_initializer"
    for old, legacy in LAYER_KEYWORDS.items():
        assert (old in RENAMES) == (legacy.rename and legacy.replacement.isidentifier())


def test_class_specific_keywords() -> None:
    """Checked against Keras 3.15: each old keyword raises there, each new one builds."""
    expected = {
        ("Embedding", "init"): "embeddings_initializer",
        ("Embedding", "W_constraint"): "embeddings_constraint",
        ("PReLU", "init"): "alpha_initializer",
        ("Dense", "init"): "kernel_initializer",
        ("LSTM", "dropout_W"): "dropout",
        ("GRU", "dropout_U"): "recurrent_dropout",
        ("Dropout", "p"): "rate",
        ("SpatialDropout1D", "p"): "rate",
        ("GaussianNoise", "sigma"): "stddev",
        ("BatchNormalization", "beta_init"): "beta_initializer",
        ("Conv2D", "atrous_rate"): "dilation_rate",
        ("Conv1D", "nb_filter"): "filters",
    }
    for (cls, old), new in expected.items():
        legacy = legacy_for(cls, old)
        assert legacy is not None and legacy.keyword == new, (cls, old)
    separable = legacy_for("SeparableConv2D", "init")
    assert separable is not None and separable.keyword is None and not separable.rename
    # Keras 3 names on the layers that have them are no legacy keywords
    assert legacy_for("Embedding", "output_dim") is None
    assert legacy_for("Dense", "p") is None
    assert legacy_for("Embedding", "input_length") is None  # Keras 3 accepts it with a warning


def test_translation_uses_the_class_keyword() -> None:
    done = translate_layer("PReLU", "PReLU", {"init": "zero"})
    assert done.params == {"alpha_initializer": "zero"}
    dropout = translate_layer("Dropout", "Dropout", {"p": 0.3})
    assert dropout.params == {"rate": 0.3}


def test_shapes_read_keras1_keywords_as_meant() -> None:
    """Keras 3 refuses border_mode=, so the only shape worth checking is the script's intent:
    'same' padding keeps 32x32 through six convolutions and three pools (no KC210)."""
    source = textwrap.dedent(
        """\
        from tensorflow.keras import layers, models

        def conv_block(x, filters):
            x = layers.Conv2D(filters, (3, 3), border_mode="same", init="he_normal")(x)
            return layers.Activation("relu")(x)

        inputs = layers.Input(shape=(32, 32, 3))
        x = inputs
        for filters in (32, 64, 128):
            x = conv_block(x, filters)
            x = conv_block(x, filters)
            x = layers.MaxPooling2D((2, 2))(x)
        outputs = layers.Dense(10, activation="softmax")(layers.Flatten()(x))
        model = models.Model(inputs, outputs)
        """
    )
    found = lint_source(source.encode(), "vgg.py").diagnostics
    assert sorted({d.code for d in found}) == ["KC303"]


def test_a_keras1_sequence_layer_declares_steps_and_width() -> None:
    """``SimpleRNN(input_dim=28, input_length=28)`` meant an input of 28 steps of 28 values
    (Keras 1/2), not rows of 28 values: only the removed arguments are reported."""
    from kerascheck.frontends.python.keras_layers import declared_input
    from kerascheck.ir import LayerNode

    def declared(cls: str, **params: object) -> object:
        found = declared_input(LayerNode(cls, params=dict(params)))
        return found.params["shape"] if found is not None else None

    assert declared("SimpleRNN", input_dim=28, input_length=28) == (28, 28)
    assert declared("LSTM", input_dim=8) == (None, 8)
    assert declared("Conv1D", input_dim=3, input_length=100) == (100, 3)
    assert declared("Dense", input_dim=8) == (8,)
    source = """
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense, SimpleRNN
        x = np.random.rand(100, 28, 28)
        model = Sequential()
        model.add(SimpleRNN(input_dim=28, input_length=28, output_dim=50))
        model.add(Dense(10, activation="softmax"))
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x, np.random.randint(0, 10, size=(100,)))
    """
    result = lint_source(textwrap.dedent(source).encode(), "rnn.py")
    codes = sorted(d.code for d in result.diagnostics)
    assert codes == ["KC102", "KC303", "KC303"]


WORKERS = """
    import numpy as np
    import keras
    x = np.random.rand(100, 8)
    y = (x.sum(axis=1) > 4).astype("int32")
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y, epochs=1, workers=4, use_multiprocessing=True)
    model.evaluate(x, y, max_queue_size=10)
    model.predict(x, workers=2)
"""


def test_keras2_loader_arguments_of_fit_evaluate_and_predict() -> None:
    result = lint_source(textwrap.dedent(WORKERS).encode(), "loaders.py")
    found = [(d.code, d.span.start.row, d.message.split(":")[0]) for d in result.diagnostics]
    assert found == [
        ("KC303", 8, "fit(workers=...)"),
        ("KC303", 8, "fit(use_multiprocessing=...)"),
        ("KC303", 9, "evaluate(max_queue_size=...)"),
        ("KC303", 10, "predict(workers=...)"),
    ]
    plain = WORKERS.replace(", workers=4, use_multiprocessing=True", "")
    plain = plain.replace(", max_queue_size=10", "").replace(", workers=2", "")
    assert lint_source(textwrap.dedent(plain).encode(), "loaders.py").diagnostics == []


@pytest.mark.tf
def test_keras3_refuses_the_loader_arguments() -> None:
    """What KC303 says of them, checked against the installed Keras."""
    import numpy as np

    keras = pytest.importorskip("keras")
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    x, y = np.zeros((4, 8)), np.zeros((4, 1))
    with pytest.raises(TypeError, match="workers"):
        model.fit(x, y, epochs=1, verbose=0, workers=2)
    with pytest.raises(ValueError, match="max_queue_size"):
        model.evaluate(x, y, verbose=0, max_queue_size=10)
    with pytest.raises(TypeError, match="workers"):
        model.predict(x, verbose=0, workers=2)


def test_keras2_generator_methods_are_named_with_their_heirs() -> None:
    source = """
        import numpy as np
        import keras
        model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        def batches():
            while True:
                yield np.zeros((4, 8)), np.zeros((4, 1))
        model.fit_generator(batches(), steps_per_epoch=10, epochs=2, workers=2)
        model.predict_generator(batches(), steps=3)
    """
    result = lint_source(textwrap.dedent(source).encode(), "gen.py")
    messages = [d.message for d in result.diagnostics if d.code == "KC303"]
    assert messages == [
        "fit_generator(): Keras 3 models have no fit_generator, use fit()",
        "predict_generator(): Keras 3 models have no predict_generator, use predict()",
    ]  # one finding per call: its workers= goes with the method


@pytest.mark.tf
def test_keras3_models_have_no_generator_methods() -> None:
    keras = pytest.importorskip("keras")
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
    assert not any(hasattr(model, name) for name in GENERATOR_METHODS)


def test_keras2_experimental_preprocessing_layers() -> None:
    """Both spellings reach a module Keras 3 removed; the layers themselves live on."""
    source = """
        import tensorflow as tf
        from tensorflow.keras import layers
        from tensorflow.keras.layers.experimental import preprocessing
        rescale = tf.keras.Sequential([layers.experimental.preprocessing.Rescaling(1.0 / 255)])
        norm = preprocessing.Normalization()
        flip = layers.RandomFlip("horizontal")
    """
    result = lint_source(textwrap.dedent(source).encode(), "augment.py")
    found = [(d.code, d.span.start.row, d.message.split(":")[0]) for d in result.diagnostics]
    assert found == [
        ("KC303", 5, "layers.experimental.preprocessing.Rescaling"),
        ("KC303", 6, "layers.experimental.preprocessing.Normalization"),
    ]
    assert removed_module("keras.layers.experimental.RandomFourierFeatures") == (
        "layers.experimental"
    )
    assert removed_module("keras.layers.RandomFlip") is None


@pytest.mark.tf
def test_keras3_has_no_experimental_layers_module() -> None:
    keras = pytest.importorskip("keras")
    assert not hasattr(keras.layers, "experimental")
    with pytest.raises(ModuleNotFoundError):
        __import__("keras.layers.experimental")
