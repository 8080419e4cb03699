"""Static shape inference (kerascheck.shapes).

Every expected shape in CASES was produced by real Keras (3.15) when the table was written,
and ``test_cases_agree_with_real_keras`` re-checks the whole table against the installed Keras
(skipped when Keras is absent): the table is the single source of truth for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerascheck.ir import UNKNOWN, LayerNode, Model, Node, Shape
from kerascheck.shapes import ShapeMap, declared_shape, format_shape, infer_shapes
from kerascheck.shapes.common import MULTI_RULES, RULES

# --- building IR by hand --------------------------------------------------------------------


def L(cls: str, inner: LayerNode | None = None, **params: Any) -> LayerNode:
    return LayerNode(cls, params=params, inner=inner, anchor=object())


def chain(shape: tuple[int | None, ...], *layers: LayerNode) -> Model:
    """A Sequential model: a synthesised InputLayer (shape without batch) and a chain."""
    nodes = [Node(LayerNode("InputLayer", {"shape": shape}))]
    for layer in layers:
        nodes.append(Node(layer, [nodes[-1]]))
    return Model("sequential", nodes=nodes, inputs=[nodes[0]], outputs=[nodes[-1]])


def last(model: Model) -> tuple[ShapeMap, Node]:
    return infer_shapes(model), model.nodes[-1]


# --- the table --------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    shape: tuple[int | None, ...]  # per-sample input shape (no batch axis)
    layers: list[LayerNode]
    out: Shape | None = None  # expected output of the last layer
    problem: str | None = None  # or: the kind of problem on the last layer
    keras_builds: bool = False  # Keras builds it anyway (it fails, or is wrong, at run time)


C = Case
CASES = [
    # core
    C("dense", (20,), [L("Dense", units=3)], (None, 3)),
    C("dense-rank4", (2, 3, 4), [L("Dense", units=3)], (None, 2, 3, 3)),
    C("dense-rank1", (), [L("Dense", units=3)], problem="rank"),
    C("flatten", (2, 3, 4), [L("Flatten")], (None, 24)),
    C("flatten-rank2-identity", (20,), [L("Flatten")], (None, 20)),
    C("flatten-rank1", (), [L("Flatten")], (None, 1)),
    C("flatten-unknown-dim", (None, 3), [L("Flatten")], (None, None)),
    C("reshape-minus-one", (20,), [L("Reshape", target_shape=(-1, 2))], (None, 10, 2)),
    C("reshape-unknown-input", (None, 2), [L("Reshape", target_shape=(-1, 2))], (None, None, 2)),
    C("reshape-product", (20,), [L("Reshape", target_shape=(3, 2))], problem="reshape"),
    C("reshape-minus-one-bad", (20,), [L("Reshape", target_shape=(-1, 3))], problem="reshape"),
    C("permute", (2, 3, 4), [L("Permute", dims=(3, 1, 2))], (None, 4, 2, 3)),
    C("permute-rank", (2, 3, 4), [L("Permute", dims=(2, 1))], problem="rank"),
    C("repeat-vector", (5,), [L("RepeatVector", n=3)], (None, 3, 5)),
    C("repeat-vector-rank3", (5, 2), [L("RepeatVector", n=3)], problem="rank"),
    C("embedding", (10,), [L("Embedding", input_dim=100, output_dim=8)], (None, 10, 8)),
    # Keras 3 embeds inputs of any rank, adding one axis.
    C("embedding-rank3", (10, 1), [L("Embedding", input_dim=100, output_dim=8)], (None, 10, 1, 8)),
    # identity layers
    *[
        C(f"identity-{layer.cls}", (20, 3), [layer], (None, 20, 3))
        for layer in (
            L("Dropout", rate=0.2),
            L("GaussianNoise", stddev=0.1),
            L("BatchNormalization"),
            L("LayerNormalization"),
            L("Masking"),
            L("Rescaling", scale=1 / 255),
            L("Activation", activation="relu"),
            L("Softmax"),
            L("LeakyReLU"),
            L("SpatialDropout1D", rate=0.1),
        )
    ],
    C("spatial-dropout2d-rank3", (20, 2), [L("SpatialDropout2D", rate=0.1)], problem="rank"),
    # recurrent
    C("lstm", (20, 1), [L("LSTM", units=3)], (None, 3)),
    C("lstm-sequences", (20, 1), [L("LSTM", units=3, return_sequences=True)], (None, 20, 3)),
    C("gru-sequences", (20, 1), [L("GRU", units=4, return_sequences=True)], (None, 20, 4)),
    C("simple-rnn", (20, 1), [L("SimpleRNN", units=5)], (None, 5)),
    C("lstm-rank2", (20,), [L("LSTM", units=3)], problem="rank"),
    C("gru-rank2", (20,), [L("GRU", units=3)], problem="rank"),
    C("simple-rnn-rank2", (20,), [L("SimpleRNN", units=3)], problem="rank"),
    C("lstm-rank4", (2, 20, 1), [L("LSTM", units=3)], problem="rank"),
    C("flatten-then-lstm", (20, 1), [L("Flatten"), L("LSTM", units=3)], problem="rank"),
    C(
        "lstm-then-lstm",
        (20, 1),
        [L("LSTM", units=32), L("Dropout", rate=0.2), L("LSTM", units=3)],
        problem="rank-after-recurrent",
    ),
    C("bidirectional-concat", (20, 1), [L("Bidirectional", L("LSTM", units=4))], (None, 8)),
    C(
        "bidirectional-sum",
        (20, 1),
        [L("Bidirectional", L("LSTM", units=4, return_sequences=True), merge_mode="sum")],
        (None, 20, 4),
    ),
    C(
        "bidirectional-ave",
        (20, 1),
        [L("Bidirectional", L("GRU", units=4), merge_mode="ave")],
        (None, 4),
    ),
    C("bidirectional-rank2", (20,), [L("Bidirectional", L("LSTM", units=4))], problem="rank"),
    C(
        "bidirectional-conv-lstm",
        (5, 20, 1),
        [L("Bidirectional", L("ConvLSTM1D", filters=4, kernel_size=3))],
        (None, 18, 8),
    ),
    C("conv-lstm1d", (5, 20, 1), [L("ConvLSTM1D", filters=4, kernel_size=3)], (None, 18, 4)),
    C(
        "conv-lstm1d-same-strided",
        (5, 20, 1),
        [
            L(
                "ConvLSTM1D",
                filters=4,
                kernel_size=3,
                strides=2,
                padding="same",
                return_sequences=True,
            )
        ],
        (None, 5, 10, 4),
    ),
    C(
        "conv-lstm1d-channels-first",
        (5, 1, 20),
        [L("ConvLSTM1D", filters=4, kernel_size=3, data_format="channels_first")],
        (None, 4, 18),
    ),
    C(
        "conv-lstm2d",
        (5, 20, 20, 1),
        [L("ConvLSTM2D", filters=4, kernel_size=3, padding="same", return_sequences=True)],
        (None, 5, 20, 20, 4),
    ),
    C("conv-lstm2d-rank4", (5, 20, 1), [L("ConvLSTM2D", filters=4, kernel_size=3)], problem="rank"),
    # TimeDistributed
    C("td-lstm-4d", (5, 20, 1), [L("TimeDistributed", L("LSTM", units=32))], (None, 5, 32)),
    C("td-dense", (20, 4), [L("TimeDistributed", L("Dense", units=3))], (None, 20, 3)),
    C(
        "td-td-dense",
        (2, 3, 4),
        [L("TimeDistributed", L("TimeDistributed", L("Dense", units=5)))],
        (None, 2, 3, 5),
    ),
    C(
        "td-conv2d-5d",
        (5, 28, 28, 1),
        [L("TimeDistributed", L("Conv2D", filters=3, kernel_size=3))],
        (None, 5, 26, 26, 3),
    ),
    C("td-lstm", (20, 1), [L("TimeDistributed", L("LSTM", units=32))], problem="time-distributed"),
    C(
        "td-conv1d",
        (20, 1),
        [L("TimeDistributed", L("Conv1D", filters=3, kernel_size=3))],
        problem="time-distributed",
    ),
    C(
        "td-bidirectional",
        (20, 1),
        [L("TimeDistributed", L("Bidirectional", L("LSTM", units=3)))],
        problem="time-distributed",
    ),
    # Keras builds TD(MaxPooling1D) on (batch, 20, 1) and fails in predict ("Input rank not
    # supported: 2"); TD(GlobalAveragePooling1D) even runs, returning (2, 20) against a
    # declared (None, 20, 1). Both are KC203's misuse.
    C(
        "td-max-pooling1d",
        (20, 1),
        [L("TimeDistributed", L("MaxPooling1D"))],
        problem="time-distributed",
        keras_builds=True,
    ),
    C(
        "td-global-pooling1d",
        (20, 1),
        [L("TimeDistributed", L("GlobalAveragePooling1D"))],
        problem="time-distributed",
        keras_builds=True,
    ),
    C("td-rank2", (20,), [L("TimeDistributed", L("Dense", units=3))], problem="rank"),
    C(
        "td-conv2d-4d",
        (28, 28, 1),
        [L("TimeDistributed", L("Conv2D", filters=3, kernel_size=3))],
        problem="rank",
    ),
    # convolutions
    C("conv1d-valid", (20, 1), [L("Conv1D", filters=3, kernel_size=3)], (None, 18, 3)),
    C(
        "conv1d-same-strided",
        (20, 1),
        [L("Conv1D", filters=3, kernel_size=3, strides=2, padding="same")],
        (None, 10, 3),
    ),
    C(
        "conv1d-valid-strided",
        (20, 1),
        [L("Conv1D", filters=3, kernel_size=3, strides=2)],
        (None, 9, 3),
    ),
    C(
        "conv1d-causal-dilated",
        (20, 1),
        [L("Conv1D", filters=3, kernel_size=3, padding="causal", dilation_rate=2)],
        (None, 20, 3),
    ),
    C(
        "conv1d-valid-dilated",
        (20, 1),
        [L("Conv1D", filters=3, kernel_size=3, dilation_rate=2)],
        (None, 16, 3),
    ),
    C("conv1d-kernel-equals-length", (3, 1), [L("Conv1D", filters=3, kernel_size=3)], (None, 1, 3)),
    C("conv1d-kernel-too-long", (2, 1), [L("Conv1D", filters=3, kernel_size=3)], problem="size"),
    C("conv1d-rank2", (20,), [L("Conv1D", filters=3, kernel_size=3)], problem="rank"),
    C("conv2d-rank3", (28, 28), [L("Conv2D", filters=3, kernel_size=3)], problem="rank"),
    C("conv2d-rank5", (2, 28, 28, 1), [L("Conv2D", filters=3, kernel_size=3)], problem="rank"),
    C(
        "conv2d-channels-first",
        (1, 28, 28),
        [L("Conv2D", filters=3, kernel_size=3, data_format="channels_first")],
        (None, 3, 26, 26),
    ),
    C(
        "conv2d-same-odd",
        (7, 7, 1),
        [L("Conv2D", filters=2, kernel_size=3, strides=2, padding="same")],
        (None, 4, 4, 2),
    ),
    C("conv3d", (8, 8, 8, 1), [L("Conv3D", filters=2, kernel_size=3)], (None, 6, 6, 6, 2)),
    C(
        "conv2d-transpose",
        (7, 7, 1),
        [L("Conv2DTranspose", filters=3, kernel_size=3, strides=2)],
        (None, 15, 15, 3),
    ),
    C(
        "conv2d-transpose-same",
        (7, 7, 1),
        [L("Conv2DTranspose", filters=3, kernel_size=3, strides=2, padding="same")],
        (None, 14, 14, 3),
    ),
    C(
        "conv2d-transpose-k2s3",
        (7, 7, 1),
        [L("Conv2DTranspose", filters=3, kernel_size=2, strides=3)],
        (None, 21, 21, 3),
    ),
    C(
        "conv2d-transpose-output-padding",
        (7, 7, 1),
        [L("Conv2DTranspose", filters=3, kernel_size=3, strides=2, output_padding=1)],
        (None, 16, 16, 3),
    ),
    C(
        "conv1d-transpose-dilated",
        (7, 1),
        [L("Conv1DTranspose", filters=3, kernel_size=3, dilation_rate=2)],
        (None, 11, 3),
    ),
    C(
        "conv1d-transpose-same-output-padding",
        (7, 1),
        [
            L(
                "Conv1DTranspose",
                filters=3,
                kernel_size=4,
                strides=3,
                padding="same",
                output_padding=1,
            )
        ],
        (None, 19, 3),
    ),
    C(
        "separable-conv2d",
        (28, 28, 1),
        [L("SeparableConv2D", filters=3, kernel_size=3, strides=2)],
        (None, 13, 13, 3),
    ),
    C(
        "separable-conv1d",
        (20, 2),
        [L("SeparableConv1D", filters=5, kernel_size=3, depth_multiplier=2)],
        (None, 18, 5),
    ),
    C(
        "depthwise-conv2d",
        (28, 28, 2),
        [L("DepthwiseConv2D", kernel_size=3, depth_multiplier=3)],
        (None, 26, 26, 6),
    ),
    C("depthwise-conv1d", (28, 2), [L("DepthwiseConv1D", kernel_size=3)], (None, 26, 2)),
    # pooling
    C("max-pool1d", (20, 1), [L("MaxPooling1D")], (None, 10, 1)),
    C("max-pool1d-3", (20, 1), [L("MaxPooling1D", pool_size=3)], (None, 6, 1)),
    C("max-pool1d-3-stride1", (20, 1), [L("MaxPooling1D", pool_size=3, strides=1)], (None, 18, 1)),
    C("max-pool1d-same", (20, 1), [L("MaxPooling1D", pool_size=3, padding="same")], (None, 7, 1)),
    C("max-pool2d", (28, 27, 1), [L("MaxPooling2D")], (None, 14, 13, 1)),
    C(
        "avg-pool2d-channels-first",
        (3, 8, 8),
        [L("AveragePooling2D", pool_size=2, data_format="channels_first")],
        (None, 3, 4, 4),
    ),
    C("max-pool3d", (8, 8, 8, 1), [L("MaxPooling3D")], (None, 4, 4, 4, 1)),
    C("max-pool1d-too-short", (1, 3), [L("MaxPooling1D", pool_size=2)], problem="size"),
    C("max-pool2d-rank3", (28, 27), [L("MaxPooling2D")], problem="rank"),
    C("max-pool1d-rank2", (28,), [L("MaxPooling1D")], problem="rank"),
    C("global-avg1d", (20, 3), [L("GlobalAveragePooling1D")], (None, 3)),
    C("global-avg1d-keepdims", (20, 3), [L("GlobalAveragePooling1D", keepdims=True)], (None, 1, 3)),
    C("global-max2d", (20, 3, 4), [L("GlobalMaxPooling2D")], (None, 4)),
    C(
        "global-avg2d-channels-first-keepdims",
        (3, 8, 8),
        [L("GlobalAveragePooling2D", data_format="channels_first", keepdims=True)],
        (None, 3, 1, 1),
    ),
    C("global-avg3d", (8, 8, 8, 1), [L("GlobalAveragePooling3D")], (None, 1)),
    C("global-max2d-rank3", (20, 3), [L("GlobalMaxPooling2D")], problem="rank"),
    C("global-avg1d-rank4", (20, 3, 2), [L("GlobalAveragePooling1D")], problem="rank"),
    # padding, cropping, up-sampling
    C("zero-padding1d", (10, 2), [L("ZeroPadding1D", padding=2)], (None, 14, 2)),
    C("zero-padding1d-pair", (10, 2), [L("ZeroPadding1D", padding=(1, 3))], (None, 14, 2)),
    C(
        "zero-padding2d",
        (10, 10, 2),
        [L("ZeroPadding2D", padding=((1, 2), (3, 4)))],
        (None, 13, 17, 2),
    ),
    C("zero-padding2d-int", (10, 10, 2), [L("ZeroPadding2D", padding=1)], (None, 12, 12, 2)),
    C(
        "zero-padding2d-channels-first",
        (3, 8, 8),
        [L("ZeroPadding2D", padding=1, data_format="channels_first")],
        (None, 3, 10, 10),
    ),
    C("zero-padding2d-rank3", (10, 10), [L("ZeroPadding2D", padding=1)], problem="rank"),
    C("cropping1d", (10, 2), [L("Cropping1D", cropping=(1, 2))], (None, 7, 2)),
    C("cropping1d-default", (10, 2), [L("Cropping1D")], (None, 8, 2)),
    C("cropping1d-to-zero", (3, 2), [L("Cropping1D", cropping=(1, 2))], problem="size"),
    C("cropping2d", (10, 10, 2), [L("Cropping2D", cropping=((1, 2), (3, 4)))], (None, 7, 3, 2)),
    C(
        "cropping2d-too-much",
        (3, 10, 2),
        [L("Cropping2D", cropping=((1, 2), (3, 4)))],
        problem="size",
    ),
    C("up-sampling1d", (10, 2), [L("UpSampling1D", size=3)], (None, 30, 2)),
    C("up-sampling2d", (10, 10, 2), [L("UpSampling2D", size=(2, 3))], (None, 20, 30, 2)),
    C(
        "up-sampling2d-channels-first",
        (3, 8, 8),
        [L("UpSampling2D", data_format="channels_first")],
        (None, 3, 16, 16),
    ),
    C("up-sampling1d-rank2", (10,), [L("UpSampling1D", size=3)], problem="rank"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case) -> None:
    shapes, node = last(chain(case.shape, *case.layers))
    if case.problem is None:
        assert shapes.output_of(node) == case.out
        assert shapes.problems == []
    else:
        assert [(p.node, p.kind) for p in shapes.problems] == [(node, case.problem)]
        assert shapes.output_of(node) is None  # a refused input leaves the output unknown
        assert shapes.problems[0].got == shapes.input_of(node)


def test_cases_agree_with_real_keras() -> None:
    """The table is Keras' behaviour, not ours: every case is rebuilt with real Keras."""
    keras = pytest.importorskip("keras")
    np = pytest.importorskip("numpy")

    def build(layer: LayerNode) -> Any:
        params = dict(layer.params)
        if layer.inner is not None:
            params["layer"] = build(layer.inner)
        return getattr(keras.layers, layer.cls)(**params)

    disagreements = []
    for case in CASES:
        try:
            x = inputs = keras.Input(shape=case.shape)
            for layer in case.layers:
                x = build(layer)(x)
            built: Shape | None = tuple(x.shape)
        except Exception:
            built = None
        if case.problem is None and built != case.out:
            disagreements.append((case.id, built, case.out))
        elif case.problem is not None and case.keras_builds == (built is None):
            disagreements.append((case.id, built, case.problem))
        elif case.problem is not None and case.id == "td-max-pooling1d":
            model = keras.Model(inputs, x)
            with pytest.raises(ValueError, match="rank"):
                model.predict(np.zeros((2, *case.shape)), verbose=0)
    assert disagreements == []


# --- seed examples ------------------------------------------------------------------------------


def test_seed_example_time_distributed_lstm() -> None:
    # Seed examples 1 and 2: TimeDistributed(LSTM(32), input_shape=(20, 1)).
    model = chain((20, 1), L("TimeDistributed", L("LSTM", units=32)), L("Dense", units=1))
    shapes = infer_shapes(model)
    (problem,) = shapes.problems
    assert problem.kind == "time-distributed"
    assert problem.node is model.nodes[1]
    assert problem.got == (None, 20, 1)
    assert problem.message == (
        "TimeDistributed(LSTM) receives (batch, 20, 1): each step reaches the LSTM as a vector"
    )
    assert problem.help.endswith("Remove TimeDistributed, or feed (batch, outer_steps, 20, 1).")
    assert shapes.output_of(model.nodes[2]) is None  # unknown downstream, and not blamed


def test_seed_example_3_reports_only_the_first_wrapper() -> None:
    model = chain(
        (20, 1),
        L("TimeDistributed", L("LSTM", units=64, return_sequences=True)),
        L("TimeDistributed", L("LSTM", units=32)),
        L("Dropout", rate=0.2),
        L("Dense", units=1, activation="sigmoid"),
    )
    shapes = infer_shapes(model)
    assert [(p.node, p.kind) for p in shapes.problems] == [(model.nodes[1], "time-distributed")]
    assert all(shapes.output_of(n) is None for n in model.nodes[1:])


# --- messages -------------------------------------------------------------------------------------


def only_message(model: Model) -> str:
    (problem,) = infer_shapes(model).problems
    return problem.message


def only_help(model: Model) -> str:
    (problem,) = infer_shapes(model).problems
    return problem.help


def test_conv2d_without_channel_axis_message() -> None:
    model = chain((28, 28), L("Conv2D", filters=32, kernel_size=3))
    assert only_message(model) == (
        "Conv2D receives (batch, 28, 28) but needs 4 dimensions (batch, height, width, channels)"
    )
    assert only_help(model) == (
        "Keras refuses to build the model at this layer. Add a channel axis "
        "(x.reshape(-1, 28, 28, 1) or Reshape((28, 28, 1)))."
    )


def test_flatten_then_lstm_names_the_flatten() -> None:
    model = chain((20, 1), L("Flatten"), L("Dense", units=8), L("LSTM", units=3))
    assert only_message(model).startswith("LSTM receives (batch, 8) but needs 3 dimensions")
    assert "The Flatten before it collapsed each sample into one vector" in only_help(model)


def test_conv1d_after_recurrent_suggests_return_sequences() -> None:
    model = chain(
        (20, 1), L("Bidirectional", L("LSTM", units=32)), L("Conv1D", filters=3, kernel_size=3)
    )
    (problem,) = infer_shapes(model).problems
    assert problem.kind == "rank"  # not KC201's case: the consumer is not recurrent
    assert "Pass return_sequences=True to the LSTM inside the Bidirectional(LSTM)" in problem.help


def test_recurrent_after_recurrent_is_marked_for_kc201() -> None:
    model = chain((20, 1), L("LSTM", units=32), L("LSTM", units=3))
    (problem,) = infer_shapes(model).problems
    assert problem.kind == "rank-after-recurrent"
    assert problem.message == "LSTM receives (batch, 32): the LSTM before it returns no sequence"
    assert "return_sequences=True" in problem.help


@pytest.mark.parametrize(
    ("shape", "first", "second"),
    [
        ((20, 1), L("Bidirectional", L("LSTM", units=8)), L("LSTM", units=4)),
        ((20, 1), L("GRU", units=8), L("Bidirectional", L("GRU", units=4))),
        (
            (5, 8, 8, 1),
            L("ConvLSTM2D", filters=2, kernel_size=3),
            L("ConvLSTM2D", filters=2, kernel_size=3),
        ),
    ],
    ids=["bidirectional-first", "bidirectional-second", "conv-lstm"],
)
def test_recurrent_stacks_are_marked_for_kc201(
    shape: tuple[int, ...], first: LayerNode, second: LayerNode
) -> None:
    model = chain(shape, first, L("Activation", activation="tanh"), second)
    assert [(p.node, p.kind) for p in infer_shapes(model).problems] == [
        (model.nodes[-1], "rank-after-recurrent")
    ]


def test_recurrent_after_recurrent_through_dense_is_a_rank_problem() -> None:
    # KC201 only looks through layout-neutral layers (Dropout, activations); a Dense between
    # makes it KC210's.
    model = chain((20, 1), L("LSTM", units=32), L("Dense", units=8), L("LSTM", units=3))
    (problem,) = infer_shapes(model).problems
    assert problem.kind == "rank"
    assert "The LSTM before it returns only its last output" in problem.help


def test_stacked_time_distributed_lstm_without_sequences_is_kc201s() -> None:
    # TD(LSTM) -> TD(LSTM) on (batch, outer, steps, features): the first drops the inner
    # steps axis, so the second wrapper hands its LSTM vectors. The fix is return_sequences.
    model = chain(
        (5, 20, 1),
        L("TimeDistributed", L("LSTM", units=8)),
        L("TimeDistributed", L("LSTM", units=4)),
    )
    (problem,) = infer_shapes(model).problems
    assert problem.kind == "rank-after-recurrent"
    assert "Pass return_sequences=True to the LSTM inside the TimeDistributed(LSTM)" in problem.help


def test_lstm_then_conv_lstm_is_not_kc201s() -> None:
    # KC201 compares the sequence ranks the two layers need (3 vs 5): not its case.
    model = chain((20, 1), L("LSTM", units=8), L("ConvLSTM2D", filters=4, kernel_size=3))
    (problem,) = infer_shapes(model).problems
    assert problem.kind == "rank"


def test_embedding_with_trailing_axis_message() -> None:
    model = chain((20, 1), L("Embedding", input_dim=100, output_dim=8), L("LSTM", units=3))
    assert "(batch, 20, 1, 8)" in only_message(model)
    assert "feed token ids of shape (batch, 20) instead (x.reshape(-1, 20) or x[..., 0])" in (
        only_help(model)
    )


def test_dense_then_conv1d_points_at_the_data_and_at_a_reshape_layer() -> None:
    model = chain((20,), L("Dense", units=16), L("Conv1D", filters=3, kernel_size=3))
    assert only_help(model).endswith(
        "The model's input (batch, 20) has no such axis either: add a feature axis to the data "
        "and the input shape (x.reshape(-1, 20, 1)), or add Reshape((16, 1)) before the Conv1D."
    )


def test_reshape_advice_after_a_layer_that_dropped_an_axis() -> None:
    model = chain(
        (4, 4, 3), L("Reshape", target_shape=(16, 3)), L("Conv2D", filters=2, kernel_size=1)
    )
    assert only_help(model).endswith(
        "Add a channel axis with Reshape((16, 3, 1)) before the Conv2D."
    )


def test_time_distributed_rank2_message() -> None:
    model = chain((20,), L("TimeDistributed", L("Dense", units=3)))
    assert "at least 3 dimensions (batch, steps, ...)" in only_message(model)
    assert "(the Dense takes (batch, 20) as it is)" in only_help(model)
    model = chain((20,), L("TimeDistributed", L("Conv1D", filters=3, kernel_size=3)))
    assert "as it is" not in only_help(model)  # a Conv1D would not take (batch, 20) either


def test_time_distributed_conv2d_on_images_message() -> None:
    model = chain((28, 28, 1), L("TimeDistributed", L("Conv2D", filters=3, kernel_size=3)))
    assert only_message(model) == (
        "TimeDistributed(Conv2D) receives (batch, 28, 28, 1): each step reaches the Conv2D as "
        "(28, 1)"
    )
    assert only_help(model) == (
        "TimeDistributed hands each of the 28 steps to the Conv2D separately, but a Conv2D "
        "needs (height, width, channels), so Keras refuses to build the model. Remove "
        "TimeDistributed, or feed (batch, steps, 28, 28, 1)."
    )


def test_size_problem_inside_time_distributed_keeps_its_kind() -> None:
    model = chain((4, 3, 1), L("TimeDistributed", L("Conv1D", filters=3, kernel_size=5)))
    (problem,) = infer_shapes(model).problems
    assert problem.kind == "size"
    assert problem.message.startswith("In TimeDistributed(Conv1D), Conv1D receives (batch, 3, 1)")
    assert problem.help.startswith("TimeDistributed(Conv1D) applies the Conv1D to each step")


def test_size_messages_name_the_axis() -> None:
    model = chain((28, 2, 1), L("Conv2D", filters=2, kernel_size=3))
    assert "does not fit in a width of 2" in only_message(model)
    model = chain((5, 2, 1), L("ConvLSTM1D", filters=2, kernel_size=3))
    assert "does not fit in the 2 steps" in only_message(model)


def test_reshape_messages_give_the_counts() -> None:
    model = chain((20,), L("Reshape", target_shape=(3, 2)))
    assert (
        only_message(model) == "Reshape to (3, 2) receives (batch, 20): 20 values per sample, not 6"
    )
    assert only_help(model).startswith("The target shape (3, 2) holds 6 values, not 20")
    model = chain((20,), L("Reshape", target_shape=(-1, 6)))
    assert only_message(model).endswith("20 values are not a multiple of 6")


def test_only_the_first_of_several_broken_layers_is_reported() -> None:
    model = chain(
        (28, 28), L("Conv2D", filters=3, kernel_size=3), L("Conv2D", filters=3, kernel_size=3)
    )
    assert [p.node for p in infer_shapes(model).problems] == [model.nodes[1]]


# --- unknown stays unknown, but a rank the layer fixes survives -----------------------------


def test_unresolved_layer_is_unknown_and_so_is_what_keeps_its_rank() -> None:
    model = chain((20,), LayerNode(""), L("Dense", units=4), L("Dropout", rate=0.1))
    shapes = infer_shapes(model)
    assert [shapes.output_of(n) for n in model.nodes] == [(None, 20), None, None, None]
    assert shapes.problems == []


RANK_FIXING = [
    (L("Flatten"), (None, None)),
    (L("GlobalAveragePooling2D"), (None, None)),
    (L("GlobalMaxPooling1D", keepdims=True), (None, 1, None)),
    (L("Conv2D", filters=8, kernel_size=3), (None, None, None, 8)),
    (L("Conv1D", filters=4, kernel_size=3, data_format="channels_first"), (None, 4, None)),
    (L("MaxPooling2D"), (None, None, None, None)),
    (L("LSTM", units=5), (None, 5)),
    (L("GRU", units=5, return_sequences=True), (None, None, 5)),
    (L("Bidirectional", L("LSTM", units=5)), (None, 10)),
    (L("Reshape", target_shape=(4, -1)), (None, 4, None)),
    (L("RepeatVector", n=3), (None, 3, None)),
]


@pytest.mark.parametrize(
    ("layer", "out"),
    RANK_FIXING,
    ids=lambda value: value.display if isinstance(value, LayerNode) else "",
)
def test_layers_that_fix_their_rank_give_a_shape_after_an_unknown_layer(
    layer: LayerNode, out: Shape
) -> None:
    # Keras builds these only on one input rank, so their output rank is known whatever came
    # before them (a Lambda, a custom layer, a pretrained base).
    shapes, node = last(chain((20,), LayerNode(""), layer))
    assert shapes.output_of(node) == out
    assert shapes.problems == []


@pytest.mark.tf
def test_rank_fixing_layers_agree_with_real_keras() -> None:
    """Each layer above builds in Keras only on the rank its rule assumes, and outputs the rank
    the rule gives (sizes of 8 everywhere stand for the unknown ones)."""
    keras = pytest.importorskip("keras")
    from kerascheck.shapes.common import INPUT_RANKS

    for layer, out in RANK_FIXING:
        params = dict(layer.params)
        if layer.inner is not None:
            params["layer"] = getattr(keras.layers, layer.inner.cls)(**layer.inner.params)
        rank = INPUT_RANKS[layer.cls]
        built = getattr(keras.layers, layer.cls)(**params)(keras.Input((8,) * (rank - 1)))
        assert len(built.shape) == len(out), layer.display
        assert all(o is None or o == b for o, b in zip(out, built.shape, strict=True))


def test_a_model_without_declared_input_starts_with_the_first_layers_rank() -> None:
    model = Model("sequential", nodes=[Node(L("LSTM", units=8, return_sequences=True))])
    model.nodes.append(Node(L("Dense", units=1), [model.nodes[0]]))
    model.outputs = [model.nodes[-1]]
    shapes = infer_shapes(model)
    assert shapes.output_of(model.nodes[-1]) == (None, None, 1)


def test_rank_problems_are_found_after_an_unknown_layer() -> None:
    # LSTM without return_sequences always outputs (batch, units): Conv2D cannot take it.
    model = chain((20,), LayerNode(""), L("LSTM", units=3), L("Conv2D", filters=2, kernel_size=3))
    (problem,) = infer_shapes(model).problems
    assert problem.node is model.nodes[-1] and problem.got == (None, 3)


def test_concatenate_with_an_unknown_branch_keeps_the_known_rank() -> None:
    known = Node(LayerNode("InputLayer", {"shape": (7, 3)}))
    unknown = Node(LayerNode(""), [Node(LayerNode("InputLayer", {"shape": (5,)}))])
    merged = Node(L("Concatenate"), [known, unknown])
    model = Model("functional", nodes=[known, unknown.inputs[0], unknown, merged])
    model.outputs = [merged]
    assert infer_shapes(model).output_of(merged) == (None, 7, None)


@pytest.mark.parametrize(
    "layer",
    [
        L("LSTM", units=3, return_sequences=UNKNOWN),
        L("LSTM", units=3, return_state=True),
        L("Bidirectional", L("LSTM", units=3), merge_mode=None),
        L("Bidirectional", L("LSTM", units=3), merge_mode=UNKNOWN),
        L("Reshape", target_shape=UNKNOWN),
        L("GlobalAveragePooling1D", keepdims=UNKNOWN),
        L("Lambda", function=UNKNOWN),
        L("MultiHeadAttention", num_heads=2, key_dim=4, output_shape=UNKNOWN),
        L("EinsumDense", equation=UNKNOWN, output_shape=(None, 4)),
        L("EinsumDense", equation="...b,bc->...c", output_shape=4),
        L("RNN", cell=UNKNOWN),
        L("TimeDistributed", LayerNode("")),
    ],
    ids=lambda layer: layer.display,
)
def test_layout_parameters_that_are_not_known_give_an_unknown_output(layer: LayerNode) -> None:
    shapes, node = last(chain((20, 1), layer, L("LSTM", units=2)))
    assert shapes.output_of(node.inputs[0]) is None
    assert shapes.problems == []


def test_unknown_sizes_keep_the_rank() -> None:
    # units/filters/kernel_size only size an axis: the rank stays known, the dim does not.
    shapes, node = last(chain((20,), L("Dense", units=UNKNOWN)))
    assert shapes.output_of(node) == (None, None)
    shapes, node = last(chain((28, 28, 1), L("Conv2D", filters=8, kernel_size=UNKNOWN)))
    assert shapes.output_of(node) == (None, None, None, 8)
    shapes, node = last(chain((20, 1), L("Conv1D", filters=8, kernel_size=3, padding=UNKNOWN)))
    assert shapes.output_of(node) == (None, None, 8)


def test_rank_problem_is_still_found_after_unknown_sizes() -> None:
    model = chain((20,), L("Dense", units=UNKNOWN), L("LSTM", units=3))
    (problem,) = infer_shapes(model).problems
    assert problem.got == (None, None)


def test_average_pooling_has_no_default_pool_size() -> None:
    # Keras 3: AveragePooling1D.__init__() requires pool_size (MaxPooling1D defaults to 2).
    shapes, node = last(chain((20, 3), L("AveragePooling1D")))
    assert shapes.output_of(node) == (None, None, 3)


def test_unknown_dims_never_trigger_size_problems() -> None:
    shapes, node = last(chain((None, 1), L("Conv1D", filters=2, kernel_size=50)))
    assert shapes.output_of(node) == (None, None, 2)
    assert shapes.problems == []


# --- inputs ---------------------------------------------------------------------------------------


def test_declared_shapes() -> None:
    assert declared_shape(LayerNode("InputLayer", {"shape": (20, 1)})) == (None, 20, 1)
    assert declared_shape(LayerNode("InputLayer", {"shape": (20,), "batch_size": 8})) == (8, 20)
    assert declared_shape(LayerNode("InputLayer", {"batch_shape": (32, 20, 1)})) == (32, 20, 1)
    assert declared_shape(LayerNode("InputLayer", {"batch_input_shape": (None, 5)})) == (None, 5)
    assert declared_shape(LayerNode("InputLayer", {"shape": (None, UNKNOWN)})) == (None, None, None)
    assert declared_shape(LayerNode("InputLayer", {"shape": UNKNOWN})) is None
    assert declared_shape(LayerNode("InputLayer", {})) is None


def test_input_shapes_override_the_declared_ones() -> None:
    model = chain((20,), L("LSTM", units=3))
    shapes = infer_shapes(model, input_shapes=[(None, 20, 1)])
    assert shapes.output_of(model.nodes[-1]) == (None, 3)
    assert shapes.problems == []


def test_input_shapes_for_a_model_without_input_layer() -> None:
    first = Node(L("Dense", units=4))
    second = Node(L("LSTM", units=3), [first])
    model = Model("sequential", nodes=[first, second])
    unknown = infer_shapes(model)
    assert unknown.output_of(first) is None and unknown.problems == []
    shapes = infer_shapes(model, input_shapes=[(None, 20)])
    assert shapes.input_of(first) == (None, 20)
    assert [p.node for p in shapes.problems] == [second]


# --- functional graphs ----------------------------------------------------------------------------


def functional(*branches: tuple[int, ...]) -> tuple[list[Node], list[Node]]:
    inputs = [Node(LayerNode("InputLayer", {"shape": s})) for s in branches]
    return inputs, list(inputs)


def test_concatenate_in_a_functional_graph() -> None:
    (a, b), nodes = functional((20, 3), (20, 4))
    dense = Node(L("Dense", units=5), [b])
    merged = Node(L("Concatenate"), [a, dense])
    out = Node(L("LSTM", units=2), [merged])
    model = Model("functional", nodes=[*nodes, dense, merged, out], inputs=[a, b], outputs=[out])
    shapes = infer_shapes(model)
    assert shapes.inputs_of(merged) == [(None, 20, 3), (None, 20, 5)]
    assert shapes.output_of(merged) == (None, 20, 8)
    assert shapes.output_of(out) == (None, 2)


#: (class, params, per-sample input shapes, expected output or "merge" for a refusal);
#: test_merges_agree_with_real_keras rebuilds each with real Keras.
MERGES = [
    ("Concatenate", {"axis": 1}, [(20, 3), (5, 3)], (None, 25, 3)),
    ("Concatenate", {}, [(None, 3), (5, 4)], (None, None, 7)),
    ("Add", {}, [(20, 3), (20, 3)], (None, 20, 3)),
    ("Add", {}, [(20, 3), (20, 1)], (None, 20, 3)),
    ("Add", {}, [(20, 3), (3,)], (None, 20, 3)),
    ("Multiply", {}, [(3,), (3,), (3,)], (None, 3)),
    ("Average", {}, [(None, 3), (5, 3)], (None, None, 3)),
    ("Dot", {"axes": 1}, [(3,), (3,)], (None, 1)),
    ("Dot", {"axes": (2, 2)}, [(4, 5), (6, 5)], (None, 4, 6)),
    ("Dot", {"axes": 1}, [(5,), (6,)], "merge"),
    ("Concatenate", {}, [(20, 3), (5, 4)], "merge"),
    ("Concatenate", {}, [(20, 3), (4,)], "merge"),
    ("Add", {}, [(20, 3), (20, 4)], "merge"),
    ("Subtract", {}, [(20, 3), (20,)], "merge"),
]


@pytest.mark.parametrize(("cls", "params", "shapes_in", "expected"), MERGES)
def test_merges(
    cls: str, params: dict[str, Any], shapes_in: list[tuple[int, ...]], expected: Any
) -> None:
    inputs, nodes = functional(*shapes_in)
    merged = Node(L(cls, **params), inputs)
    shapes = infer_shapes(Model("functional", nodes=[*nodes, merged], inputs=inputs))
    if expected == "merge":
        assert [(p.node, p.kind) for p in shapes.problems] == [(merged, "merge")]
        assert "shapes (batch, " in shapes.problems[0].message
    else:
        assert shapes.output_of(merged) == expected
        assert shapes.problems == []


def test_merge_with_an_unknown_branch_is_unknown() -> None:
    (a, b), nodes = functional((20, 3), (20, 4))
    mystery = Node(LayerNode(""), [b])
    merged = Node(L("Add"), [a, mystery])
    shapes = infer_shapes(Model("functional", nodes=[*nodes, mystery, merged]))
    assert shapes.output_of(merged) is None
    assert shapes.problems == []


def test_a_shared_layer_is_applied_per_node() -> None:
    (a, b), nodes = functional((20, 3), (7, 3))
    shared = L("LSTM", units=4, return_sequences=True)
    first, second = Node(shared, [a]), Node(shared, [b])
    shapes = infer_shapes(Model("functional", nodes=[*nodes, first, second]))
    assert shapes.output_of(first) == (None, 20, 4)
    assert shapes.output_of(second) == (None, 7, 4)


# --- formatting -----------------------------------------------------------------------------------


def test_format_shape() -> None:
    assert format_shape((None, 20, 1)) == "(batch, 20, 1)"
    assert format_shape((32, None, 1)) == "(32, None, 1)"
    assert format_shape((None,)) == "(batch,)"


def test_merges_agree_with_real_keras() -> None:
    keras = pytest.importorskip("keras")
    for cls, params, shapes_in, expected in MERGES:
        inputs = [keras.Input(shape=s) for s in shapes_in]
        if expected == "merge":
            with pytest.raises(ValueError):
                getattr(keras.layers, cls)(**params)(inputs)
        elif expected is not None:
            assert tuple(getattr(keras.layers, cls)(**params)(inputs).shape) == expected


# --- robustness -----------------------------------------------------------------------------------

_VALUES = st.one_of(
    st.integers(-3, 40),
    st.booleans(),
    st.none(),
    st.just(UNKNOWN),
    st.floats(),
    st.sampled_from(
        ["valid", "same", "causal", "channels_first", "concat", "sum", "x", "one_hot", "count"]
    ),
    st.sampled_from(["ab,bc->ac", "abc,cd->abd", "abc,cde->abde", "a,b", "->"]),
    st.lists(st.one_of(st.integers(-2, 6), st.just(UNKNOWN), st.none()), max_size=4).map(tuple),
    st.lists(st.tuples(st.integers(-1, 3), st.integers(-1, 3)), max_size=3).map(tuple),
)
_PARAMS = st.dictionaries(
    st.sampled_from(
        [
            "units",
            "filters",
            "kernel_size",
            "strides",
            "padding",
            "dilation_rate",
            "data_format",
            "pool_size",
            "keepdims",
            "return_sequences",
            "return_state",
            "merge_mode",
            "target_shape",
            "dims",
            "n",
            "output_dim",
            "size",
            "cropping",
            "axis",
            "depth_multiplier",
            "output_padding",
            "output_size",
            "output_shape",
            "output_mode",
            "num_tokens",
            "num_bins",
            "bin_boundaries",
            "vocabulary",
            "height",
            "width",
            "axes",
            "equation",
            "output_sequence_length",
            "sequence_stride",
            "cell",
            "layers",
        ]
    ),
    _VALUES,
    max_size=6,
)
_CLASSES = sorted(RULES) + sorted(MULTI_RULES) + ["", "Lambda"]
_LAYERS = st.builds(
    lambda cls, params, inner: LayerNode(cls, params=params, inner=inner),
    st.sampled_from(_CLASSES),
    _PARAMS,
    st.one_of(
        st.none(),
        st.builds(lambda c, p: LayerNode(c, params=p), st.sampled_from(_CLASSES), _PARAMS),
    ),
)
_SHAPES = st.lists(st.one_of(st.integers(0, 30), st.none()), max_size=5).map(tuple)


@settings(max_examples=300, deadline=None)
@given(_SHAPES, st.lists(_LAYERS, min_size=1, max_size=4))
def test_inference_never_crashes_and_shapes_are_well_formed(
    shape: tuple[int | None, ...], layers: list[LayerNode]
) -> None:
    model = chain(shape, *layers)
    shapes = infer_shapes(model)
    for node in model.nodes:
        out = shapes.output_of(node)
        assert out is None or all(d is None or (isinstance(d, int) and d >= 0) for d in out)
    for problem in shapes.problems:
        assert problem.message and problem.got is not None


@pytest.mark.parametrize(
    ("layer", "expected"),
    [
        # Keras 1: border_mode="same" keeps the size that the default "valid" would shrink
        (LayerNode("Conv2D", {"filters": 8, "kernel_size": 3, "border_mode": "same"}), 32),
        # Keras 1: Convolution2D(8, 3, 3) is a 3 x 3 kernel, not a kernel of 3 with strides 3
        (
            LayerNode(
                "Conv2D",
                {"filters": 8, "kernel_size": 3, "strides": 3},
                positional=("filters", "kernel_size", "strides"),
                spelled="Convolution2D",
            ),
            30,
        ),
    ],
)
def test_shapes_follow_what_a_keras_1_call_meant(layer: LayerNode, expected: int) -> None:
    from kerascheck.shapes.common import apply_layer

    assert apply_layer(layer, [(None, 32, 32, 3)]) == (None, expected, expected, 8)
