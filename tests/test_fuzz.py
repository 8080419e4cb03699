"""No input crashes the analyzer: property-based fuzzing plus the inputs that once did.

"Crash" means an exception escaping ``lint_source`` or a non-empty ``internal_errors``:
whatever the input, the user gets findings (KC001/KC002 for what cannot be read, an info
KC002 for what exceeds a limit), never a traceback. Generated inputs:

- random valid Python programs (hypothesmith, from the grammar), prefixed with ``import keras``
  so that they reach the interpreter instead of the "does not mention Keras" shortcut;
- random Keras-like scripts built from the layer vocabulary (``LAYER_SIGNATURES``) with
  random arguments: ints (negative, zero, huge), floats (nan, inf), strings, None, tuples,
  nested wrappers, loops, functions, compile and fit calls in any order;
- random JSON documents and Keras-config-shaped documents (``.json``), random zip archives
  (``.keras``), random bytes (``.h5``) and valid ``.h5`` models with mutated metadata;
- truncated and byte-flipped real scripts, binary noise, very long lines, deep nesting and
  files over the size limit.

CI runs over 2,000 generated inputs in well under a minute of linting; set
``KERASCHECK_FUZZ=long`` for 25 times as many. Every input that ever crashed kerascheck is
kept in ``tests/fuzz_regressions/`` (``name.py.input`` is linted as ``name.py``) and linted in
a child process, so that a regression to a segmentation fault fails one test, not the run.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import io
import json
import math
import os
import random
import subprocess
import sys
import time
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerascheck.catalogue import load_catalogue
from kerascheck.engine import FileResult, lint_source
from kerascheck.keras_api import ACTIVATIONS, LAYER_SIGNATURES, OPTIMIZER_DEFAULT_LR
from kerascheck.limits import MAX_NESTING, _suspicious, screen_python
from kerascheck.settings import Settings

# CPython warns about odd but valid code (``1()``) while compiling generated programs.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

ROOT = Path(__file__).resolve().parents[1]
REGRESSIONS = Path(__file__).resolve().parent / "fuzz_regressions"
SEED_SCRIPTS = sorted((ROOT / "fixtures").rglob("*.py"))

#: ``KERASCHECK_FUZZ=long`` multiplies every example count by 25; a number scales them by it.
_MODE = os.environ.get("KERASCHECK_FUZZ", "")
SCALE = 25.0 if _MODE == "long" else float(_MODE or 1)
CODES = frozenset(load_catalogue())


def fuzz_settings(examples: int) -> Any:
    return settings(
        max_examples=max(int(examples * SCALE), 1),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


def assert_no_crash(source: bytes, path: str) -> FileResult:
    """Lint; fail on an escaping exception, an internal error or a malformed finding."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)  # CPython's, on odd but valid code
        result = lint_source(source, path, Settings())
    assert result.internal_errors == [], result.internal_errors
    rows = source.count(b"\n") + 2
    for diagnostic in result.diagnostics:
        assert diagnostic.code in CODES, diagnostic
        assert diagnostic.severity is not None
        assert diagnostic.span is not None and 1 <= diagnostic.span.start.row <= rows
        assert diagnostic.filename == path
    return result


# ---------------------------------------------------------------------------------------
# Random valid programs


@functools.cache
def python_programs() -> st.SearchStrategy[str]:
    """hypothesmith's strategy, built once (building it parses Python's grammar: seconds),
    and only when this test runs."""
    import hypothesmith

    return hypothesmith.from_grammar()


@fuzz_settings(300)
@given(st.data())
def test_random_valid_programs(data: st.DataObject) -> None:
    program = data.draw(python_programs(), label="program")
    assert_no_crash(("import keras\n" + program).encode("utf-8", "surrogatepass"), "prog.py")


# ---------------------------------------------------------------------------------------
# Random Keras-like scripts


@dataclass(frozen=True)
class Raw:
    """Source code to paste as it is (a name, an expression)."""

    code: str


def render(value: Any) -> str:
    if isinstance(value, Raw):
        return value.code
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if isinstance(value, tuple):
        inner = ", ".join(render(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(render(item) for item in value) + "]"
    return repr(value)


EXPRESSIONS = [
    "x.shape[1]", "x.shape[-1]", "x.shape", "UNITS", "UNITS // 2", "-UNITS", "UNITS * 0",
    "n_classes", "len(x)", "x", "y", "undefined_name", "lambda t: t", "np.nan", "[]", "{}",
    "()", "None or 3", "2 ** 70", "1 / 3", "'relu' if UNITS else 'tanh'", "*args", "**kw",
    "model", "model.output", "inp", "keras", "layers",
]  # fmt: skip
WORDS = [
    *sorted(ACTIVATIONS), "same", "valid", "causal", "mse", "categorical_crossentropy",
    "sparse_categorical_crossentropy", "binary_crossentropy", "adam", "sgd", "", "relu6 ",
    "SoftMax", "channels_first",
]  # fmt: skip
EXTRA_KEYWORDS = [
    "input_shape", "batch_input_shape", "input_dim", "return_sequences", "return_state",
    "activation", "units", "rate", "dropout", "recurrent_dropout", "stateful", "unroll",
    "init", "W_regularizer", "output_dim", "nb_filter", "border_mode", "subsample", "name",
    "padding", "strides", "kernel_size", "filters", "pool_size", "merge_mode", "layer",
    "axis", "target_shape", "dims", "size", "input_length", "mask_zero", "lr",
]  # fmt: skip
LAYERS = [*sorted(LAYER_SIGNATURES), "MyLayer", "Lambda", "LSTM", "LSTM", "Dense", "Dense"]
LOSSES = ["mse", "mae", "binary_crossentropy", "categorical_crossentropy", "hinge", "nonsense",
          "sparse_categorical_crossentropy", "kld", "huber_loss", "poisson"]  # fmt: skip
OPTIMIZERS = [*sorted(OPTIMIZER_DEFAULT_LR), "adam", "sgd", "rmsprop", "Bogus"]

atoms = st.one_of(
    st.integers(-5, 600),
    st.sampled_from([0, -1, 1, 2**31, 10**40, -(10**40)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.text(max_size=8),
    st.none(),
    st.booleans(),
    st.sampled_from(EXPRESSIONS).map(Raw),
)
values = st.recursive(
    atoms,
    lambda inner: st.one_of(st.lists(inner, max_size=4).map(tuple), st.lists(inner, max_size=3)),
    max_leaves=6,
)
shapes = st.one_of(
    st.lists(st.one_of(st.integers(-2, 64), st.none()), min_size=0, max_size=4).map(tuple),
    values,
)


@st.composite
def layer_calls(draw: st.DrawFn, prefix: str, depth: int = 0) -> str:
    name = draw(st.sampled_from(LAYERS))
    if depth < 3 and draw(st.integers(0, 5)) == 0:
        wrapper = draw(st.sampled_from(["TimeDistributed", "Bidirectional"]))
        inner = draw(layer_calls(prefix, depth + 1))
        extra = draw(st.sampled_from(["", ", merge_mode='sum'", ", input_shape=(5, 3)"]))
        return f"{prefix}{wrapper}({inner}{extra})"
    signature = LAYER_SIGNATURES.get(name, ("units",))
    positional = draw(st.lists(values, max_size=min(len(signature), 3)))
    keywords = draw(
        st.dictionaries(st.sampled_from(list(signature) + EXTRA_KEYWORDS), values, max_size=4)
    )
    arguments = [render(value) for value in positional]
    arguments += [f"{key}={render(value)}" for key, value in keywords.items()]
    return f"{prefix}{name}({', '.join(arguments)})"


IMPORTS = [
    ("import keras\nfrom keras import layers\n", "keras.", "layers."),
    ("import tensorflow as tf\n", "tf.keras.", "tf.keras.layers."),
    ("from tensorflow import keras\nfrom tensorflow.keras.layers import *\n", "keras.", ""),
    ("from keras.models import Sequential, Model\nfrom keras.layers import *\nimport keras\n",
     "", ""),
]  # fmt: skip


@st.composite
def data_lines(draw: st.DrawFn) -> list[str]:
    lines = [
        f"x = np.random.rand({', '.join(render(v) for v in draw(st.lists(values, max_size=4)))})",
        f"y = np.random.randint({render(draw(values))}, {render(draw(values))}, "
        f"size={render(draw(shapes))})",
    ]
    optional = [
        "x = x / 255.0",
        f"x = x.reshape({render(draw(shapes))})",
        "x = np.load('data.npy')",
        "df = pd.read_csv('d.csv')\nx = df.values",
        f"y = keras.utils.to_categorical(y, {render(draw(values))})",
        "x = StandardScaler().fit_transform(x)",
        "x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2)",
        f"x = np.expand_dims(x, {render(draw(values))})",
        "(x, y), (xt, yt) = keras.datasets.mnist.load_data()",
        "y = np.argmax(y, axis=-1)",
        f"x = x[{render(draw(values))}:]",
    ]
    lines += draw(st.lists(st.sampled_from(optional), max_size=4))
    return lines


@st.composite
def keras_scripts(draw: st.DrawFn) -> str:
    header, ns, prefix = draw(st.sampled_from(IMPORTS))
    lines = [
        "import numpy as np",
        "import pandas as pd",
        "from sklearn.model_selection import train_test_split",
        "from sklearn.preprocessing import StandardScaler",
        header,
        f"UNITS = {render(draw(values))}",
        f"n_classes = {render(draw(values))}",
    ]
    lines += draw(data_lines())
    layer_list = draw(st.lists(layer_calls(prefix), min_size=0, max_size=6))
    form = draw(st.sampled_from(["list", "add", "functional", "function", "loop"]))
    if form == "list":
        body = ",\n    ".join(layer_list)
        lines.append(f"model = {ns}Sequential([\n    {body}\n])")
    elif form == "add":
        lines.append(f"model = {ns}Sequential()")
        lines += [f"model.add({layer})" for layer in layer_list]
    elif form == "functional":
        lines.append(f"inp = {ns}Input(shape={render(draw(shapes))})")
        lines.append("h = inp")
        lines += [f"h = {layer}(h)" for layer in layer_list]
        if draw(st.booleans()):
            lines.append(f"h = {prefix}concatenate([h, inp])")
        lines.append(f"model = {ns}Model(inp, h)")
    elif form == "function":
        inner = "\n".join(f"    model.add({layer})" for layer in layer_list) or "    pass"
        default = render(draw(values))
        lines.append(f"def build(units={default}):\n    model = {ns}Sequential()\n{inner}")
        lines.append(f"    model.add({prefix}Dense(units))\n    return model")
        lines.append(f"model = build({render(draw(values))})")
    else:
        lines.append(f"model = {ns}Sequential()")
        lines.append(f"for u in {render(draw(st.lists(values, max_size=4)))}:")
        lines.append(f"    model.add({prefix}LSTM(u, return_sequences={render(draw(values))}))")
    loss = draw(
        st.one_of(
            st.sampled_from(LOSSES).map(repr),
            st.sampled_from(LOSSES).map(lambda name: f"{ns}losses.{name}"),
            values.map(lambda v: f"{ns}losses.CategoricalCrossentropy(from_logits={render(v)})"),
        )
    )
    optimizer = draw(
        st.one_of(
            st.sampled_from(OPTIMIZERS).map(repr),
            st.tuples(st.sampled_from(OPTIMIZERS), values).map(
                lambda o: f"{ns}optimizers.{o[0]}(learning_rate={render(o[1])})"
            ),
            st.tuples(st.sampled_from(OPTIMIZERS), values, values).map(
                lambda o: f"{ns}optimizers.{o[0]}(lr={render(o[1])}, decay={render(o[2])})"
            ),
            values.map(lambda v: f"{ns}optimizers.SGD({render(v)})"),
        )
    )
    metrics = draw(st.lists(st.sampled_from(["'accuracy'", "'acc'", "'mae'", "'auc'"])))
    tail = [
        f"model.compile(loss={loss}, optimizer={optimizer}, metrics=[{', '.join(metrics)}])",
        f"model.fit(x, y, epochs={render(draw(values))}, batch_size={render(draw(values))}, "
        "validation_data=(x, y))",
        f"model.fit(x_train, y_train, nb_epoch={render(draw(values))})",
        "model.train_on_batch(x, y)",
        "model.evaluate(x, y)",
        "model.summary()",
    ]
    lines += draw(st.permutations(tail))[: draw(st.integers(0, len(tail)))]
    return "\n".join(lines) + "\n"


@fuzz_settings(600)
@given(keras_scripts())
def test_random_keras_scripts(script: str) -> None:
    source = script.encode("utf-8", "surrogatepass")
    result = assert_no_crash(source, "train.py")
    fixes = [d for d in result.diagnostics if d.fix is not None]
    if fixes:
        from kerascheck.apply import fix_source

        outcome = fix_source(source, "train.py", Settings(), unsafe=True)
        assert outcome.error is None, outcome.error
        assert outcome.result.internal_errors == []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            ast.parse(outcome.fixed)  # --fix output always parses


# ---------------------------------------------------------------------------------------
# Saved model configs

json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
CLASS_NAMES = ["Sequential", "Functional", "Model", "LSTM", "Dense", "TimeDistributed",
               "Bidirectional", "InputLayer", "Conv1D", "Dropout", "Nonsense", ""]  # fmt: skip


@st.composite
def layer_configs(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    config: dict[str, Any] = draw(
        st.dictionaries(
            st.sampled_from(
                ["units", "activation", "return_sequences", "batch_input_shape", "batch_shape",
                 "name", "rate", "filters", "kernel_size", "merge_mode", "dtype", "shape"]
            ),
            json_values,
            max_size=5,
        )
    )  # fmt: skip
    if depth < 3 and draw(st.booleans()):
        key = draw(st.sampled_from(["layer", "layers"]))
        inner = draw(st.lists(layer_configs(depth + 1), max_size=3))
        config[key] = inner[0] if key == "layer" and inner else inner
    document: dict[str, Any] = {"class_name": draw(st.sampled_from(CLASS_NAMES)), "config": config}
    if draw(st.booleans()):
        document["inbound_nodes"] = draw(json_values)
    return document


@st.composite
def model_documents(draw: st.DrawFn) -> Any:
    document = draw(layer_configs())
    if draw(st.booleans()):
        document = {
            "class_name": "Sequential",
            "config": {"name": "m", "layers": draw(st.lists(layer_configs(), max_size=5))},
            "compile_config": draw(
                st.one_of(
                    json_values,
                    st.fixed_dictionaries(
                        {"loss": json_values, "optimizer": json_values, "metrics": json_values}
                    ),
                )
            ),
        }
    return document


@fuzz_settings(500)
@given(st.one_of(json_values, model_documents()))
def test_random_json_configs(document: Any) -> None:
    assert_no_crash(json.dumps(document).encode(), "model.json")


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@fuzz_settings(150)
@given(
    st.one_of(
        model_documents().map(lambda d: zipped({"config.json": json.dumps(d).encode()})),
        st.dictionaries(
            st.sampled_from(["config.json", "metadata.json", "model.weights.h5", "x"]),
            st.binary(max_size=64),
            max_size=3,
        ).map(zipped),
        st.binary(max_size=256),
    ),
    st.integers(0, 400),
)
def test_random_keras_archives(archive: bytes, cut: int) -> None:
    assert_no_crash(archive, "model.keras")
    assert_no_crash(archive[: len(archive) - cut], "model.keras")  # truncated


@fuzz_settings(60)
@given(st.binary(max_size=512))
def test_random_h5_bytes(data: bytes) -> None:
    assert_no_crash(b"\x89HDF\r\n\x1a\n" + data, "model.h5")
    assert_no_crash(data, "model.h5")


def _valid_h5_model() -> bytes:
    """A small Keras-shaped ``.h5`` written by h5py: configs as attributes and one weight, so
    that most of its bytes are HDF5 metadata, where mutations reach HDF5's parser."""
    import h5py

    config = {
        "class_name": "Sequential",
        "config": {"layers": [{"class_name": "Dense", "config": {"units": 1}}]},
    }
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as handle:
        handle.attrs["model_config"] = json.dumps(config)
        handle.attrs["training_config"] = json.dumps({"loss": "mse"})
        handle.create_group("model_weights").create_dataset("dense/kernel", data=[[0.5]] * 4)
    return buffer.getvalue()


@pytest.mark.skipif(importlib.util.find_spec("h5py") is None, reason="h5py is not installed")
def test_mutated_h5_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid ``.h5`` models with a few metadata bytes changed: HDF5's C library crashed or
    hung on such files in the linting process; now each is read in a child with limits.
    Seeded and few (each costs a child process, about 0.4 s); ``KERASCHECK_FUZZ`` scales."""
    from kerascheck.frontends.config import hdf5

    monkeypatch.setattr(hdf5, "HDF5_SECONDS", 3.0)  # a hang costs this file 3 s, not 15
    valid = _valid_h5_model()
    metadata = [index for index, byte in enumerate(valid) if byte]
    randomness = random.Random(7)
    for _ in range(max(int(6 * SCALE), 1)):
        data = bytearray(valid)
        for _ in range(randomness.randint(1, 4)):
            at = randomness.choice(metadata)
            data[at] = randomness.choice([0, 0xFF, randomness.randrange(256)])
        assert_no_crash(bytes(data), "model.h5")


# ---------------------------------------------------------------------------------------
# Damaged real scripts and binary noise


@fuzz_settings(300)
@given(st.sampled_from(SEED_SCRIPTS), st.floats(0, 1))
def test_truncated_scripts(path: Path, fraction: float) -> None:
    source = path.read_bytes()
    assert_no_crash(source[: int(len(source) * fraction)], path.name)


@fuzz_settings(300)
@given(
    st.sampled_from(SEED_SCRIPTS),
    st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=4)), max_size=5),
)
def test_byte_flipped_scripts(path: Path, edits: list[tuple[float, bytes]]) -> None:
    source = bytearray(path.read_bytes())
    for where, replacement in edits:
        at = int(len(source) * where)
        source[at : at + len(replacement)] = replacement
    assert_no_crash(bytes(source), path.name)


@fuzz_settings(100)
@given(st.binary(max_size=2048), st.sampled_from(["x.py", "x.json", "x.keras", "x.h5", "x"]))
def test_binary_noise(data: bytes, name: str) -> None:
    assert_no_crash(b"import keras\n" + data, name)
    assert_no_crash(data, name)


# ---------------------------------------------------------------------------------------
# Hostile shapes: deep nesting, long chains, long lines, huge files

HEAD = "import keras\nfrom keras import layers\nmodel = keras.Sequential()\n"
HOSTILE = {
    "nested brackets": lambda n: "x = " + "[" * n + "]" * n,
    "nested parentheses": lambda n: "x = " + "(" * n + "1" + ")" * n,
    "nested calls": lambda n: "x = " + "layers.TimeDistributed(" * n + "layers.LSTM(4)" + ")" * n,
    "nested tuples": lambda n: "x = " + "(1, " * n + "1" + ")" * n,
    "nested dicts": lambda n: "x = " + "{1: " * n + "1" + "}" * n,
    "unary chain": lambda n: "x = " + "-" * n + "1",
    "not chain": lambda n: "x = " + "not " * n + "1",
    "lambda chain": lambda n: "x = " + "lambda: " * n + "1",
    "conditional chain": lambda n: "x = " + "1 if y else " * n + "1",
    "attribute chain": lambda n: "x = a" + ".b" * n,
    "call chain": lambda n: "x = f" + "()" * n,
    "subscript chain": lambda n: "x = a" + "[0]" * n,
    "sum chain": lambda n: "x = 1" + " + 1" * n,
    "power chain": lambda n: "x = 2" + " ** 2" * n,
    "and chain": lambda n: "x = 1" + " and 1" * n,
    "comparison chain": lambda n: "x = 1" + " < 1" * n,
    "string concatenation": lambda n: "x = " + '"a" ' * n,
    "parenthesised sum": lambda n: "x = (\n" + "    1 +\n" * n + "    1\n)",
    "continued sum": lambda n: "x = 1" + " + \\\n    1" * n,
    "indentation": lambda n: "".join(" " * i + "if x:\n" for i in range(n)) + " " * n + "pass",
    "long list": lambda n: "x = [" + "1, " * n + "]",
    "long line comment": lambda n: "x = 1  # " + "#" * (100 * n),
    "many layers": lambda n: "model.add(layers.Dense(4))\n" * min(n, 3000),
    "unclosed brackets": lambda n: "x = " + "[" * n,
}


@pytest.mark.parametrize("size", [100, 1_000, 10_000])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_shapes_give_findings_not_crashes_or_hangs(name: str, size: int) -> None:
    source = (HEAD + HOSTILE[name](size) + "\n").encode()
    start = time.perf_counter()
    result = assert_no_crash(source, "hostile.py")
    assert time.perf_counter() - start < 20  # the quadratic chains took minutes, or crashed
    codes = {d.code for d in result.diagnostics}
    if name in ("nested brackets", "nested parentheses") and size > 200:
        assert "KC001" in codes  # Python itself rejects more than 200 nested brackets


def test_ten_thousand_nested_brackets_is_a_syntax_error_with_cpythons_words() -> None:
    source = "import keras\nx = " + "[" * 10_000 + "]" * 10_000 + "\n"
    result = assert_no_crash(source.encode(), "deep.py")
    [finding] = result.diagnostics
    assert finding.code == "KC001" and "too many nested parentheses" in finding.message


def test_nesting_beyond_the_limit_is_an_info_finding_that_names_the_depth() -> None:
    source = "import keras\nx = a" + ".b" * (MAX_NESTING * 3) + "\n"  # long enough to screen
    [finding] = assert_no_crash(source.encode(), "chain.py").diagnostics
    assert (finding.code, str(finding.severity)) == ("KC002", "info")
    assert f"(kerascheck follows {MAX_NESTING})" in finding.message
    assert finding.extra == {"limit": "nesting"}


def test_nesting_within_the_limit_is_analysed() -> None:
    source = "import keras\nx = a" + ".b" * (MAX_NESTING // 2) + "\n"
    source += "model = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
    result = assert_no_crash(source.encode(), "chain.py")
    assert [d.code for d in result.diagnostics] == ["KC205"]


def test_long_prose_strings_are_not_sent_to_the_second_parser() -> None:
    """keras.io scripts hold their prose in long string statements: a string counts as one
    character of its statement for the cheap scan, so they are parsed once; a statement of
    many strings in a row (``"a" "a" ...``, which nests) is still screened."""
    prose = '"""\n' + "Some words about the model. " * 200 + '\n"""\nimport keras\n'
    assert screen_python(prose) is None and not _suspicious(prose)
    assert _suspicious("x = " + '"a" ' * 600 + "\n")
    comment = "# " + "note " * 400 + "\nx = 1\n"
    assert not _suspicious(comment)


def test_a_file_over_ten_megabytes_gets_the_size_limit_finding_unread() -> None:
    source = b"import keras\n" + b"x = 1\n" * (11 * 1024 * 1024 // 6)
    assert len(source) > 10 * 1024 * 1024
    start = time.perf_counter()
    [finding] = assert_no_crash(source, "huge.py").diagnostics
    assert time.perf_counter() - start < 1  # not parsed
    assert (finding.code, str(finding.severity)) == ("KC002", "info")
    assert "max-file-size" in finding.message and "11.0 MB" in finding.message


@pytest.mark.parametrize("name", ["x.json", "x.keras", "x.h5"])
def test_saved_models_are_bounded_by_their_reader_not_by_max_file_size(name: str) -> None:
    result = assert_no_crash(b"[" * 4096, name)  # Settings(): max-file-size 10 MB
    small = lint_source(b"[" * 4096, name, Settings(max_file_size=2048))
    assert small.diagnostics == result.diagnostics  # a model's size is mostly weights
    assert all(d.extra.get("limit") != "max-file-size" for d in small.diagnostics)


def test_long_single_lines_are_analysed() -> None:
    values = ", ".join(str(i % 97) for i in range(40_000))
    text = "x" * 2_000_000
    source = f"import keras\nDATA = [{values}]\nTEXT = '{text}'\nmodel = keras.Sequential()\n"
    assert len(source) > 2_000_000
    assert assert_no_crash(source.encode(), "data.py").diagnostics == []


# ---------------------------------------------------------------------------------------
# Regressions: every input that once crashed kerascheck

_CHILD = """
import sys, json
from kerascheck.engine import lint_source
for path in sys.argv[1:]:
    name = path.rsplit("/", 1)[-1].removesuffix(".input")
    print("linting", name, file=sys.stderr, flush=True)
    result = lint_source(open(path, "rb").read(), name)
    print(json.dumps({"name": name, "errors": result.internal_errors,
                      "codes": [d.code for d in result.diagnostics]}), flush=True)
"""


def test_every_saved_crash_input_is_handled() -> None:
    inputs = sorted(REGRESSIONS.glob("*.input"))
    assert len(inputs) >= 5
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD, *map(str, inputs)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    # A segmentation fault shows as a negative return code; stderr names the last file.
    assert completed.returncode == 0, completed.stderr[-2000:]
    reports = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [report["name"] for report in reports] == [p.name.removesuffix(".input") for p in inputs]
    for report in reports:
        assert report["errors"] == [], report
