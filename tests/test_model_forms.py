"""Models built the ways people write them (issue 10, item 4): subclassed models and layers,
trainer classes that keep the model on ``self``, models called as layers, and layers taken out
of a model (``model.layers[-2].output``, ``get_layer``)."""

from __future__ import annotations

from pathlib import Path

from kerascheck.shapes import infer_shapes
from tests.analysis import findings, ir_of

SUBCLASSED = """\
    import numpy as np
    from tensorflow import keras
    from tensorflow.keras import layers

    class Net(keras.Model):
        def __init__(self, classes=10):
            super().__init__()
            self.conv = layers.Conv2D(8, 3, activation="relu")
            self.flat = layers.Flatten()
            self.out = layers.Dense(classes, activation="softmax")

        def call(self, inputs, training=None):
            x = self.conv(inputs)
            if training:
                x = layers.Dropout(0.5)(x)
            return self.out(self.flat(x))

    x = DATA
    y = np.random.randint(0, 10, size=(64,))
    net = Net()
    net.compile("adam", "sparse_categorical_crossentropy")
    net.fit(x, y)
    """


# --- subclassed models ------------------------------------------------------------------------


def test_a_subclassed_model_gets_its_graph_from_call() -> None:
    ir = ir_of(SUBCLASSED.replace("DATA", "np.random.rand(64, 28, 28, 1)"))
    (model,) = ir.models
    assert model.complete
    assert [n.layer.cls for n in model.nodes] == ["InputLayer", "Conv2D", "Flatten", "Dense"]
    # the input's shape is the per-sample shape of the data it is fitted on
    assert model.inputs[0].layer.params["shape"] == (28, 28, 1)
    assert infer_shapes(model).output_of(model.outputs[0]) == (None, 10)


def test_a_layer_of_a_subclassed_model_fed_the_wrong_rank_is_reported_at_its_constructor(
    tmp_path: Path,
) -> None:
    bad = findings(tmp_path, SUBCLASSED.replace("DATA", "np.random.rand(64, 784)"))
    assert "KC210:8" in bad
    good = findings(tmp_path, SUBCLASSED.replace("DATA", "np.random.rand(64, 28, 28, 1)"))
    assert not {f for f in good if f.startswith(("KC210", "KC105"))}


def test_model_build_gives_the_input_shape(tmp_path: Path) -> None:
    source = SUBCLASSED.replace("DATA", "np.load('x.npy')").replace(
        "net = Net()\n", "net = Net()\n    net.build((None, 28, 28))\n"
    )
    assert "KC210:8" in findings(tmp_path, source)


def test_a_subclassed_model_fitted_on_data_of_unknown_shape_stays_silent(tmp_path: Path) -> None:
    quiet = findings(tmp_path, SUBCLASSED.replace("DATA", "np.load('x.npy')"))
    assert not {f for f in quiet if f.startswith(("KC210", "KC105"))}


def test_layers_in_a_list_and_a_loop_in_call(tmp_path: Path) -> None:
    source = """\
        import numpy as np
        import tensorflow as tf

        class Stack(tf.keras.Model):
            def __init__(self, sizes=(32, 16)):
                super(Stack, self).__init__()
                self.rnns = [tf.keras.layers.LSTM(n) for n in sizes]
                self.head = tf.keras.layers.Dense(1)

            def call(self, x):
                for rnn in self.rnns:
                    x = rnn(x)
                return self.head(x)

        model = Stack()
        model.compile(optimizer="adam", loss="mse")
        model.fit(np.random.rand(10, 5, 3), np.random.rand(10, 1))
        """
    assert "KC201:7" in findings(tmp_path, source)
    ir = ir_of(source)
    units = [n.layer.params.get("units") for n in ir.models[0].nodes if n.layer.cls == "LSTM"]
    assert units == [32, 16]  # one layer per item, not one layer twice


def test_a_custom_layer_with_an_interpretable_call_is_inlined() -> None:
    ir = ir_of(
        """\
        import keras
        from keras import layers

        class Block(layers.Layer):
            def __init__(self, units, **kwargs):
                super().__init__(**kwargs)
                self.dense = layers.Dense(units, activation="relu")
                self.norm = layers.LayerNormalization()

            def call(self, x):
                return self.norm(self.dense(x))

        i = keras.Input((20,))
        o = layers.Dense(1)(Block(8)(i))
        model = keras.Model(i, o)
        """
    )
    model = ir.models[0]
    assert model.complete
    assert [n.layer.cls for n in model.nodes] == [
        "InputLayer",
        "Dense",
        "LayerNormalization",
        "Dense",
    ]


def test_a_custom_layer_that_cannot_be_read_is_one_unknown_layer(tmp_path: Path) -> None:
    source = """\
        import numpy as np
        import tensorflow as tf
        from tensorflow import keras

        class Pool(keras.layers.Layer):
            def call(self, x):
                return tf.signal.rfft(x)

        model = keras.Sequential([
            keras.Input((30, 4)),
            keras.layers.LSTM(16, return_sequences=True),
            Pool(),
            keras.layers.Dense(1, activation="sigmoid"),
        ])
        model.compile("adam", "binary_crossentropy")
        model.fit(np.random.rand(8, 30, 4), np.random.rand(8, 1) > 0.5)
        """
    ir = ir_of(source)
    model = ir.models[0]
    assert not model.complete
    assert [n.layer.spelled for n in model.nodes][-2:] == ["Pool", "Dense"]
    assert not {f for f in findings(tmp_path, source) if f.startswith(("KC207", "KC210"))}


# --- trainer classes -----------------------------------------------------------------------


TRAINER = """\
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense

    class Trainer:
        def __init__(self, features=FEATURES):
            self.features = features
            self.model = Sequential()

        def build(self):
            self.model.add(Dense(16, activation="relu", input_shape=(self.features,)))
            self.model.add(Dense(1, activation="sigmoid"))
            self.model.compile(loss="binary_crossentropy", optimizer="adam")

        def train(self, X, y):
            self.model.fit(X, y, epochs=5)

    X = np.random.rand(100, 8)
    y = (X.sum(axis=1) > 4).astype(int)
    t = Trainer()
    t.build()
    t.train(X, y)
    """


def test_a_trainer_class_keeps_its_model_across_methods(tmp_path: Path) -> None:
    assert "KC105:16" in findings(tmp_path, TRAINER.replace("FEATURES", "4"))
    assert not findings(tmp_path, TRAINER.replace("FEATURES", "8"))


def test_methods_called_from_init_and_through_a_base_class(tmp_path: Path) -> None:
    source = """\
        import numpy as np
        from tensorflow.keras import Sequential, layers

        class Base:
            def __init__(self, width):
                self.width = width
                self.model = self.make()

            def fit(self, x, y):
                return self.model.fit(x, y)

        class Runner(Base):
            def __init__(self):
                super().__init__(width=6)

            def make(self):
                m = Sequential([layers.Input((self.width,)), layers.Dense(1)])
                m.compile("adam", "mse")
                return m

        Runner().fit(np.random.rand(20, 5), np.random.rand(20, 1))
        """
    assert "KC105:10" in findings(tmp_path, source)  # at the data of the fit in Base.fit


# --- models as layers, layers out of models --------------------------------------------------


def test_an_autoencoder_of_two_sub_models_carries_shapes_through(tmp_path: Path) -> None:
    source = """\
        import numpy as np
        import keras
        from keras import layers

        x = np.random.rand(64, 28, 28, 1)
        i = keras.Input((28, 28, 1))
        h = layers.Conv2D(8, 3, strides=2, padding="same", activation="relu")(i)
        encoder = keras.Model(i, h)
        decoder = keras.Sequential([layers.Conv2DTranspose(1, 3, strides=2, PADDING)])
        ae = keras.Model(i, decoder(encoder(i)))
        ae.compile("adam", "mse")
        ae.fit(x, x)
        """
    assert "KC106:12" in findings(tmp_path, source.replace("PADDING", 'padding="valid"'))
    assert not findings(tmp_path, source.replace("PADDING", 'padding="same"'))


def test_a_sequential_inside_a_sequential(tmp_path: Path) -> None:
    source = """\
        import numpy as np
        from tensorflow import keras

        features = keras.Sequential([keras.layers.Dense(32, activation="relu")])
        model = keras.Sequential([keras.Input((10,)), features, keras.layers.LSTM(4)])
        """
    ir = ir_of(source)
    outer = ir.models[-1]
    assert [n.layer.cls for n in outer.nodes] == ["InputLayer", "Dense", "LSTM"]
    assert "KC210:5" in findings(tmp_path, source)


def test_layers_taken_out_of_a_model(tmp_path: Path) -> None:
    source = """\
        import numpy as np
        import keras
        from keras import layers

        base = keras.Sequential([
            keras.Input((16, 16, 3)),
            layers.Conv2D(8, 3, activation="relu", name="conv"),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(3, activation="softmax"),
        ])
        head = layers.Dense(5, activation="softmax")(base.layers[INDEX].output)
        model = keras.Model(base.input, head)
        model.compile("adam", "categorical_crossentropy")
        model.fit(np.random.rand(8, 16, 16, 3), keras.utils.to_categorical(np.arange(8) % 5, 5))
        """
    assert "KC106:15" in findings(tmp_path, source.replace("INDEX", "-3"))  # the pooled map
    assert not findings(tmp_path, source.replace("INDEX", "-2"))  # after Flatten
    ir = ir_of(source.replace("base.layers[INDEX]", 'base.get_layer("conv")'))
    assert [n.layer.cls for n in ir.models[-1].nodes] == ["InputLayer", "Conv2D", "Dense"]


def test_a_model_called_on_a_tensor_it_cannot_take(tmp_path: Path) -> None:
    source = """\
        from tensorflow.keras.layers import Input, Dense, Reshape, Flatten, Conv2D, Conv2DTranspose
        from tensorflow.keras.models import Sequential, Model

        g = Sequential()
        g.add(Dense(7 * 7 * 16, activation="relu", input_dim=10))
        g.add(Reshape((7, 7, 16)))
        g.add(Conv2DTranspose(8, 4, strides=2, padding="same", activation="relu"))
        g.add(Conv2DTranspose(1, 4, strides=2, PADDING, activation="sigmoid"))
        d = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)), Flatten(), Dense(1)])
        z = Input(shape=(10,))
        img = g(z)
        gan = Model(z, d(img))
        """
    assert "KC105:12" in findings(tmp_path, source.replace("PADDING", 'padding="valid"'))
    assert not findings(tmp_path, source.replace("PADDING", 'padding="same"'))


def test_a_subclass_that_passes_inputs_and_outputs_to_super(tmp_path: Path) -> None:
    source = """\
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers

        class Classifier(keras.Model):
            def __init__(self, features=FEATURES):
                inputs = keras.Input(shape=(features,))
                x = layers.Dense(32, activation="relu")(inputs)
                outputs = layers.Dense(1, activation="sigmoid")(x)
                super().__init__(inputs=inputs, outputs=outputs)

        model = Classifier()
        model.compile(optimizer="adam", loss="binary_crossentropy")
        x = np.random.rand(50, 12)
        model.fit(x, x.sum(axis=1) > 6)
        """
    assert "KC105:15" in findings(tmp_path, source.replace("FEATURES", "10"))
    assert not findings(tmp_path, source.replace("FEATURES", "12"))
    (model,) = ir_of(source.replace("FEATURES", "12")).models
    assert [n.layer.cls for n in model.nodes] == ["InputLayer", "Dense", "Dense"]


def test_a_known_model_as_the_first_item_of_a_sequential(tmp_path: Path) -> None:
    source = """\
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers

        i = keras.Input((32, 32, 3))
        base = keras.Model(i, layers.Conv2D(8, 3, activation="relu")(i))
        model = keras.Sequential([base, HEAD layers.Dense(4, activation="softmax")])
        model.compile("adam", "categorical_crossentropy")
        model.fit(np.random.rand(8, 32, 32, 3), keras.utils.to_categorical(np.arange(8) % 4, 4))
        """
    assert "KC106:9" in findings(tmp_path, source.replace("HEAD", ""))
    assert not findings(tmp_path, source.replace("HEAD", "layers.Flatten(),"))


def test_predictions_have_the_models_output_shape(tmp_path: Path) -> None:
    source = """\
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense, Reshape, Conv2DTranspose, Conv2D, Flatten

        generator = Sequential([
            Dense(7 * 7 * 8, activation="relu", input_dim=16),
            Reshape((7, 7, 8)),
            Conv2DTranspose(1, 5, strides=4, PADDING, activation="tanh"),
        ])
        critic = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)), Flatten(), Dense(1)])
        critic.compile(loss="mse", optimizer="adam")
        fake = generator.predict(np.random.normal(0, 1, (32, 16)))
        critic.train_on_batch(fake, np.zeros((32, 1)))
        """
    assert "KC105:13" in findings(tmp_path, source.replace("PADDING", 'padding="valid"'))
    assert not findings(tmp_path, source.replace("PADDING", 'padding="same"'))


def test_a_subclassed_model_defined_for_another_file_is_checked_on_its_own(
    tmp_path: Path,
) -> None:
    source = """\
        from tensorflow import keras

        class Forecaster(keras.Model):
            def __init__(self, units, horizon=1):
                super().__init__()
                self.encoder = keras.layers.LSTM(units)
                self.decoder = keras.layers.LSTM(units)
                self.head = keras.layers.Dense(horizon)

            def call(self, x):
                return self.head(self.decoder(self.encoder(x)))
        """
    assert findings(tmp_path, source) == {"KC201:6"}
    fixed = source.replace("LSTM(units)\n", "LSTM(units, return_sequences=True)\n", 1)
    assert findings(tmp_path, fixed) == set()


def test_a_call_that_starts_with_an_op_it_cannot_read_keeps_its_chain(tmp_path: Path) -> None:
    source = """\
        import tensorflow as tf
        from tensorflow import keras

        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.l1 = keras.layers.LSTM(32)
                self.l2 = keras.layers.LSTM(16)
                self.out = keras.layers.Dense(1)

            def call(self, x):
                x = tf.signal.rfft(x)
                return self.out(self.l2(self.l1(x)))

        model = Net()
        model.compile("adam", "mse")
        model.fit(tf.zeros((4, 10, 3)), tf.zeros((4, 1)))
        """
    assert findings(tmp_path, source) == {"KC201:7"}
    (model,) = ir_of(source).models
    assert not model.complete and not model.inputs
    cast = source.replace("tf.signal.rfft(x)", "tf.cast(x, tf.float32)")
    assert findings(tmp_path, cast) == {"KC201:7"}  # a cast it reads: the chain from the input
    (model,) = ir_of(cast).models
    assert model.complete and model.inputs


def test_blocks_built_in_loops_over_enumerate_and_zip(tmp_path: Path) -> None:
    source = """\
        from tensorflow import keras
        from tensorflow.keras import layers

        def block(x, filters, stride):
            y = layers.Conv2D(filters, 3, strides=stride, padding="same", activation="relu")(x)
            return layers.Add()([SHORTCUT, y])

        inputs = keras.Input((32, 32, 16))
        x = inputs
        for i, (filters, stride) in enumerate(zip((16, 32), (1, 2)), 1):
            x = block(x, filters, stride)
        model = keras.Model(inputs, layers.GlobalAveragePooling2D()(x))
        """
    assert findings(tmp_path, source.replace("SHORTCUT", "x")) == {"KC210:6"}
    projected = source.replace(
        "SHORTCUT", 'layers.Conv2D(filters, 1, strides=stride, activation="relu")(x)'
    )
    assert findings(tmp_path, projected) == set()


NESTED_AUTOENCODER = """
from tensorflow import keras
from tensorflow.keras import layers

def make_encoder():
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(inputs)
    x = layers.Flatten()(x)
    return keras.Model(inputs, layers.Dense(32{code_activation})(x))

def make_decoder():
    inputs = keras.Input(shape=(32,))
    x = layers.Dense(256{decoder_activation})(inputs)
    return keras.Model(inputs, layers.Dense(784, activation="sigmoid")(x))

encoder, decoder = make_encoder(), make_decoder()
image = keras.Input(shape=(28, 28, 1))
autoencoder = keras.Model(image, decoder(encoder(image)))
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
"""


def test_a_linear_code_between_two_sub_models_is_no_linear_stack(tmp_path: Path) -> None:
    """The encoder's linear output meets the decoder's first Dense only once both are copied
    into the autoencoder: a model boundary, not two layers one could merge (no KC209)."""
    source = NESTED_AUTOENCODER.format(code_activation="", decoder_activation=', activation="relu"')
    assert not {f for f in findings(tmp_path, source) if f.startswith("KC209")}


def test_a_linear_stack_inside_one_sub_model_is_still_reported(tmp_path: Path) -> None:
    source = NESTED_AUTOENCODER.format(code_activation=', activation="relu"', decoder_activation="")
    assert "KC209:13" in findings(tmp_path, source)  # the decoder's linear Dense(256)
