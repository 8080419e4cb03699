"""The config frontend: saved Keras models (JSON, .keras, .h5) go through the same rules as code.

The fixtures in ``fixtures/configs`` were written by real Keras 3 (``generate.py``), except the
two Keras 2 formats, which Keras 3 can no longer write. Expected rows and columns are found in
the fixture's own text (the line of the layer's ``{``), never taken from the linter.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerascheck.diagnostics import Severity
from kerascheck.engine import FileResult, lint_source
from kerascheck.frontends import frontend_for
from kerascheck.frontends.config.jsontext import JsonFailure, JsonObject, member_spans, parse
from kerascheck.frontends.config.readers import ConfigLoaded, read_json
from kerascheck.ir import UNKNOWN, ModuleIR

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "fixtures" / "configs"


def lint(path: Path) -> FileResult:
    return lint_source(path.read_bytes(), str(path))


def lint_json(document: Any, name: str = "model.json") -> FileResult:
    return lint_source(json.dumps(document, indent=2).encode(), name)


def codes(result: FileResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def place(result: FileResult) -> tuple[str, int, int]:
    (finding,) = result.diagnostics
    assert finding.span is not None
    return finding.code, finding.span.start.row, finding.span.start.column


def object_start(text: str, marker: str, occurrence: int = 0) -> tuple[int, int]:
    """Row and column of the ``{`` opening the object whose line holds ``marker`` (indented JSON)."""
    lines = text.splitlines()
    hits = [i for i, line in enumerate(lines) if marker in line]
    index = hits[occurrence]
    while lines[index].strip() != "{":
        index -= 1
    return index + 1, lines[index].index("{") + 1


def member_start(text: str, marker: str) -> tuple[int, int]:
    """Row and column of the line holding ``"key": value``."""
    for row, line in enumerate(text.splitlines(), 1):
        if marker in line:
            return row, line.index(marker) + 1
    raise AssertionError(marker)


def config_json(archive: Path) -> str:
    return zipfile.ZipFile(archive).read("config.json").decode()


def ir_of(document: Any, name: str = "model.json") -> ModuleIR:
    result = lint_json(document, name)
    assert result.ir is not None, result.diagnostics
    return result.ir


# --- JSON with positions ----------------------------------------------------------------------

KEYS = st.text(alphabet=st.sampled_from('ab"\\{}[],: \u00e9'), min_size=0, max_size=6)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | KEYS
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=25,
)


def objects(value: Any) -> list[JsonObject]:
    found: list[JsonObject] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, JsonObject):
            found.append(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return found


@settings(max_examples=200, deadline=None)
@given(document=DOCUMENTS, indent=st.sampled_from([None, 1, 2]))
def test_every_object_knows_its_own_text_and_each_member_its_key_and_value(
    document: Any, indent: int | None
) -> None:
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    parsed = parse(text, 512)
    assert parsed == document
    for obj in objects(parsed):
        assert json.loads(text[obj.start : obj.end]) == obj
        spans = member_spans(text, obj)
        assert set(spans) == set(obj)
        for key, (start, end) in spans.items():
            assert json.loads("{" + text[start:end] + "}") == {key: obj[key]}


def test_a_syntax_error_names_the_parser_line_and_column() -> None:
    with pytest.raises(JsonFailure, match="line 3, column 8: Expecting value"):
        parse('{\n  "a": 1,\n  "b": }\n', 512)


# --- Keras 3 configs written by Keras -----------------------------------------------------------


def test_to_json_of_stacked_lstms_gives_kc201_at_the_first_lstm() -> None:
    path = CONFIGS / "stacked_lstm.json"
    text = path.read_text()
    assert place(lint(path)) == ("KC201", *object_start(text, '"class_name": "LSTM"'))


def test_a_json_finding_has_no_member_suffix() -> None:
    (finding,) = lint(CONFIGS / "stacked_lstm.json").diagnostics
    assert not finding.message.endswith("]")
    assert finding.filename.endswith("stacked_lstm.json")


def test_clean_sequential_gives_nothing_and_declares_its_input() -> None:
    result = lint(CONFIGS / "clean_sequential.json")
    assert result.diagnostics == []
    assert result.ir is not None
    (model,) = result.ir.models
    assert [n.layer.cls for n in model.nodes] == ["InputLayer", "LSTM", "LSTM", "Dense"]
    assert model.nodes[0].layer.params == {"shape": (20, 1)}
    assert model.inputs == [model.nodes[0]]
    assert model.nodes[1].layer.params["return_sequences"] is True


def test_archive_with_single_unit_softmax_gives_kc205_inside_config_json() -> None:
    path = CONFIGS / "binary_softmax.keras"
    text = config_json(path)
    start = text.index(
        '{"module": "keras.layers", "class_name": "Dense", "config": {"name": "output"'
    )
    result = lint(path)
    assert place(result) == ("KC205", 1, start + 1)
    assert result.diagnostics[0].message.endswith("[config.json: layers[2] output]")


def test_archive_compile_config_becomes_compile_info() -> None:
    result = lint(CONFIGS / "binary_softmax.keras")
    assert result.ir is not None
    (model,) = result.ir.models
    assert model.compile is not None
    assert model.compile.loss is not None
    assert model.compile.loss.name == "binary_crossentropy"
    assert model.compile.metrics == ["accuracy"]
    optimizer = model.compile.optimizer
    assert optimizer is not None and optimizer.name == "Adam"
    assert optimizer.learning_rate == pytest.approx(0.001)
    assert result.ir.optimizers == [optimizer]


def test_clean_archive_gives_nothing() -> None:
    result = lint(CONFIGS / "clean_classifier.keras")
    assert result.diagnostics == []
    assert result.internal_errors == []
    assert result.ir is not None and result.ir.models[0].compile is not None


def test_extreme_learning_rate_in_an_archive_gives_kc301_at_the_optimizer() -> None:
    path = CONFIGS / "extreme_learning_rate.keras"
    text = config_json(path)
    start = text.index('{"module": "keras.optimizers", "class_name": "Adam"')
    result = lint(path)
    assert place(result) == ("KC301", 1, start + 1)
    assert result.diagnostics[0].message.endswith("[config.json: compile_config / optimizer]")


def test_nested_model_is_linted_as_a_model_and_opaque_in_the_outer_graph() -> None:
    path = CONFIGS / "nested_head.keras"
    result = lint(path)
    assert codes(result) == ["KC205"]
    assert result.diagnostics[0].message.endswith(
        "[config.json: layers[2] head / layers[2] head_output]"
    )
    assert result.ir is not None
    outer, inner = result.ir.models
    assert (outer.name, inner.name) == ("nested", "head")
    assert outer.nodes[-1].layer.cls == "" and outer.nodes[-1].layer.spelled == "Sequential"
    assert outer.complete is False
    assert [n.layer.cls for n in inner.nodes] == ["InputLayer", "Dense", "Dense"]


@pytest.mark.skipif(importlib.util.find_spec("h5py") is None, reason="h5py is not installed")
def test_h5_model_is_read_through_its_model_config_attribute() -> None:
    result = lint(CONFIGS / "binary_softmax.h5")
    assert codes(result) == ["KC205"]
    assert result.diagnostics[0].message.endswith("[model_config: layers[2] output]")
    assert result.ir is not None
    compiled = result.ir.models[0].compile
    assert compiled is not None and compiled.loss is not None
    assert compiled.loss.name == "binary_crossentropy"


def test_missing_h5py_is_one_info_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "h5py", None)  # makes `import h5py` fail
    result = lint(CONFIGS / "binary_softmax.h5")
    (finding,) = result.diagnostics
    assert (finding.code, finding.severity) == ("KC002", Severity.INFO)
    assert "h5py" in finding.message and "pip install h5py" in finding.help


# --- Keras 2 configs --------------------------------------------------------------------------


def test_keras2_time_distributed_lstm_gives_kc203_at_the_wrapper() -> None:
    path = CONFIGS / "keras2_time_distributed_lstm.json"
    text = path.read_text()
    result = lint(path)
    assert place(result) == ("KC203", *object_start(text, '"class_name": "TimeDistributed"'))
    assert result.ir is not None
    first = result.ir.models[0].nodes[0]
    assert first.layer.cls == "InputLayer" and first.layer.params == {"shape": (20, 1)}
    assert first.layer.anchor.span.start.row == member_start(text, '"batch_input_shape"')[0]


def test_keras2_functional_config_gives_kc201_through_old_inbound_nodes() -> None:
    path = CONFIGS / "keras2_functional.json"
    text = path.read_text()
    result = lint(path)
    assert place(result) == ("KC201", *object_start(text, '"class_name": "LSTM"'))
    assert result.ir is not None
    (model,) = result.ir.models
    assert [n.layer.cls for n in model.nodes] == ["InputLayer", "LSTM", "LSTM", "Dense"]
    assert all(
        node.inputs == [before] for before, node in zip(model.nodes, model.nodes[1:], strict=False)
    )


def test_keras2_two_input_model_merges_both_branches_cleanly() -> None:
    result = lint(CONFIGS / "keras2_two_inputs.json")
    assert result.diagnostics == []
    assert result.ir is not None
    (model,) = result.ir.models
    concat = next(n for n in model.nodes if n.layer.cls == "Concatenate")
    assert [i.layer.cls for i in concat.inputs] == ["LSTM", "Dense"]
    assert [n.layer.params["shape"] for n in model.inputs] == [(20, 1), (7,)]
    assert model.complete


def test_keras2_sequential_with_config_as_a_list() -> None:
    """Keras 2.0/2.1 wrote a Sequential's layers directly as its config."""
    layers = [
        {
            "class_name": "LSTM",
            "config": {"name": "a", "units": 32, "batch_input_shape": [None, 5, 2]},
        },
        {"class_name": "LSTM", "config": {"name": "b", "units": 16}},
    ]
    result = lint_json({"class_name": "Sequential", "config": layers})
    assert codes(result) == ["KC201"]


# --- Keras 3 functional graphs, written here in Keras 3's format -------------------------------


def tensor(name: str, node: int = 0, index: int = 0) -> dict[str, Any]:
    history = [name, node, index]
    return {
        "class_name": "__keras_tensor__",
        "config": {"shape": [None, 4], "keras_history": history},
    }


def keras3_layer(
    cls: str, name: str, inputs: list[Any] | None = None, **config: Any
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "module": "keras.layers",
        "class_name": cls,
        "config": {"name": name, "trainable": True, **config},
        "registered_name": None,
        "name": name,
        "inbound_nodes": [] if inputs is None else [{"args": inputs, "kwargs": {}}],
    }
    return entry


def keras3_input(name: str, *shape: int) -> dict[str, Any]:
    return keras3_layer("InputLayer", name, batch_shape=[None, *shape])


def functional(layers: list[Any], inputs: Any, outputs: Any) -> dict[str, Any]:
    return {
        "module": "keras.src.models.functional",
        "class_name": "Functional",
        "config": {"name": "f", "layers": layers, "input_layers": inputs, "output_layers": outputs},
        "registered_name": "Functional",
    }


def test_shared_layer_and_concatenate_in_keras3_format() -> None:
    shared = keras3_layer("Dense", "shared", [tensor("a")], units=8, activation="relu")
    shared["inbound_nodes"].append({"args": [tensor("b")], "kwargs": {}})
    merge = keras3_layer("Concatenate", "merge", [[tensor("shared", 0), tensor("shared", 1)]])
    out = keras3_layer("Dense", "out", [tensor("merge")], units=1, activation="sigmoid")
    document = functional(
        [keras3_input("a", 4), keras3_input("b", 4), shared, merge, out],
        [["a", 0, 0], ["b", 0, 0]],
        ["out", 0, 0],
    )
    (model,) = ir_of(document).models
    merge_node = next(n for n in model.nodes if n.layer.cls == "Concatenate")
    first, second = merge_node.inputs
    assert first.layer is second.layer and first is not second
    assert [i.layer.params["shape"] for i in (first.inputs[0], second.inputs[0])] == [(4,), (4,)]
    assert model.complete and model.output is model.nodes[-1]


def test_functional_layers_listed_backwards_build_the_same_chain() -> None:
    layers = [
        keras3_input("x", 20, 1),
        keras3_layer("LSTM", "lstm", [tensor("x")], units=32),
        keras3_layer("LSTM", "lstm_1", [tensor("lstm")], units=16),
        keras3_layer("Dense", "dense", [tensor("lstm_1")], units=1),
    ]
    forwards = ir_of(functional(layers, ["x", 0, 0], ["dense", 0, 0])).models[0]
    backwards = ir_of(functional(layers[::-1], ["x", 0, 0], ["dense", 0, 0])).models[0]
    for model in (forwards, backwards):
        names = [n.layer.params.get("name") for n in model.nodes]
        assert names == [None, "lstm", "lstm_1", "dense"]
    assert codes(lint_json(functional(layers[::-1], ["x", 0, 0], ["dense", 0, 0]))) == ["KC201"]


def test_a_second_output_of_a_layer_is_an_unknown_input() -> None:
    """``lstm, h, c = LSTM(..., return_state=True)(x)``: the states are not the output."""
    layers = [
        keras3_input("x", 20, 1),
        keras3_layer("LSTM", "lstm", [tensor("x")], units=32, return_state=True),
        keras3_layer("Dense", "dense", [tensor("lstm", 0, 1)], units=1),
    ]
    (model,) = ir_of(functional(layers, ["x", 0, 0], ["dense", 0, 0])).models
    assert model.nodes[-1].inputs[0].layer.cls == ""
    assert model.complete is False


def test_time_distributed_dense_in_keras3_format_gives_kc204_at_the_wrapper() -> None:
    inner = {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 4}}
    wrapper = keras3_layer("TimeDistributed", "td", [tensor("x")], layer=inner)
    document = functional([keras3_input("x", 20, 8), wrapper], ["x", 0, 0], ["td", 0, 0])
    text = json.dumps(document, indent=2)
    result = lint_source(text.encode(), "td.json")
    assert place(result) == ("KC204", *object_start(text, '"class_name": "TimeDistributed"'))
    assert result.ir is not None
    td = result.ir.models[0].nodes[-1].layer
    assert td.inner is not None and td.inner is td.params["layer"] and td.inner.cls == "Dense"


@pytest.mark.parametrize(
    ("backward_name", "kept"), [("backward_lstm", False), ("my_own_backward", True)]
)
def test_bidirectional_keeps_its_forward_layer_and_drops_keras_own_backward_copy(
    backward_name: str, kept: bool
) -> None:
    def lstm(name: str, backwards: bool) -> dict[str, Any]:
        config = {"name": name, "units": 4, "go_backwards": backwards}
        return {"module": "keras.layers", "class_name": "LSTM", "config": config}

    wrapper = keras3_layer(
        "Bidirectional",
        "bi",
        [tensor("x")],
        layer=lstm("forward_lstm", False),
        backward_layer=lstm(backward_name, True),
    )
    document = functional([keras3_input("x", 20, 1), wrapper], ["x", 0, 0], ["bi", 0, 0])
    result = lint_json(document)
    assert codes(result) == ["KC202"]  # four units: reported once, for the forward layer
    assert not result.diagnostics[0].message.endswith("]")  # a JSON file: no member/path
    assert result.ir is not None
    bi = result.ir.models[0].nodes[-1].layer
    assert bi.inner is not None and bi.inner.cls == "LSTM"
    assert bi.inner.params["name"] == "forward_lstm"
    assert ("backward_layer" in bi.params) is kept
    if kept:
        assert bi.params["backward_layer"] is UNKNOWN


def test_dtype_policies_become_their_names() -> None:
    policy = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "mixed_float16"}}
    (model,) = ir_of(sequential(layer("Dense", name="d", units=2, dtype=policy))).models
    assert model.nodes[0].layer.params["dtype"] == "mixed_float16"


# --- arguments ---------------------------------------------------------------------------------


def sequential(*layers: dict[str, Any]) -> dict[str, Any]:
    return {
        "module": "keras",
        "class_name": "Sequential",
        "config": {"name": "s", "layers": list(layers)},
    }


def layer(cls: str, **config: Any) -> dict[str, Any]:
    return {"module": "keras.layers", "class_name": cls, "config": config, "registered_name": None}


def test_argument_findings_point_at_the_key_and_value() -> None:
    document = sequential(
        layer("InputLayer", batch_shape=[None, 8]),
        layer("Dense", name="d", units=8, activation="relu"),
        layer("Dropout", name="drop", rate=1.5),
        layer("Dense", name="out", units=1, activation="sigmoid"),
    )
    text = json.dumps(document, indent=2)
    result = lint_source(text.encode(), "m.json")
    (finding,) = result.diagnostics
    assert finding.code == "KC208"
    assert finding.span is not None
    start, end = finding.span.start, finding.span.end
    assert (start.row, start.column) == member_start(text, '"rate": 1.5')
    assert (end.row, end.column) == (start.row, start.column + len('"rate": 1.5'))


def test_params_keep_literals_and_hide_serialized_objects() -> None:
    leaky = layer("LeakyReLU", name="lr", negative_slope=0.3)
    document = sequential(
        layer("InputLayer", batch_shape=[None, 28, 28, 1]),
        layer(
            "Conv2D",
            name="c",
            filters=8,
            kernel_size=[3, 3],
            activation=leaky,
            kernel_initializer={"class_name": "GlorotUniform", "config": {"seed": None}},
        ),
    )
    (model,) = ir_of(document).models
    conv = model.nodes[1].layer
    assert conv.params["kernel_size"] == (3, 3)
    assert conv.params["activation"] is UNKNOWN
    assert conv.params["kernel_initializer"] is UNKNOWN
    assert conv.positional == ()
    assert set(conv.param_anchors) == set(conv.params)


def test_custom_and_unknown_classes_are_unresolved_and_silent() -> None:
    custom = {
        "module": "my_package.layers",
        "class_name": "Dense",  # a user's own class that happens to share a Keras name
        "config": {"name": "mine", "units": 1, "activation": "softmax"},
        "registered_name": "MyPackage>Dense",
    }
    unknown = layer("NoSuchLayer", name="x")
    result = lint_json(sequential(layer("InputLayer", batch_shape=[None, 4]), unknown, custom))
    assert result.diagnostics == []
    assert result.ir is not None
    (model,) = result.ir.models
    assert [(n.layer.cls, n.layer.spelled) for n in model.nodes[1:]] == [
        ("", "NoSuchLayer"),
        ("", "Dense"),
    ]
    assert model.complete is False


def test_keras1_class_names_are_canonical_and_keep_their_spelling() -> None:
    (model,) = ir_of(
        {
            "class_name": "Sequential",
            "config": {
                "layers": [
                    {
                        "class_name": "Convolution2D",
                        "config": {
                            "filters": 4,
                            "kernel_size": [3, 3],
                            "batch_input_shape": [None, 8, 8, 1],
                        },
                    },
                ]
            },
        }
    ).models
    conv = model.nodes[1].layer
    assert (conv.cls, conv.spelled) == ("Conv2D", "Convolution2D")


# --- compile configs -----------------------------------------------------------------------


def compiled(compile_config: dict[str, Any]) -> dict[str, Any]:
    document = sequential(
        layer("InputLayer", batch_shape=[None, 4]),
        layer("Dense", name="out", units=1, activation="sigmoid"),
    )
    return {**document, "compile_config": compile_config}


def optimizer(name: str, **config: Any) -> dict[str, Any]:
    return {
        "module": "keras.optimizers",
        "class_name": name,
        "config": config,
        "registered_name": None,
    }


def test_a_learning_rate_schedule_is_unknown_and_silent() -> None:
    schedule = {
        "module": "keras.optimizers.schedules",
        "class_name": "ExponentialDecay",
        "config": {"initial_learning_rate": 5.0},
        "registered_name": None,
    }
    result = lint_json(compiled({"optimizer": optimizer("Adam", learning_rate=schedule)}))
    assert result.diagnostics == []
    assert result.ir is not None
    (info,) = result.ir.optimizers
    assert info.name == "Adam" and info.learning_rate is UNKNOWN


def test_keras2_optimizer_spellings() -> None:
    """tf.keras 2.11+ wrote "Custom>Adam"; Keras 2.0 wrote lr; every Keras 2 wrote decay=0.0."""
    config = {
        "optimizer_config": {
            "class_name": "Custom>Adam",
            "config": {"lr": 0.5, "decay": 0.0, "beta_1": 0.9},
        }
    }
    result = lint_json(compiled(config))
    assert codes(result) == ["KC301"]
    assert result.ir is not None
    (info,) = result.ir.optimizers
    assert (info.name, info.learning_rate) == ("Adam", 0.5)
    assert "lr" not in info.params and "decay" not in info.params


def test_a_real_keras2_decay_is_reported_as_lost() -> None:
    config = {
        "optimizer_config": {"class_name": "SGD", "config": {"learning_rate": 0.01, "decay": 1e-4}}
    }
    assert codes(lint_json(compiled(config))) == ["KC303"]


def test_losses_and_metrics_in_their_serialized_forms() -> None:
    function_loss = {
        "module": "builtins",
        "class_name": "function",
        "config": "mse",
        "registered_name": "function",
    }
    metric = {"module": "keras.metrics", "class_name": "BinaryAccuracy", "config": {}}
    result = lint_json(
        compiled(
            {"optimizer": "adam", "loss": function_loss, "metrics": ["acc", metric, ["nested"]]}
        )
    )
    assert result.ir is not None
    info = result.ir.models[0].compile
    assert info is not None and info.loss is not None
    assert (info.loss.name, info.loss.from_logits) == ("mean_squared_error", None)
    assert info.metrics == ["accuracy", "binary_accuracy", UNKNOWN]
    # accuracy with mse: Keras 3 resolves "accuracy" from the labels, which a config does not
    # hold, so KC302 stays silent (it fires only on targets known to be continuous)
    assert codes(result) == []


def test_loss_class_with_from_logits() -> None:
    loss = {
        "module": "keras.losses",
        "class_name": "BinaryCrossentropy",
        "config": {"from_logits": True},
        "registered_name": None,
    }
    info = ir_of(compiled({"optimizer": "adam", "loss": loss})).models[0].compile
    assert info is not None and info.loss is not None
    assert (info.loss.name, info.loss.from_logits) == ("binary_crossentropy", True)


def test_an_uncompiled_model_has_no_compile_info() -> None:
    assert (
        ir_of({**sequential(layer("Dense", units=1)), "compile_config": {}}).models[0].compile
        is None
    )


# --- which files are configs ---------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        {"name": "my-app", "version": "1.0.0", "dependencies": {}},
        {"class_name": "Dense", "config": {"units": 1}},
        {"class_name": "Sequential", "config": "not a model"},
        [{"class_name": "Sequential", "config": {}}],
        {"module": "my_package", "class_name": "Sequential", "config": {"layers": []}},
    ],
)
def test_json_that_is_not_a_keras_model_config_is_skipped_silently(document: Any) -> None:
    result = lint_json(document, "package.json")
    assert result.diagnostics == [] and result.internal_errors == [] and result.ir is None


@pytest.mark.parametrize(
    "source",
    [
        b'{"class_name": "person", "box": [1, 2]}\n{"class_name": "car", "box": [3, 4]}\n',
        b'{"labels": {"class_name": "Dense"}, "broken": ',
        b'\x00\x01 binary "class_name"',
    ],
)
def test_invalid_json_that_is_not_a_model_config_is_skipped_silently(source: bytes) -> None:
    result = lint_source(source, "annotations.json")
    assert result.diagnostics == [] and result.internal_errors == []


def test_the_suffix_picks_the_config_readers() -> None:
    for name in ("m.json", "m.keras", "M.KERAS", "m.h5"):
        assert frontend_for(name).__module__ == "kerascheck.frontends.config.readers"


def test_lambda_keeps_its_data_and_loses_its_code() -> None:
    code = {
        "class_name": "__lambda__",
        "config": {"code": "4wEAAA==", "defaults": None, "closure": None},
    }
    document = sequential(
        layer("InputLayer", batch_shape=[None, 4]),
        layer("Lambda", name="double", function=code, output_shape=[4], arguments={}),
    )
    loaded = read_json(json.dumps(document).encode(), "m.json")
    assert isinstance(loaded, ConfigLoaded)
    lam = loaded.ir.models[0].nodes[-1].layer
    assert lam.cls == "Lambda"
    assert set(lam.params) == {"name", "output_shape", "arguments"}
    assert lam.params["output_shape"] == (4,)
    (note,) = loaded.notes
    assert (note.code, note.severity) == ("KC002", Severity.INFO)
    assert "'double'" in note.message


def test_a_lambda_naming_a_function_has_no_note() -> None:
    by_name = {
        "module": "builtins",
        "class_name": "function",
        "config": "double",
        "registered_name": "function",
    }
    document = sequential(layer("Lambda", name="double", function=by_name))
    loaded = read_json(json.dumps(document).encode(), "m.json")
    assert isinstance(loaded, ConfigLoaded) and loaded.notes == []


# --- the static path and real Keras ----------------------------------------------------------


def test_linting_configs_imports_nothing_heavy() -> None:
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kerascheck.engine import lint_source\n"
        f"for name in ('stacked_lstm.json', 'binary_softmax.keras'):\n"
        f"    path = Path({str(CONFIGS)!r}) / name\n"
        "    assert lint_source(path.read_bytes(), str(path)).diagnostics\n"
        "heavy = ('tensorflow', 'keras', 'numpy', 'h5py', 'jax', 'torch', 'marshal')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy and m != 'marshal'))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert output == "[]"


def _normalised(value: Any) -> Any:
    """Keras writes object ids (``shared_object_id``) that change from run to run."""
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items() if k != "shared_object_id"}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return value


def test_fixtures_match_what_keras_writes_today(tmp_path: Path) -> None:
    if importlib.util.find_spec("keras") is None:
        pytest.skip("keras is not installed (the tf extra)")
    names = ["stacked_lstm.json", "binary_softmax.keras"]
    subprocess.run(
        [sys.executable, str(CONFIGS / "generate.py"), "--out", str(tmp_path), *names],
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh_json = json.loads((tmp_path / names[0]).read_text())
    assert _normalised(fresh_json) == _normalised(json.loads((CONFIGS / names[0]).read_text()))
    fresh_archive = json.loads(config_json(tmp_path / names[1]))
    assert _normalised(fresh_archive) == _normalised(json.loads(config_json(CONFIGS / names[1])))
    for name in names:
        assert codes(lint(tmp_path / name)) == codes(lint(CONFIGS / name))
