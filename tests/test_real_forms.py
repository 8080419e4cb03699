"""Model forms of real tutorials that used to leave the output rank unknown: a dict of
``Input``s walked by loops (structured-data models) and ``LSTM(..., return_state=True)``
unpacked into its output and states (sequence-to-sequence models)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst

from kerascheck.frontends.python import analyze
from kerascheck.ir import Model
from kerascheck.shapes import infer_shapes
from tests.analysis import findings


def models_of(source: str) -> list[Model]:
    return analyze(cst.parse_module(textwrap.dedent(source)), "<test>").models


def output_shapes(model: Model) -> list[object]:
    shapes = infer_shapes(model)
    return [shapes.output_of(node) for node in model.outputs]


# --- a dict of inputs -------------------------------------------------------------------------

DICT_COMPREHENSION = """\
    import keras
    from keras import layers

    PRICES = ("open", "close", "volume")

    inputs = {col: layers.Input(name=col, shape=(1,), dtype="float32") for col in PRICES}
    parts = []
    for col in inputs:
        parts.append(inputs[col])
    x = layers.concatenate(parts)
    x = layers.Dense(16, activation="relu")(x)
    out = layers.Dense(1)(x)
    model = keras.Model(inputs=inputs, outputs=out)
    """


def test_a_dict_comprehension_of_inputs_walked_by_its_keys() -> None:
    (model,) = models_of(DICT_COMPREHENSION)
    assert model.complete
    assert len(model.inputs) == 3
    assert output_shapes(model) == [(None, 1)]


FILLED_IN_A_FUNCTION = """\
    import keras
    from keras import layers
    import pandas as pd

    frame = pd.read_csv("houses.csv")
    AMOUNTS = ["rooms", "area"]
    VOCABS = {"town": sorted(frame["town"].unique()), "kind": sorted(frame["kind"].unique())}
    WORDS = list(VOCABS.keys())
    COLUMNS = AMOUNTS + WORDS

    def build_inputs():
        inputs = {}
        for col in COLUMNS:
            if col in AMOUNTS:
                inputs[col] = layers.Input(name=col, shape=(), dtype="float32")
            else:
                inputs[col] = layers.Input(name=col, shape=(), dtype="string")
        return inputs

    def encode(inputs):
        pieces = []
        for col, tensor in inputs.items():
            column = keras.ops.expand_dims(tensor, -1)
            if col in WORDS:
                column = layers.StringLookup(vocabulary=VOCABS[col], output_mode="binary")(column)
            pieces.append(column)
        return layers.concatenate(pieces)

    inputs = build_inputs()
    features = encode(inputs)
    out = layers.Dense(1, activation="sigmoid")(features)
    model = keras.Model(inputs=inputs, outputs=out)
    """


def test_a_dict_filled_in_a_loop_and_walked_by_items_with_expand_dims() -> None:
    (model,) = models_of(FILLED_IN_A_FUNCTION)
    shapes = infer_shapes(model)
    assert [shapes.output_of(node) for node in model.inputs] == [(None,)] * 4
    assert output_shapes(model) == [(None, 1)]
    expanded = [shapes.output_of(n) for n in model.nodes if n.layer.cls == "ExpandDims"]
    assert expanded == [(None, 1)] * 4
    lookups = [n for n in model.nodes if n.layer.cls == "StringLookup"]
    assert len(lookups) == 2  # the branch is decided per column


def test_values_of_the_dict_keep_their_order_and_list_of_a_dict_is_its_keys() -> None:
    source = """\
        import keras
        from keras import layers

        SIZES = {"a": 2, "b": 3}
        inputs = {k: layers.Input(shape=(SIZES[k],), name=k) for k in list(SIZES)}
        merged = layers.concatenate(list(inputs.values()))
        model = keras.Model(inputs, merged)
        """
    (model,) = models_of(source)
    assert output_shapes(model) == [(None, 5)]


def test_a_sequence_model_fed_the_merged_columns_is_reported(tmp_path: Path) -> None:
    bad = DICT_COMPREHENSION.replace('layers.Dense(16, activation="relu")(x)', "layers.LSTM(16)(x)")
    assert findings(tmp_path, bad) == {"KC210:11"}


def test_the_same_columns_reshaped_into_steps_are_clean(tmp_path: Path) -> None:
    near_miss = DICT_COMPREHENSION.replace(
        'layers.Dense(16, activation="relu")(x)', "layers.LSTM(16)(layers.Reshape((3, 1))(x))"
    )
    assert findings(tmp_path, near_miss) == set()


def test_an_unknown_key_list_keeps_the_model_unknown() -> None:
    source = """\
        import keras
        from keras import layers

        names = load_names()
        inputs = {n: layers.Input(name=n, shape=(1,)) for n in names}
        model = keras.Model(inputs, layers.concatenate(list(inputs.values())))
        """
    (model,) = models_of(source)
    assert output_shapes(model) == [None]


# --- return_state -----------------------------------------------------------------------------

SEQ2SEQ = """\
    import keras
    from keras import layers

    source = keras.Input(shape=(None, 40))
    target = keras.Input(shape=(None, 25))
    _, hidden, cell = layers.LSTM(96, return_state=True)(source)
    decoder = layers.LSTM(96, return_sequences=True, return_state=True)
    steps, _, _ = decoder(target, initial_state=[hidden, cell])
    probs = layers.Dense(25, activation="softmax")(steps)
    model = keras.Model([source, target], probs)
    encoder = keras.Model(source, [hidden, cell])
    """


def test_lstm_states_and_output_are_unpacked_with_their_shapes() -> None:
    model, encoder = models_of(SEQ2SEQ)
    assert output_shapes(model) == [(None, None, 25)]
    assert output_shapes(encoder) == [(None, 96), (None, 96)]
    assert "LSTM" in [n.layer.cls for n in encoder.nodes]  # the layer stays in the graph


def test_gru_and_bidirectional_states() -> None:
    source = """\
        import keras
        from keras import layers

        seq = keras.Input(shape=(12, 8))
        out, state = layers.GRU(10, return_state=True)(seq)
        both, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(6, return_state=True))(seq)
        joined = layers.Concatenate()([fh, bc])
        model = keras.Model(seq, [out, state, both, joined])
        """
    (model,) = models_of(source)
    assert output_shapes(model) == [(None, 10), (None, 10), (None, 12), (None, 12)]


def test_a_state_fed_to_a_recurrent_layer_is_reported(tmp_path: Path) -> None:
    bad = """\
        import keras
        from keras import layers

        seq = keras.Input(shape=(None, 40))
        _, state_h, state_c = layers.LSTM(128, return_state=True)(seq)
        summary = layers.LSTM(32)(state_h)
        model = keras.Model(seq, layers.Dense(5, activation="softmax")(summary))
        model.compile("adam", "categorical_crossentropy")
        """
    assert findings(tmp_path, bad) == {"KC210:6"}


def test_a_state_repeated_into_steps_is_clean(tmp_path: Path) -> None:
    near_miss = """\
        import keras
        from keras import layers

        seq = keras.Input(shape=(None, 40))
        _, state_h, state_c = layers.LSTM(128, return_state=True)(seq)
        summary = layers.LSTM(32)(layers.RepeatVector(4)(state_h))
        model = keras.Model(seq, layers.Dense(5, activation="softmax")(summary))
        model.compile("adam", "categorical_crossentropy")
        """
    assert findings(tmp_path, near_miss) == set()


# --- keras.ops.stack --------------------------------------------------------------------------

STACKED = """\
    import keras
    from keras import layers, ops

    user = keras.Input(shape=())
    item = keras.Input(shape=())
    columns = [layers.Embedding(50, 8)(user), layers.Embedding(70, 8)(item)]
    tokens = ops.stack(columns, axis=1)
    mixed = layers.MultiHeadAttention(num_heads=2, key_dim=8)(tokens, tokens)
    out = layers.Dense(1)(layers.Flatten()(mixed))
    model = keras.Model([user, item], out)
    model.compile("adam", "mse")
    """


def test_embeddings_stacked_into_tokens_keep_their_shape() -> None:
    (model,) = models_of(STACKED)
    shapes = infer_shapes(model)
    (stacked,) = [n for n in model.nodes if n.layer.cls == "Stack"]
    assert shapes.output_of(stacked) == (None, 2, 8)
    assert output_shapes(model) == [(None, 1)]


def test_stacked_tokens_fed_to_a_2d_convolution_are_reported(tmp_path: Path) -> None:
    bad = STACKED.replace(
        "layers.MultiHeadAttention(num_heads=2, key_dim=8)(tokens, tokens)",
        "layers.Conv2D(4, 2)(tokens)",
    )
    assert {f.split(":")[0] for f in findings(tmp_path, bad)} == {"KC210"}


def test_stacked_tokens_fed_to_a_1d_convolution_are_clean(tmp_path: Path) -> None:
    near_miss = STACKED.replace(
        "layers.MultiHeadAttention(num_heads=2, key_dim=8)(tokens, tokens)",
        "layers.Conv1D(4, 2)(tokens)",
    )
    assert findings(tmp_path, near_miss) == set()


def test_a_layer_class_bound_by_functools_partial_is_built_when_called() -> None:
    source = """\
        from functools import partial

        import keras
        from keras import layers

        def block(norm, units):
            return keras.Sequential([norm(), layers.Dense(units)])

        seq = keras.Input(shape=(8, 4))
        x = block(partial(layers.LayerNormalization, epsilon=1e-6), 16)(seq)
        model = keras.Model(seq, x)
        """
    *_, model = models_of(source)
    norms = [n.layer for n in model.nodes if n.layer.cls == "LayerNormalization"]
    assert [layer.params.get("epsilon") for layer in norms] == [1e-6]
    assert output_shapes(model) == [(None, 8, 16)]
