"""Dynamic checks KC901-KC906: real Keras 3 on CPU in a subprocess, never the user's script.

The TensorFlow tests share worker runs (one subprocess builds and trains many models), so the
whole file stays within a few minutes on two cores. Tests that need no TensorFlow (planning,
skips, message wording, label rules, synthetic data) run everywhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kerascheck.catalogue import _parse_rule
from kerascheck.diagnostics import MESSAGE_LIMIT, Diagnostic, Severity
from kerascheck.dynamic import (
    INSTALL_HINT,
    DynamicOptions,
    parse_input_shape,
    run_dynamic,
    run_dynamic_report,
    tf_available,
)
from kerascheck.dynamic.codec import NotLiteral, decode, encode
from kerascheck.dynamic.integrate import DynamicFileResult, lint_many_dynamic
from kerascheck.dynamic.labels import label_mismatch
from kerascheck.dynamic.learning import judge
from kerascheck.dynamic.messages import call_failure, construct_failure
from kerascheck.dynamic.spec import plan_models
from kerascheck.engine import lint_source
from kerascheck.frontends import frontend_for
from kerascheck.ir import ArrayInfo, LayerNode

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed" / "example3.py"
#: The KC9xx rule files: in rules/ once the catalogue knows `dynamic = true`, staged here till then.
RULES = next(
    (
        folder
        for folder in (ROOT / "rules", ROOT / "kerascheck" / "dynamic" / "rules")
        if any(folder.glob("KC9*.toml"))
    ),
    ROOT / "rules",
)
#: Small budgets keep the file fast; the synthetic task is learnt well within them.
STEPS = 100

needs_tf = [
    pytest.mark.tf,
    pytest.mark.skipif(not tf_available(), reason="needs the tf extra (TensorFlow + Keras)"),
]


def tf_test(function: Callable[..., None]) -> Callable[..., None]:
    """Real TensorFlow: marked ``tf``, skipped cleanly without the tf extra."""
    for mark in needs_tf:
        function = mark(function)
    return function


def script(text: str) -> bytes:
    return textwrap.dedent(text).lstrip("\n").encode()


def row_of(source: bytes, needle: str) -> int:
    """1-based row of the first line containing ``needle``."""
    for number, line in enumerate(source.decode().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in source")


def dynamic(result: DynamicFileResult) -> list[Diagnostic]:
    return [d for d in result.file.diagnostics if d.code.startswith("KC9")]


def said(finding: Diagnostic) -> str:
    """Everything a finding tells the user: its one-line message, then its help."""
    return f"{finding.message}\n{finding.help}"


def measured(result: DynamicFileResult) -> dict[str, Any]:
    """What the worker measured while training the file's (only) model."""
    assert result.report is not None and result.report.outcome is not None
    (plan,) = result.report.plans
    return result.report.outcome.trained[plan.key]


def rows(result: DynamicFileResult, code: str) -> list[int]:
    return [d.span.start.row for d in result.file.diagnostics if d.code == code and d.span]


GOOD_LSTM = script(
    """
    import numpy as np
    from tensorflow import keras
    from tensorflow.keras import layers

    x = np.random.rand(200, 20, 1)
    y = (x.sum(axis=(1, 2)) > 10).astype("int32")

    model = keras.Sequential([
        layers.Input(shape=(20, 1)),
        layers.LSTM(32),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=10, batch_size=32)
    """
)


#: A Keras 1 script: legacy spellings everywhere, and a softmax over one unit.
LEGACY_SOFTMAX = script(
    """
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense
    from keras.optimizers import Adam

    X = np.random.rand(300, 8)
    y = (X.sum(axis=1) > 4).astype("int32")
    model = Sequential()
    model.add(Dense(12, input_dim=8, init="uniform", activation="relu"))
    model.add(Dense(1, init="uniform", activation="softmax"))
    model.compile(loss="binary_crossentropy", optimizer=Adam(lr=0.001, decay=1e-6))
    model.fit(X, y, nb_epoch=150, batch_size=10)
    """
)

#: Placeholder labels: nothing to learn in the script's data, though the model is fine.
RANDOM_LABELS = script(
    """
    import numpy as np
    from keras import layers, models

    x = np.random.rand(200, 8)
    labels = np.random.randint(0, 2, 200)

    model = models.Sequential([
        layers.Input(shape=(8,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.fit(x, labels, epochs=10, batch_size=32)
    """
)

#: KC201 stands at the first LSTM; Keras fails at the second, which it feeds.
STACKED_LSTM = script(
    """
    import numpy as np
    import tensorflow as tf

    X = np.random.rand(256, 10, 4)
    y = X[:, :, 0].sum(axis=1)
    model = tf.keras.Sequential()
    model.add(tf.keras.layers.LSTM(32, input_shape=(10, 4)))
    model.add(tf.keras.layers.LSTM(16))
    model.add(tf.keras.layers.Dense(1))
    model.compile(loss="mse", optimizer="adam")
    model.fit(X, y, epochs=20, batch_size=16)
    """
)

#: Self-attention called with two tensors, the way the Keras docs write it.
ATTENTION = script(
    """
    import numpy as np
    import keras
    from keras import layers

    inputs = keras.Input(shape=(10, 16))
    attended = layers.MultiHeadAttention(2, 8)(inputs, inputs)
    mixed = layers.LayerNormalization()(layers.Add()([inputs, attended]))
    pooled = layers.GlobalAveragePooling1D()(mixed)
    outputs = layers.Dense(3, activation="softmax")(pooled)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x = np.random.rand(64, 10, 16)
    model.fit(x, np.argmax(x[:, 0, :3], axis=1), epochs=2)
    """
)

#: The feature count comes from a CSV file next to the script.
FROM_CSV = script(
    """
    import numpy as np
    from tensorflow import keras

    data = np.loadtxt("measurements.csv", delimiter=",")
    X, y = data[:, :-1], data[:, -1]
    model = keras.Sequential()
    model.add(keras.layers.Dense(16, input_dim=X.shape[1], activation="relu"))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(X, y, epochs=10)
    """
)


def side_effect_script(marker: Path) -> bytes:
    """A script that writes ``marker`` (twice over) the moment anyone runs it."""
    return script(
        f"""
        import os
        import numpy as np
        from keras import layers, models

        with open({str(marker)!r}, "w") as handle:
            handle.write("the script ran")
        os.system("touch " + {str(marker) + "-shell"!r})

        x = np.random.rand(64, 6)
        y = (x.sum(axis=1) > 3).astype("int32")
        model = models.Sequential([
            layers.Input(shape=(6,)),
            layers.Dense(8, activation="relu"),
            layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x, y, epochs=2)
        """
    )


def rule_examples() -> list[tuple[str, str, int | None, bytes]]:
    """(code, kind, line, source) of every example in the KC9xx rule files."""
    found = []
    for path in sorted(RULES.glob("KC9*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for example in data["examples"]:
            found.append((data["code"], example["kind"], example.get("line"), example["code"]))
    return [(code, kind, line, text.encode()) for code, kind, line, text in found]


EXAMPLES = rule_examples()


# --- no TensorFlow needed -----------------------------------------------------------------


def test_parse_input_shape() -> None:
    assert parse_input_shape("20,1") == (20, 1)
    assert parse_input_shape("(None, 8)") == (None, 8)
    for bad in ("", "20,x", "0,1"):
        with pytest.raises(ValueError, match="--input-shape"):
            parse_input_shape(bad)


def test_options_reject_impossible_budgets(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        DynamicOptions(max_steps=0)
    with pytest.raises(ValueError):
        DynamicOptions(vanishing_gradient=1.0, exploding_gradient=0.5)
    with pytest.raises(ValueError, match="--data"):
        DynamicOptions(data=str(tmp_path / "missing.npz"))
    assert DynamicOptions(timeout_seconds=7).timeout_for(3) == 7
    assert DynamicOptions().timeout_for(2) > DynamicOptions().timeout_for(1)


def test_codec_keeps_tuples_and_refuses_anything_but_literals() -> None:
    value = {"a": (1, (2.5, None)), "b": [True, "same"]}
    encoded = {k: encode(v) for k, v in value.items()}
    assert {k: decode(v) for k, v in encoded.items()} == value
    for bad in ({"class_name": "os.system"}, object(), print):
        with pytest.raises(NotLiteral):
            encode(bad)
    with pytest.raises(NotLiteral):
        decode({"module": "os", "class_name": "system"})


@pytest.mark.parametrize(
    ("body", "needle", "reason"),
    [
        (
            "layers.Lambda(lambda t: ops.sort(t))",
            "Lambda",
            "Lambda layers hold the script's own code",
        ),
        ("layers.Lambda(lambda t: t * 2)", "t * 2", "functions a script applies to tensors (`*`"),
        ("AttentionPool()", "self.add_weight", "functions a script applies to tensors"),
        ("layers.Dense(int(sys.argv[1]))", "sys.argv", "argument `units` of Dense"),
    ],
)
def test_models_that_cannot_be_rebuilt_are_skipped_with_the_reason(
    body: str, needle: str, reason: str
) -> None:
    source = script(
        f"""
        import sys
        import numpy as np
        from keras import layers, models, ops

        class AttentionPool(layers.Layer):
            def build(self, input_shape):
                self.w = self.add_weight(shape=(input_shape[-1], 1))

            def call(self, x):
                return x * ops.softmax(ops.matmul(x, self.w), axis=1)

        model = models.Sequential()
        model.add(layers.Input(shape=(8,)))
        model.add({body})
        model.add(layers.Dense(1, activation="sigmoid"))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    )
    (result,) = lint_many_dynamic([(source, "skip.py")], DynamicOptions(train_check=True))
    assert result.report is not None and result.report.outcome is None  # no worker started
    assert dynamic(result) == []  # a check that could not run is no finding
    (note,) = result.notes
    assert note.name == "skipped" and note.message.startswith("dynamic check skipped")
    assert reason in note.message
    assert note.span is not None and note.span.start.row == row_of(source, needle)


def test_a_model_without_input_shape_needs_input_shape_option() -> None:
    source = script(
        """
        from keras import layers, models
        model = models.Sequential([layers.Dense(4, activation="relu"), layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        """
    )
    loaded = frontend_for("x.py")(source, "x.py")
    (plan,) = plan_models(loaded.ir.models, DynamicOptions())
    assert plan.spec is None and plan.skip is not None
    assert "--input-shape" in plan.skip.reason
    (plan,) = plan_models(loaded.ir.models, DynamicOptions(input_shape=(5,)))
    assert plan.spec is not None
    assert plan.spec["nodes"][0] == {**plan.spec["nodes"][0], "kind": "input", "shape": [5]}


def test_calls_with_several_tensors_keep_every_tensor() -> None:
    """MultiHeadAttention(q, v), key=..., initial_state=[h, c]: rebuilt as they are called."""
    source = script(
        """
        import keras
        from keras import layers
        q = keras.Input(shape=(10, 16))
        v = keras.Input(shape=(12, 16))
        h = keras.Input(shape=(8,))
        c = keras.Input(shape=(8,))
        attended = layers.MultiHeadAttention(2, 8)(q, v, key=v)
        decoded = layers.LSTM(8)(q + attended, initial_state=[h, c])
        model = keras.Model([q, v, h, c], layers.Dense(1)(decoded))
        """
    )
    loaded = frontend_for("x.py")(source, "x.py")
    (model,) = loaded.ir.models
    mha, lstm = (n for n in model.nodes if n.layer.cls in ("MultiHeadAttention", "LSTM"))
    assert [(name, node.layer.cls) for name, node in mha.extra] == [
        ("1", "InputLayer"),
        ("key", "InputLayer"),
    ]
    assert [name for name, _ in lstm.extra] == ["initial_state[]", "initial_state[]"]
    assert lstm.inputs[0].layer.cls == "Add"  # q + attended: the merge layer of that name
    assert len(model.inputs) == 4 and len(model.nodes) == 8  # h and c are part of the graph
    (plan,) = plan_models(loaded.ir.models, DynamicOptions())
    assert plan.spec is not None
    attention = next(n for n in plan.spec["nodes"] if n.get("extra") and n["inputs"] == [0])
    assert attention["extra"] == [["1", 1], ["key", 1]] and attention["keyword"] is None


def test_a_saved_config_keeps_the_second_tensor_of_multi_head_attention() -> None:
    def tensor(name: str) -> dict[str, Any]:
        return {"class_name": "__keras_tensor__", "config": {"keras_history": [name, 0, 0]}}

    config = {
        "class_name": "Functional",
        "config": {
            "layers": [
                {
                    "class_name": "InputLayer",
                    "name": "x",
                    "config": {"batch_shape": [None, 10, 16], "name": "x"},
                    "inbound_nodes": [],
                },
                {
                    "class_name": "MultiHeadAttention",
                    "name": "mha",
                    "config": {"num_heads": 2, "key_dim": 8, "name": "mha"},
                    "inbound_nodes": [
                        {"args": [tensor("x"), tensor("x")], "kwargs": {"mask": None}}
                    ],
                },
            ],
            "input_layers": [["x", 0, 0]],
            "output_layers": [["mha", 0, 0]],
        },
    }
    loaded = frontend_for("m.json")(json.dumps(config).encode(), "m.json")
    (model,) = loaded.ir.models
    attention = model.nodes[-1]
    assert [(name, node.layer.cls) for name, node in attention.extra] == [("1", "InputLayer")]
    assert attention.extra[0][1] is attention.inputs[0]


def test_an_unknown_feature_count_is_a_skip_not_a_guess() -> None:
    source = script(
        """
        import pandas as pd
        from keras import layers, models
        df = pd.read_csv("not_beside_the_script.csv")
        X = df.drop("label", axis=1).values
        y = df["label"].values
        model = models.Sequential()
        model.add(layers.Dense(16, input_dim=X.shape[1], activation="relu"))
        model.add(layers.Dense(1, activation="sigmoid"))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X, y)
        """
    )
    (result,) = lint_many_dynamic([(source, "tabular.py")], DynamicOptions(train_check=True))
    assert result.report is not None and result.report.outcome is None  # nothing was built
    assert dynamic(result) == []
    (note,) = result.notes
    assert "the number of input features is not known statically" in note.message
    assert "(batch, ?)" in note.message and "--input-shape" in note.message


def test_token_ids_into_an_embedding_take_any_length() -> None:
    source = script(
        """
        from keras import layers, models
        from my_project.data import load_reviews
        x_train, y_train = load_reviews()
        model = models.Sequential([
            layers.Embedding(10000, 16),
            layers.GlobalAveragePooling1D(),
            layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x_train, y_train)
        """
    )
    (plan,) = plan_models(frontend_for("x.py")(source, "x.py").ir.models, DynamicOptions())
    assert plan.spec is not None and plan.spec["nodes"][0]["shape"] == [None]
    (note,) = plan.input_sources
    assert "token sequences of any length" in note.text


def test_run_dynamic_accepts_the_engines_resolved_findings() -> None:
    """The public signature: ``run_dynamic(result.ir, result.diagnostics, options)``."""
    source = script(
        """
        from keras import layers, models
        model = models.Sequential([layers.Input(shape=(4,)), layers.Lambda(lambda t: t)])
        """
    )
    result = lint_source(source, "lam.py")
    assert result.ir is not None
    assert run_dynamic(result.ir, result.diagnostics, DynamicOptions()) == []
    report = run_dynamic_report(result.ir, result.diagnostics, DynamicOptions())
    (note,) = report.notes
    assert note.kind == "skipped" and "Lambda" in note.message
    assert note.anchor is result.ir.models[0].nodes[1].layer.anchor
    assert report.static == result.diagnostics


def test_planning_imports_nothing_heavy() -> None:
    probe = textwrap.dedent(
        f"""
        import sys
        from kerascheck.dynamic import DynamicOptions, run_dynamic_report
        from kerascheck.engine import lint_source
        result = lint_source(open({str(SEED)!r}, "rb").read(), "example3.py")
        from kerascheck.dynamic.spec import plan_models
        plans = plan_models(result.ir.models, DynamicOptions(train_check=True))
        assert plans[0].spec is not None
        heavy = ("tensorflow", "keras", "numpy")
        print(sorted(m for m in sys.modules if m.split(".")[0] in heavy))
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_tensorflow_run_dynamic_says_how_to_install() -> None:
    probe = textwrap.dedent(
        f"""
        import sys
        sys.modules["tensorflow"] = None  # as if the tf extra were not installed
        sys.modules["keras"] = None
        from kerascheck.dynamic import INSTALL_HINT, DynamicOptions, run_dynamic_report
        from kerascheck.dynamic import DynamicUnavailable, require_tf, tf_available
        from kerascheck.engine import lint_source
        assert not tf_available()
        try:
            require_tf()
        except DynamicUnavailable as error:
            assert INSTALL_HINT in str(error)
        result = lint_source(open({str(SEED)!r}, "rb").read(), "example3.py")
        report = run_dynamic_report(result.ir, result.diagnostics, DynamicOptions(train_check=True))
        print(len(report.diagnostics), "|".join(n.kind + ":" + n.message for n in report.notes))
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    count, note = out.stdout.strip().split(" ", 1)
    kind, message = note.split(":", 1)
    assert count == "0" and kind == "skipped" and INSTALL_HINT in message


def _run(**numbers: Any) -> dict[str, Any]:
    """A recorded training run: 200 steps ended by the step budget, loss and accuracy flat."""
    base: dict[str, Any] = {
        "steps": 200,
        "stopped_by": "steps",
        "nonfinite_step": None,
        "loss_before": 0.693,
        "loss_after": 0.690,
        "accuracy_after": [0.5, 0.5],
    }
    return {**base, **numbers}


@pytest.mark.parametrize(
    ("numbers", "verdict"),
    [
        ({}, "stuck"),
        ({"nonfinite_step": 3, "steps": 3}, "nonfinite"),
        ({"loss_after": 0.2, "accuracy_after": [0.95, 0.5]}, "learned"),
        # the time budget ended it: a CNN on a CPU, 37 steps in 20 s, says nothing
        ({"steps": 37, "stopped_by": "time"}, "inconclusive"),
        ({"steps": 180, "stopped_by": "time"}, "inconclusive"),
        ({"steps": 20}, "inconclusive"),  # --max-steps 20: too few to call it stuck
        # a learnt model may be judged on any number of steps
        (
            {"steps": 12, "stopped_by": "time", "loss_after": 0.3, "accuracy_after": [0.9, 0.5]},
            "learned",
        ),
        # accuracy already above chance at the start: without a falling loss, nothing learnt
        ({"accuracy_after": [0.82, 0.5]}, "stuck"),
        ({"loss_after": 0.5, "accuracy_after": [0.52, 0.5]}, "chance"),
        ({"loss_after": 0.6, "accuracy_after": [0.62, 0.5]}, "improving"),
        ({"loss_after": None}, "inconclusive"),
    ],
)
def test_training_runs_are_judged_only_when_they_can_say_something(
    numbers: dict[str, Any], verdict: str
) -> None:
    assert judge(_run(**numbers), DynamicOptions()) == verdict


def test_label_rules() -> None:
    labels = ArrayInfo(shape=(300,), encoding="int", num_classes=5)
    seq = label_mismatch((None, 22, 1), "binary_crossentropy", labels, "the labels")
    assert seq is not None and "is per step" in seq[0]
    assert "GlobalAveragePooling1D" in seq[1]
    seq = label_mismatch((None, 22, 1), "binary_crossentropy", labels, "y", recurrent=True)
    assert seq is not None and "return_sequences=False" in seq[1]
    few = label_mismatch((None, 3), "sparse_categorical_crossentropy", labels, "y")
    assert few is not None and "5 classes" in few[0] and "5 units" in few[1]
    single = label_mismatch((None, 1), "sparse_categorical_crossentropy", None, "y")
    assert single is not None and "has one unit" in single[0]
    onehot = ArrayInfo(shape=(None, 4), encoding="onehot", num_classes=4)
    wide = label_mismatch((None, 3), "categorical_crossentropy", onehot, "y")
    assert wide is not None and "width 4" in wide[0]
    assert label_mismatch((None, 4), "categorical_crossentropy", onehot, "y") is None
    wide_y = ArrayInfo(shape=(None, 3))
    broadcast = label_mismatch((None, 1), "mean_squared_error", wide_y, "y")
    assert broadcast is not None and "broadcasts" in broadcast[1]
    every = (seq, few, single, wide, broadcast)
    assert all(len(m) <= MESSAGE_LIMIT and "\n" not in m and h.endswith(".") for m, h in every)
    per_step = ArrayInfo(shape=(None, 22))
    assert label_mismatch((None, 22, 1), "mean_squared_error", per_step, "y") is None
    assert label_mismatch((None, 1), "binary_crossentropy", ArrayInfo(), "y") is None


def test_keras_messages_are_retold_in_the_users_terms() -> None:
    lstm = LayerNode("LSTM", {"units": 4})
    ndim = call_failure(
        lstm,
        "Input 0 with name 'None' of layer 'lstm' is incompatible with the layer: expected "
        "ndim=3, found ndim=2. Full shape received: (None, 10)",
        [[None, 10]],
        None,
    )
    assert ndim[0] == "LSTM receives (batch, 10) (2 dimensions) but needs 3"
    assert "works on (batch, steps, features)" in ndim[1]
    wrapped = LayerNode("TimeDistributed", {}, inner=LayerNode("LSTM", {"units": 64}))
    td = call_failure(
        wrapped,
        "Shapes used to initialize variables must be fully-defined (no `None` dimensions). "
        "Received: shape=(None, 256) for variable path='time_distributed/lstm/lstm_cell/kernel'",
        [[None, 20, 1]],
        None,
    )
    assert (
        td[0]
        == "TimeDistributed(LSTM) passes each step of (batch, 20, 1) to the LSTM as (batch, 1)"
    )
    assert "Remove TimeDistributed" in td[1] and "fully-defined" in td[1]
    unknown = construct_failure(
        LayerNode("Dense", {}), "Unrecognized keyword arguments passed to Dense: {'init': 'u'}"
    )
    assert "`init=`" in unknown[0]
    static = ("LSTM receives (batch, 3)", "Static says fine.")
    assert call_failure(lstm, "weird", [[None, 3]], static) == (
        "LSTM receives (batch, 3)",
        'Static says fine. Building the model in Keras 3 fails here: "weird".',
    )
    for message, help in (ndim, td, unknown, call_failure(lstm, "odd", [[None, 3]], None)):
        assert len(message) <= MESSAGE_LIMIT and "\n" not in message and help


def test_synthetic_data_is_balanced_shaped_and_learnable() -> None:
    np = pytest.importorskip("numpy")
    from kerascheck.dynamic import synthetic

    rng = np.random.default_rng(0)
    task = synthetic.task_for("sparse_categorical_crossentropy", (20, 4), False, "softmax")
    inputs = [synthetic.InputSpec((20, 3)), synthetic.InputSpec((20,), int_range=(0, 50))]
    train, held = synthetic.make_datasets(inputs, task, (400, 200), rng)
    assert train.x[0].shape == (400, 20, 3) and train.x[1].shape == (400, 20)
    assert train.y.shape == (400, 20)  # one label per step of the sequence output
    assert np.bincount(held.classes).tolist() == [50, 50, 50, 50]
    assert train.x[1].min() >= 1 and train.x[1].max() < 50
    # learnable: nearest class mean of the time-averaged inputs separates the classes
    means = np.stack([train.x[0][train.classes == c].mean(axis=(0, 1)) for c in range(4)])
    averaged = held.x[0].mean(axis=1)
    guess = np.argmin(((averaged[:, None, :] - means[None]) ** 2).sum(-1), axis=1)
    assert (guess == held.classes).mean() > 0.9
    regression = synthetic.task_for("mean_squared_error", (1,), False, "sigmoid")
    (data,) = synthetic.make_datasets([synthetic.InputSpec((5,))], regression, (100,), rng)
    assert data.y.min() > 0 and data.y.max() < 1  # a sigmoid output can reach the targets


def test_rule_files_are_valid_catalogue_entries() -> None:
    paths = sorted(RULES.glob("KC9*.toml"))
    assert [p.stem for p in paths] == [f"KC90{i}" for i in range(1, 7)]
    for path in paths:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data.pop("dynamic") is True
        rule = _parse_rule(path, data)
        assert rule.code == path.stem


# --- real TensorFlow, one shared worker run ------------------------------------------------


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DynamicFileResult]:
    """``--train-check`` on every test script at once: one subprocess, one TF import."""
    folder = tmp_path_factory.mktemp("dynamic")
    marker = folder / "side_effect.txt"
    (folder / "measurements.csv").write_text(
        "".join(f"{i % 7},{i % 5 * 10},{i % 3},{i % 2}\n" for i in range(40))
    )
    files = {
        "seed": (SEED.read_bytes(), "example3.py"),
        "good_lstm": (GOOD_LSTM, "good_lstm.py"),
        "side_effect": (side_effect_script(marker), str(folder / "side_effect.py")),
        "legacy": (LEGACY_SOFTMAX, "legacy.py"),
        "attention": (ATTENTION, "attention.py"),
        "csv": (FROM_CSV, str(folder / "from_csv.py")),
        "random_labels": (RANDOM_LABELS, "random_labels.py"),
        "stacked": (STACKED_LSTM, "stacked.py"),
    }
    for index, (code, kind, _, source) in enumerate(EXAMPLES):
        files[f"{code}-{kind}-{index}"] = (source, f"{code.lower()}_{kind}_{index}.py")
    options = DynamicOptions(train_check=True, max_steps=STEPS)
    results = lint_many_dynamic(list(files.values()), options)
    out = dict(zip(files, results, strict=True))
    out["_marker"] = marker  # type: ignore[assignment]
    return out


@pytest.mark.parametrize(
    ("code", "kind", "line", "source"),
    [pytest.param(*e, id=f"{e[0]}-{e[1]}-{i}", marks=needs_tf) for i, e in enumerate(EXAMPLES)],
)
def test_rule_examples(
    trained: dict[str, DynamicFileResult], code: str, kind: str, line: int | None, source: bytes
) -> None:
    index = EXAMPLES.index((code, kind, line, source))
    result = trained[f"{code}-{kind}-{index}"]
    assert result.file.internal_errors == []
    found = rows(result, code)
    if kind == "bad":
        assert line in found, (
            f"{code} expected at {line}, found {[str(d) for d in dynamic(result)]}"
        )
    else:
        assert found == [], [d.message for d in dynamic(result)]


@tf_test
def test_seed_example3_build_failure_confirms_the_static_finding(
    trained: dict[str, DynamicFileResult],
) -> None:
    """One finding per problem: KC203 already explains it, the build confirms it."""
    result = trained["seed"]
    assert [d for d in dynamic(result) if d.code == "KC901"] == []
    (finding,) = [d for d in result.file.diagnostics if d.code == "KC203"]
    source = SEED.read_bytes()
    assert finding.span is not None
    assert finding.span.start.row == row_of(source, "TimeDistributed(LSTM(64")
    (confirmed,) = [r for r in finding.related if r.message.startswith("confirmed:")]
    assert "Keras fails to build here" in confirmed.message
    assert "Shapes used to initialize variables must be fully-defined" in confirmed.message
    assert confirmed.span is not None and confirmed.span.start.row == finding.span.start.row
    assert "<- does not build" in result.shapes


@tf_test
def test_a_failure_at_the_layer_kc201_feeds_confirms_kc201(
    trained: dict[str, DynamicFileResult],
) -> None:
    result = trained["stacked"]
    assert dynamic(result) == []
    (finding,) = [d for d in result.file.diagnostics if d.code == "KC201"]
    (note,) = finding.related
    assert note.message.startswith("confirmed: Keras fails to build here")
    assert note.span is not None and note.span.start.row == row_of(STACKED_LSTM, "LSTM(16)")


@tf_test
def test_every_dynamic_finding_is_concise_with_help(
    trained: dict[str, DynamicFileResult],
) -> None:
    from test_messages import problems_of  # the style every finding is held to

    found = [d for key, result in trained.items() if key != "_marker" for d in dynamic(result)]
    assert {d.code for d in found} >= {"KC901", "KC903", "KC904", "KC905"}
    problems = [problem for finding in found for problem in problems_of(finding)]
    assert not problems, "\n".join(problems)


@tf_test
def test_a_correct_lstm_classifier_has_no_dynamic_finding(
    trained: dict[str, DynamicFileResult],
) -> None:
    result = trained["good_lstm"]
    assert dynamic(result) == []
    numbers = measured(result)
    assert numbers["steps"] == STEPS
    assert numbers["accuracy_after"][0] > 0.9  # it did learn the synthetic signal
    (note,) = result.notes  # good news is a note, not a finding
    assert note.name == "passed" and note.message.startswith("training check passed")


@tf_test
def test_keras1_spellings_are_translated_and_the_model_trained(
    trained: dict[str, DynamicFileResult],
) -> None:
    """Dense(1, init='uniform', activation='softmax'): built as meant, and its KC906 found."""
    result = trained["legacy"]
    assert "KC901" not in {d.code for d in dynamic(result)}
    (finding,) = [d for d in dynamic(result) if d.code in ("KC903", "KC906")]
    assert "softmax" in said(finding)
    (related,) = [r for r in finding.related if "Keras 1/2 spellings" in r.message]
    assert "init= -> kernel_initializer=" in related.message
    assert related.span is not None and related.span.start.row == row_of(LEGACY_SOFTMAX, "12,")
    (note,) = [n for n in result.notes if n.name == "translated"]
    assert "init= -> kernel_initializer= (2x)" in note.message
    assert "lr= -> learning_rate=" in note.message and "decay= dropped" in note.message


@tf_test
def test_multi_head_attention_called_with_two_tensors_builds_and_trains(
    trained: dict[str, DynamicFileResult],
) -> None:
    result = trained["attention"]
    assert dynamic(result) == [], [d.message for d in dynamic(result)]
    assert result.report is not None and result.report.outcome is not None
    (plan,) = result.report.plans
    assert plan.key in result.report.outcome.trained
    assert [n.name for n in result.notes] == ["passed"]


@tf_test
def test_a_data_file_next_to_the_script_gives_the_feature_count(
    trained: dict[str, DynamicFileResult],
) -> None:
    result = trained["csv"]
    assert result.report is not None
    (plan,) = result.report.plans
    assert plan.spec is not None and plan.spec["nodes"][0]["shape"] == [3]
    notes = [n.message for n in result.notes if n.name == "input"]
    assert notes == [
        "the data's shapes were read from a sample of measurements.csv (40 rows, 4 columns)"
    ]
    assert "KC901" not in {d.code for d in dynamic(result)}


@tf_test
def test_tiny_learning_rate_is_static_loss_at_the_learning_rate(
    trained: dict[str, DynamicFileResult],
) -> None:
    result = trained[next(k for k in trained if k.startswith("KC903-bad"))]
    (finding,) = [d for d in dynamic(result) if d.code == "KC903"]
    assert "learning rate 1e-08" in finding.help
    assert finding.span is not None
    source = next(e[3] for e in EXAMPLES if e[:2] == ("KC903", "bad"))
    line = source.decode().splitlines()[finding.span.start.row - 1]
    assert line[finding.span.start.column - 1 :].startswith("learning_rate=1e-8")


@tf_test
def test_sgd_learning_rate_5_on_regression_goes_non_finite(
    trained: dict[str, DynamicFileResult],
) -> None:
    result = trained[next(k for k in trained if k.startswith("KC904-bad"))]
    (finding,) = [d for d in dynamic(result) if d.code == "KC904"]
    assert finding.severity == Severity.ERROR
    assert "at training step" in finding.message
    assert "learning rate 5" in finding.help and "far above" in finding.help


@tf_test
def test_single_unit_softmax_is_chance_accuracy_or_static_loss(
    trained: dict[str, DynamicFileResult],
) -> None:
    result = trained[next(k for k in trained if k.startswith("KC906-bad"))]
    codes = {d.code for d in dynamic(result)}
    assert codes & {"KC903", "KC906"}
    (finding,) = [d for d in dynamic(result) if d.code in ("KC903", "KC906")]
    assert "softmax" in said(finding)


@tf_test
def test_random_labels_the_model_can_learn_the_data_is_the_problem(
    trained: dict[str, DynamicFileResult],
) -> None:
    """The passed check becomes a related note on KC102, never a finding of its own."""
    result = trained["random_labels"]
    assert dynamic(result) == [] and result.notes == []
    (static,) = [d for d in result.file.diagnostics if d.code == "KC102"]
    (note,) = [r for r in static.related if "the data is the problem" in r.message]
    assert note.message.startswith("confirmed: the model learns synthetic data")


@tf_test
def test_the_users_script_never_runs(trained: dict[str, DynamicFileResult]) -> None:
    marker: Path = trained["_marker"]  # type: ignore[assignment]
    result = trained["side_effect"]
    assert not marker.exists() and not Path(str(marker) + "-shell").exists()
    assert result.report is not None and result.report.outcome is not None
    key = result.report.plans[0].key
    assert key in result.report.outcome.built and key in result.report.outcome.trained


# --- real TensorFlow, dedicated runs ---------------------------------------------------------


@tf_test
def test_instantiate_only_confirms_shapes_and_runs_no_script(tmp_path: Path) -> None:
    marker = tmp_path / "ran.txt"
    kc902 = next(e[3] for e in EXAMPLES if e[:2] == ("KC902", "bad"))
    files = [(side_effect_script(marker), str(tmp_path / "s.py")), (kc902, "kc902.py")]
    side, mismatch = lint_many_dynamic(files, DynamicOptions(instantiate=True))
    assert not marker.exists()
    assert dynamic(side) == []
    assert side.report is not None and side.report.outcome is not None
    assert side.report.outcome.trained == {}  # instantiate does not train
    table = side.shapes.splitlines()
    assert table[0].startswith(f"sequential model at {tmp_path / 's.py'}:")
    assert any("Dense" in line and "(batch, 8)" in line and "56" in line for line in table)
    (finding,) = dynamic(mismatch)
    assert finding.code == "KC902" and "(batch, 24, 1)" in finding.message
    assert finding.related and finding.related[0].span is not None


@tf_test
def test_results_are_deterministic(trained: dict[str, DynamicFileResult]) -> None:
    """Alone, in a new worker, the model measures exactly what it did among the others."""
    (again,) = lint_many_dynamic(
        [(GOOD_LSTM, "good_lstm.py")], DynamicOptions(train_check=True, max_steps=STEPS)
    )
    before, after = measured(trained["good_lstm"]), measured(again)
    for key in ("loss_before", "loss_after", "accuracy_after", "gradients_before", "steps"):
        assert before[key] == after[key], key


@tf_test
def test_data_option_tells_model_problems_from_data_problems(tmp_path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(3)
    arrays = tmp_path / "arrays.npz"
    np.savez(arrays, x=rng.random((400, 8)).astype("float32"), y=rng.integers(0, 2, 400))
    source = RANDOM_LABELS
    options = DynamicOptions(train_check=True, max_steps=STEPS, data=str(arrays))
    (result,) = lint_many_dynamic([(source, "user_data.py")], options)
    (finding,) = [d for d in dynamic(result) if d.severity >= Severity.WARNING]
    assert finding.code in ("KC903", "KC906")
    assert "your --data arrays" in finding.help
    assert "the model can learn; the data is the problem" in finding.help
    assert "labels are random (KC102)" in finding.help


@tf_test
def test_a_worker_that_takes_too_long_is_stopped_and_reported() -> None:
    started = time.monotonic()
    (result,) = lint_many_dynamic(
        [(GOOD_LSTM, "slow.py")], DynamicOptions(train_check=True, timeout_seconds=0.5)
    )
    assert time.monotonic() - started < 15
    assert dynamic(result) == []  # the sandbox's failure is not the model's
    (note,) = result.notes
    assert note.name == "skipped"
    assert "did not finish" in note.message and "`timeout`" in note.message
    assert note.span is not None and note.span.start.row == row_of(GOOD_LSTM, "Sequential")


@tf_test
def test_a_worker_over_its_memory_cap_is_reported() -> None:
    (result,) = lint_many_dynamic([(GOOD_LSTM, "big.py")], DynamicOptions(memory_mb=300))
    assert dynamic(result) == []
    (note,) = result.notes
    assert "memory" in note.message and "`memory-mb`" in note.message


@tf_test
def test_a_worker_that_cannot_import_tensorflow_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "tensorflow"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('No module named tensorflow')\n")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    )
    report = run_dynamic_report(
        frontend_for("a.py")(GOOD_LSTM, "a.py").ir, [], DynamicOptions(train_check=True)
    )
    assert report.diagnostics == []
    (note,) = report.notes
    assert note.kind == "skipped" and INSTALL_HINT in note.message
