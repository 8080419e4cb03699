"""One finding per place: code interpreted many times reports each problem once.

A helper function called in a loop is interpreted once per call, and every interpretation
builds its own layer (with its own anchor): without deduplication by place, a Keras 1 helper
called 50 times reported 50 identical KC303 findings on one argument.
"""

from __future__ import annotations

import json
import textwrap

from kerascheck.diagnostics import Diagnostic, Location, Position, Span
from kerascheck.engine import lint_source, one_per_place, placed_findings

HELPER_IN_LOOP = textwrap.dedent(
    """\
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense, Activation
    from keras.optimizers import Adam


    def add_hidden(model, units):
        model.add(Dense(units, init="he_normal"))
        model.add(Activation("relu"))


    def make_optimizer(rate):
        return Adam(lr=rate)


    model = Sequential()
    model.add(Dense(64, input_dim=8, activation="relu"))
    for i in range(50):
        add_hidden(model, 64)
    for rate in [0.001, 0.002, 0.003]:
        optimizer = make_optimizer(rate)
    model.add(Dense(1, activation="sigmoid"))
    model.compile(loss="binary_crossentropy", optimizer=optimizer)
    """
)


def places(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.start.row, d.span.start.column) for d in diagnostics if d.span]


def test_a_helper_called_in_a_loop_of_50_reports_each_argument_once() -> None:
    found = lint_source(HELPER_IN_LOOP.encode(), "train.py").diagnostics
    assert places(found) == [("KC303", 8, 28), ("KC303", 13, 17)]


def test_the_first_interpretation_is_kept() -> None:
    (_, optimizer) = lint_source(HELPER_IN_LOOP.encode(), "train.py").diagnostics
    assert "learning_rate" in optimizer.help  # one finding, not one per rate
    assert optimizer.fix is None or len(optimizer.fix.edits) == 1


def test_a_notebook_reports_a_helper_in_a_loop_once() -> None:
    cells = [
        HELPER_IN_LOOP[: HELPER_IN_LOOP.index("model = Sequential")],
        HELPER_IN_LOOP[HELPER_IN_LOOP.index("model = Sequential") :],
    ]
    document = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": cell.splitlines(True),
            }
            for cell in cells
        ],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    found = lint_source(json.dumps(document).encode(), "train.ipynb").diagnostics
    assert [(d.code, d.cell) for d in found] == [("KC303", 1), ("KC303", 1)]


def test_different_codes_at_one_place_are_all_kept() -> None:
    span = Span(Position(3, 1), Position(3, 9))
    found = [Diagnostic("KC303", "a", span=span), Diagnostic("KC301", "b", span=span)]
    assert [d.code for d in one_per_place(placed_findings(lambda anchors: {}, found))] == [
        "KC303",
        "KC301",
    ]


def test_config_layers_sharing_a_span_are_told_apart_by_their_path() -> None:
    """An HDF5 file has no positions: its layers share a span but not a layer path."""
    span = Span.at_file_start()
    found = [
        Diagnostic("KC209", "linear", anchor=Location(span, "model_config", "layers[1] dense")),
        Diagnostic("KC209", "linear", anchor=Location(span, "model_config", "layers[3] dense_2")),
        Diagnostic("KC209", "linear", anchor=Location(span, "model_config", "layers[3] dense_2")),
    ]
    kept = one_per_place(placed_findings(lambda anchors: {}, found))
    assert [d.message for d in kept] == [
        "linear [model_config: layers[1] dense]",
        "linear [model_config: layers[3] dense_2]",
    ]


def test_findings_that_could_not_be_placed_are_never_merged() -> None:
    found = [
        Diagnostic("KC102", "one", anchor=object()),
        Diagnostic("KC102", "two", anchor=object()),
    ]
    kept = one_per_place(placed_findings(lambda anchors: {}, found))
    assert [d.message for d in kept] == ["one", "two"]


def test_a_helper_in_an_imported_file_called_in_a_loop_is_reported_once(tmp_path) -> None:
    """Findings placed in an imported project file go through the same deduplication."""
    (tmp_path / "trainer.py").write_text(
        "def train(model, x, y, n):\n    model.fit(x, y, nb_epoch=n)\n", encoding="utf-8"
    )
    main = tmp_path / "main.py"
    main.write_text(
        textwrap.dedent(
            """\
            import numpy as np
            import keras
            from trainer import train

            model = keras.Sequential([
                keras.layers.Input(shape=(4,)),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            x = np.random.rand(100, 4)
            y = (x[:, 0] > 0.5).astype(int)
            for n in range(50):
                train(model, x, y, n)
            """
        ),
        encoding="utf-8",
    )
    found = lint_source(main.read_bytes(), str(main)).diagnostics
    assert [(d.filename, d.code) for d in found] == [(str(tmp_path / "trainer.py"), "KC303")]
