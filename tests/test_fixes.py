"""Autofixes: what each fix writes, that fixed code parses and stays fixed, and the CLI.

Exact expected texts pin down formatting: a fix adds what it must and keeps every other
character, comments included. The fixture corpus and generated scripts check the general
promises: the result parses, the fixed findings are gone, and a second ``--fix`` is a no-op.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path

import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerascheck import fixes
from kerascheck.apply import apply_edits, fix_source
from kerascheck.cli import main
from kerascheck.diagnostics import Edit, Fix, Position, Span
from kerascheck.engine import lint_source
from kerascheck.settings import Settings

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
FIXABLE = frozenset(fixes.FIXERS)

HEAD = "import numpy as np\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n\n"


def fixed(body: str, *, unsafe: bool = False) -> str:
    """``body`` (after the imports) as ``--fix`` leaves it."""
    outcome = fix_source((HEAD + body).encode(), "train.py", unsafe=unsafe)
    assert outcome.error is None
    text = outcome.fixed.decode()
    assert text.startswith(HEAD)
    return text[len(HEAD) :]


def codes(source: str, path: str = "train.py") -> list[str]:
    return [d.code for d in lint_source(source.encode(), path).diagnostics]


def parses(text: str) -> bool:
    try:
        cst.parse_module(text)
        compile(text, "<fixed>", "exec", dont_inherit=True)
    except (cst.ParserSyntaxError, SyntaxError):
        return False
    return True


# ---------------------------------------------------------------------------------------
# KC201: return_sequences=True


def test_kc201_adds_the_argument_on_one_line() -> None:
    body = """\
model = keras.Sequential([
    layers.Input(shape=(20, 1)),
    layers.LSTM(64),
    layers.LSTM(32),
])
"""
    assert fixed(body) == body.replace("LSTM(64)", "LSTM(64, return_sequences=True)")


def test_kc201_follows_one_argument_per_line_and_keeps_comments() -> None:
    body = """\
model = keras.Sequential([
    layers.Input(shape=(20, 1)),
    layers.LSTM(
        64,  # units
        dropout=0.1  # regularise
    ),
    layers.LSTM(32),
])
"""
    assert fixed(body) == body.replace(
        "        dropout=0.1  # regularise\n",
        "        dropout=0.1,  # regularise\n        return_sequences=True\n",
    )


def test_kc201_keeps_a_trailing_comma_inside_a_function() -> None:
    body = """\
def build():
    model = keras.Sequential()
    model.add(layers.Input(shape=(20, 1)))
    model.add(
        layers.GRU(
            64,
            dropout=0.1,
        )
    )
    model.add(layers.GRU(32))
    return model


model = build()
"""
    assert fixed(body) == body.replace(
        "            dropout=0.1,\n",
        "            dropout=0.1,\n            return_sequences=True,\n",
    )


def test_kc201_puts_the_argument_on_the_layer_inside_bidirectional() -> None:
    body = """\
model = keras.Sequential([
    layers.Input(shape=(20, 1)),
    layers.Bidirectional(layers.LSTM(64,
                                     dropout=0.1)),
    layers.LSTM(32),
])
"""
    assert fixed(body) == body.replace(
        "dropout=0.1)),",
        "dropout=0.1,\n                                     return_sequences=True)),",
    )


def test_kc201_turns_an_explicit_false_into_true() -> None:
    body = """\
inputs = keras.Input(shape=(20, 1))
h = layers.GRU(64, return_sequences=False)(inputs)
h = layers.GRU(32)(h)
model = keras.Model(inputs, layers.Dense(1)(h))
"""
    assert fixed(body) == body.replace("return_sequences=False", "return_sequences=True")


def test_kc201_leaves_a_layer_built_in_a_loop_alone() -> None:
    """Every LSTM of the loop comes from one call; the last one must not return sequences."""
    body = """\
model = keras.Sequential()
model.add(layers.Input(shape=(20, 1)))
for _ in range(3):
    model.add(layers.LSTM(64))
model.add(layers.Dense(1))
"""
    [finding] = lint_source((HEAD + body).encode(), "train.py").diagnostics
    assert finding.code == "KC201" and finding.fix is None
    assert fixed(body) == body


# ---------------------------------------------------------------------------------------
# KC203: unwrap TimeDistributed


def test_kc203_unwraps_and_moves_input_shape_to_the_layer() -> None:
    body = """\
model = keras.Sequential()
model.add(layers.TimeDistributed(layers.LSTM(32), input_shape=(20, 1)))
model.add(layers.Dense(1))
"""
    assert fixed(body) == body.replace(
        "layers.TimeDistributed(layers.LSTM(32), input_shape=(20, 1))",
        "layers.LSTM(32, input_shape=(20, 1))",
    )


def test_kc203_moves_every_keyword_with_its_comment() -> None:
    body = """\
model = keras.Sequential()
model.add(layers.TimeDistributed(layers.Conv1D(16, 3),
                                 input_shape=(20, 1),  # windows
                                 name="encoder"))
model.add(layers.Flatten())
"""
    assert fixed(body) == body.replace(
        "layers.TimeDistributed(layers.Conv1D(16, 3),\n                                 input_shape",
        "layers.Conv1D(16, 3, input_shape",
    )


def test_kc203_unwraps_a_functional_application() -> None:
    body = """\
inputs = keras.Input(shape=(20, 1))
x = layers.TimeDistributed(layers.LSTM(64))(inputs)
model = keras.Model(inputs, layers.Dense(1)(x))
"""
    assert fixed(body) == body.replace(
        "layers.TimeDistributed(layers.LSTM(64))(inputs)", "layers.LSTM(64)(inputs)"
    )


@pytest.mark.parametrize(
    "call",
    [
        # the wrapped layer sets input_shape too: which one was meant is a human choice
        "layers.TimeDistributed(layers.LSTM(32, input_shape=(20, 1)), input_shape=(20, 1))",
        # the comment belongs to the wrapper, which disappears
        "layers.TimeDistributed(  # wrap it\n    layers.LSTM(32), input_shape=(20, 1))",
    ],
)
def test_kc203_declines_when_it_would_lose_something(call: str) -> None:
    body = f"model = keras.Sequential()\nmodel.add({call})\nmodel.add(layers.Dense(1))\n"
    [finding] = lint_source((HEAD + body).encode(), "train.py").diagnostics
    assert finding.code == "KC203" and finding.fix is None


# ---------------------------------------------------------------------------------------
# KC205: softmax -> sigmoid (unsafe)


@pytest.mark.parametrize(
    ("layers_code", "expected"),
    [
        ('layers.Dense(1, activation="softmax")', 'layers.Dense(1, activation="sigmoid")'),
        ("layers.Dense(1, 'softmax')", "layers.Dense(1, 'sigmoid')"),
        (
            "layers.Dense(1, activation=keras.activations.softmax)",
            "layers.Dense(1, activation=keras.activations.sigmoid)",
        ),
        (
            "layers.Dense(1), layers.Activation('softmax')",
            "layers.Dense(1), layers.Activation('sigmoid')",
        ),
        (
            'layers.TimeDistributed(layers.Dense(1, activation="softmax"))',
            'layers.TimeDistributed(layers.Dense(1, activation="sigmoid"))',
        ),
    ],
)
def test_kc205_is_applied_only_with_unsafe_fixes(layers_code: str, expected: str) -> None:
    inputs = "(20, 4)" if "TimeDistributed" in layers_code else "(4,)"
    body = f"model = keras.Sequential([layers.Input(shape={inputs}), {layers_code}])\n"
    assert fixed(body) == body
    assert fixed(body, unsafe=True) == body.replace(layers_code, expected)
    assert "KC205" not in codes(HEAD + fixed(body, unsafe=True))


def test_kc205_declines_a_softmax_named_through_a_variable() -> None:
    body = 'ACT = "softmax"\nmodel = keras.Sequential([layers.Input(shape=(4,)), layers.Dense(1, activation=ACT)])\n'
    [finding] = lint_source((HEAD + body).encode(), "train.py").diagnostics
    assert finding.code == "KC205" and finding.fix is None


# ---------------------------------------------------------------------------------------
# KC303: renames


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("keras.optimizers.Adam(lr=0.01)", "keras.optimizers.Adam(learning_rate=0.01)"),
        ("layers.Dense(10, init='uniform')", "layers.Dense(10, kernel_initializer='uniform')"),
        ("layers.Dense(output_dim=10)", "layers.Dense(units=10)"),
        ("layers.Dense(10, W_regularizer=None)", "layers.Dense(10, kernel_regularizer=None)"),
        ("layers.Conv2D(8, 3, border_mode='same')", "layers.Conv2D(8, 3, padding='same')"),
        ("layers.Conv2D(8, 3, subsample=(2, 2))", "layers.Conv2D(8, 3, strides=(2, 2))"),
        # the keyword an old name becomes depends on the class
        (
            "layers.Embedding(100, 8, init='uniform')",
            "layers.Embedding(100, 8, embeddings_initializer='uniform')",
        ),
        (
            "layers.Embedding(100, 8, W_regularizer=None)",
            "layers.Embedding(100, 8, embeddings_regularizer=None)",
        ),
        ("layers.PReLU(init='zero')", "layers.PReLU(alpha_initializer='zero')"),
        ("layers.Dropout(p=0.5)", "layers.Dropout(rate=0.5)"),
        ("layers.GaussianNoise(sigma=0.1)", "layers.GaussianNoise(stddev=0.1)"),
        (
            "layers.BatchNormalization(beta_init='zero', gamma_init='one')",
            "layers.BatchNormalization(beta_initializer='zero', gamma_initializer='one')",
        ),
        ("layers.LSTM(8, dropout_W=0.2)", "layers.LSTM(8, dropout=0.2)"),
        ("layers.LSTM(8, dropout_U=0.2)", "layers.LSTM(8, recurrent_dropout=0.2)"),
    ],
)
def test_kc303_renames_legacy_keywords(old: str, new: str) -> None:
    body = f"thing = {old}\n"
    assert fixed(body) == f"thing = {new}\n"


def test_kc303_renames_nb_epoch_in_fit() -> None:
    body = """\
model = keras.Sequential([layers.Input(shape=(4,)), layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(np.random.rand(10, 4), (np.random.rand(10) > 0.5), nb_epoch=5)
"""
    assert fixed(body) == body.replace("nb_epoch=5", "epochs=5")


def test_kc303_leaves_decay_and_a_call_that_has_the_new_name() -> None:
    body = "opt = keras.optimizers.SGD(lr=0.1, learning_rate=0.01, decay=1e-6)\n"
    diagnostics = lint_source((HEAD + body).encode(), "train.py").diagnostics
    assert [d.code for d in diagnostics] == ["KC303", "KC303"]
    assert all(d.fix is None for d in diagnostics)


def test_kc303_separable_init_is_reported_without_a_rename() -> None:
    """A separable convolution has two kernels: no single keyword replaces init."""
    body = "conv = layers.SeparableConv2D(8, 3, init='uniform')\n"
    [finding] = lint_source((HEAD + body).encode(), "train.py").diagnostics
    assert finding.code == "KC303" and finding.fix is None
    assert "depthwise_initializer= and pointwise_initializer=" in finding.help


def test_kc303_keras1_kernel_is_an_unsafe_fix() -> None:
    body = "model = keras.Sequential([layers.Input(shape=(28, 28, 1)), layers.Convolution2D(32, 3, 3)])\n"
    assert fixed(body) == body
    assert fixed(body, unsafe=True) == body.replace("(32, 3, 3)", "(32, (3, 3))")


# ---------------------------------------------------------------------------------------
# Edits: spans, selection, suppression


def test_json_edits_reproduce_the_fixed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    source = (FIXTURES / "buggy" / "topics_keras1_legacy_mlp.py").read_text(encoding="utf-8")
    (tmp_path / "train.py").write_text(source, encoding="utf-8")
    assert main(["--no-config", "--format", "json", "train.py"]) == 1
    document = json.loads(capsys.readouterr().out)
    edits = [
        Edit(e["content"], Span(Position(**e["location"]), Position(**e["end_location"])))
        for item in document
        if item["fix"]
        for e in item["fix"]["edits"]
    ]
    assert len(edits) == 7
    outcome = fix_source(source.encode(), "train.py", max_rounds=1)
    assert apply_edits(source, edits) == outcome.fixed.decode()


def test_selection_and_suppression_decide_what_is_fixed() -> None:
    body = """\
a = keras.optimizers.Adam(lr=0.01)
b = keras.optimizers.Adam(lr=0.02)  # noqa: KC303
model = keras.Sequential([layers.Input(shape=(4,)), layers.Dense(1, activation="softmax")])
"""
    source = (HEAD + body).encode()
    outcome = fix_source(source, "train.py", Settings(select=("KC303",)), unsafe=True)
    assert outcome.fixed.decode() == HEAD + body.replace("lr=0.01", "learning_rate=0.01")
    assert outcome.result.diagnostics == []  # the suppressed one stays quiet, and unfixed
    outcome = fix_source(source, "train.py", Settings(ignore=("KC303",)), unsafe=True)
    assert outcome.fixed.decode() == HEAD + body.replace('"softmax"', '"sigmoid"')


def test_overlapping_fixes_wait_for_the_next_round() -> None:
    """Unwrapping the first TimeDistributed exposes the second; both go in one --fix."""
    body = """\
model = keras.Sequential()
model.add(layers.TimeDistributed(layers.LSTM(64, return_sequences=True), input_shape=(20, 1)))
model.add(layers.TimeDistributed(layers.LSTM(32)))
model.add(layers.Dense(1))
"""
    outcome = fix_source((HEAD + body).encode(), "train.py")
    assert outcome.applied == 2
    assert "TimeDistributed(" not in outcome.fixed.decode()


def test_encodings_and_byte_order_marks_survive() -> None:
    latin = "# -*- coding: latin-1 -*-\n# Modèle\n" + HEAD + "opt = keras.optimizers.Adam(lr=0.1)\n"
    outcome = fix_source(latin.encode("latin-1"), "train.py")
    assert outcome.fixed == latin.replace("lr=", "learning_rate=").encode("latin-1")
    bom = b"\xef\xbb\xbf" + (HEAD + "opt = keras.optimizers.Adam(lr=0.1)\r\n").encode()
    outcome = fix_source(bom, "train.py")
    assert outcome.fixed == bom.replace(b"lr=", b"learning_rate=")


def test_a_fix_that_breaks_the_file_leaves_it_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(ctx: object, diagnostic: object) -> Fix:
        return Fix("safe", "break it", (Edit("(", Span(Position(5, 1), Position(5, 1))),))

    monkeypatch.setitem(fixes.FIXERS, "KC205", broken)
    monkeypatch.chdir(tmp_path)
    body = 'model = keras.Sequential([layers.Input(shape=(4,)), layers.Dense(1, activation="softmax")])\n'
    script = tmp_path / "train.py"
    script.write_text(HEAD + body, encoding="utf-8")
    assert main(["--no-config", "--fix", "train.py"]) == 2
    captured = capsys.readouterr()
    assert script.read_text(encoding="utf-8") == HEAD + body
    assert "train.py: the fixes would leave code that does not parse" in captured.err
    assert "the file was left unchanged" in captured.err
    assert "train.py:5:" in captured.out  # the finding is still reported


# ---------------------------------------------------------------------------------------
# The CLI


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\n", encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_fix_reports_what_was_fixed_and_what_remains(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(FIXTURES / "buggy" / "cifar10_keras1_cnn.py", workdir / "train.py")
    code, out, err = run(capsys, "train.py")
    assert code == 1
    assert out.splitlines()[-1] == (
        "[*] 3 fixable with the `--fix` option "
        "(2 hidden fixes can be enabled with the `--unsafe-fixes` option)."
    )
    code, out, err = run(capsys, "--fix", "train.py")
    assert (code, err) == (1, "")
    assert out.splitlines()[-2:] == [
        "Found 6 problems (3 fixed, 3 remaining).",
        "No fixes available (2 hidden fixes can be enabled with the `--unsafe-fixes` option).",
    ]
    code, out, err = run(capsys, "--fix", "--unsafe-fixes", "train.py")
    assert out.splitlines()[-1] == "Found 3 problems (2 fixed, 1 remaining)."
    assert "KC303" in out and "decay" in out
    code, out, err = run(capsys, "--fix", "--unsafe-fixes", "train.py")
    assert out.splitlines()[-1] == "Found 1 problem (1 error) in 1 file."


def test_fix_exits_0_when_everything_was_fixed(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(FIXTURES / "buggy" / "topics_keras1_legacy_mlp.py", workdir / "train.py")
    code, out, _ = run(capsys, "--fix", "train.py")
    assert (code, out) == (0, "Found 7 problems (7 fixed, 0 remaining).\n")


def test_diff_prints_the_changes_and_writes_nothing(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(FIXTURES / "seed" / "example3.py", workdir / "train.py")
    before = (workdir / "train.py").read_bytes()
    code, out, err = run(capsys, "--diff", "train.py")
    assert code == 1
    assert (workdir / "train.py").read_bytes() == before
    assert out.startswith("--- train.py\n+++ train.py\n@@ -21,8 +21,8 @@\n")
    assert "\n-model.add(TimeDistributed(LSTM(32)))\n" in out
    assert "\n+model.add(LSTM(32))\n" in out
    assert err == "Would fix 2 problems.\n"
    shutil.copy(FIXTURES / "clean" / "imdb_stacked_lstm.py", workdir / "train.py")
    assert run(capsys, "--diff", "train.py") == (0, "", "No fixes to apply.\n")


def test_diff_reads_stdin(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = HEAD + "opt = keras.optimizers.Adam(lr=0.1)\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(source.encode())))
    code, out, _ = run(capsys, "--diff", "-", "--stdin-filename", "train.py")
    assert code == 1
    assert "+opt = keras.optimizers.Adam(learning_rate=0.1)\n" in out
    (workdir / "other.py").write_text(source, encoding="utf-8")
    code, _, err = run(capsys, "--fix", "-", "other.py")
    assert code == 2 and "--fix on standard input cannot be combined" in err


# ---------------------------------------------------------------------------------------
# Every fixture, and generated scripts


def _fixture_files() -> list[Path]:
    files = sorted(FIXTURES.glob("*/*.py")) + sorted(FIXTURES.glob("notebooks/*.ipynb"))
    return [path for path in files if path.parent.name != "configs"]


@pytest.mark.parametrize(
    "fixture", _fixture_files(), ids=lambda path: f"{path.parent.name}/{path.name}"
)
def test_fix_on_every_fixture(fixture: Path, tmp_path: Path) -> None:
    target = tmp_path / fixture.name
    shutil.copy(fixture, target)
    before = lint_source(target.read_bytes(), str(target)).diagnostics
    assert main(["--no-config", "--quiet", "--fix", "--unsafe-fixes", str(target)]) in (0, 1)
    text = target.read_bytes()
    after = lint_source(text, str(target)).diagnostics
    if fixture.suffix == ".py":
        assert parses(text.decode("utf-8"))
    assert all(d.fix is None for d in after), "a fixable finding survived --fix"
    unfixable = sorted(d.code for d in before if d.code in FIXABLE and d.fix is None)
    assert sorted(d.code for d in after if d.code in FIXABLE) == unfixable
    assert main(["--no-config", "--quiet", "--fix", "--unsafe-fixes", str(target)]) in (0, 1)
    assert target.read_bytes() == text, "a second --fix changed the file"


_SPACE = st.sampled_from(["", " ", "  "])
_BREAK = st.sampled_from(["", "\n    ", "\n        ", "  # note\n    "])


@st.composite
def layer_call(draw: st.DrawFn, name: str, args: list[str]) -> str:
    """``name(args)`` with generated line breaks, comments and a trailing comma."""
    parts = []
    for index, arg in enumerate(args):
        separator = "," if index < len(args) - 1 else draw(st.sampled_from(["", ","]))
        parts.append(arg + separator + (draw(_BREAK) if separator or index < len(args) - 1 else ""))
    closing = draw(st.sampled_from(["", "\n    ", "  # end\n"]))
    if closing.endswith("end\n") and not parts[-1].endswith(","):
        closing = "\n    "  # a comment right after the last argument needs a line break
    return f"{name}(" + draw(_BREAK) + "".join(parts) + closing + ")"


@st.composite
def buggy_script(draw: st.DrawFn) -> str:
    first = draw(st.sampled_from(["LSTM", "GRU", "SimpleRNN"]))
    units = draw(st.integers(8, 64))
    extra = draw(
        st.lists(
            st.sampled_from(["dropout=0.1", "activation='tanh'", "name='rnn'"]),
            max_size=2,
            unique=True,
        )
    )
    recurrent = draw(layer_call(f"layers.{first}", [str(units), *extra]))
    if draw(st.booleans()):
        recurrent = f"layers.Bidirectional({recurrent})"
    wrapped = draw(layer_call("layers.TimeDistributed", [recurrent, "input_shape=(20, 1)"]))
    unwrapped_first = draw(st.booleans())
    first_layer = wrapped if unwrapped_first else recurrent
    head = draw(st.sampled_from(['"softmax"', "'sigmoid'", "keras.activations.softmax"]))
    optimizer = draw(
        layer_call("keras.optimizers.Adam", [f"lr={draw(st.sampled_from(['0.01', '1e-3']))}"])
    )
    prefix = "" if unwrapped_first else "    layers.Input(shape=(20, 1)),\n"
    return (
        HEAD
        + "model = keras.Sequential([\n"
        + prefix
        + f"    {first_layer},\n"
        + f"    {draw(layer_call('layers.LSTM', ['16']))},\n"
        + f"    {draw(layer_call('layers.Dense', ['1', f'activation={head}']))},\n"
        + "])\n"
        + f"model.compile(optimizer={optimizer}, loss='binary_crossentropy')\n"
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(buggy_script(), st.booleans())
def test_fixed_code_always_parses_and_stays_fixed(source: str, unsafe: bool) -> None:
    assert parses(source)
    outcome = fix_source(source.encode(), "train.py", unsafe=unsafe)
    assert outcome.error is None
    text = outcome.fixed.decode()
    assert parses(text)
    assert [c for c in re.findall(r"#[^\n]*", source)] == re.findall(r"#[^\n]*", text)
    remaining = outcome.result.diagnostics
    assert all(d.fix is None or (d.fix.applicability == "unsafe" and not unsafe) for d in remaining)
    assert fix_source(outcome.fixed, "train.py", unsafe=unsafe).fixed == outcome.fixed


def test_one_layer_reported_twice_is_fixed_once() -> None:
    body = """\
shared = layers.LSTM(32)
a = keras.Sequential([layers.Input(shape=(20, 1)), shared, layers.LSTM(16)])
b = keras.Sequential([layers.Input(shape=(20, 1)), shared, layers.GRU(8)])
"""
    diagnostics = lint_source((HEAD + body).encode(), "train.py").diagnostics
    # one finding per place (engine.one_per_place): the first model's words are kept
    assert [d.code for d in diagnostics] == ["KC201"]
    assert "LSTM(16)" in diagnostics[0].message
    outcome = fix_source((HEAD + body).encode(), "train.py")
    assert outcome.applied == 1
    assert outcome.fixed.decode() == HEAD + body.replace(
        "LSTM(32)", "LSTM(32, return_sequences=True)"
    )
