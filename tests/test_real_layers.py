"""Custom layers and helper blocks as real example scripts write them, and models rebuilt
from another model's tensors: the shapes after them stay known (keras.io coverage)."""

from __future__ import annotations

from pathlib import Path

from kerascheck.shapes import infer_shapes
from tests.analysis import findings, ir_of, outputs

LOSS_LAYER = """\
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class PenaltyLayer(layers.Layer):
        def __init__(self, name=None, **kwargs):
            super().__init__(name=name, **kwargs)
            self.loss_fn = keras.losses.mean_squared_error

        def call(self, targets, predictions):
            steps = tf.cast(tf.shape(predictions)[1], "int64")
            self.add_loss(tf.reduce_mean(self.loss_fn(targets, predictions)))
            return predictions

    frames = layers.Input(shape=(40, 12, 1), name="frames")
    targets = layers.Input(shape=(None,), name="targets")
    x = layers.Conv2D(16, 3, padding="same")(frames)
    x = layers.Reshape((40, 12 * 16))(x)
    x = layers.Dense(30, activation="softmax", name="scores")(x)
    out = PenaltyLayer(name="penalty")(targets, x)
    trainer = keras.Model(inputs=[frames, targets], outputs=out)
    trainer.compile(optimizer="adam")
    reader = keras.Model(trainer.input[0], trainer.get_layer(name="scores").output)
    second = keras.Model(trainer.inputs[0], trainer.layers[-2].output)
    last = keras.Model(trainer.input, trainer.output)
    """


def test_a_layer_that_adds_a_loss_and_returns_an_input_is_that_input() -> None:
    trainer = ir_of(LOSS_LAYER).models[0]
    assert trainer.complete
    assert outputs(trainer) == [(None, 40, 30)]
    assert trainer.outputs[0].layer.spelled == "PenaltyLayer"  # still one layer of the model


def test_models_rebuilt_from_the_trainers_tensors_know_their_shapes() -> None:
    _, reader, second, last = ir_of(LOSS_LAYER).models
    assert outputs(reader) == [(None, 40, 30)]
    assert outputs(second) == [(None, 40, 30)]  # layers[-2] is the Dense: the loss layer counts
    assert outputs(last) == [(None, 40, 30)]


def test_an_opaque_layer_on_several_tensors_keeps_all_of_them_in_the_graph() -> None:
    source = """\
        from tensorflow import keras
        from tensorflow.keras import layers

        class Mixer(layers.Layer):
            def call(self, a, b):
                return something_unknown(a, b)

        left = keras.Input(shape=(8,))
        right = keras.Input(shape=(8,))
        h = layers.Dense(4)(right)
        model = keras.Model([left, right], Mixer()(left, h))
        """
    (model,) = ir_of(source).models
    assert {node.layer.spelled for node in model.nodes} >= {"Input", "Dense", "Mixer"}


BLOCK = """\
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers


    class ConvUnit(layers.Layer):
        def __init__(self, filters, **kwargs):
            super().__init__(**kwargs)
            self.conv = layers.Conv1D(filters, 3, padding="same")
            self.norm = layers.BatchNormalization()
            self.act = tf.nn.relu

        def call(self, inputs):
            return self.act(self.norm(self.conv(inputs)))

        def get_config(self):
            config = super().get_config()
            config.update({"filters": self.conv.filters})
            return config


    def unit(x, filters):
        x = layers.Dense(filters)(x)
        return keras.activations.gelu(x)


    inputs = keras.Input(shape=(128, 6))
    x = ConvUnit(32)(inputs)
    x = LAYER(16, 3)(x)
    x = layers.Flatten()(x)
    x = unit(x, 12)
    outputs = layers.Dense(5, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    """


def test_blocks_ending_in_an_activation_function_keep_their_shapes() -> None:
    (model,) = ir_of(BLOCK.replace("LAYER", "layers.Conv1D")).models
    assert model.complete
    assert outputs(model) == [(None, 5)]
    shapes = infer_shapes(model)
    relu = [node for node in model.nodes if node.layer.spelled == "relu"]
    assert [shapes.output_of(node) for node in relu] == [(None, 128, 32)]


def test_a_rank_fault_after_a_custom_block_is_found(tmp_path: Path) -> None:
    assert findings(tmp_path, BLOCK.replace("LAYER", "layers.Conv2D")) == {"KC210:29"}


def test_the_same_block_before_a_fitting_layer_is_clean(tmp_path: Path) -> None:
    assert findings(tmp_path, BLOCK.replace("LAYER", "layers.Conv1D")) == set()


def test_a_regularizer_class_passed_to_a_layer_leaves_it_known() -> None:
    source = """\
        import numpy as np
        import tensorflow as tf
        from tensorflow import keras
        from tensorflow.keras import layers

        class CloseToIdentity(keras.regularizers.Regularizer):
            def __init__(self, k, weight=0.001):
                self.k = k
                self.weight = weight
                self.eye = tf.eye(k)

            def __call__(self, x):
                x = tf.reshape(x, (-1, self.k, self.k))
                return tf.reduce_sum(self.weight * tf.square(x - self.eye))

        def align(points, k):
            inputs = keras.Input(shape=(points, k))
            x = layers.Conv1D(32, 1, activation="relu")(inputs)
            x = layers.GlobalMaxPooling1D()(x)
            x = layers.Dense(
                k * k,
                bias_initializer=keras.initializers.Constant(np.eye(k).flatten()),
                activity_regularizer=CloseToIdentity(k),
            )(x)
            matrix = layers.Reshape((k, k))(x)
            return keras.Model(inputs, layers.Dot(axes=(2, 1))([inputs, matrix]))

        net = align(64, 3)
        """
    (model,) = ir_of(source).models
    assert outputs(model) == [(None, 64, 3)]


def test_an_activation_function_with_more_arguments_keeps_the_shape_only() -> None:
    source = """\
        import tensorflow as tf
        from tensorflow import keras
        from tensorflow.keras import layers

        inputs = keras.Input(shape=(8,))
        x = layers.Dense(4)(inputs)
        model = keras.Model(inputs, tf.nn.relu(x, 0.5))
        """
    (model,) = ir_of(source).models
    assert outputs(model) == [(None, 4)]
    assert model.outputs[0].layer.cls == "Elementwise"  # not the plain relu checks read


AUGMENT = """\
    from tensorflow import keras
    from tensorflow.keras import layers

    augment = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])
    head = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(4)])

    inputs = keras.Input(shape=(64, 64, 3))
    x = augment(inputs)
    x = layers.Conv2D(8, 3, activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = head(x)
    model = keras.Model(inputs, outputs)
    """


def test_a_sequential_without_input_is_built_on_the_tensor_it_is_first_called_on() -> None:
    augment, head, model = ir_of(AUGMENT).models
    assert outputs(augment) == [(None, 64, 64, 3)]
    assert outputs(head) == [(None, 4)]
    assert outputs(model) == [(None, 4)]
    assert [node.layer.cls for node in head.nodes] == ["InputLayer", "Dense", "Dense"]


def test_a_sequential_called_on_a_tensor_of_unknown_shape_stays_unbuilt() -> None:
    source = AUGMENT.replace("(64, 64, 3)", "SHAPE")
    augment, head, _ = ir_of(source).models
    assert not augment.inputs
    assert outputs(head) == [(None, 4)]  # the pooling's output is known all the same


def test_a_sequential_built_on_its_first_call_takes_other_lengths_later(tmp_path: Path) -> None:
    source = """\
        from tensorflow import keras
        from tensorflow.keras import layers

        feed = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(16)])
        short = keras.Input(shape=(10, 16))
        long = keras.Input(shape=(30, 16))
        a = layers.GlobalAveragePooling1D()(feed(short))
        b = layers.GlobalAveragePooling1D()(feed(long))
        model = keras.Model([short, long], layers.Concatenate()([a, b]))
        model.compile(optimizer="adam", loss="mse")
        """
    assert findings(tmp_path, source) == set()
    feed, model = ir_of(source).models
    assert outputs(feed) == [(None, 10, 16)]
    assert outputs(model) == [(None, 32)]


def test_an_activation_function_with_an_axis_keeps_the_shape_only() -> None:
    source = """\
        import tensorflow as tf
        from tensorflow import keras
        from tensorflow.keras import layers

        inputs = keras.Input(shape=(8, 3))
        x = layers.Dense(4)(inputs)
        model = keras.Model(inputs, tf.nn.softmax(x, axis=1))
        """
    (model,) = ir_of(source).models
    assert outputs(model) == [(None, 8, 4)]
    assert model.outputs[0].layer.cls == "Elementwise"  # softmax over time: no output head


def test_build_receives_the_shape_of_the_tensor_the_layer_is_first_applied_to() -> None:
    source = """\
        from tensorflow import keras
        from tensorflow.keras import layers

        class Gate(layers.Layer):
            def build(self, input_shape):
                self.proj = layers.Dense(input_shape[-1], activation="sigmoid")
                self.flat = layers.Reshape((input_shape[1] * input_shape[2],))

            def call(self, x):
                return self.flat(x * self.proj(x))

        inputs = keras.Input(shape=(10, 6))
        model = keras.Model(inputs, layers.Dense(3)(Gate()(inputs)))
        """
    (model,) = ir_of(source).models
    shapes = infer_shapes(model)
    assert [shapes.output_of(node) for node in model.nodes] == [
        (None, 10, 6),
        (None, 10, 6),
        (None, 10, 6),
        (None, 60),
        (None, 3),
    ]
