"""KC203, KC204 and KC210: the checks that report what shape inference found."""

from __future__ import annotations

from typing import Any

import pytest

from kerascheck.checks.context import CheckContext
from kerascheck.checks.kc203_misplaced_time_distributed import misplaced_time_distributed
from kerascheck.checks.kc204_redundant_time_distributed import redundant_time_distributed
from kerascheck.checks.kc210_layer_rank_mismatch import layer_rank_mismatch
from kerascheck.checks.registry import CHECKS
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import LayerNode, Model, ModuleIR, Node


def L(cls: str, inner: LayerNode | None = None, **params: Any) -> LayerNode:
    return LayerNode(cls, params=params, inner=inner, anchor=f"anchor:{cls}:{id(params)}")


def chain(shape: tuple[int | None, ...], *layers: LayerNode) -> Model:
    nodes = [Node(LayerNode("InputLayer", {"shape": shape}))]
    for layer in layers:
        nodes.append(Node(layer, [nodes[-1]]))
    return Model("sequential", nodes=nodes, inputs=[nodes[0]], outputs=[nodes[-1]])


def run(code: str, *models: Model) -> list[Diagnostic]:
    ctx = CheckContext(module=ModuleIR(path="t.py", models=list(models)))
    return list(CHECKS[code](ctx))


def test_checks_are_registered() -> None:
    assert CHECKS["KC203"] is misplaced_time_distributed
    assert CHECKS["KC204"] is redundant_time_distributed
    assert CHECKS["KC210"] is layer_rank_mismatch


# --- KC203 ------------------------------------------------------------------------------------


def test_kc203_seed_example_1() -> None:
    wrapper = L("TimeDistributed", L("LSTM", units=32))
    model = chain((20, 1), wrapper, L("Dense", units=1, activation="sigmoid"))
    (diagnostic,) = run("KC203", model)
    assert diagnostic.code == "KC203"
    assert diagnostic.anchor is wrapper.anchor  # the wrapper's constructor call
    assert diagnostic.message == (
        "TimeDistributed(LSTM) receives (batch, 20, 1): each step reaches the LSTM as a vector"
    )
    assert diagnostic.help == (
        "TimeDistributed hands each of the 20 steps to the LSTM separately, but an LSTM needs "
        "(steps, features), so Keras refuses to build the model. Remove TimeDistributed, or "
        "feed (batch, outer_steps, 20, 1)."
    )
    assert run("KC210", model) == []


def test_kc203_seed_example_3_reports_the_first_wrapper_only() -> None:
    first = L("TimeDistributed", L("LSTM", units=64, return_sequences=True))
    model = chain(
        (20, 1),
        first,
        L("TimeDistributed", L("LSTM", units=32)),
        L("Dropout", rate=0.2),
        L("Dense", units=1, activation="sigmoid"),
    )
    assert [d.anchor for d in run("KC203", model)] == [first.anchor]


def test_kc203_uses_the_users_spelling() -> None:
    inner = L("LSTM", units=8)
    inner.spelled = "CuDNNLSTM"
    (diagnostic,) = run("KC203", chain((20, 1), L("TimeDistributed", inner)))
    assert "TimeDistributed(CuDNNLSTM) receives" in diagnostic.message


@pytest.mark.parametrize(
    "inner",
    [L("LSTM", units=8), L("Conv1D", filters=4, kernel_size=3), L("GRU", units=4)],
    ids=["lstm", "conv1d", "gru"],
)
def test_kc203_silent_when_each_step_is_a_sequence(inner: LayerNode) -> None:
    assert run("KC203", chain((5, 20, 1), L("TimeDistributed", inner))) == []


def test_kc203_silent_when_the_input_is_unknown() -> None:
    model = chain((20, 1), LayerNode(""), L("TimeDistributed", L("LSTM", units=8)))
    assert run("KC203", model) == []
    model = Model("sequential", nodes=[Node(L("TimeDistributed", L("LSTM", units=8)))])
    assert run("KC203", model) == []


def test_kc203_silent_for_non_sequence_inner_layers() -> None:
    # TimeDistributed(Conv2D) on images is a rank problem (KC210), not KC203's.
    model = chain((28, 28, 1), L("TimeDistributed", L("Conv2D", filters=3, kernel_size=3)))
    assert run("KC203", model) == []
    assert [d.code for d in run("KC210", model)] == ["KC210"]


def test_kc203_leaves_stacked_recurrent_wrappers_to_kc201() -> None:
    model = chain(
        (5, 20, 1),
        L("TimeDistributed", L("LSTM", units=8)),
        L("TimeDistributed", L("LSTM", units=4)),
    )
    assert run("KC203", model) == []
    assert run("KC210", model) == []


# --- KC204 ------------------------------------------------------------------------------------


def test_kc204_time_distributed_dense_on_a_sequence() -> None:
    wrapper = L("TimeDistributed", L("Dense", units=1))
    model = chain((20, 4), L("LSTM", units=8, return_sequences=True), wrapper)
    (diagnostic,) = run("KC204", model)
    assert diagnostic.anchor is wrapper.anchor
    assert (
        diagnostic.message == "TimeDistributed(Dense) is redundant on input of shape (batch, 20, 8)"
    )
    assert diagnostic.help.startswith(
        "Dense already acts on the last axis of (batch, steps, features)"
    )
    assert diagnostic.help.endswith("Keep it only for clarity, or remove it.")


@pytest.mark.parametrize(
    ("shape", "wrapped"),
    [
        ((5, 20, 4), L("Dense", units=1)),  # rank 4: Dense would act the same, but not our case
        ((20, 4), L("Conv1D", filters=2, kernel_size=1)),
        ((20,), L("Dense", units=1)),  # rank 2: a KC210 problem instead
        ((None, None), LayerNode("")),
    ],
    ids=["rank4", "not-dense", "rank2", "unresolved-inner"],
)
def test_kc204_silent(shape: tuple[int | None, ...], wrapped: LayerNode) -> None:
    assert run("KC204", chain(shape, L("TimeDistributed", wrapped))) == []


def test_kc204_silent_when_the_input_shape_is_unknown() -> None:
    model = chain((20, 4), LayerNode(""), L("TimeDistributed", L("Dense", units=1)))
    assert run("KC204", model) == []


# --- KC210 ------------------------------------------------------------------------------------


def test_kc210_conv2d_on_grayscale_images() -> None:
    conv = L("Conv2D", filters=32, kernel_size=3)
    (diagnostic,) = run("KC210", chain((28, 28), conv, L("Flatten"), L("Dense", units=10)))
    assert diagnostic.code == "KC210"
    assert diagnostic.anchor is conv.anchor
    assert diagnostic.message == (
        "Conv2D receives (batch, 28, 28) but needs 4 dimensions (batch, height, width, channels)"
    )
    assert diagnostic.help == (
        "Keras refuses to build the model at this layer. Add a channel axis "
        "(x.reshape(-1, 28, 28, 1) or Reshape((28, 28, 1)))."
    )


def test_kc210_lstm_after_flatten() -> None:
    lstm = L("LSTM", units=4)
    (diagnostic,) = run("KC210", chain((20, 1), L("Flatten"), lstm))
    assert diagnostic.anchor is lstm.anchor
    assert "The Flatten before it" in diagnostic.help


def test_kc210_leaves_recurrent_after_recurrent_to_kc201() -> None:
    model = chain((20, 1), L("LSTM", units=32), L("Dropout", rate=0.1), L("LSTM", units=4))
    assert run("KC210", model) == []
    assert run("KC203", model) == []


@pytest.mark.parametrize(
    "layers",
    [
        [L("Conv1D", filters=2, kernel_size=5)],  # size
        [L("Reshape", target_shape=(3, 3))],  # reshape
        [L("MaxPooling1D", pool_size=4), L("MaxPooling1D", pool_size=4)],  # size after a pooling
    ],
    ids=["size", "reshape", "pooling-chain"],
)
def test_kc210_reports_other_refused_shapes(layers: list[LayerNode]) -> None:
    (diagnostic,) = run("KC210", chain((4, 2), *layers))
    assert diagnostic.anchor is layers[-1].anchor


def test_kc210_merge_in_a_functional_graph() -> None:
    a = Node(LayerNode("InputLayer", {"shape": (20, 3)}))
    b = Node(LayerNode("InputLayer", {"shape": (20, 4)}))
    add = L("Add")
    merged = Node(add, [a, b])
    model = Model("functional", nodes=[a, b, merged], inputs=[a, b], outputs=[merged])
    (diagnostic,) = run("KC210", model)
    assert diagnostic.anchor is add.anchor
    assert "(batch, 20, 3) and (batch, 20, 4)" in diagnostic.message


def test_kc210_reports_a_shared_layer_once() -> None:
    a = Node(LayerNode("InputLayer", {"shape": (28, 28)}))
    shared = L("Conv2D", filters=2, kernel_size=3)
    first, second = Node(shared, [a]), Node(shared, [a])
    model = Model("functional", nodes=[a, first, second], inputs=[a])
    assert len(run("KC210", model)) == 1


def test_kc210_falls_back_to_the_node_anchor() -> None:
    conv = LayerNode("Conv2D", {"filters": 2, "kernel_size": 3})
    model = chain((28, 28), conv)
    model.nodes[-1].anchor = "call-site"
    (diagnostic,) = run("KC210", model)
    assert diagnostic.anchor == "call-site"


def test_checks_see_every_model_of_the_module() -> None:
    good = chain((28, 28, 1), L("Conv2D", filters=2, kernel_size=3))
    bad = chain((28, 28), L("Conv2D", filters=2, kernel_size=3))
    assert len(run("KC210", good, bad)) == 1


def test_shapes_are_computed_once_per_model() -> None:
    model = chain((20, 1), L("TimeDistributed", L("LSTM", units=8)))
    ctx = CheckContext(module=ModuleIR(path="t.py", models=[model]))
    assert ctx.shapes(model) is ctx.shapes(model)
    assert len(list(CHECKS["KC203"](ctx))) == 1
