"""Local imports (issue 10, item 4): a model built in another module of the same project is
followed, bounded in depth, files and bytes; each finding is reported on the file that holds
its anchor, and the cache re-lints a file when a module it imports changes."""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path

import pytest

from kerascheck.cli import main
from kerascheck.engine import lint_source
from kerascheck.frontends.python import project

MODELS = """\
    from tensorflow import keras
    from tensorflow.keras import layers


    def build_model(n_features, units=16):
        model = keras.Sequential([
            keras.Input(shape=(n_features,)),
            layers.Dense(units, activation="relu"),
            layers.Dense(1, activation=OUTPUT),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        return model


    if __name__ == "__main__":
        import numpy as np
        build_model(3).fit(np.random.rand(10, 99), np.zeros(10))
    """

TRAIN = """\
    import numpy as np
    from models import build_model

    X = np.random.rand(200, 12)
    y = (X[:, 0] > 0.5).astype("float32")
    model = build_model(n_features=FEATURES)
    model.fit(X, y, epochs=3)
    """


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def lint(path: Path) -> set[str]:
    result = lint_source(path.read_bytes(), str(path))
    assert not result.internal_errors, result.internal_errors
    return {f"{d.code}:{d.span.start.row}" for d in result.diagnostics}


def make_project(folder: Path, features: int = 8, output: str = '"sigmoid"') -> None:
    (folder / "pyproject.toml").write_text("[tool.kerascheck]\n", encoding="utf-8")
    write(
        folder,
        {
            "models.py": MODELS.replace("OUTPUT", output),
            "train.py": TRAIN.replace("FEATURES", str(features)),
        },
    )


def test_a_model_built_in_another_module_meets_the_data_of_the_importer(tmp_path: Path) -> None:
    make_project(tmp_path, features=8)
    assert lint(tmp_path / "train.py") == {"KC105:7"}
    make_project(tmp_path, features=12)
    assert lint(tmp_path / "train.py") == set()


def test_a_fault_inside_the_imported_module_is_reported_on_that_module_only(
    tmp_path: Path,
) -> None:
    make_project(tmp_path, features=12, output='"softmax"')
    assert lint(tmp_path / "train.py") == set()
    assert lint(tmp_path / "models.py") == {"KC205:9", "KC105:17"}  # with its main block


def test_the_main_block_of_an_imported_module_does_not_run(tmp_path: Path) -> None:
    make_project(tmp_path, features=12)
    assert lint(tmp_path / "models.py") == {"KC105:17"}  # its own lint runs it
    assert lint(tmp_path / "train.py") == set()


def test_relative_imports_packages_and_module_aliases(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "setup.cfg": "",
            "nets/__init__.py": "from .cnn import make_cnn\n",
            "nets/cnn.py": """\
                from keras import layers, Sequential
                from .blocks import head

                def make_cnn():
                    model = Sequential([layers.Input((28, 28, 1)), layers.Conv2D(8, 3)])
                    head(model)
                    return model
                """,
            "nets/blocks.py": """\
                from keras import layers

                def head(model):
                    model.add(layers.Flatten())
                    model.add(layers.Dense(10, activation="softmax"))
                """,
            "scripts/run_a.py": """\
                import numpy as np
                from nets import make_cnn
                m = make_cnn()
                m.compile("adam", "sparse_categorical_crossentropy")
                m.fit(np.random.rand(5, 784), np.arange(5))
                """,
            "scripts/run_b.py": """\
                import numpy as np
                import nets.cnn as cnn
                m = cnn.make_cnn()
                m.compile("adam", "sparse_categorical_crossentropy")
                m.fit(np.random.rand(5, 28, 28, 3), np.arange(5))
                """,
            "scripts/run_c.py": """\
                import numpy as np
                import nets
                m = nets.cnn.make_cnn()
                m.compile("adam", "sparse_categorical_crossentropy")
                m.fit(np.random.rand(5, 28, 28, 1), np.arange(5))
                """,
        },
    )
    assert lint(tmp_path / "scripts/run_a.py") == {"KC105:5"}
    assert lint(tmp_path / "scripts/run_b.py") == {"KC105:5"}
    assert lint(tmp_path / "scripts/run_c.py") == set()


def test_an_import_cycle_is_harmless(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.py": "import keras\nfrom b import g\n\ndef f():\n    return g()\n",
            "b.py": "import keras\nfrom a import f\n\ndef g():\n    return keras.Sequential()\n",
        },
    )
    assert lint(tmp_path / "a.py") == set()
    assert lint(tmp_path / "b.py") == set()


def test_library_names_are_never_read_from_the_project(tmp_path: Path) -> None:
    write(tmp_path, {"numpy.py": "raise SystemExit\n", "train.py": TRAIN.replace("FEATURES", "8")})
    write(tmp_path, {"models.py": MODELS.replace("OUTPUT", '"sigmoid"')})
    result = lint_source((tmp_path / "train.py").read_bytes(), str(tmp_path / "train.py"))
    assert result.ir is not None and set(result.ir.imports) == {str(tmp_path / "models.py")}


def _chain(folder: Path, length: int) -> None:
    """m0 imports m1 ... imports m{length-1}; each module's function calls the next one's."""
    for index in range(length):
        last = index == length - 1
        body = (
            "import keras\n\ndef f():\n    return keras.Sequential([keras.Input((4,))])\n"
            if last
            else f"import keras\nfrom m{index + 1} import f as g\n\ndef f():\n    return g()\n"
        )
        (folder / f"m{index}.py").write_text(body, encoding="utf-8")


def test_a_long_import_chain_stays_bounded_and_fast(tmp_path: Path) -> None:
    _chain(tmp_path, 30)
    (tmp_path / "m0.py").write_text(
        (tmp_path / "m0.py").read_text() + "import numpy as np\nf().fit(np.zeros((2, 9)))\n"
    )
    started = time.perf_counter()
    result = lint_source((tmp_path / "m0.py").read_bytes(), str(tmp_path / "m0.py"))
    elapsed = time.perf_counter() - started
    assert result.ir is not None
    assert len(result.ir.imports) == project.MAX_IMPORT_DEPTH
    assert not result.diagnostics  # the model lies beyond the bound: unknown, silent
    assert elapsed < 5.0


def test_many_imports_stay_within_the_file_bound(tmp_path: Path) -> None:
    for index in range(30):
        (tmp_path / f"util{index}.py").write_text(f"VALUE = {index}\n", encoding="utf-8")
    imports = "".join(f"from util{index} import VALUE as v{index}\n" for index in range(30))
    (tmp_path / "train.py").write_text("import keras\n" + imports, encoding="utf-8")
    result = lint_source((tmp_path / "train.py").read_bytes(), str(tmp_path / "train.py"))
    assert result.ir is not None
    assert len(result.ir.imports) == project.MAX_IMPORTED_FILES


# --- the cache ---------------------------------------------------------------------------


@pytest.fixture
def in_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KERASCHECK_NO_CACHE", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> set[str]:
    main([*args, "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    return {f"{Path(d['filename']).name}:{d['code']}:{d['location']['row']}" for d in out}


def test_editing_an_imported_module_relints_the_importer(
    in_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_project(in_project, features=8)
    assert run(capsys, "train.py") == {"train.py:KC105:7"}
    entries = list(in_project.glob(".kerascheck_cache/**/*.entry"))
    assert len(entries) == 1 and "models.py" in entries[0].read_text()
    assert run(capsys, "train.py") == {"train.py:KC105:7"}  # from the cache
    (in_project / "models.py").write_text(
        textwrap.dedent(MODELS.replace("OUTPUT", '"sigmoid"')).replace(
            "shape=(n_features,)", "shape=(12,)"
        ),
        encoding="utf-8",
    )
    assert run(capsys, "train.py") == set()  # train.py is unchanged, models.py is not
    (in_project / "models.py").unlink()
    assert run(capsys, "train.py") == set()


def test_a_notebook_beside_the_module_reads_it(tmp_path: Path) -> None:
    make_project(tmp_path, features=8)
    cells = [
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": textwrap.dedent(TRAIN.replace("FEATURES", "8")),
        }
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "explore.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    result = lint_source(path.read_bytes(), str(path))
    assert [(d.code, d.cell) for d in result.diagnostics] == [("KC105", 1)]


TRAINER = """\
    from keras.models import Sequential
    from keras.layers import Conv2D, Flatten, Dense


    class Trainer:
        def build(self):
            self.model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)), Flatten(), Dense(10)])
            self.model.compile(loss="mse", optimizer="adam")

        def train(self, x, y):
            return self.model.fit(x, y, epochs=2)
    """

RUN = """\
    import numpy as np
    from lib.trainer import Trainer

    t = Trainer()
    t.build()
    t.train(np.random.rand(100, 784), np.random.rand(100, 10))
    """


def test_a_fault_only_the_importer_reveals_is_placed_in_the_imported_file(tmp_path: Path) -> None:
    write(tmp_path, {"lib/__init__.py": "", "lib/trainer.py": TRAINER, "run.py": RUN})
    run = tmp_path / "run.py"
    result = lint_source(run.read_bytes(), str(run))
    placed = [(Path(d.filename).name, d.code, d.span.start.row) for d in result.diagnostics]
    assert ("trainer.py", "KC105", 11) in placed
    assert all(name == "trainer.py" for name, code, _ in placed if code == "KC105")
    assert lint(tmp_path / "lib/trainer.py") == set()  # alone, it cannot know the data
    # a suppression comment in the file that holds the anchor counts
    trainer = tmp_path / "lib/trainer.py"
    trainer.write_text(
        trainer.read_text().replace("epochs=2)", "epochs=2)  # noqa: KC105"), encoding="utf-8"
    )
    result = lint_source(run.read_bytes(), str(run))
    assert not [d for d in result.diagnostics if d.code == "KC105"]


def test_the_editor_shows_a_document_only_its_own_findings(tmp_path: Path) -> None:
    from kerascheck.lsp.linting import DocumentLinter

    write(tmp_path, {"lib/__init__.py": "", "lib/trainer.py": TRAINER, "run.py": RUN})
    run = tmp_path / "run.py"
    assert any(
        Path(d.filename).name == "trainer.py"
        for d in lint_source(run.read_bytes(), str(run)).diagnostics
    )
    linted = DocumentLinter(root=str(tmp_path)).lint(
        "file:///run.py", run.read_text(encoding="utf-8"), str(run)
    )
    assert linted.diagnostics == [] and linted.items == []


def test_two_scripts_placing_the_same_finding_report_it_once(
    in_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_project, {"lib/__init__.py": "", "lib/trainer.py": TRAINER})
    write(in_project, {"run_a.py": RUN, "run_b.py": RUN, "pyproject.toml": ""})
    placed = {"trainer.py:KC105:11", "trainer.py:KC102:11"}  # bad shape, random labels
    assert run(capsys, ".", "--no-cache") == placed
    main([".", "--no-cache", "--format", "json"])
    assert len(json.loads(capsys.readouterr().out)) == len(placed)


def test_a_folder_without_init_is_a_namespace_package(tmp_path: Path) -> None:
    run_text = textwrap.dedent(RUN).replace(
        "from lib.trainer import Trainer", "import lib.trainer as tr\nTrainer = tr.Trainer"
    )
    write(tmp_path, {"lib/trainer.py": TRAINER, "run.py": run_text})
    run = tmp_path / "run.py"
    result = lint_source(run.read_bytes(), str(run))
    assert ("trainer.py", "KC105") in {(Path(d.filename).name, d.code) for d in result.diagnostics}
