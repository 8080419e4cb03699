"""The model rules (KC201-KC209 but KC203/KC204/KC210, KC301-KC303) on hand-built IR.

Anchors are plain strings, so that each test can say exactly where a finding must point.
"""

from __future__ import annotations

from typing import Any

import pytest

from kerascheck.checks import CHECKS
from kerascheck.checks.context import CheckContext
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import (
    UNKNOWN,
    ArrayInfo,
    CompileInfo,
    DataArg,
    FitCall,
    LayerNode,
    LossInfo,
    Model,
    ModuleIR,
    Node,
    OptimizerInfo,
)
from kerascheck.settings import Settings

# --- building IR ------------------------------------------------------------------------------


def layer(
    cls: str,
    *,
    anchor: str | None = None,
    inner: LayerNode | None = None,
    positional: tuple[str, ...] = (),
    spelled: str = "",
    **params: Any,
) -> LayerNode:
    """A layer whose anchor is ``anchor`` (default: the class name in lower case) and whose
    argument ``p`` is anchored at ``"<anchor>:p"``."""
    anchor = anchor or cls.lower()
    return LayerNode(
        cls,
        params=params,
        anchor=anchor,
        param_anchors={name: f"{anchor}:{name}" for name in params},
        positional=positional,
        inner=inner,
        spelled=spelled,
    )


def wrap(cls: str, inner: LayerNode, *, anchor: str | None = None, **params: Any) -> LayerNode:
    return layer(cls, anchor=anchor or f"{cls.lower()}({inner.anchor})", inner=inner, **params)


def sequential(
    *layers: LayerNode,
    input_shape: tuple[int | None, ...] | None = None,
    compile: CompileInfo | None = None,
    fits: tuple[FitCall, ...] = (),
    complete: bool = True,
) -> Model:
    """A chain, with a synthesised InputLayer node first when ``input_shape`` is given."""
    nodes: list[Node] = []
    if input_shape is not None:
        nodes.append(Node(layer("InputLayer", anchor="input", shape=input_shape)))
    for item in layers:
        nodes.append(Node(item, nodes[-1:]))
    return Model(
        "sequential",
        nodes=nodes,
        inputs=nodes[:1],
        outputs=nodes[-1:],
        compile=compile,
        fits=list(fits),
        complete=complete,
    )


def compiled(
    loss: str | None = None,
    *,
    from_logits: bool | None = None,
    optimizer: OptimizerInfo | None = None,
    metrics: tuple[Any, ...] = (),
) -> CompileInfo:
    return CompileInfo(
        anchor="compile",
        loss=LossInfo(loss, from_logits, anchor="loss"),
        optimizer=optimizer,
        metrics=list(metrics),
    )


def fit_with_labels(shape: tuple[int, ...] | None, **params: Any) -> FitCall:
    return FitCall(
        "fit",
        anchor="fit",
        x=DataArg("fit:x", ArrayInfo(shape=(100, 20, 1))),
        y=DataArg("fit:y", ArrayInfo(shape=shape)),
        params=params,
        param_anchors={name: f"fit:{name}" for name in params},
    )


def run(code: str, *models: Model, settings: Settings | None = None) -> list[Diagnostic]:
    ctx = CheckContext(ModuleIR("model.py", models=list(models)), settings or Settings())
    found = list(CHECKS[code](ctx))
    assert all(d.code == code for d in found)
    return found


def anchors(code: str, *models: Model, settings: Settings | None = None) -> list[Any]:
    return [d.anchor for d in run(code, *models, settings=settings)]


def said(found: Diagnostic) -> str:
    """Everything a finding tells the user: its one-line message, then its help."""
    return f"{found.message}\n{found.help}"


def lstm(units: Any, anchor: str | None = None, **params: Any) -> LayerNode:
    return layer("LSTM", anchor=anchor or f"lstm{units}", units=units, **params)


def dense(
    units: Any, activation: Any = None, anchor: str | None = None, **params: Any
) -> LayerNode:
    if activation is not None:
        params["activation"] = activation
    return layer("Dense", anchor=anchor or f"dense{units}", units=units, **params)


# --- KC201 missing-return-sequences -----------------------------------------------------------


def test_kc201_lstm_without_sequences_feeding_lstm() -> None:
    model = sequential(lstm(32), lstm(16), dense(1, "sigmoid"), input_shape=(20, 1))
    [found] = run("KC201", model)
    assert found.anchor == "lstm32"
    assert found.message == "LSTM(32) feeds LSTM(16) without return_sequences=True"
    assert "return_sequences=True on LSTM(32)" in found.help
    assert "expected ndim=3, found ndim=2" in found.help


def test_kc201_explicit_false_and_every_recurrent_class() -> None:
    model = sequential(
        layer("GRU", units=8, return_sequences=False), layer("SimpleRNN", units=8), dense(1)
    )
    assert anchors("KC201", model) == ["gru"]


@pytest.mark.parametrize(
    "between",
    [
        [layer("Dropout", rate=0.2)],
        [layer("BatchNormalization"), layer("Dropout", rate=0.2)],
        [layer("Activation", activation="tanh")],
    ],
)
def test_kc201_looks_through_pass_through_layers(between: list[LayerNode]) -> None:
    assert anchors("KC201", sequential(lstm(32), *between, lstm(16))) == ["lstm32"]


@pytest.mark.parametrize(
    "between",
    [
        [layer("RepeatVector", n=5)],  # the encoder-decoder idiom
        [layer("Reshape", target_shape=(4, 8))],
        [dense(8)],
        [layer("", anchor="custom")],
    ],
)
def test_kc201_reshaping_layers_break_the_chain(between: list[LayerNode]) -> None:
    assert anchors("KC201", sequential(lstm(32), *between, lstm(16))) == []


def test_kc201_quiet_with_return_sequences_or_unknown() -> None:
    stacked = sequential(lstm(64, return_sequences=True), lstm(32), dense(1, "sigmoid"))
    unknown = sequential(lstm(64, return_sequences=UNKNOWN), lstm(32))
    assert anchors("KC201", stacked, unknown) == []


def test_kc201_bidirectional_reads_the_wrapped_layer() -> None:
    broken = sequential(wrap("Bidirectional", lstm(32), anchor="bidi"), lstm(16))
    [found] = run("KC201", broken)
    assert found.anchor == "bidi"
    assert found.message.startswith("Bidirectional(LSTM(32)) feeds LSTM(16) ")
    assert found.help.endswith("Set return_sequences=True on the LSTM(32) inside Bidirectional.")
    fine = sequential(
        wrap("Bidirectional", lstm(32, return_sequences=True)), layer("GRU", units=16)
    )
    assert run("KC201", fine) == []


def test_kc201_feeding_a_bidirectional_consumer() -> None:
    model = sequential(lstm(32), wrap("Bidirectional", lstm(16)))
    assert anchors("KC201", model) == ["lstm32"]


def test_kc201_time_distributed_depth() -> None:
    # TimeDistributed(LSTM) keeps the outer time axis: a plain LSTM after it is fine.
    outer_kept = sequential(wrap("TimeDistributed", lstm(32), anchor="td"), lstm(16))
    assert anchors("KC201", outer_kept) == []
    both_wrapped = sequential(
        wrap("TimeDistributed", lstm(32), anchor="td1"),
        wrap("TimeDistributed", lstm(16), anchor="td2"),
    )
    [found] = run("KC201", both_wrapped)
    assert found.anchor == "td1"
    assert "the LSTM(32) inside TimeDistributed" in found.help
    assert "ndim" not in said(found)  # Keras words this failure differently
    # A rank-2 tensor into TimeDistributed(LSTM) is KC203's misplaced wrapper, not this rule.
    into_wrapper = sequential(lstm(32), wrap("TimeDistributed", lstm(16)))
    assert anchors("KC201", into_wrapper) == []


def test_kc201_seed_example_three_is_fine() -> None:
    model = sequential(
        wrap("TimeDistributed", lstm(64, return_sequences=True), anchor="td64"),
        wrap("TimeDistributed", lstm(32), anchor="td32"),
        layer("Dropout", rate=0.2),
        dense(1, "sigmoid"),
        input_shape=(20, 1),
    )
    assert run("KC201", model) == []


def test_kc201_conv_lstm_needs_the_same_family() -> None:
    conv = sequential(
        layer("ConvLSTM2D", anchor="c1", filters=8, kernel_size=3),
        layer("ConvLSTM2D", anchor="c2", filters=8, kernel_size=3),
    )
    assert anchors("KC201", conv) == ["c1"]
    mixed = sequential(layer("ConvLSTM2D", anchor="c1", filters=8, kernel_size=3), lstm(8))
    assert anchors("KC201", mixed) == []


def test_kc201_functional_graph_reports_each_producer_once() -> None:
    inp = Node(layer("InputLayer", anchor="input", shape=(20, 1)))
    encoder = Node(lstm(32), [inp])
    dropout = Node(layer("Dropout", rate=0.1), [encoder])
    branch_a = Node(lstm(16, anchor="a"), [dropout])
    branch_b = Node(layer("GRU", anchor="b", units=16), [encoder])
    side = Node(dense(4), [encoder])
    merged = Node(layer("Concatenate"), [branch_a, branch_b, side])
    model = Model(
        "functional",
        nodes=[inp, encoder, dropout, branch_a, branch_b, side, merged],
        inputs=[inp],
        outputs=[merged],
    )
    assert anchors("KC201", model) == ["lstm32"]


def test_kc201_shared_layers_are_reported_once() -> None:
    first, second = lstm(32), lstm(16)
    assert anchors("KC201", sequential(first, second), sequential(first, second)) == ["lstm32"]


# --- KC202 tiny-recurrent-width ---------------------------------------------------------------


def test_kc202_seed_example_two() -> None:
    model = sequential(
        wrap("TimeDistributed", lstm(4), anchor="td"), dense(1, "sigmoid"), input_shape=(20, 1)
    )
    [found] = run("KC202", model)
    assert found.anchor == "lstm4"  # the recurrent layer's own call, not the wrapper
    assert found.message == (
        "LSTM(4) (inside TimeDistributed) has 4 units, below min-recurrent-units (8)"
    )
    assert found.help.endswith("Use more units, e.g. LSTM(32).")


def test_kc202_thresholds_and_silence() -> None:
    model = sequential(
        lstm(7, return_sequences=True),
        layer("GRU", units=8, return_sequences=True),
        lstm(0, anchor="zero", return_sequences=True),  # KC208's
        lstm(UNKNOWN, anchor="unknown", return_sequences=True),
        layer("SimpleRNN", units=2),
        dense(2),
    )
    assert anchors("KC202", model) == ["lstm7", "simplernn"]
    assert anchors("KC202", model, settings=Settings(min_recurrent_units=16)) == [
        "lstm7",
        "gru",
        "simplernn",
    ]


def test_kc202_bidirectional_counts_per_direction() -> None:
    gru = layer("GRU", anchor="gru2", units=2)
    [found] = run("KC202", sequential(wrap("Bidirectional", gru)))
    assert found.anchor == "gru2"
    assert "GRU(2) (inside Bidirectional, 2 per direction)" in found.message


def test_kc202_ignores_conv_lstm_and_bools() -> None:
    model = sequential(
        layer("ConvLSTM2D", filters=4, kernel_size=3), layer("LSTM", anchor="b", units=True)
    )
    assert run("KC202", model) == []


def test_kc209_says_linear_when_the_activation_is_written_linear() -> None:
    explicit = layer("Dense", anchor="fc", units=256, activation="linear")
    [found] = run("KC209", sequential(explicit, dense(6, "softmax")))
    assert found.message.startswith("Dense(256) is linear and feeds Dense(6) directly")


# --- KC205 single-unit-softmax ----------------------------------------------------------------


def test_kc205_dense_one_softmax() -> None:
    [found] = run("KC205", sequential(lstm(32), dense(1, "softmax")))
    assert found.anchor == "dense1"
    assert "every prediction is 1.0" in found.message
    assert "Dense(1, activation='sigmoid')" in found.help


@pytest.mark.parametrize(
    "activation_layer",
    [layer("Activation", anchor="act", activation="softmax"), layer("Softmax", anchor="act")],
)
def test_kc205_softmax_from_a_separate_layer(activation_layer: LayerNode) -> None:
    [found] = run("KC205", sequential(lstm(32), dense(1), activation_layer))
    assert found.anchor == "act"  # the output layer, where the softmax is applied
    assert [r.anchor for r in found.related] == ["dense1"]


def test_kc205_names_a_softmax_function_as_written() -> None:
    """A custom layer's ``return tf.nn.softmax(logits)`` is an Activation node spelled after
    the function: the help names the function, not an "Activation layer" the user never wrote."""
    function = layer("Activation", anchor="act", activation="softmax", spelled="softmax")
    [found] = run("KC205", sequential(dense(1), function))
    assert "applied by softmax(...) on its output" in found.help
    [as_layer] = run("KC205", sequential(dense(1), layer("Activation", activation="softmax")))
    assert "applied by the Activation layer" in as_layer.help


def test_kc205_through_dropout_and_time_distributed() -> None:
    after_dropout = sequential(dense(1, "softmax"), layer("Dropout", rate=0.1))
    per_step = sequential(
        lstm(8, return_sequences=True), wrap("TimeDistributed", dense(1, "softmax"), anchor="td")
    )
    assert anchors("KC205", after_dropout, per_step) == ["dense1", "td"]


@pytest.mark.parametrize(
    "tail",
    [
        [dense(2, "softmax")],
        [dense(1, "sigmoid")],
        [dense(1, UNKNOWN)],
        [dense(UNKNOWN, "softmax")],
        [dense(1), layer("Softmax", axis=1)],  # softmax over another axis: not constant
        [dense(1, "softmax"), layer("BatchNormalization")],  # not the output's activation
        [dense(1, "softmax"), dense(1, "sigmoid", anchor="last")],  # not the output layer
    ],
)
def test_kc205_quiet(tail: list[LayerNode]) -> None:
    assert run("KC205", sequential(lstm(32), *tail)) == []


# --- KC206 output-activation-loss-mismatch ----------------------------------------------------


@pytest.mark.parametrize(
    ("head", "loss", "from_logits", "words"),
    [
        (dense(1, "sigmoid"), "categorical_crossentropy", None, "the loss is 0"),
        (dense(1, "sigmoid"), "sparse_categorical_crossentropy", None, "out of range"),
        (dense(1, UNKNOWN), "categorical_crossentropy", None, "one output unit"),
        (dense(10), "categorical_crossentropy", None, "no activation"),
        (dense(10, "relu"), "sparse_categorical_crossentropy", None, "activation relu"),
        (dense(1), "binary_crossentropy", None, "activation='sigmoid'"),
        (dense(1, "linear"), "binary_crossentropy", False, "from_logits=True"),
        (dense(3, "softmax"), "binary_crossentropy", None, "compete"),
        (dense(3, "sigmoid"), "categorical_crossentropy", None, "mutually exclusive"),
        (dense(3, "softmax"), "categorical_crossentropy", True, "applies softmax again"),
        (dense(1, "sigmoid"), "binary_crossentropy", True, "applies sigmoid again"),
        (lstm(1), "binary_crossentropy", None, "activation tanh"),
    ],
)
def test_kc206_mismatches(head: LayerNode, loss: str, from_logits: Any, words: str) -> None:
    model = sequential(
        lstm(32, anchor="hidden"), head, compile=compiled(loss, from_logits=from_logits)
    )
    [found] = run("KC206", model)
    assert found.anchor == head.anchor
    assert words in said(found)
    assert loss in found.message
    assert [r.anchor for r in found.related] == ["loss"]


@pytest.mark.parametrize(
    ("tail", "loss", "from_logits"),
    [
        ([dense(1, "sigmoid")], "binary_crossentropy", None),
        ([dense(3, "sigmoid")], "binary_crossentropy", None),  # multi-label
        ([dense(3, "softmax")], "categorical_crossentropy", None),
        ([dense(3, "softmax")], "sparse_categorical_crossentropy", False),
        ([dense(10)], "categorical_crossentropy", True),
        ([dense(1)], "binary_crossentropy", True),
        ([dense(3), layer("Activation", activation="softmax")], "categorical_crossentropy", None),
        ([dense(3), layer("Softmax")], "categorical_crossentropy", None),
        ([dense(3, UNKNOWN)], "categorical_crossentropy", None),
        ([dense(UNKNOWN, "softmax")], "binary_crossentropy", None),
        ([dense(1)], "mean_squared_error", None),
        ([dense(3, "softmax")], None, None),
        ([dense(1, "softmax")], "categorical_crossentropy", None),  # KC205 explains it
        ([layer("Flatten")], "categorical_crossentropy", None),
    ],
)
def test_kc206_quiet(tail: list[LayerNode], loss: str | None, from_logits: Any) -> None:
    model = sequential(lstm(32), *tail, compile=compiled(loss, from_logits=from_logits))
    assert run("KC206", model) == []


def test_kc206_needs_compile_and_a_single_output() -> None:
    uncompiled = sequential(lstm(32), dense(10))
    inp = Node(layer("InputLayer", anchor="input", shape=(4,)))
    a, b = Node(dense(10, anchor="a"), [inp]), Node(dense(1, anchor="b"), [inp])
    two_outputs = Model(
        "functional",
        nodes=[inp, a, b],
        inputs=[inp],
        outputs=[a, b],
        compile=compiled("categorical_crossentropy"),
    )
    assert run("KC206", uncompiled, two_outputs) == []


def test_kc206_points_at_the_layer_that_applies_the_activation() -> None:
    activation = layer("Activation", anchor="act", activation="sigmoid")
    model = sequential(dense(3), activation, compile=compiled("categorical_crossentropy"))
    assert anchors("KC206", model) == ["act"]


def test_kc206_unknown_from_logits_only_trusts_the_unit_count() -> None:
    linear = sequential(
        dense(10), compile=compiled("categorical_crossentropy", from_logits=UNKNOWN)
    )
    one_unit = sequential(
        dense(1, "sigmoid"), compile=compiled("categorical_crossentropy", from_logits=UNKNOWN)
    )
    assert anchors("KC206", linear, one_unit) == ["dense1"]


# --- KC207 sequence-output-to-sample-labels ---------------------------------------------------


def sequence_model(*tail: LayerNode, labels: tuple[int, ...] | None, **kwargs: Any) -> Model:
    return sequential(
        lstm(32, return_sequences=True),
        *tail,
        input_shape=(20, 1),
        compile=compiled("binary_crossentropy"),
        fits=(fit_with_labels(labels),),
        **kwargs,
    )


def test_kc207_sequence_output_with_one_label_per_sample() -> None:
    [found] = run("KC207", sequence_model(dense(1, "sigmoid"), labels=(100,)))
    assert found.anchor == "lstm32"
    assert "(batch, 20, 1)" in found.message
    assert "(100,)" in found.message
    assert "return_sequences=False on LSTM(32)" in found.help
    assert [r.anchor for r in found.related] == ["fit:y"]


def test_kc207_one_hot_labels_and_wrappers() -> None:
    one_hot = sequence_model(dense(3, "softmax"), labels=(100, 3))
    per_step_dense = sequence_model(wrap("TimeDistributed", dense(1)), labels=(100, 1))
    bidirectional = sequential(
        wrap("Bidirectional", lstm(16, return_sequences=True), anchor="bidi"),
        dense(1, "sigmoid"),
        input_shape=(20, 1),
        fits=(fit_with_labels((100,)),),
    )
    assert anchors("KC207", one_hot, per_step_dense, bidirectional) == [
        "lstm32",
        "lstm32",
        "bidi",
    ]
    assert "the LSTM(16) inside Bidirectional" in run("KC207", bidirectional)[0].help


@pytest.mark.parametrize(
    ("tail", "labels"),
    [
        ([dense(1, "sigmoid")], (100, 20)),  # one label per step
        ([dense(1, "sigmoid")], (100, 20, 1)),
        ([dense(1, "sigmoid")], None),
        ([lstm(16), dense(1, "sigmoid")], (100,)),
        ([layer("GlobalAveragePooling1D"), dense(1, "sigmoid")], (100,)),
        ([layer("Flatten"), dense(1, "sigmoid")], (100,)),
    ],
)
def test_kc207_quiet(tail: list[LayerNode], labels: tuple[int, ...] | None) -> None:
    assert run("KC207", sequence_model(*tail, labels=labels)) == []


def test_kc207_without_a_declared_input() -> None:
    # The LSTM returns a sequence whatever the data: its output rank is known without an input.
    no_input = sequential(
        lstm(32, return_sequences=True), dense(1), fits=(fit_with_labels((100,)),)
    )
    assert anchors("KC207", no_input) == ["lstm32"]
    per_step = sequential(
        lstm(32, return_sequences=True), dense(1), fits=(fit_with_labels((100, 20)),)
    )
    assert run("KC207", per_step) == []  # (100, 20) may be one label per step


def test_kc207_needs_known_shapes_and_a_complete_model() -> None:
    incomplete = sequence_model(dense(1), labels=(100,), complete=False)
    no_labels = sequential(
        lstm(32, return_sequences=True),
        dense(1),
        input_shape=(20, 1),
        fits=(FitCall("fit", anchor="fit", y=DataArg("fit:y", None)),),
    )
    assert run("KC207", incomplete, no_labels) == []


# --- KC208 invalid-layer-argument -------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "param", "words"),
    [
        (dense(0), "units", "units=0"),
        (lstm(-1), "units", "positive integer"),
        (dense(32.0), "units", "units=32.0 is a float"),
        (layer("Conv2D", filters=0, kernel_size=3), "filters", "filters=0"),
        (layer("RepeatVector", n=0), "n", "n=0"),
        (layer("Embedding", input_dim=0, output_dim=8), "input_dim", "input_dim=0"),
        (layer("Embedding", input_dim=10, output_dim=-2), "output_dim", "output_dim=-2"),
        (layer("Dropout", rate=1.5), "rate", "raises ValueError"),
        (layer("Dropout", rate=-0.1), "rate", "raises ValueError"),
        (layer("Dropout", rate=1.0), "rate", "outputs only zeros"),
        (layer("SpatialDropout1D", rate=1), "rate", "outputs only zeros"),
        (layer("GaussianDropout", rate=1.0), "rate", "ZeroDivisionError"),
        (lstm(8, dropout=1.0), "dropout", "its inputs"),
        (layer("GRU", units=8, recurrent_dropout=1.2), "recurrent_dropout", "recurrent state"),
        (layer("Conv2D", filters=8, kernel_size=0), "kernel_size", "kernel_size=0"),
        (layer("Conv2D", filters=8, kernel_size=(3, 0)), "kernel_size", "(3, 0)"),
        (layer("Conv1D", filters=8, kernel_size=3, strides=0), "strides", "strides=0"),
        (layer("MaxPooling2D", pool_size=0), "pool_size", "pool_size=0"),
        (layer("MaxPooling2D", pool_size=2, strides=0), "strides", "ZeroDivisionError"),
        (layer("Conv2D", filters=8, kernel_size=3, padding="causal"), "padding", "only for Conv1D"),
        (layer("Conv1D", filters=8, kernel_size=3, padding="full"), "padding", "'causal'"),
        (layer("MaxPooling2D", pool_size=2, padding="SAME"), "padding", "padding='same'"),
        (layer("MaxPooling1D", pool_size=2, padding="causal"), "padding", "only for Conv1D"),
        (dense(8, "Relu"), "activation", "lower case: 'relu'"),
        (dense(8, "sigmod"), "activation", "Did you mean 'sigmoid'?"),
        (layer("Activation", activation="softmaxx"), "activation", "not a Keras activation"),
        (lstm(8, recurrent_activation="hardsigmoid"), "recurrent_activation", "hard_sigmoid"),
    ],
)
def test_kc208_rejected_arguments(item: LayerNode, param: str, words: str) -> None:
    [found] = run("KC208", sequential(item))
    assert found.anchor == f"{item.anchor}:{param}"
    assert words in said(found)
    assert param in found.message


@pytest.mark.parametrize(
    "item",
    [
        dense(1),
        dense(UNKNOWN),
        dense(8, "relu"),
        dense(8, None),
        layer("Dropout", rate=0.0),
        layer("Dropout", rate=0.5),
        layer("Dropout", rate=UNKNOWN),
        lstm(8, dropout=-0.2),  # Keras clips it to 0: no dropout, no failure
        lstm(8, dropout=0.3, recurrent_dropout=0.3),
        layer("Conv1D", filters=8, kernel_size=3, padding="causal"),
        layer("Conv1D", filters=8, kernel_size=3, padding="SAME"),  # convolutions lower-case it
        layer("Conv2D", filters=8, kernel_size=(3, 3), strides=(1, 1), padding="same"),
        layer("MaxPooling2D", pool_size=2, strides=None),
        layer("ZeroPadding1D", padding=2),
        layer("Activation", activation="linear"),
        layer("", anchor="custom", units=0, activation="mine"),  # not a Keras layer
    ],
)
def test_kc208_accepted_arguments(item: LayerNode) -> None:
    assert run("KC208", sequential(item)) == []


def test_kc208_reads_wrapped_layers_once() -> None:
    inner = dense(0)
    shared = wrap("TimeDistributed", inner, anchor="td")
    assert anchors("KC208", sequential(shared), sequential(shared)) == ["dense0:units"]


def test_kc208_reads_layers_outside_models() -> None:
    loose = dense(-3, anchor="loose")
    module = ModuleIR("model.py", layers=[loose])
    found = list(CHECKS["KC208"](CheckContext(module)))
    assert [d.anchor for d in found] == ["loose:units"]


# --- KC209 linear-hidden-stack ----------------------------------------------------------------


def test_kc209_linear_dense_feeding_the_output() -> None:
    [found] = run("KC209", sequential(dense(64), dense(1, "sigmoid"), input_shape=(8,)))
    assert found.anchor == "dense64"
    assert (
        found.message
        == "Dense(64) has no activation and feeds Dense(1) directly: they act as one linear map"
    )
    assert "Dense(64) -> Dense(1)" in found.help
    assert "activation='relu', to Dense(64)" in found.help


@pytest.mark.parametrize(
    "between",
    [
        [],
        [layer("Dropout", rate=0.5)],
        [layer("BatchNormalization"), layer("Dropout", rate=0.5)],
        [layer("Activation", activation="linear")],
    ],
)
def test_kc209_affine_layers_between_keep_the_run(between: list[LayerNode]) -> None:
    assert anchors("KC209", sequential(dense(64), *between, dense(1))) == ["dense64"]


@pytest.mark.parametrize(
    "first", [dense(64, None, anchor="first"), dense(64, "linear", anchor="first")]
)
def test_kc209_explicit_linear_counts(first: LayerNode) -> None:
    assert anchors("KC209", sequential(first, dense(1, "sigmoid"))) == ["first"]


@pytest.mark.parametrize(
    "model",
    [
        sequential(dense(64, "relu"), dense(1)),
        sequential(dense(64), layer("Activation", activation="relu"), dense(1)),
        sequential(dense(64), layer("ReLU"), dense(1)),
        sequential(dense(64), layer("LeakyReLU"), dense(1)),
        sequential(dense(64), layer("Activation", activation=UNKNOWN), dense(1)),
        sequential(dense(64, UNKNOWN), dense(1)),
        sequential(dense(64), layer("", anchor="custom"), dense(1)),
        sequential(dense(10)),
        sequential(lstm(8), dense(1)),
        sequential(
            layer("Conv2D", filters=8, kernel_size=3),
            layer("MaxPooling2D", pool_size=2),
            layer("Conv2D", anchor="conv2", filters=8, kernel_size=3),
        ),
        sequential(layer("Conv2D", filters=8, kernel_size=3), layer("Flatten"), dense(1)),
        sequential(
            layer("DepthwiseConv2D", kernel_size=3),
            layer("Conv2D", filters=8, kernel_size=1, activation="relu"),
        ),
    ],
)
def test_kc209_quiet(model: Model) -> None:
    assert run("KC209", model) == []


def test_kc209_reports_each_run_once() -> None:
    model = sequential(
        dense(64),
        dense(32),
        dense(16, "relu"),
        dense(8),
        layer("Dropout", rate=0.2),
        dense(1, "sigmoid"),
    )
    found = run("KC209", model)
    assert [d.anchor for d in found] == ["dense64", "dense8"]
    assert "Dense(64) -> Dense(32) -> Dense(16)" in found[0].help
    assert "to Dense(64) and Dense(32)." in found[0].help


def test_kc209_conv_and_time_distributed() -> None:
    conv = sequential(
        layer("Conv2D", anchor="c1", filters=8, kernel_size=3),
        layer("BatchNormalization"),
        layer("Conv2D", anchor="c2", filters=8, kernel_size=3, activation="relu"),
    )
    per_step = sequential(
        wrap("TimeDistributed", dense(8), anchor="td8"),
        wrap("TimeDistributed", dense(1), anchor="td1"),
    )
    assert anchors("KC209", conv, per_step) == ["c1", "td8"]


def functional(*edges: tuple[str, LayerNode, tuple[str, ...]], outputs: tuple[str, ...]) -> Model:
    """A graph from (name, layer, input names) triples, in order."""
    nodes: dict[str, Node] = {}
    for name, item, inputs in edges:
        nodes[name] = Node(item, [nodes[i] for i in inputs])
    return Model(
        "functional",
        nodes=list(nodes.values()),
        inputs=[n for n in nodes.values() if not n.inputs],
        outputs=[nodes[o] for o in outputs],
    )


def conv2d(filters: int, activation: Any = None, *, anchor: str) -> LayerNode:
    return layer("Conv2D", anchor=anchor, filters=filters, kernel_size=3, activation=activation)


def test_kc209_linear_stem_that_is_also_a_shortcut_is_quiet() -> None:
    """The stem's output goes into the block and into Add: no next layer can absorb it."""
    model = functional(
        ("in", layer("InputLayer", shape=(32, 32, 3)), ()),
        ("stem", conv2d(32, anchor="stem"), ("in",)),
        ("c1", conv2d(32, anchor="c1"), ("stem",)),
        ("bn", layer("BatchNormalization"), ("c1",)),
        ("relu", layer("Activation", activation="relu"), ("bn",)),
        ("add", layer("Add"), ("stem", "relu")),
        ("out", dense(10, "softmax"), ("add",)),
        outputs=("out",),
    )
    assert anchors("KC209", model) == []


def test_kc209_linear_projection_concatenated_with_its_deep_path_is_quiet() -> None:
    model = functional(
        ("in", layer("InputLayer", shape=(20,)), ()),
        ("proj", dense(32, anchor="proj"), ("in",)),
        ("deep", dense(64, "relu"), ("proj",)),
        ("cat", layer("Concatenate"), ("proj", "deep")),
        ("out", dense(1, "sigmoid"), ("cat",)),
        outputs=("out",),
    )
    assert anchors("KC209", model) == []


def test_kc209_two_weighted_readers_or_a_second_output_end_the_run() -> None:
    branches = functional(
        ("in", layer("InputLayer", shape=(20,)), ()),
        ("proj", dense(32, anchor="proj"), ("in",)),
        ("a", dense(8, "relu"), ("proj",)),
        ("b", dense(8, "relu"), ("proj",)),
        outputs=("a", "b"),
    )
    also_output = functional(
        ("in", layer("InputLayer", shape=(20,)), ()),
        ("proj", dense(32, anchor="proj"), ("in",)),
        ("head", dense(1, "sigmoid"), ("proj",)),
        outputs=("proj", "head"),
    )
    assert anchors("KC209", branches, also_output) == []


def test_kc209_a_stem_with_one_reader_still_fires_after_a_shortcut_elsewhere() -> None:
    """Only the layer whose output is shared is spared: a plain pair later still collapses."""
    model = functional(
        ("in", layer("InputLayer", shape=(32, 32, 3)), ()),
        ("stem", conv2d(32, anchor="stem"), ("in",)),
        ("c1", conv2d(32, anchor="c1"), ("stem",)),
        ("c2", conv2d(32, "relu", anchor="c2"), ("c1",)),
        ("add", layer("Add"), ("stem", "c2")),
        ("out", dense(10, "softmax"), ("add",)),
        outputs=("out",),
    )
    assert anchors("KC209", model) == ["c1"]


def test_kc209_autoencoder_linear_bottleneck_is_quiet() -> None:
    model = sequential(
        dense(128, "relu"),
        dense(32, anchor="code"),
        dense(128, "relu"),
        dense(784, "sigmoid"),
        input_shape=(784,),
    )
    assert anchors("KC209", model) == []


@pytest.mark.parametrize(
    "model",
    [
        # narrower than its neighbours but not the model's narrowest layer: a forgotten relu
        sequential(dense(64, "relu"), dense(8, anchor="code"), dense(32, "relu"), dense(1)),
        # the widths around it are unknown: not known to be a bottleneck
        sequential(dense(32, anchor="code"), dense(128, "relu"), dense(784, "sigmoid")),
        # does not widen again
        sequential(dense(128, "relu"), dense(32, anchor="code"), dense(32, "relu")),
    ],
)
def test_kc209_narrow_linear_layers_that_are_no_bottleneck_still_fire(model: Model) -> None:
    assert anchors("KC209", model) == ["code"]


# --- KC301 learning-rate-extreme --------------------------------------------------------------


def optimized(name: str | None, rate: Any) -> Model:
    optimizer = OptimizerInfo(name, rate, anchor="optimizer")
    return sequential(dense(1), compile=compiled("mean_squared_error", optimizer=optimizer))


@pytest.mark.parametrize(
    ("name", "rate", "words"),
    [
        ("Adam", 0.5, "above the bound of 0.1"),
        ("RMSprop", 1e-8, "below the bound of 1e-06"),
        ("SGD", 2.0, "above the bound of 1.0\n"),
        ("SGD", 1e-7, "below the bound"),
        ("Adam", 1, "above the bound"),
        ("Adam", 0.1, "at the exclusive bound of 0.1"),  # Adam(lr=0.1) stalls or diverges
        ("AdamW", 0.1, "at the exclusive bound"),
        ("Nadam", 0.1, "at the exclusive bound"),
        ("RMSprop", 0.1, "at the exclusive bound"),
        ("Adamax", 0.1, "at the exclusive bound"),
        ("Adadelta", 2.0, "above the bound of 1.0"),
    ],
)
def test_kc301_out_of_bounds(name: str, rate: float, words: str) -> None:
    [found] = run("KC301", optimized(name, rate))
    assert found.anchor == "optimizer"
    assert words in said(found)
    assert found.message.startswith(f"{name} learning rate ")
    typical = "0.01" if name == "SGD" else "0.001"
    assert f"typical value for {name} is {typical}" in found.help


@pytest.mark.parametrize(
    ("name", "rate"),
    [
        ("Adam", 0.001),
        ("Adam", 0.01),  # keras.io examples go up to here
        ("Adam", 3e-4),
        ("AdamW", 0.001),
        ("SGD", 0.1),  # ResNet on CIFAR with momentum
        ("SGD", 1.0),  # the SGD bound is inclusive
        ("SGD", 0.5),  # fine for SGD, too high for Adam
        ("Adagrad", 0.1),  # accumulated squares shrink its steps: the bound is inclusive
        ("Ftrl", 0.1),
        ("Adadelta", 1.0),  # the published algorithm, Keras 2's default
        ("Adam", None),  # the default
        ("Adam", UNKNOWN),
        (None, 10.0),  # an optimizer we cannot name
        ("LossScaleOptimizer", 10.0),
    ],
)
def test_kc301_quiet(name: str | None, rate: Any) -> None:
    assert run("KC301", optimized(name, rate)) == []


def test_kc301_bounds_come_from_settings() -> None:
    strict = Settings(learning_rate_adaptive=(1e-4, 1e-2))
    assert anchors("KC301", optimized("Adam", 0.05), settings=strict) == ["optimizer"]
    assert run("KC301", optimized("Adam", 0.05)) == []


def test_kc301_reads_optimizers_outside_compile_once() -> None:
    shared = OptimizerInfo("Adam", 3.0, anchor="shared")
    loose = OptimizerInfo("SGD", 5.0, anchor="loose")
    model = sequential(dense(1), compile=compiled("mean_squared_error", optimizer=shared))
    module = ModuleIR("model.py", models=[model], optimizers=[shared, loose])
    found = list(CHECKS["KC301"](CheckContext(module)))
    assert sorted(d.anchor for d in found) == ["loose", "shared"]


# --- KC302 accuracy-with-regression-loss ------------------------------------------------------


def trained_on(
    kind: str | None,
    *,
    units: int = 1,
    loss: str = "mean_squared_error",
    metrics: tuple[Any, ...] = ("accuracy",),
) -> Model:
    """A one-layer model compiled with ``loss`` and fitted on targets of value kind ``kind``."""
    fit = FitCall(
        "fit",
        anchor="fit",
        x=DataArg("fit:x", ArrayInfo(shape=(100, 8))),
        y=DataArg("fit:y", ArrayInfo(shape=(100,), value_kind=kind)),
    )
    return sequential(dense(units), compile=compiled(loss, metrics=metrics), fits=(fit,))


@pytest.mark.parametrize("metric", ["accuracy", "acc"])
@pytest.mark.parametrize("loss", ["mean_squared_error", "mean_absolute_error", "huber"])
def test_kc302_accuracy_on_continuous_targets(metric: str, loss: str) -> None:
    [found] = run("KC302", trained_on("continuous", loss=loss, metrics=("mae", metric)))
    assert found.anchor == "compile"
    assert loss in found.message
    assert "continuous targets: accuracy never moves" in found.message


def test_kc302_counts_defeat_binary_accuracy_only_with_one_output_unit() -> None:
    [found] = run("KC302", trained_on("counts", units=1))
    assert "count targets" in found.message
    assert run("KC302", trained_on("counts", units=4)) == []


@pytest.mark.parametrize(
    "model",
    [
        trained_on("integer"),  # class labels with mse: binary accuracy moves
        trained_on(None),  # targets of unknown kind
        sequential(dense(1), compile=compiled("mean_squared_error", metrics=("accuracy",))),
        trained_on("continuous", metrics=("mae",)),
        trained_on("continuous", metrics=("binary_accuracy",)),
        trained_on("continuous", metrics=(UNKNOWN,)),
        trained_on("continuous", loss="binary_crossentropy"),
    ],
)
def test_kc302_quiet(model: Model) -> None:
    assert run("KC302", model) == []


# --- KC303 removed-keras-argument -------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "param", "words"),
    [
        (dense(64, init="uniform"), "init", "kernel_initializer='uniform'"),
        (layer("Dense", output_dim=64), "output_dim", "units=64"),
        (layer("LSTM", output_dim=64), "output_dim", "units=64"),
        (layer("Conv2D", filters=8, kernel_size=3, border_mode="same"), "border_mode", "padding"),
        (layer("Conv2D", filters=8, kernel_size=3, subsample=(2, 2)), "subsample", "strides"),
        (layer("Conv2D", nb_filter=8, kernel_size=3), "nb_filter", "filters=8"),
        (layer("Conv2D", filters=8, nb_row=3, nb_col=3), "nb_row", "kernel_size=(rows, cols)"),
        (dense(8, W_regularizer=UNKNOWN), "W_regularizer", "kernel_regularizer"),
        (dense(8, b_regularizer=UNKNOWN), "b_regularizer", "bias_regularizer"),
        (lstm(8, dropout_W=0.2), "dropout_W", "dropout=0.2"),
        (lstm(8, dropout_U=0.2), "dropout_U", "recurrent_dropout=0.2"),
        (lstm(8, input_length=10), "input_length", "Input(shape=(steps, features))"),
        (layer("BatchNormalization", mode=0), "mode", "Remove it."),
        (layer("MaxPooling1D", pool_length=2), "pool_length", "pool_size=2"),
        (
            layer("Embedding", input_dim=100, output_dim=8, dropout=0.2),
            "dropout",
            "SpatialDropout1D",
        ),
    ],
)
def test_kc303_removed_layer_keywords(item: LayerNode, param: str, words: str) -> None:
    found = [d for d in run("KC303", sequential(item)) if d.anchor == f"{item.anchor}:{param}"]
    assert len(found) == 1
    assert words in found[0].help
    assert "Keras 1" in found[0].message


@pytest.mark.parametrize(
    "item",
    [
        layer("Embedding", input_dim=100, output_dim=64),
        layer("Embedding", input_dim=100, output_dim=64, input_length=10),  # only a warning
        dense(3, input_dim=4),  # Keras 3 warns, still builds
        layer("RandomFlip", mode="horizontal"),
        lstm(8, dropout=0.2),  # dropout is a Keras 3 argument of recurrent layers
        layer("", anchor="custom", init="uniform", border_mode="same"),
        layer("Conv2D", filters=32, kernel_size=3, strides=3),  # by name: meant
    ],
)
def test_kc303_valid_keywords(item: LayerNode) -> None:
    assert run("KC303", sequential(item)) == []


def conv(
    filters: Any, rows: Any, cols: Any, cls: str = "Conv2D", spelled: str = "", **kw: Any
) -> LayerNode:
    return layer(
        cls,
        anchor="conv",
        spelled=spelled,
        positional=("filters", "kernel_size", "strides"),
        filters=filters,
        kernel_size=rows,
        strides=cols,
        **kw,
    )


def test_kc303_keras1_convolution_positional_kernel() -> None:
    [found] = run("KC303", sequential(conv(32, 3, 3)))
    assert found.anchor == "conv:strides"
    assert "Conv2D(32, 3, 3)" in found.message
    assert "strides=3" in found.message
    assert "Conv2D(32, (3, 3))" in found.help


def test_kc303_keras1_convolution_signs() -> None:
    keras1_name = conv(32, 5, 3, spelled="Convolution2D")
    keras1_keyword = conv(32, 3, 2, border_mode="same")
    found = run("KC303", sequential(keras1_name), sequential(keras1_keyword))
    assert sorted(d.anchor for d in found) == ["conv:border_mode", "conv:strides", "conv:strides"]
    assert "Convolution2D(32, (5, 3))" in found[0].help


@pytest.mark.parametrize(
    "item",
    [
        conv(64, 3, 2),  # modern code passing a stride positionally
        conv(32, 1, 1),  # the same in Keras 1 and 3
        conv(32, (3, 3), 2),
        conv(32, 3, UNKNOWN),
        conv(32, 3, 3, cls="Conv1D"),
    ],
)
def test_kc303_convolution_quiet(item: LayerNode) -> None:
    assert run("KC303", sequential(item)) == []


def test_kc303_optimizer_lr_and_decay() -> None:
    optimizer = OptimizerInfo(
        "Adam",
        0.01,
        anchor="optimizer",
        params={"lr": 0.01, "decay": 1e-6},
        param_anchors={"lr": "optimizer:lr", "decay": "optimizer:decay"},
    )
    model = sequential(dense(1), compile=compiled("mean_squared_error", optimizer=optimizer))
    lr, decay = run("KC303", model)
    assert lr.anchor == "optimizer:lr"
    assert lr.message == "Adam(lr=...): Keras 3 optimizers no longer accept lr"
    assert "learning_rate=0.01" in lr.help
    assert decay.anchor == "optimizer:decay"
    assert "InverseTimeDecay" in decay.help
    assert "decay_rate=1e-06" in decay.help


def test_kc303_fit_nb_epoch() -> None:
    model = sequential(dense(1), fits=(fit_with_labels((100,), nb_epoch=10, batch_size=32),))
    [found] = run("KC303", model)
    assert found.anchor == "fit:nb_epoch"
    assert found.message == "fit(nb_epoch=...): nb_epoch is the Keras 1 name of epochs"
    assert "epochs=10" in found.help
    assert "TypeError" in found.help
    clean = sequential(dense(1), fits=(fit_with_labels((100,), epochs=10),))
    assert run("KC303", clean) == []
