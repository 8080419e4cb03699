"""The bounded data-file sampler: shapes, dtypes and ranges, within its limits, never unpickling."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from kerascheck.datafiles import resolve_beside, sample_file, sample_npz


def test_npy_header_and_per_column_ranges(tmp_path: Path) -> None:
    array = np.column_stack([np.arange(100, dtype="float32"), -np.arange(100) / 10])
    np.save(tmp_path / "x.npy", array.astype("float32"))
    sample = sample_file(str(tmp_path / "x.npy"))
    assert sample is not None
    assert (sample.format, sample.shape, sample.dtype, sample.columns) == (
        "npy",
        (100, 2),
        "float32",
        2,
    )
    assert sample.minimum == (0.0, pytest.approx(-9.9))
    assert sample.maximum == (99.0, 0.0)
    assert sample.complete and sample.rows_read == 100
    assert sample.value_range == (pytest.approx(-9.9), 99.0)


@pytest.mark.parametrize("dtype", ["uint8", ">i4", "int64", "float16", "bool"])
def test_npy_dtypes_and_byte_orders(tmp_path: Path, dtype: str) -> None:
    array = (np.arange(24).reshape(2, 3, 4) % 7).astype(dtype)
    np.save(tmp_path / "a.npy", array)
    sample = sample_file(str(tmp_path / "a.npy"))
    assert sample is not None and sample.shape == (2, 3, 4)
    assert sample.value_range == (float(array.min()), float(array.max()))


def test_npy_sample_is_bounded_to_whole_rows(tmp_path: Path) -> None:
    np.save(tmp_path / "big.npy", np.ones((50_000, 8), dtype="float64"))
    sample = sample_file(str(tmp_path / "big.npy"), max_rows=100)
    assert sample is not None and sample.shape == (50_000, 8)
    assert sample.rows_read == 100 and not sample.complete


class _Trap:
    """Unpickling this object creates ``path``: proof that someone unpickled it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.path), "w"))


def test_object_arrays_are_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    trap = np.empty(2, dtype=object)
    trap[0] = _Trap(marker)
    np.save(tmp_path / "obj.npy", trap, allow_pickle=True)
    sample = sample_file(str(tmp_path / "obj.npy"))
    assert sample is not None and sample.dtype == "object" and sample.shape == (2,)
    assert sample.minimum == () and not marker.exists()


def test_npz_members_within_limits(tmp_path: Path) -> None:
    np.savez_compressed(tmp_path / "d.npz", x=np.zeros((10, 3), "float32"), y=np.arange(10))
    members = sample_npz(str(tmp_path / "d.npz"))
    assert set(members) == {"x", "y"}
    assert members["x"].shape == (10, 3) and members["x"].member == "x"
    assert members["y"].value_range == (0.0, 9.0)
    assert sample_file(str(tmp_path / "d.npz"), member="y") == members["y"]


def test_a_zip_bomb_member_is_read_only_up_to_the_byte_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.npz"
    buffer = tmp_path / "x.npy"
    np.save(buffer, np.zeros((4_000_000,), dtype="float64"))  # 32 MB of zeros, tiny compressed
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(buffer, "x.npy")
    sample = sample_npz(str(path), max_bytes=64 * 1024)["x"]
    assert sample.shape == (4_000_000,) and not sample.complete
    assert sample.rows_read <= 64 * 1024 // 8


def test_csv_with_header_and_ragged_rows(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("a,b,label\n1,200,0\n2,100,1\n3,,1\n# comment\n4,50\n")
    sample = sample_file(str(tmp_path / "d.csv"))
    assert sample is not None
    assert sample.header == ("a", "b", "label") and sample.columns == 3
    assert sample.shape == (4, 3) and sample.complete and sample.dtype == "float64"
    assert sample.minimum == (1.0, 50.0, 0.0) and sample.maximum == (4.0, 200.0, 1.0)


def test_whitespace_text_and_text_columns(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("1 2 3\n4 5 6\n")
    sample = sample_file(str(tmp_path / "d.txt"))
    assert sample is not None and sample.shape == (2, 3) and sample.header == ()
    (tmp_path / "p.csv").write_text("age,sex\n30,male\n40,female\n")
    mixed = sample_file(str(tmp_path / "p.csv"))
    assert mixed is not None and mixed.dtype == "text" and mixed.minimum == (30.0, None)


def test_text_sample_is_bounded_by_bytes_and_rows(tmp_path: Path) -> None:
    (tmp_path / "long.csv").write_text("".join(f"{i},{i * 2}\n" for i in range(100_000)))
    by_rows = sample_file(str(tmp_path / "long.csv"), max_rows=50)
    assert by_rows is not None and by_rows.rows_read == 50 and by_rows.shape == (None, 2)
    by_bytes = sample_file(str(tmp_path / "long.csv"), max_bytes=1000)
    assert by_bytes is not None and not by_bytes.complete and by_bytes.rows_read < 200


def test_unreadable_inputs_give_none(tmp_path: Path) -> None:
    (tmp_path / "bad.npy").write_bytes(b"\x93NUMPY\x01\x00\x10\x00{'descr': __import__")
    assert sample_file(str(tmp_path / "bad.npy")) is None
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01\x02")
    assert sample_file(str(tmp_path / "bin.csv")) is None
    assert sample_file(str(tmp_path / "missing.csv")) is None
    assert sample_file(str(tmp_path)) is None  # a folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    assert sample_file(str(fifo)) is None  # would block forever if opened
    assert resolve_beside(str(tmp_path / "train.py"), "data.csv") is None


def test_paths_are_resolved_next_to_the_script_only(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.csv").write_text("1,2\n")
    script = str(tmp_path / "train.py")
    assert resolve_beside(script, "data/x.csv") == str(tmp_path / "data" / "x.csv")
    assert resolve_beside(script, str(tmp_path / "data" / "x.csv")) is None  # absolute
    assert resolve_beside(script, "https://example.org/x.csv") is None
    assert resolve_beside(script, "nothing.csv") is None


def test_the_sampler_imports_no_numpy() -> None:
    code = "import sys, kerascheck.datafiles; print('numpy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_the_frontend_reads_shapes_beside_the_script(tmp_path: Path) -> None:
    from kerascheck.frontends import frontend_for

    (tmp_path / "train.csv").write_text("a,b,c,label\n1,2,3,0\n4,5,6,1\n")
    np.save(tmp_path / "images.npy", np.zeros((5, 8, 8, 1), dtype="uint8"))
    script = tmp_path / "train.py"
    source = (
        b"import numpy as np\n"
        b"import pandas as pd\n"
        b"from keras import layers, models\n"
        b"df = pd.read_csv('train.csv')\n"
        b"X = df.drop('label', axis=1).values\n"
        b"y = df['label'].values\n"
        b"images = np.load('images.npy')\n"
        b"m = models.Sequential([layers.Dense(1)])\n"
        b"m.compile(loss='mse')\n"
        b"m.fit(X, y)\n"
        b"m.fit(images, y)\n"
    )

    def fits() -> list:
        (model,) = frontend_for(str(script))(source, str(script)).ir.models
        return model.fits

    tabular, pictures = fits()
    assert tabular.x.info.shape == (None, 3)  # four columns, one dropped
    (origin,) = tabular.x.info.origins
    assert origin.path == "train.csv" and origin.sample.header == ("a", "b", "c", "label")
    assert pictures.x.info.shape == (5, 8, 8, 1)
    (tmp_path / "train.csv").unlink()
    (tmp_path / "images.npy").unlink()
    assert [fit.x.info.shape for fit in fits()] == [(None, None), None]  # nothing to read
