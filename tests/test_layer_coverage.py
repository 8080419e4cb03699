"""Every public class of ``keras.layers`` has a static shape rule, a rank-keeping entry or a
stated reason why its output is unknown (issue 10, item 2), and the rules agree with Keras.

CASES is the single source of truth: each expected output was produced by real Keras (3.15)
when the table was written. ``test_case`` checks the static rules against the table without
TensorFlow; the tf-marked ``test_cases_agree_with_real_keras`` rebuilds every case in the
installed Keras and checks the table against it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
import pytest

from kerascheck.dynamic import tf_available
from kerascheck.engine import lint_source
from kerascheck.frontends.python import analyze
from kerascheck.ir import UNKNOWN, LayerNode, Model, Node, Shape, Sym
from kerascheck.shapes import infer_shapes
from kerascheck.shapes.common import MULTI_RULES, RULES
from kerascheck.shapes.coverage import UNKNOWN_OUTPUT, coverage_entry

#: Real Keras: marked ``tf`` (the tf extra's test run), skipped cleanly without it.
needs_tf = pytest.mark.skipif(not tf_available(), reason="needs the tf extra (TensorFlow + Keras)")


def L(cls: str, inner: LayerNode | None = None, **params: Any) -> LayerNode:
    return LayerNode(cls, params=params, inner=inner, anchor=object())


#: How the layer is called: on one tensor, on a list of tensors, or ``layer(query, value)``.
ONE, LIST, ARGS = "one", "list", "args"
REJECT = "reject"


@dataclass
class Case:
    id: str
    layer: LayerNode
    shapes: list[tuple[int | None, ...]]  # per-sample input shapes (no batch axis)
    out: Shape | str | None  # expected output, REJECT, or None (not known statically)
    call: str = ONE
    dtype: str | None = None
    #: axes Keras' symbolic shape leaves unknown where the static rule knows the size
    keras_unknown: tuple[int, ...] = field(default=())


C = Case
IMAGE = (32, 32, 3)
CASES = [
    # --- preprocessing: image size
    C("resizing", L("Resizing", height=64, width=32), [(128, 128, 3)], (None, 64, 32, 3)),
    C(
        "resizing-channels-first",
        L("Resizing", height=64, width=32, data_format="channels_first"),
        [(3, 128, 128)],
        (None, 3, 64, 32),
    ),
    # Keras reads a rank-3 input as one unbatched image: not a batch layout, left unknown
    C("resizing-rank3", L("Resizing", height=64, width=32), [(128, 128)], None),
    C("center-crop", L("CenterCrop", height=64, width=32), [(128, 128, 3)], (None, 64, 32, 3)),
    C(
        "random-crop-upsizes",
        L("RandomCrop", height=64, width=32),
        [(16, 16, 3)],
        (None, 64, 32, 3),
    ),
    # --- preprocessing: rank-keeping augmentation
    *[
        C(f"keeps-{layer.cls}", layer, [IMAGE], (None, *IMAGE))
        for layer in (
            L("RandomFlip"),
            L("RandomRotation", factor=0.1),
            L("RandomZoom", height_factor=0.1),
            L("RandomTranslation", height_factor=0.1, width_factor=0.1),
            L("RandomContrast", factor=0.2),
            L("RandomBrightness", factor=0.2),
            L("RandomGrayscale"),
            L("RandAugment"),
            L("MixUp"),
            L("Solarization"),
            L("Rescaling", scale=1 / 255),
        )
    ],
    C("normalization", L("Normalization"), [(10,)], (None, 10)),
    # --- preprocessing: encodings and lookups
    C(
        "category-multi-hot",
        L("CategoryEncoding", num_tokens=10),
        [(3,)],
        (None, 10),
        dtype="int32",
    ),
    C(
        "category-one-hot-column",
        L("CategoryEncoding", num_tokens=10, output_mode="one_hot"),
        [(1,)],
        (None, 10),
        dtype="int32",
    ),
    C(
        "category-one-hot-adds-axis",
        L("CategoryEncoding", num_tokens=10, output_mode="one_hot"),
        [(3,)],
        (None, 3, 10),
        dtype="int32",
    ),
    C(
        "category-count",
        L("CategoryEncoding", num_tokens=10, output_mode="count"),
        [(3,)],
        (None, 10),
        dtype="int32",
    ),
    C("hashing", L("Hashing", num_bins=10), [(3,)], (None, 3), dtype="int32"),
    C(
        "hashing-one-hot",
        L("Hashing", num_bins=10, output_mode="one_hot"),
        [(1,)],
        (None, 10),
        dtype="int32",
    ),
    C("discretization", L("Discretization", bin_boundaries=[0.0, 1.0]), [(3,)], (None, 3)),
    C(
        "discretization-one-hot",
        L("Discretization", bin_boundaries=[0.0, 1.0], output_mode="one_hot"),
        [(1,)],
        (None, 3),
    ),
    C(
        "string-lookup",
        L("StringLookup", vocabulary=["a", "b"]),
        [(3,)],
        (None, 3),
        dtype="string",
    ),
    C(
        "string-lookup-multi-hot",
        L("StringLookup", vocabulary=["a", "b", "c", "d"], output_mode="multi_hot"),
        [(3,)],
        (None, 5),
        dtype="string",
    ),
    C(
        "integer-lookup",
        L("IntegerLookup", vocabulary=[1, 2]),
        [(3,)],
        (None, 3),
        dtype="int64",
    ),
    C(
        "text-vectorization",
        L("TextVectorization", max_tokens=100, output_sequence_length=20),
        [(1,)],
        (None, 20),
        dtype="string",
    ),
    C(
        "text-vectorization-scalar-strings",
        L("TextVectorization", max_tokens=100, output_sequence_length=20),
        [()],
        (None, 20),
        dtype="string",
    ),
    C(
        "text-vectorization-ragged",
        L("TextVectorization", max_tokens=100),
        [(1,)],
        (None, None),
        dtype="string",
    ),
    C("mel-spectrogram", L("MelSpectrogram"), [(16000,)], (None, 128, 32)),
    C(
        "mel-spectrogram-stride",
        L("MelSpectrogram", fft_length=256, sequence_stride=100, num_mel_bins=40),
        [(1000,)],
        (None, 40, 11),
    ),
    # --- attention
    C(
        "mha",
        L("MultiHeadAttention", num_heads=2, key_dim=8),
        [(7, 16), (9, 16)],
        (None, 7, 16),
        ARGS,
    ),
    C(
        "mha-value-width",
        L("MultiHeadAttention", num_heads=2, key_dim=8),
        [(7, 16), (9, 4)],
        (None, 7, 16),
        ARGS,
    ),
    C(
        "mha-output-shape",
        L("MultiHeadAttention", num_heads=2, key_dim=8, output_shape=32),
        [(7, 16), (9, 16)],
        (None, 7, 32),
        ARGS,
    ),
    C(
        "mha-output-shape-tuple",
        L("MultiHeadAttention", num_heads=2, key_dim=8, output_shape=(4, 8)),
        [(7, 16), (9, 16)],
        (None, 7, 4, 8),
        ARGS,
    ),
    C(
        "mha-rank4",
        L("MultiHeadAttention", num_heads=2, key_dim=8),
        [(3, 7, 16), (3, 9, 16)],
        (None, 3, 7, 16),
        ARGS,
    ),
    C(
        "gqa",
        L("GroupQueryAttention", head_dim=8, num_query_heads=4, num_key_value_heads=2),
        [(7, 16), (9, 16)],
        (None, 7, 16),
        ARGS,
    ),
    C(
        "gqa-rank2",
        L("GroupQueryAttention", head_dim=8, num_query_heads=4, num_key_value_heads=2),
        [(16,), (16,)],
        REJECT,
        ARGS,
    ),
    C("attention", L("Attention"), [(7, 16), (9, 16)], (None, 7, 16), LIST),
    C("attention-key", L("Attention"), [(7, 16), (9, 8), (9, 16)], (None, 7, 8), LIST),
    C("additive-attention", L("AdditiveAttention"), [(7, 16), (9, 16)], (None, 7, 16), LIST),
    C("dot", L("Dot", axes=1), [(5,), (5,)], (None, 1), LIST),
    C("dot-3d", L("Dot", axes=(2, 2)), [(4, 5), (6, 5)], (None, 4, 6), LIST),
    C("dot-negative", L("Dot", axes=-1), [(4, 5), (6, 5)], (None, 4, 6), LIST),
    C("dot-mixed-ranks", L("Dot", axes=(1, 1)), [(4,), (4, 6)], (None, 6), LIST),
    C("dot-sizes", L("Dot", axes=1), [(5,), (6,)], REJECT, LIST),
    # --- merges of several inputs
    C("add-three", L("Add"), [(3,), (3,), (3,)], (None, 3), LIST),
    C("concatenate-three", L("Concatenate"), [(2,), (3,), (4,)], (None, 9), LIST),
    C("concatenate-sizes", L("Concatenate", axis=-1), [(4, 2), (5, 3)], REJECT, LIST),
    # --- reshaping
    C("upsampling1d", L("UpSampling1D", size=3), [(4, 5)], (None, 12, 5)),
    C("upsampling2d", L("UpSampling2D", size=(2, 3)), [(4, 5, 3)], (None, 8, 15, 3)),
    C(
        "upsampling2d-channels-first",
        L("UpSampling2D", data_format="channels_first"),
        [(3, 4, 5)],
        (None, 3, 8, 10),
    ),
    C("upsampling3d", L("UpSampling3D"), [(2, 3, 4, 5)], (None, 4, 6, 8, 5)),
    C("upsampling2d-rank3", L("UpSampling2D"), [(32, 3)], REJECT),
    C("cropping1d", L("Cropping1D", cropping=(1, 2)), [(10, 3)], (None, 7, 3)),
    C("cropping2d", L("Cropping2D", cropping=((1, 1), (2, 2))), [(10, 10, 3)], (None, 8, 6, 3)),
    C("cropping3d", L("Cropping3D"), [(4, 5, 6, 5)], (None, 2, 3, 4, 5)),
    C("cropping2d-too-much", L("Cropping2D", cropping=((6, 6), (0, 0))), [(10, 10, 3)], REJECT),
    C("zero-padding1d", L("ZeroPadding1D", padding=2), [(10, 3)], (None, 14, 3)),
    C(
        "zero-padding2d",
        L("ZeroPadding2D", padding=((1, 2), (3, 4))),
        [(10, 10, 3)],
        (None, 13, 17, 3),
    ),
    C("zero-padding3d", L("ZeroPadding3D", padding=1), [(2, 3, 4, 5)], (None, 4, 5, 6, 5)),
    C("permute", L("Permute", dims=(2, 1)), [(4, 5)], (None, 5, 4)),
    C("repeat-vector", L("RepeatVector", n=3), [(5,)], (None, 3, 5)),
    C("repeat-vector-rank3", L("RepeatVector", n=3), [(5, 2)], REJECT),
    C("masking", L("Masking"), [(10, 3)], (None, 10, 3)),
    C("identity", L("Identity"), [(10, 3)], (None, 10, 3)),
    C("unit-normalization", L("UnitNormalization"), [(10, 3)], (None, 10, 3)),
    C("rms-normalization", L("RMSNormalization"), [(10, 3)], (None, 10, 3)),
    # --- transposed, separable and depthwise convolutions
    C(
        "conv2d-transpose-same",
        L("Conv2DTranspose", filters=8, kernel_size=3, strides=2, padding="same"),
        [(16, 16, 3)],
        (None, 32, 32, 8),
    ),
    C(
        "conv2d-transpose-valid",
        L("Conv2DTranspose", filters=8, kernel_size=3, strides=2),
        [(16, 16, 3)],
        (None, 33, 33, 8),
    ),
    C(
        "conv2d-transpose-output-padding",
        L("Conv2DTranspose", filters=8, kernel_size=3, strides=2, output_padding=1),
        [(16, 16, 3)],
        (None, 34, 34, 8),
    ),
    C(
        "conv2d-transpose-dilated",
        L("Conv2DTranspose", filters=8, kernel_size=3, dilation_rate=2),
        [(16, 16, 3)],
        (None, 20, 20, 8),
    ),
    C(
        "conv2d-transpose-channels-first",
        L("Conv2DTranspose", filters=8, kernel_size=3, data_format="channels_first"),
        [(3, 16, 16)],
        (None, 8, 18, 18),
    ),
    C(
        "conv1d-transpose",
        L("Conv1DTranspose", filters=4, kernel_size=5, strides=3, padding="same"),
        [(10, 2)],
        (None, 30, 4),
    ),
    C(
        "conv3d-transpose",
        L("Conv3DTranspose", filters=2, kernel_size=3),
        [(4, 4, 4, 1)],
        (None, 6, 6, 6, 2),
    ),
    C("conv2d-transpose-rank3", L("Conv2DTranspose", filters=8, kernel_size=3), [(16, 3)], REJECT),
    C("separable1d", L("SeparableConv1D", filters=8, kernel_size=3), [(16, 3)], (None, 14, 8)),
    C(
        "separable2d-strided",
        L("SeparableConv2D", filters=8, kernel_size=3, strides=2, padding="same"),
        [(15, 15, 3)],
        (None, 8, 8, 8),
    ),
    C("separable2d-rank3", L("SeparableConv2D", filters=8, kernel_size=3), [(16, 3)], REJECT),
    C(
        "depthwise2d",
        L("DepthwiseConv2D", kernel_size=3, depth_multiplier=2),
        [(10, 10, 3)],
        (None, 8, 8, 6),
    ),
    C("depthwise1d", L("DepthwiseConv1D", kernel_size=3), [(10, 4)], (None, 8, 4)),
    C("depthwise2d-too-small", L("DepthwiseConv2D", kernel_size=5), [(3, 3, 4)], REJECT),
    # --- pooling
    C(
        "adaptive-average2d",
        L("AdaptiveAveragePooling2D", output_size=(4, 4)),
        [IMAGE],
        (None, 4, 4, 3),
    ),
    C("adaptive-max1d", L("AdaptiveMaxPooling1D", output_size=4), [(32, 3)], (None, 4, 3)),
    C("max-pooling3d", L("MaxPooling3D"), [(4, 4, 4, 2)], (None, 2, 2, 2, 2)),
    C("global-average3d", L("GlobalAveragePooling3D"), [(4, 4, 4, 2)], (None, 2)),
    # --- core
    C("einsum-dense", L("EinsumDense", equation="ab,bc->ac", output_shape=64), [(16,)], (None, 64)),
    C(
        "einsum-dense-sequence",
        L("EinsumDense", equation="abc,cd->abd", output_shape=(None, 64)),
        [(7, 16)],
        (None, 7, 64),
        keras_unknown=(1,),
    ),
    C(
        "einsum-dense-heads",
        L("EinsumDense", equation="abc,cde->abde", output_shape=(None, 4, 8)),
        [(7, 16)],
        (None, 7, 4, 8),
        keras_unknown=(1,),
    ),
    C("embedding", L("Embedding", input_dim=100, output_dim=8), [(7,)], (None, 7, 8)),
    C(
        "spectral-dense",
        L("SpectralNormalization", L("Dense", units=5), layer=UNKNOWN),
        [(16,)],
        (None, 5),
    ),
    C(
        "spectral-conv",
        L("SpectralNormalization", L("Conv2D", filters=4, kernel_size=3), layer=UNKNOWN),
        [(10, 10, 3)],
        (None, 8, 8, 4),
    ),
    C(
        "pipeline",
        L("Pipeline", layers=[L("Rescaling", scale=1 / 255), L("Resizing", height=8, width=8)]),
        [IMAGE],
        (None, 8, 8, 3),
    ),
    # --- recurrent
    C("rnn-cell", L("RNN", cell=L("LSTMCell", units=12)), [(7, 16)], (None, 12)),
    C(
        "rnn-cells",
        L("RNN", cell=[L("LSTMCell", units=12), L("GRUCell", units=5)], return_sequences=True),
        [(7, 16)],
        (None, 7, 5),
    ),
    C(
        "rnn-stacked-cells",
        L("RNN", cell=L("StackedRNNCells", cells=[L("SimpleRNNCell", units=3)])),
        [(7, 16)],
        (None, 3),
    ),
    C(
        "bidirectional-gru",
        L("Bidirectional", L("GRU", units=4, return_sequences=True), layer=UNKNOWN),
        [(7, 3)],
        (None, 7, 8),
    ),
    C(
        "time-distributed-conv2d",
        L("TimeDistributed", L("Conv2D", filters=4, kernel_size=3), layer=UNKNOWN),
        [(5, 10, 10, 3)],
        (None, 5, 8, 8, 4),
    ),
    C(
        "conv-lstm2d",
        L("ConvLSTM2D", filters=4, kernel_size=3),
        [(5, 10, 10, 3)],
        (None, 8, 8, 4),
    ),
]


# --- static side -------------------------------------------------------------------------------


def static_output(case: Case) -> tuple[Shape | None, list[str]]:
    """The layer's output as kerascheck infers it, and the kinds of problems it found.

    The graph is built as the Python frontend builds it: ``mha(q, v)`` keeps the query as the
    node's input and the value as a further tensor of the call."""
    sources = [Node(LayerNode("InputLayer", {"shape": shape})) for shape in case.shapes]
    if case.call == ARGS:
        node = Node(
            case.layer, sources[:1], extra=tuple((str(i), n) for i, n in enumerate(sources[1:], 1))
        )
    else:
        node = Node(case.layer, sources if case.call == LIST else sources[:1])
    model = Model("functional", nodes=[*sources, node], inputs=sources, outputs=[node])
    shapes = infer_shapes(model)
    return shapes.output_of(node), [problem.kind for problem in shapes.problems]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case) -> None:
    out, problems = static_output(case)
    if case.out == REJECT:
        assert out is None
        assert len(problems) == 1
    else:
        assert problems == []
        assert out == case.out


# --- real Keras ---------------------------------------------------------------------------------


def _keras_layer(keras: Any, layer: LayerNode) -> Any:
    def value(v: Any) -> Any:
        if isinstance(v, LayerNode):
            return _keras_layer(keras, v)
        if isinstance(v, list):
            return [value(item) for item in v]
        return v

    params = {k: value(v) for k, v in layer.params.items() if v is not UNKNOWN}
    if layer.inner is not None:
        params["layer"] = _keras_layer(keras, layer.inner)
    return getattr(keras.layers, layer.cls)(**params)


def keras_output(keras: Any, case: Case) -> Shape | None:
    """The shape real Keras gives, or None when it refuses the input."""
    inputs = [keras.Input(shape=shape, dtype=case.dtype) for shape in case.shapes]
    try:
        layer = _keras_layer(keras, case.layer)
        if case.call == LIST:
            out = layer(inputs)
        elif case.call == ARGS:
            out = layer(*inputs)
        else:
            out = layer(inputs[0])
    except Exception:
        return None
    return tuple(out.shape)


def agrees(static: Shape, real: Shape, keras_unknown: tuple[int, ...]) -> bool:
    return len(static) == len(real) and all(
        s == r or (r is None and i in keras_unknown)
        for i, (s, r) in enumerate(zip(static, real, strict=True))
    )


@pytest.mark.tf
@needs_tf
def test_cases_agree_with_real_keras() -> None:
    keras = pytest.importorskip("keras")
    disagreements = []
    for case in CASES:
        real = keras_output(keras, case)
        if case.out == REJECT:
            if real is not None:
                disagreements.append((case.id, "Keras builds", real))
        elif case.out is None:
            continue  # left unknown on purpose (the comment on the case says why)
        elif real is None or not agrees(case.out, real, case.keras_unknown):  # type: ignore[arg-type]
            disagreements.append((case.id, real, case.out))
    assert disagreements == []


@pytest.mark.tf
@needs_tf
def test_every_public_layer_class_is_covered() -> None:
    keras = pytest.importorskip("keras")
    public = [
        name
        for name in dir(keras.layers)
        if not name.startswith("_")
        and isinstance(getattr(keras.layers, name), type)
        and issubclass(getattr(keras.layers, name), keras.layers.Layer)
    ]
    assert len(public) > 100  # the walk really saw Keras' layers
    assert [name for name in public if coverage_entry(name) is None] == []


@pytest.mark.tf
@needs_tf
def test_keras_refuses_an_embedding_matrix_of_another_shape() -> None:
    """KC208's Embedding(weights=[M]) case is Keras' own refusal."""
    keras = pytest.importorskip("keras")
    np = pytest.importorskip("numpy")
    keras.layers.Embedding(1000, 64, weights=[np.zeros((1000, 64))])
    with pytest.raises(ValueError, match="not compatible"):
        keras.layers.Embedding(1000, 64, weights=[np.zeros((64, 1000))])


# --- the coverage table -------------------------------------------------------------------------


def test_coverage_entries() -> None:
    assert coverage_entry("Conv2DTranspose") == "rule"
    assert coverage_entry("Deconvolution2D") == "rule"  # a Keras 1 spelling
    assert coverage_entry("SeparableConvolution1D") == "rule"
    assert coverage_entry("Dropout") == "rank-keeping"
    assert coverage_entry("RandomFlip") == "rank-keeping"
    assert coverage_entry("Lambda") == "unknown-output"
    assert coverage_entry("InputLayer") == "rule"
    assert coverage_entry("NotALayer") is None


def test_every_entry_is_backed_by_a_rule_or_a_reason() -> None:
    from kerascheck.keras_api import LAYER_ALIASES, LAYER_SIGNATURES

    for name in [*LAYER_SIGNATURES, *LAYER_ALIASES]:
        entry = coverage_entry(name)
        assert entry is not None or name == "Input", name  # keras.Input is a function
        canonical = LAYER_ALIASES.get(name, name)
        if entry in ("rule", "rank-keeping") and canonical not in ("InputLayer", "Input"):
            assert canonical in RULES or canonical in MULTI_RULES, name
    assert all(reason and not reason.endswith(".") for reason in UNKNOWN_OUTPUT.values())
    assert not set(UNKNOWN_OUTPUT) & (set(RULES) | set(MULTI_RULES))


# --- named sizes and call forms ----------------------------------------------------------------


def test_named_sizes_pass_through_attention_and_augmentation() -> None:
    steps = Sym.new("X.shape[1]")
    for layer in (L("MultiHeadAttention", num_heads=2, key_dim=4), L("RandomFlip")):
        source = Node(LayerNode("InputLayer", {"shape": (steps, 16)}))
        node = Node(layer, [source])
        model = Model("functional", nodes=[source, node], inputs=[source], outputs=[node])
        assert infer_shapes(model).output_of(node) == (None, steps, 16)


def test_attention_called_with_the_value_first_by_keyword_is_unknown() -> None:
    query = Node(LayerNode("InputLayer", {"shape": (7, 16)}))
    value = Node(LayerNode("InputLayer", {"shape": (9, 4)}))
    node = Node(L("MultiHeadAttention", num_heads=2, key_dim=4), [value], keyword="value")
    node.extra = (("query", query),)
    model = Model("functional", nodes=[query, value, node], inputs=[query, value], outputs=[node])
    assert infer_shapes(model).output_of(node) is None


def test_unknown_layout_parameters_leave_the_output_unknown() -> None:
    for layer, shapes, call in (
        (L("Resizing", height=64, width=32, data_format=UNKNOWN), [IMAGE], ONE),
        (L("CategoryEncoding", num_tokens=10, output_mode=UNKNOWN), [(3,)], ONE),
        (L("TextVectorization", output_mode=UNKNOWN), [(1,)], ONE),
        (L("Dot", axes=UNKNOWN), [(3,), (3,)], LIST),
        (L("RNN", cell=L("Dense", units=3)), [(7, 16)], ONE),
        (L("EinsumDense", equation="ab,bc->ac", output_shape=UNKNOWN), [(16,)], ONE),
    ):
        assert static_output(Case("x", layer, shapes, None, call)) == (None, [])


def test_lookup_without_a_literal_vocabulary_keeps_the_rank() -> None:
    case = Case("x", L("StringLookup", output_mode="multi_hot"), [(3,)], None)
    assert static_output(case) == ((None, None), [])


# --- through the frontend -----------------------------------------------------------------------


def model_output(source: str) -> Shape | None:
    model = analyze(cst.parse_module(textwrap.dedent(source)), "train.py").models[0]
    assert model.output is not None
    return infer_shapes(model).output_of(model.output)


def test_rnn_of_cells_and_pipelines_are_read_from_scripts() -> None:
    assert model_output(
        """
        from keras import layers, models

        model = models.Sequential([
            layers.Input((7, 16)),
            layers.RNN([layers.LSTMCell(12), layers.GRUCell(5)], return_sequences=True),
        ])
        """
    ) == (None, 7, 5)
    assert model_output(
        """
        import tensorflow as tf

        inputs = tf.keras.Input((64, 64, 3))
        x = tf.keras.layers.Pipeline([tf.keras.layers.Rescaling(1 / 255), tf.keras.layers.Resizing(8, 8)])(inputs)
        model = tf.keras.Model(inputs, tf.keras.layers.Conv2D(4, 3)(x))
        """
    ) == (None, 6, 6, 4)


def test_attention_by_keyword_is_read_from_scripts() -> None:
    template = """
        from keras import layers, Model, Input

        q = Input((7, 16))
        v = Input((9, 4))
        out = layers.MultiHeadAttention(2, 8)({call})
        model = Model([q, v], out)
        """
    assert model_output(template.format(call="q, v")) == (None, 7, 16)
    assert model_output(template.format(call="query=q, value=v")) == (None, 7, 16)
    assert model_output(template.format(call="value=v, query=q")) is None


EMBEDDING = """
import numpy as np
from keras.layers import Embedding, Input, GlobalAveragePooling1D, Dense
from keras.models import Model

VOCAB = 20000
DIM = 100
matrix = np.zeros({matrix})
inp = Input(shape=(50,))
x = Embedding(VOCAB, DIM, weights=[matrix], trainable=False)(inp)
out = Dense(1, activation="sigmoid")(GlobalAveragePooling1D()(x))
model = Model(inp, out)
"""


@pytest.mark.parametrize(
    ("matrix", "expected"),
    [
        ("(DIM, VOCAB)", "The matrix is transposed"),
        ("(VOCAB, 300)", "np.zeros((20000, 100))"),
        ("(VOCAB,)", "one 2-D matrix"),
    ],
)
def test_an_embedding_matrix_of_another_shape_is_kc208(matrix: str, expected: str) -> None:
    result = lint_source(EMBEDDING.format(matrix=matrix).encode(), "train.py")
    found = [d for d in result.diagnostics if d.code == "KC208"]
    assert len(found) == 1
    assert found[0].span is not None and found[0].span.start.row == 10
    assert expected in found[0].help
    assert "(20000, 100)" in found[0].message


@pytest.mark.parametrize("matrix", ["(VOCAB, DIM)", "(len(words) + 1, DIM)", "shape"])
def test_a_matching_or_unknown_embedding_matrix_is_fine(matrix: str) -> None:
    result = lint_source(EMBEDDING.format(matrix=matrix).encode(), "train.py")
    assert [d for d in result.diagnostics if d.code == "KC208"] == []


def test_rnn_of_a_keras_cell_keeps_its_rank_when_units_are_unknown() -> None:
    case = Case("x", L("RNN", cell=L("GRUCell", units=UNKNOWN)), [(7, 16)], None)
    assert static_output(case) == ((None, None), [])
    case = Case("x", L("RNN", cell=L("GRUCell", units=4), return_state=True), [(7, 16)], None)
    assert static_output(case) == (None, [])


def test_an_embedding_matrix_set_after_building_is_checked_too() -> None:
    source = """
        import numpy as np
        import keras
        from keras import layers

        num_tokens, embedding_dim = 20002, 100
        embedding_matrix = np.zeros((num_tokens, 300))
        embedding_layer = layers.Embedding(num_tokens, embedding_dim, trainable=False)
        embedding_layer.build((1,))
        embedding_layer.set_weights([embedding_matrix])
        """
    result = lint_source(textwrap.dedent(source).encode(), "train.py")
    found = [d for d in result.diagnostics if d.code == "KC208"]
    assert len(found) == 1
    assert found[0].span is not None and found[0].span.start.row == 10
    assert "in set_weights()" in found[0].help
    fixed = source.replace("(num_tokens, 300)", "(num_tokens, embedding_dim)")
    result = lint_source(textwrap.dedent(fixed).encode(), "train.py")
    assert [d for d in result.diagnostics if d.code == "KC208"] == []


TOKENIZED = """
import numpy as np
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.layers import Embedding

tokenizer = Tokenizer()
tokenizer.fit_on_texts(texts)
word_index = tokenizer.word_index
matrix = np.zeros((len(word_index) + 1, 100))
{refit}
layer = Embedding({input_dim}, 100, weights=[matrix], trainable=False)
"""


@pytest.mark.parametrize(
    ("input_dim", "refit", "found"),
    [
        ("len(word_index)", "", True),
        ("len(tokenizer.word_index)", "", True),
        ("len(word_index) + 1", "", False),
        ("len(tokenizer.word_index) + 1", "", False),
        # a tokenizer fit again has another vocabulary: its size is not the matrix's
        ("len(tokenizer.word_index)", "tokenizer.fit_on_texts(more_texts)", False),
    ],
)
def test_the_vocabulary_size_is_one_named_size(input_dim: str, refit: str, found: bool) -> None:
    source = TOKENIZED.format(input_dim=input_dim, refit=refit)
    result = lint_source(source.encode(), "train.py")
    diagnostics = [d for d in result.diagnostics if d.code == "KC208"]
    assert len(diagnostics) == found
    if found:
        assert "(len(word_index) + 1, 100)" in diagnostics[0].message
        assert "row 0 is for padding" in diagnostics[0].help


def test_an_embedding_matrix_given_as_a_constant_initializer_is_checked_too() -> None:
    source = """
        import numpy as np
        from tensorflow import keras

        num_tokens, embedding_dim = 20000, 100
        embedding_matrix = np.zeros((embedding_dim, num_tokens))
        embedding_layer = keras.layers.Embedding(
            num_tokens,
            embedding_dim,
            embeddings_initializer=keras.initializers.Constant(embedding_matrix),
            trainable=False,
        )
        """
    result = lint_source(textwrap.dedent(source).encode(), "train.py")
    found = [d for d in result.diagnostics if d.code == "KC208"]
    assert len(found) == 1
    assert found[0].span is not None and found[0].span.start.row == 10
    assert "when the layer is built" in found[0].help
    assert "transposed" in found[0].help
    fixed = source.replace("(embedding_dim, num_tokens)", "(num_tokens, embedding_dim)")
    result = lint_source(textwrap.dedent(fixed).encode(), "train.py")
    assert [d for d in result.diagnostics if d.code == "KC208"] == []


@pytest.mark.tf
@needs_tf
def test_keras_fails_to_build_an_embedding_from_a_constant_of_another_shape() -> None:
    keras = pytest.importorskip("keras")
    np = pytest.importorskip("numpy")
    matrix = keras.initializers.Constant(np.zeros((64, 1000)))
    layer = keras.layers.Embedding(1000, 64, embeddings_initializer=matrix)
    with pytest.raises(Exception, match=r"[Ii]ncompatible shapes"):
        layer(keras.Input((5,)))
