"""Functions of graph tensors (``tf.reshape``, ``tf.transpose``, ``x + positions``, ``x[:, 0]``
...): each op's shape rule (``kerascheck/shapes/tensor_ops.py``), and how the frontend reads
them in custom layers and functional code (``frontends/python/tensor_ops.py``).

Expected shapes follow TensorFlow 2 / Keras 3 (checked by hand against tf 2.16 while writing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kerascheck.ir import AxisOf, LayerNode, Node, Sym
from kerascheck.shapes import infer_shapes
from kerascheck.shapes.common import Rejection
from kerascheck.shapes.tensor_ops import BATCH, Operand, apply_op, resolve_params
from tests.analysis import findings, ir_of, outputs

B = Operand  # shorthand: B(shape, batched)


def op(cls: str, *operands: Operand, **params: Any) -> Operand | None:
    return apply_op(LayerNode(cls, params=params), list(operands))


# --- shape rules ------------------------------------------------------------------------------


def test_broadcast_keeps_the_batch_axis_of_the_longest_operand() -> None:
    x, positions = B((None, 10, 8), True), B((10, 8), False)
    assert op("Broadcast", x, positions) == B((None, 10, 8), True)
    assert op("Broadcast", positions, x) == B((None, 10, 8), True)
    assert op("Broadcast", B((None, 1), True), B((None, 4), True)) == B((None, 4), True)
    assert op("Broadcast", positions, positions) == B((10, 8), False)


def test_broadcast_that_cannot_happen_or_moves_the_batch_axis_is_unknown() -> None:
    with pytest.raises(Rejection):  # 8 meets 4: refused when the model is built
        op("Broadcast", B((None, 10, 8), True), B((10, 4), False))
    assert op("Broadcast", B((None, 8), True), B((3, 5, 8), False)) is None
    assert op("Broadcast", B((None, 5, 8), True), B((3, 5, 8), False)) is None
    assert op("Broadcast", B((None, 5, 8), True), B((1, 5, 1), False)) == B((None, 5, 8), True)


def test_reshape_with_the_batch_size_first_is_batched() -> None:
    x = B((None, 16, 8), True)
    assert op("TensorReshape", x, shape=(BATCH, 4, 4, 8)) == B((None, 4, 4, 8), True)
    assert op("TensorReshape", x, shape=(BATCH, -1)) == B((None, 128), True)
    assert op("TensorReshape", x, shape=(BATCH, None, 8)) == B((None, None, 8), True)


def test_reshape_with_minus_one_first_is_batched_only_when_one_sample_fits_the_rest() -> None:
    x = B((None, 16, 8), True)
    assert op("TensorReshape", x, shape=(-1, 4, 32)) == B((None, 4, 32), True)
    assert op("TensorReshape", x, shape=(-1, 8)) == B((None, 8), False)  # (batch * 16, 8)
    assert op("TensorReshape", B((None, None), True), shape=(-1, 3, 3)) == B((None, 3, 3), False)


def test_reshape_whose_count_cannot_match_is_unknown() -> None:
    assert op("TensorReshape", B((6, 5), False), shape=(4, 4)) is None


def test_transpose_moves_axes_and_keeps_the_batch_axis_only_at_zero() -> None:
    x = B((None, 5, 8), True)
    assert op("Transpose", x, perm=(0, 2, 1)) == B((None, 8, 5), True)
    assert op("Transpose", x, perm=(1, 0, 2)) == B((5, None, 8), False)
    assert op("Transpose", x, perm=None) == B((8, 5, None), False)
    assert op("Transpose", x, matrix=True) == B((None, 8, 5), True)
    assert op("Transpose", x, perm=(0, 1)) is None


def test_reductions() -> None:
    x = B((None, 5, 8), True)
    assert op("Reduce", x, axis=-1, keepdims=True) == B((None, 5, 1), True)
    assert op("Reduce", x, axis=(1, 2), keepdims=False) == B((None,), True)
    assert op("Reduce", x, axis=0, keepdims=False) == B((5, 8), False)
    assert op("Reduce", x, axis=None, keepdims=False) == B((), False)
    assert op("Reduce", x, axis=3, keepdims=False) is None


def test_concat_sums_one_axis_of_alike_tensors() -> None:
    a, b = B((None, 5, 8), True), B((None, 5, 4), True)
    assert op("TensorConcat", a, b, axis=-1) == B((None, 5, 12), True)
    with pytest.raises(Rejection):  # 8 against 4
        op("TensorConcat", a, b, axis=1)
    assert op("TensorConcat", a, B((5, 4), False), axis=-1) is None
    n = Sym.new("X.shape[1]")
    assert op("TensorConcat", B((None, n), True), B((None, 2), True), axis=1) == B(
        (None, n.shifted(2)), True
    )


def test_squeeze() -> None:
    assert op("Squeeze", B((None, 5, 1), True), axis=-1) == B((None, 5), True)
    assert op("Squeeze", B((None, 1, 5, 1), True), axis=None) == B((None, 5), True)
    assert op("Squeeze", B((None, 5, None), True), axis=None) is None
    assert op("Squeeze", B((None, 5), True), axis=-1) is None  # not a size-1 axis


def test_subscripts() -> None:
    x = B((None, 5, 8), True)
    assert op("Slice", x, index=(slice(None), 0)) == B((None, 8), True)
    assert op("Slice", x, index=(slice(None), -1, slice(None))) == B((None, 8), True)
    assert op("Slice", x, index=(Ellipsis, slice(None, 3))) == B((None, 5, 3), True)
    assert op("Slice", x, index=(slice(None), None)) == B((None, 1, 5, 8), True)
    assert op("Slice", x, index=(0,)) == B((5, 8), False)
    assert op("Slice", x, index=(slice(1, None),)) == B((None, 5, 8), False)
    assert op("Slice", x, index=(slice(None), 7)) is None  # out of range
    assert op("Slice", x, index=(0, 0, 0, 0)) is None


def test_matmul_with_a_weight_and_between_tensors() -> None:
    x, kernel = B((None, 8), True), B((8, 4), False)
    assert op("MatMul", x, kernel) == B((None, 4), True)
    assert op("MatMul", B((None, 5, 8), True), kernel) == B((None, 5, 4), True)
    assert op("MatMul", x, B((4, 8), False), transpose_b=True) == B((None, 4), True)
    with pytest.raises(Rejection):
        op("MatMul", x, B((5, 4), False))
    q, k = B((None, 5, 8), True), B((None, 6, 8), True)
    assert op("MatMul", q, k, transpose_b=True) == B((None, 5, 6), True)


def test_tensordot() -> None:
    a, b = B((None, 50), True), B((None, 50), True)
    assert op("TensorDot", a, b, axes=2) == B((), False)
    assert op("TensorDot", B((None, 5, 8), True), B((8, 3), False), axes=1) == B((None, 5, 3), True)
    assert op("TensorDot", B((None, 8), True), B((8, 3), False), axes=((1,), (0,))) == B(
        (None, 3), True
    )


def test_gather_split_and_resize() -> None:
    x = B((None, 5, 8), True)
    assert op("Gather", x, axis=2, indices_shape=(3,)) == B((None, 5, 3), True)
    assert op("Gather", x, axis=0, indices_shape=(3,)) == B((3, 5, 8), False)
    table, ids = B((1000, 16), False), B((None, 20), True)
    assert op("Gather", table, ids, axis=0) == B((None, 20, 16), True)
    assert op("SplitPart", x, parts=2, axis=-1) == B((None, 5, 4), True)
    assert op("SplitPart", x, parts=3, axis=-1) == B((None, 5, None), True)
    assert op("SplitPart", x, size=2, axis=1) == B((None, 2, 8), True)
    assert op("Resize", B((None, 28, 28, 1), True), size=(14, 14)) == B((None, 14, 14, 1), True)
    assert op("Resize", B((28, 28, 1), False), size=(14, 14)) is None


def test_one_hot_tile_and_patches() -> None:
    assert op("OneHot", B((None, 5), True), depth=10) == B((None, 5, 10), True)
    assert op("Tile", B((None, 5, 1), True), multiples=(1, 1, 2)) == B((None, 5, 2), True)
    images = B((None, 32, 32, 3), True)
    patches = op(
        "ExtractPatches",
        images,
        sizes=(1, 4, 4, 1),
        strides=(1, 4, 4, 1),
        rates=(1, 1, 1, 1),
        padding="VALID",
    )
    assert patches == B((None, 8, 8, 48), True)


def test_tensors_made_from_no_tensor() -> None:
    n = Sym.new("maxlen")
    assert op("Range", start=0, limit=n, delta=1) == B((n,), False)
    assert op("Range", start=2, limit=10, delta=2) == B((4,), False)
    assert op("Filled", shape=(BATCH, 2)) == B((None, 2), True)
    assert op("Weight", shape=(8, 4)) == B((8, 4), False)


def test_sizes_of_other_tensors_are_read_in_the_walk() -> None:
    source = Node(LayerNode("InputLayer"))
    operands = {id(source): B((None, 12, 3), True)}
    layer = LayerNode("Filled", params={"shape": (AxisOf(source, 0), AxisOf(source, -1), 7)})
    resolved = resolve_params(layer, lambda node: operands.get(id(node)))
    assert resolved.params["shape"] == (BATCH, 3, 7)
    assert isinstance(layer.params["shape"][0], AxisOf)  # the IR is not changed


# --- the frontend -----------------------------------------------------------------------------


SAMPLING = """\
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class Sampling(layers.Layer):
        def call(self, inputs):
            z_mean, z_log_var = inputs
            batch = tf.shape(z_mean)[0]
            dim = tf.shape(z_mean)[1]
            epsilon = tf.keras.backend.random_normal(shape=(batch, dim))
            return z_mean + tf.exp(0.5 * z_log_var) * epsilon

    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Flatten()(inputs)
    z_mean = layers.Dense(2)(x)
    z_log_var = layers.Dense(2)(x)
    z = Sampling()([z_mean, z_log_var])
    encoder = keras.Model(inputs, [z_mean, z_log_var, z])
    """


KERAS3_SAMPLING = (
    SAMPLING.replace("tf.shape(", "keras.ops.shape(")
    .replace("tf.keras.backend.random_normal(", "keras.random.normal(")
    .replace("tf.exp(", "keras.ops.exp(")
)


@pytest.mark.parametrize("source", [SAMPLING, KERAS3_SAMPLING], ids=["tf", "keras3"])
def test_a_sampling_layer_keeps_the_latent_shape(source: str) -> None:
    (model,) = ir_of(source).models
    assert outputs(model) == [(None, 2), (None, 2), (None, 2)]


def test_random_tensors_sized_by_literals_stay_data() -> None:
    """``tf.random.normal((100, 2))`` outside a graph is an array of data, as before."""
    source = (
        SAMPLING.rstrip(" ")
        + "    noise = tf.random.normal((100, 2))\n    encoder.predict(noise)\n"
    )
    (model,) = ir_of(source).models
    assert model.fits[0].x is not None and model.fits[0].x.info is not None
    assert model.fits[0].x.info.shape == (100, 2)


POSITIONS = """\
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class TokenAndPositionEmbedding(layers.Layer):
        def __init__(self, maxlen, vocab_size, embed_dim):
            super().__init__()
            self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
            self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

        def call(self, x):
            maxlen = tf.shape(x)[-1]
            positions = tf.range(start=0, limit=maxlen, delta=1)
            positions = self.pos_emb(positions)
            x = self.token_emb(x)
            return x + positions

    inputs = layers.Input(shape=(200,))
    x = TokenAndPositionEmbedding(200, 20000, 32)(inputs)
    x = layers.GlobalAveragePooling1D()(x)
    model = keras.Model(inputs, layers.Dense(2, activation="softmax")(x))
    embedding = keras.Model(inputs, TokenAndPositionEmbedding(200, 20000, 32)(inputs))
    """


KERAS3_POSITIONS = POSITIONS.replace("tf.shape(x)[-1]", "keras.ops.shape(x)[-1]").replace(
    "tf.range(start=0, limit=maxlen, delta=1)", "keras.ops.arange(0, maxlen, 1)"
)


@pytest.mark.parametrize("source", [POSITIONS, KERAS3_POSITIONS], ids=["tf", "keras3"])
def test_positions_without_a_batch_axis_broadcast_onto_the_tokens(source: str) -> None:
    """With ``keras.ops.shape`` the length is the static 200: ``arange(0, 200)`` inside the
    layer's ``call`` is still a tensor of the graph (outside one it would be data)."""
    model, embedding = ir_of(source).models
    assert outputs(embedding) == [(None, 200, 32)]
    assert outputs(model) == [(None, 2)]
    shapes = infer_shapes(embedding)
    loose = [n for n in embedding.nodes if n.inputs and n.inputs[0].layer.cls == "Range"]
    assert loose and shapes.output_of(loose[0]) is None  # (200, 32): no check ever sees it


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("positions = self.pos_emb(positions)", "positions = layers.Conv2D(4, 3)(positions)"),
        ("positions = self.pos_emb(positions)", "positions = layers.Embedding(9, 4)(positions)"),
    ],
)
def test_a_layer_fed_a_loose_tensor_is_never_blamed(tmp_path: Path, old: str, new: str) -> None:
    source = POSITIONS.replace(old, new)  # the second: (200, 4) added to (batch, 200, 32)
    assert not {f for f in findings(tmp_path, source) if f.startswith("KC210")}


ANTIRECTIFIER = """\
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class Antirectifier(layers.Layer):
        def build(self, input_shape):
            output_dim = input_shape[-1]
            self.kernel = self.add_weight(shape=(output_dim * 2, output_dim))

        def call(self, inputs):
            inputs -= tf.reduce_mean(inputs, axis=-1, keepdims=True)
            pos = tf.nn.relu(inputs)
            neg = tf.nn.relu(-inputs)
            concatenated = tf.concat([pos, neg], axis=-1)
            return tf.matmul(concatenated, self.kernel)

    model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(256), Antirectifier()])
    """


def test_a_layer_with_a_weight_of_its_own() -> None:
    (model,) = ir_of(ANTIRECTIFIER).models
    assert outputs(model) == [(None, 256)]
    classes = [node.layer.cls for node in model.nodes]
    assert "Weight" in classes and "MatMul" in classes


@pytest.mark.parametrize(
    ("expression", "shape"),
    [
        ("tf.reshape(x, (tf.shape(x)[0], 4, 4, 8))", (None, 4, 4, 8)),
        ("tf.reshape(x, [-1, 16 * 8])", (None, 128)),
        ("keras.ops.reshape(x, (-1, 8, 16))", (None, 8, 16)),
        ("tf.transpose(x, [0, 2, 1])", (None, 8, 16)),
        ("tf.linalg.matrix_transpose(x)", (None, 8, 16)),
        ("keras.ops.transpose(x, (0, 2, 1))", (None, 8, 16)),
        ("tf.reduce_max(x, axis=1)", (None, 8)),
        ("keras.ops.mean(x, axis=-1, keepdims=True)", (None, 16, 1)),
        ("tf.keras.backend.sum(x, axis=1)", (None, 8)),
        ("keras.layers.Dense(keras.ops.shape(x)[-1] * 2)(x)", (None, 16, 16)),
        ("tf.concat([x, x], axis=-1)", (None, 16, 16)),
        ("keras.ops.concatenate([x, x], axis=1)", (None, 32, 8)),
        ("tf.expand_dims(x, -1)", (None, 16, 8, 1)),
        ("tf.squeeze(tf.expand_dims(x, 1), axis=1)", (None, 16, 8)),
        ("tf.cast(x, tf.float32) / 255.0", (None, 16, 8)),
        ("1.0 - tf.sigmoid(x)", (None, 16, 8)),
        ("tf.math.square(x) ** 2", (None, 16, 8)),
        ("x[:, -1, :]", (None, 8)),
        ("x[..., :3]", (None, 16, 3)),
        ("x[:, :, None]", (None, 16, 1, 8)),
        ("tf.matmul(x, x, transpose_b=True)", (None, 16, 16)),
        ("x @ tf.transpose(x, [0, 2, 1])", (None, 16, 16)),
        ("tf.stack([x, x], axis=1)", (None, 2, 16, 8)),
        ("tf.one_hot(tf.argmax(x, axis=-1), 8)", (None, 16, 8)),
        ("tf.tile(x, [1, 2, 1])", (None, 32, 8)),
        ("tf.nn.softmax(x, axis=1)", (None, 16, 8)),
        ("x + tf.cast(tf.range(tf.shape(x)[-1]), tf.float32)", (None, 16, 8)),
        ("tf.reshape(x, (-1, x.shape[-1]))", None),  # (batch * 16, 8): not batched
        ("tf.gather(x, [0, 1, 5], axis=1)", (None, 3, 8)),
        ("tf.gather(x, 2, axis=-1)", (None, 16)),
        ("tf.split(x, 2, axis=-1)[1]", (None, 16, 4)),
        ("tf.split(x, [3, 13], axis=1)[0]", (None, 3, 8)),
        ("tf.image.resize(tf.expand_dims(x, -1), (32, 16))", (None, 32, 16, 1)),
        ("tf.where(x > 0.0, x, 0.0)", (None, 16, 8)),
        ("tf.where(tf.reduce_max(x, axis=-1, keepdims=True) > 1, x, -x)", (None, 16, 8)),
        ("tf.where(x > 0.0)", None),  # the indices of the true entries: not followed
        ("keras.ops.clip(x, 0.0, 1.0)", (None, 16, 8)),
        ("tf.signal.rfft(x)", None),  # not in the table: unknown
        ("x[:, some_index]", None),
    ],
)
def test_functional_code(expression: str, shape: object) -> None:
    source = f"""\
        import tensorflow as tf
        import keras

        inputs = keras.Input(shape=(16, 8))
        x = keras.layers.Dense(8)(inputs)
        model = keras.Model(inputs, {expression})
        """
    (model,) = ir_of(source).models
    assert (outputs(model) if model.outputs else [None]) == [shape]


def test_static_sizes_of_a_graph_tensor_size_layers() -> None:
    source = """\
        import keras

        inputs = keras.Input(shape=(16, 8))
        x = keras.layers.Dense(x_width := 12)(inputs)
        y = keras.layers.Dense(x.shape[-1] * 2)(x)
        batch, steps, width = y.shape
        model = keras.Model(inputs, keras.layers.Dense(steps)(y))
        """
    (model,) = ir_of(source).models
    assert outputs(model) == [(None, 16, 16)]


def test_a_custom_layer_returning_two_tensors() -> None:
    source = """\
        import tensorflow as tf
        import keras

        class Split(keras.layers.Layer):
            def call(self, x):
                return x[..., :4], tf.reduce_mean(x, axis=-1)

        inputs = keras.Input(shape=(16, 8))
        a, b = Split()(inputs)
        model = keras.Model(inputs, [a, b])
        """
    (model,) = ir_of(source).models
    assert outputs(model) == [(None, 16, 4), (None, 16)]


CONV_AFTER_RESHAPE = """\
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class ToRows(layers.Layer):
        def call(self, x):
            return tf.reshape(x, (tf.shape(x)[0], 28, 28))

    model = keras.Sequential([
        keras.Input(shape=(784,)),
        ToRows(),
        layers.Conv2D(8, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile("adam", "sparse_categorical_crossentropy")
    """


def test_a_conv_after_a_reshape_to_rank_three_is_reported(tmp_path: Path) -> None:
    assert findings(tmp_path, CONV_AFTER_RESHAPE) == {"KC210:13"}
    fixed = CONV_AFTER_RESHAPE.replace("28, 28))", "28, 28, 1))")
    assert findings(tmp_path, fixed) == set()
    loose = CONV_AFTER_RESHAPE.replace("(tf.shape(x)[0], 28, 28)", "(-1, 28)")
    assert findings(tmp_path, loose) == set()  # (batch * 28, 28): no batch axis to judge by


def test_a_weight_from_a_variable_and_an_array_of_data_in_the_graph() -> None:
    source = """\
        import numpy as np
        import tensorflow as tf
        import keras

        class Tree(keras.layers.Layer):
            def __init__(self, leaves, classes):
                super().__init__()
                self.mask = np.ones((4, 8)) / 8
                self.pi = tf.Variable(
                    initial_value=tf.random_normal_initializer()(shape=[leaves, classes])
                )
                self.decide = keras.layers.Dense(leaves, activation="sigmoid")

            def call(self, features):
                used = tf.matmul(features, self.mask, transpose_b=True)
                mu = self.decide(used) * np.ones(16)
                return tf.matmul(mu, keras.activations.softmax(self.pi))

        inputs = keras.Input(shape=(8,))
        model = keras.Model(inputs, Tree(16, 3)(inputs))
        """
    (model,) = ir_of(source).models
    assert outputs(model) == [(None, 3)]


def test_is_none_is_decided_for_constants_and_tensors() -> None:
    source = """\
        import tensorflow as tf
        import keras

        def encode(x, extra=None):
            if extra is not None:
                x = keras.layers.Concatenate()([x, extra])
            if x.shape[0] is None:  # the batch axis of a symbolic tensor
                x = keras.layers.Dense(4)(x)
            return x

        inputs = keras.Input(shape=(8,))
        side = keras.Input(shape=(2,))
        plain = keras.Model(inputs, encode(inputs))
        both = keras.Model([inputs, side], encode(inputs, side))
        """
    plain, both = ir_of(source).models
    assert outputs(plain) == [(None, 4)]
    assert outputs(both) == [(None, 4)]
    assert [n.layer.cls for n in both.nodes].count("Concatenate") == 1


def test_a_sequential_of_custom_layers_is_built_on_its_first_call() -> None:
    source = """\
        import tensorflow as tf
        import keras
        from keras import layers

        class Mixer(layers.Layer):
            def __init__(self, tokens, width):
                super().__init__()
                self.norm = layers.LayerNormalization()
                self.mlp = keras.Sequential([layers.Dense(tokens), layers.Dense(tokens)])

            def call(self, inputs):
                x = tf.linalg.matrix_transpose(self.norm(inputs))
                return tf.linalg.matrix_transpose(self.mlp(x)) + inputs

        blocks = keras.Sequential([Mixer(16, 32) for _ in range(2)])
        inputs = keras.Input(shape=(16, 32))
        model = keras.Model(inputs, layers.GlobalAveragePooling1D()(blocks(inputs)))
        """
    models = ir_of(source).models
    blocks = next(m for m in models if m.kind == "sequential" and m.built_on_call)
    assert outputs(blocks) == [(None, 16, 32)]
    assert outputs(models[-1]) == [(None, 32)]


def test_a_sequential_called_on_a_rank_one_input_is_built() -> None:
    source = """\
        import tensorflow as tf
        import keras
        from keras import layers

        encoder = keras.Sequential([layers.StringLookup(vocabulary=["a", "b"]), layers.Embedding(3, 4)])
        ids = keras.Input(shape=(), dtype=tf.string)
        model = keras.Model(ids, layers.Dense(1)(encoder(ids)))
        """
    encoder, model = ir_of(source).models
    assert outputs(encoder) == [(None, 4)]
    assert outputs(model) == [(None, 1)]


RECOMMENDER = """\
    import numpy as np
    import pandas as pd
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class Recommender(keras.Model):
        def __init__(self, users, movies, size):
            super().__init__()
            self.user = layers.Embedding(users, size)
            self.movie = layers.Embedding(movies, size)

        def call(self, inputs):
            user = self.user(inputs[:, 0])
            movie = self.movie(inputs[:, 1])
            return tf.nn.sigmoid(tf.reduce_sum(user * movie, axis=1, keepdims=True))

    ratings = pd.read_csv("ratings.csv")
    x = ratings[["user", "movie"]].values
    y = ratings["rating"].values / 5.0
    model = Recommender(1000, 500, 32)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y, epochs=5)
    """


def test_ids_sliced_out_of_the_input_still_feed_embeddings(tmp_path: Path) -> None:
    """KC101 looks through ``inputs[:, 0]`` to the Embedding it feeds: ids, not features."""
    assert findings(tmp_path, RECOMMENDER) == set()
    (model,) = ir_of(RECOMMENDER).models
    assert outputs(model) == [(None, 1)]


def test_a_function_of_the_input_first_leaves_kc101_silent(tmp_path: Path) -> None:
    source = """\
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers

        x = np.load("pixels.npy")
        y = np.load("labels.npy")
        inputs = keras.Input(shape=(784,))
        h = layers.Dense(64, activation="relu")(inputs / 255.0)
        model = keras.Model(inputs, layers.Dense(10, activation="softmax")(h))
        model.compile("adam", "sparse_categorical_crossentropy")
        model.fit(x, y)
        """
    assert not {f for f in findings(tmp_path, source) if f.startswith("KC101")}
    unscaled = source.replace("inputs / 255.0", "inputs")
    assert {f for f in findings(tmp_path, unscaled) if f.startswith("KC101")}


@pytest.mark.parametrize(
    ("middle", "expected"),
    [
        ("x = layers.Dropout(0.2)(x)", {"KC209:9"}),  # the linear stack itself, reported
        # a weighted op between two Dense layers: no linear stack to report
        ("x = tf.matmul(x, tf.ones((tf.shape(x)[-1], 16)))", set()),
        ("x = tf.reshape(x, (-1, 32))", set()),
        # the mean over time leaves one vector per sample: the LSTM before it may return
        # sequences, the Dense after it predicts one value per sample (no KC207)
        (
            "x = tf.reduce_mean(layers.LSTM(8, return_sequences=True)(tf.expand_dims(x, 1)), axis=1)",
            set(),
        ),
        # a last LSTM state given its time axis back: no KC201, no KC210
        ("x = layers.LSTM(8)(tf.expand_dims(layers.LSTM(8)(tf.expand_dims(x, 1)), 1))", set()),
    ],
)
def test_chain_checks_stop_at_ops(tmp_path: Path, middle: str, expected: set[str]) -> None:
    source = f"""\
        import numpy as np
        import tensorflow as tf
        from tensorflow import keras
        from tensorflow.keras import layers

        x_train = np.random.rand(100, 20)
        y_train = np.random.randint(0, 2, size=(100, 1))
        inputs = keras.Input(shape=(20,))
        x = layers.Dense(32)(inputs)
        {middle}
        x = layers.Dense(16)(x)
        outputs = layers.Dense(1, activation="sigmoid")(layers.ReLU()(x))
        model = keras.Model(inputs, outputs)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x_train, y_train, epochs=2)
        """
    assert {f for f in findings(tmp_path, source) if not f.startswith("KC102")} == expected


@pytest.mark.parametrize(
    ("lambda_layer", "shape"),
    [
        ("layers.Lambda(lambda t: K.mean(t, axis=1))", (None, 8)),
        ("layers.Lambda(lambda t: tf.expand_dims(t, -1))", (None, 16, 8, 1)),
        ("layers.Lambda(lambda t: t[:, -1, :])", (None, 8)),
        ("layers.Lambda(last_step)", (None, 8)),
        ("layers.Lambda(lambda t: t)", (None, 16, 8)),  # the identity stays a Lambda layer
        ("layers.Lambda(lambda t: tf.signal.rfft(t))", None),  # not read: unknown
    ],
)
def test_lambda_layers_are_read_on_their_tensor(lambda_layer: str, shape: object) -> None:
    source = f"""\
        import tensorflow as tf
        from tensorflow import keras
        from tensorflow.keras import layers
        from tensorflow.keras import backend as K

        def last_step(t):
            return t[:, -1]

        inputs = keras.Input(shape=(16, 8))
        functional = keras.Model(inputs, {lambda_layer}(inputs))
        sequential = keras.Sequential([keras.Input(shape=(16, 8)), {lambda_layer}])
        """
    functional, sequential = ir_of(source).models
    expected = [shape] if shape != (None, 16, 8) else [None]  # a Lambda's own output: unknown
    assert outputs(functional) == expected
    assert outputs(sequential) == expected


def test_a_reshape_keeping_the_batch_axis_that_cannot_hold_a_sample_is_refused() -> None:
    x = B((None, 784), True)
    with pytest.raises(Rejection) as refused:
        op("TensorReshape", x, shape=(BATCH, 7, 7, 64))
    assert refused.value.kind == "reshape"
    assert "784 values per sample, not 3136" in refused.value.message
    with pytest.raises(Rejection):
        op("TensorReshape", x, shape=(BATCH, -1, 64))  # 784 is no multiple of 64
    assert op("TensorReshape", x, shape=(BATCH, -1, 16)) == B((None, 49, 16), True)
    assert op("TensorReshape", x, shape=(-1, 7, 7, 64)) is not None  # the batch may absorb it
    assert op("TensorReshape", B((None, None), True), shape=(BATCH, 7, 7, 64)) is not None


UNFLATTEN = """\
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class Unflatten(layers.Layer):
        def call(self, x):
            batch_size = tf.shape(x)[0]
            return tf.reshape(x, [batch_size, 7, 7, 64])

    inputs = keras.Input(shape=(784,))
    x = layers.Conv2D(8, 3)(Unflatten()(inputs))
    model = keras.Model(inputs, layers.Dense(1)(layers.Flatten()(x)))
    """


def test_a_reshape_in_a_custom_layer_that_cannot_run_is_kc210(tmp_path: Path) -> None:
    assert findings(tmp_path, UNFLATTEN) == {"KC210:8"}
    assert findings(tmp_path, UNFLATTEN.replace("(784,)", "(3136,)")) == set()


def test_ops_known_to_fail_on_batched_tensors_are_refused() -> None:
    x = B((None, 16, 8), True)
    with pytest.raises(Rejection, match=r"matmul cannot multiply \(batch, 16, 8\) by \(4, 32\)"):
        apply_op(LayerNode("MatMul", spelled="matmul"), [x, B((4, 32), False)])
    with pytest.raises(Rejection, match="cannot join"):
        op("TensorConcat", x, B((None, 12, 8), True), axis=-1)
    with pytest.raises(Rejection, match="the / operator cannot broadcast"):
        apply_op(LayerNode("Broadcast", spelled="/"), [x, B((None, 16, 4), True)])
    # without a batched operand the same faults stay unknown, never reported
    assert op("MatMul", B((16, 8), False), B((4, 32), False)) is None
    assert op("TensorConcat", B((16, 8), False), B((12, 8), False), axis=-1) is None
    assert op("Broadcast", B((16, 8), False), B((16, 4), False)) is None


def test_a_kernel_of_the_wrong_size_is_kc210(tmp_path: Path) -> None:
    source = ANTIRECTIFIER.replace(
        "shape=(output_dim * 2, output_dim)", "shape=(output_dim, output_dim)"
    )
    assert findings(tmp_path, source) == {"KC210:15"}
    assert findings(tmp_path, ANTIRECTIFIER) == set()
