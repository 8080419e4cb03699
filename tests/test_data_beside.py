"""KC101 on data files shipped beside the script: a bounded sample decides whether the values
are already scaled, gives the column count, and the lint cache notices when the file changes."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import numpy as np
import pytest

from kerascheck.cache import entry_key
from kerascheck.cli import main
from kerascheck.engine import lint_source

RAW_CSV = "id,sqft,year,rooms,label\n" + "".join(
    f"{1000 + i},{800 + 37 * i},{1950 + i % 60},{1 + i % 6},{i % 2}\n" for i in range(40)
)
SCALED_CSV = "id,a,b,c,label\n" + "".join(
    f"{1000 + i},{(i % 10) / 10},{(i % 7) / 7},{(i % 3) / 3},{i % 2}\n" for i in range(40)
)

SCRIPT = """
import numpy as np
import pandas as pd
from tensorflow import keras

df = pd.read_csv("houses.csv")
{select}
model = keras.Sequential([
    keras.layers.Dense(16, activation="relu", input_shape=({width},)),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y)
"""


def lint(folder: Path, source: str) -> list:
    script = folder / "train.py"
    text = textwrap.dedent(source)
    script.write_text(text, encoding="utf-8")
    return lint_source(text.encode(), str(script)).diagnostics


def found(folder: Path, source: str) -> list[str]:
    return sorted(d.code for d in lint(folder, source))


@pytest.mark.parametrize(
    ("csv", "select", "width", "expected"),
    [
        (
            RAW_CSV,
            'X = df.drop(["id", "label"], axis=1).values\ny = df["label"].values',
            3,
            ["KC101"],
        ),
        (SCALED_CSV, 'X = df.drop(["id", "label"], axis=1).values\ny = df["label"].values', 3, []),
        (SCALED_CSV, 'X = df.drop(columns=["id", "label"])\ny = df.pop("label")', 3, []),
        (SCALED_CSV, "X = df.iloc[:, 1:4].values\ny = df.iloc[:, -1].values", 3, []),
        (SCALED_CSV, 'X = df[["a", "b", "c"]]\ny = df["label"]', 3, []),
        # the id column stays in: 1000 and more reach the network
        (SCALED_CSV, "X = df.iloc[:, :-1].values\ny = df.iloc[:, -1].values", 4, ["KC101"]),
    ],
)
def test_columns_picked_from_a_sampled_csv_decide_the_scale(
    tmp_path: Path, csv: str, select: str, width: int, expected: list[str]
) -> None:
    (tmp_path / "houses.csv").write_text(csv, encoding="utf-8")
    assert found(tmp_path, SCRIPT.format(select=select, width=width)) == expected


def test_a_column_pick_not_followed_falls_back_to_the_loader(tmp_path: Path) -> None:
    (tmp_path / "houses.csv").write_text(SCALED_CSV, encoding="utf-8")
    select = "cols = [c for c in df.columns if c != 'label']\nX = df[cols].values\ny = df['label']"
    assert found(tmp_path, SCRIPT.format(select=select, width=4)) == ["KC101"]
    (tmp_path / "houses.csv").write_text(SCALED_CSV.replace("id,", "x,").replace("\n1", "\n0.1"))
    assert found(tmp_path, SCRIPT.format(select=select, width=4)) == []  # every column small


def test_the_sample_gives_the_column_count(tmp_path: Path) -> None:
    (tmp_path / "houses.csv").write_text(SCALED_CSV, encoding="utf-8")
    select = 'X = df.drop("label", axis=1).values\ny = df["label"].values'
    codes = found(tmp_path, SCRIPT.format(select=select, width=3))
    assert "KC105" in codes  # four columns stay (id, a, b, c) against input_shape=(3,)


def test_raw_findings_name_the_range_and_missing_files_say_so(tmp_path: Path) -> None:
    (tmp_path / "houses.csv").write_text(RAW_CSV, encoding="utf-8")
    select = 'X = df.drop(["id", "label"], axis=1).values\ny = df["label"].values'
    (finding,) = lint(tmp_path, SCRIPT.format(select=select, width=3))
    assert "[1, 2243]" in finding.message and "not found" not in finding.help
    (tmp_path / "houses.csv").unlink()
    (finding,) = lint(tmp_path, SCRIPT.format(select=select, width=3))
    assert "houses.csv was not found beside the script" in finding.help


def test_loadtxt_and_npy_files(tmp_path: Path) -> None:
    rows = "".join(f"{i % 5 / 5} {i % 3 / 3} {i % 2}\n" for i in range(30))
    (tmp_path / "readings.txt").write_text(rows, encoding="utf-8")
    np.save(tmp_path / "pixels.npy", np.arange(256, dtype="uint8").reshape(4, 8, 8))
    np.save(tmp_path / "unit.npy", np.linspace(0, 1, 256, dtype="float32").reshape(4, 8, 8))
    script = """
    import numpy as np
    from numpy import loadtxt
    import keras

    data = loadtxt("readings.txt")
    X, y = data[:, :2], data[:, 2]
    images = np.load("{images}")
    m1 = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
    m1.compile(loss="binary_crossentropy")
    m1.fit(X, y)
    m2 = keras.Sequential([keras.Input(shape=(8, 8)), keras.layers.Flatten(), keras.layers.Dense(1)])
    m2.compile(loss="mse")
    m2.fit(images, np.zeros(4))
    """
    assert found(tmp_path, script.format(images="unit.npy")) == []
    assert [
        (d.code, d.span.start.row) for d in lint(tmp_path, script.format(images="pixels.npy"))
    ] == [("KC101", 14)]


def test_files_outside_the_script_folder_are_not_read(tmp_path: Path) -> None:
    inner = tmp_path / "project"
    inner.mkdir()
    (tmp_path / "houses.csv").write_text(SCALED_CSV, encoding="utf-8")
    script = SCRIPT.replace('"houses.csv"', f'"{tmp_path / "houses.csv"}"')
    select = 'X = df.drop(["id", "label"], axis=1).values\ny = df["label"].values'
    assert found(inner, script.format(select=select, width=3)) == ["KC101"]  # absolute path


def test_the_cache_key_follows_the_data_file(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    source = b'import pandas as pd\ndf = pd.read_csv("houses.csv")\n'
    script.write_bytes(source)
    absent = entry_key(source, "{}", str(script))
    (tmp_path / "houses.csv").write_text(RAW_CSV, encoding="utf-8")
    present = entry_key(source, "{}", str(script))
    assert absent != present
    (tmp_path / "houses.csv").write_text(SCALED_CSV, encoding="utf-8")
    os.utime(tmp_path / "houses.csv", ns=(1, 1))
    assert entry_key(source, "{}", str(script)) not in (absent, present)
    assert entry_key(source, "{}") == entry_key(source, "{}")  # no path: the source alone


def test_a_changed_data_file_relints_through_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KERASCHECK_NO_CACHE", raising=False)
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\n", encoding="utf-8")
    select = 'X = df.drop(["id", "label"], axis=1).values\ny = df["label"].values'
    (tmp_path / "train.py").write_text(textwrap.dedent(SCRIPT.format(select=select, width=3)))

    def run() -> list[str]:
        main(["train.py", "--format", "json"])
        return [item["code"] for item in json.loads(capsys.readouterr().out)]

    (tmp_path / "houses.csv").write_text(RAW_CSV, encoding="utf-8")
    assert run() == ["KC101"]
    assert run() == ["KC101"]  # from the cache
    (tmp_path / "houses.csv").write_text(SCALED_CSV, encoding="utf-8")
    assert run() == []


def test_npz_members_are_sampled_one_by_one(tmp_path: Path) -> None:
    np.savez(
        tmp_path / "digits.npz",
        raw=np.arange(256, dtype="uint8").reshape(4, 64),
        unit=np.linspace(0, 1, 256, dtype="float32").reshape(4, 64),
    )
    script = """
    import numpy as np
    import keras

    data = np.load("digits.npz")
    x = data["{member}"]
    model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(1)])
    model.compile(loss="mse")
    model.fit(x, np.zeros(4))
    """
    assert found(tmp_path, script.format(member="unit")) == []
    assert found(tmp_path, script.format(member="raw")) == ["KC101"]
    wrong = script.replace("shape=(64,)", "shape=(32,)")
    assert "KC105" in found(tmp_path, wrong.format(member="unit"))  # the member's shape is known
    assert found(tmp_path, script.format(member="missing")) == ["KC101"]  # nothing sampled


def test_a_loader_called_in_a_loop_samples_its_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kerascheck import datafiles

    reads: list[str] = []
    sample_file = datafiles.sample_file
    monkeypatch.setattr(
        datafiles, "sample_file", lambda path, *rest: reads.append(path) or sample_file(path, *rest)
    )
    (tmp_path / "houses.csv").write_text(RAW_CSV, encoding="utf-8")
    script = """
    import pandas as pd
    from tensorflow import keras

    def load():
        df = pd.read_csv("houses.csv")
        return df.drop(["id", "label"], axis=1).values, df["label"].values

    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_shape=(3,))])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    for fold in range(5):
        X, y = load()
        model.fit(X, y)
    """
    assert "KC101" in found(tmp_path, script)
    assert len(reads) == 1


def test_a_file_fetched_from_a_url_is_not_guessed_raw(tmp_path: Path) -> None:
    """keras.io's FordA examples read z-normalised series from GitHub at run time: nobody can
    sample them statically, so KC101 stays silent, while an absent local file still warns."""
    remote = SCRIPT.replace(
        'pd.read_csv("houses.csv")', 'pd.read_csv(ROOT + "houses.csv")'
    ).replace("import numpy as np", 'import numpy as np\nROOT = "https://example.org/data/"')
    select = 'X = df.drop(["id", "label"], axis=1).values\ny = df["label"].values'
    assert found(tmp_path, remote.format(select=select, width=3)) == []
    assert found(tmp_path, SCRIPT.format(select=select, width=3)) == ["KC101"]
