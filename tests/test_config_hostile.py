"""Hostile saved models: each gives one clear KC002 within two seconds, and nothing runs.

The archives are built here in memory, most from the real ``.keras`` fixture; headers are
patched byte by byte where ``zipfile`` would refuse to write the lie. Every test runs in an
empty working folder and checks that it stays empty: nothing is ever extracted.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import marshal
import struct
import time
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kerascheck.diagnostics import Diagnostic, Severity
from kerascheck.engine import FileResult, lint_source
from kerascheck.frontends.config import limits
from kerascheck.frontends.config.readers import ConfigLoaded, read_keras

CONFIGS = Path(__file__).resolve().parents[1] / "fixtures" / "configs"
ARCHIVE = (CONFIGS / "binary_softmax.keras").read_bytes()
CONFIG_JSON = zipfile.ZipFile(io.BytesIO(ARCHIVE)).read("config.json")
#: CPU seconds, not wall-clock: other processes on a shared machine must not fail the test.
#: A bound against blow-ups (a quadratic walk of 10,000 layers takes minutes), not a speed
#: target: the largest case takes about 1.2 s alone and over 2 s on a loaded machine.
SECONDS = 3.0


@pytest.fixture(autouse=True)
def empty_workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    yield workdir
    assert list(workdir.iterdir()) == [], "linting wrote files"


def lint_timed(source: bytes, name: str) -> FileResult:
    started = time.process_time()
    result = lint_source(source, name)
    elapsed = time.process_time() - started
    assert elapsed < SECONDS, f"{name} took {elapsed:.2f} s"
    assert result.internal_errors == []
    return result


def one_kc002(source: bytes, name: str, *words: str) -> Diagnostic:
    """Lint and expect exactly one KC002 error whose message holds every word."""
    result = lint_timed(source, name)
    (finding,) = result.diagnostics
    assert (finding.code, finding.severity) == ("KC002", Severity.ERROR), finding.message
    for word in words:
        assert word in finding.message, finding.message
    return finding


def build_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def central_entries(data: bytes) -> Iterator[tuple[int, str]]:
    """Offsets and names of the central directory entries."""
    offset = data.find(b"PK\x01\x02")
    while offset >= 0:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        yield offset, data[offset + 46 : offset + 46 + name_length].decode()
        offset = data.find(b"PK\x01\x02", offset + 46)


def patch_entry(data: bytes, name: str, **fields: int) -> bytes:
    """Rewrite ``flags``, ``compressed`` or ``size`` of one central directory entry."""
    layout = {"flags": (8, "<H"), "compressed": (20, "<I"), "size": (24, "<I")}
    patched = bytearray(data)
    offset = next(offset for offset, entry in central_entries(data) if entry == name)
    for field_name, value in fields.items():
        at, fmt = layout[field_name]
        struct.pack_into(fmt, patched, offset + at, value)
    return bytes(patched)


# --- zip bombs and lying headers -------------------------------------------------------------


def bomb(name: str, megabytes: int) -> bytes:
    """An archive with a real config.json and a member of ``megabytes`` of zeros, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if name != "config.json":
            archive.writestr("config.json", CONFIG_JSON)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        zeros = bytes(limits.MB)
        with archive.open(info, "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(zeros)
    return buffer.getvalue()


def test_zip_bomb_in_the_weights_is_refused_by_its_ratio() -> None:
    one_kc002(bomb("model.weights.h5", 64), "bomb.keras", "zip bomb", "model.weights.h5")


def test_zip_bomb_as_config_json_is_refused_before_it_expands() -> None:
    one_kc002(bomb("config.json", 64), "bomb.keras", "zip bomb", "config.json")


def test_a_header_that_understates_the_size_is_caught_while_reading() -> None:
    padded = CONFIG_JSON + b" " * 50_000  # compresses well, below the ratio limit
    data = build_zip({"config.json": padded}, zipfile.ZIP_DEFLATED)
    lying = patch_entry(data, "config.json", size=len(CONFIG_JSON))
    one_kc002(lying, "lying.keras", "corrupt")


def test_members_declaring_more_than_the_total_limit_are_refused() -> None:
    data = build_zip({"config.json": CONFIG_JSON, "model.weights.h5": b"w" * 1000})
    huge = limits.MAX_TOTAL_UNCOMPRESSED + 1
    patched = patch_entry(data, "model.weights.h5", size=huge, compressed=huge)
    one_kc002(patched, "huge.keras", "200 MB")


def test_a_config_json_larger_than_the_config_limit_is_refused_by_its_header() -> None:
    data = build_zip({"config.json": CONFIG_JSON})
    size = limits.MAX_CONFIG_BYTES + 1
    one_kc002(patch_entry(data, "config.json", size=size, compressed=size), "big.keras", "20 MB")


def test_too_many_members_are_refused() -> None:
    members = {f"assets/{i}.txt": b"x" for i in range(limits.MAX_MEMBERS)}
    one_kc002(build_zip({"config.json": CONFIG_JSON, **members}), "many.keras", "1001 members")


def test_a_huge_central_directory_is_refused_before_zipfile_walks_it() -> None:
    data = bytearray(build_zip({"config.json": CONFIG_JSON}))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<I", data, end + 12, 50 * limits.MB)
    one_kc002(bytes(data), "directory.keras", "central directory")


# --- broken and odd archives ---------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.5, 0.99])
def test_truncated_archive(keep: float) -> None:
    one_kc002(ARCHIVE[: int(len(ARCHIVE) * keep)], "truncated.keras", "truncated")


def test_corrupt_member_data() -> None:
    data = bytearray(build_zip({"config.json": CONFIG_JSON}))
    start = data.find(CONFIG_JSON[:40])
    data[start + 100 : start + 110] = b"X" * 10
    one_kc002(bytes(data), "corrupt.keras", "corrupt")


def test_encrypted_member() -> None:
    data = build_zip({"config.json": CONFIG_JSON})
    one_kc002(patch_entry(data, "config.json", flags=0x1), "secret.keras", "encrypted")


@pytest.mark.parametrize(
    "name", ["../config.json", "/etc/config.json", "C:/config.json", "assets/../../x", "a\\..\\b"]
)
def test_member_names_that_escape_the_archive(name: str) -> None:
    data = build_zip({"config.json": CONFIG_JSON, name: b"x"})
    one_kc002(data, "traversal.keras", "path traversal")


def test_duplicate_member_names() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns, and writes both
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("config.json", CONFIG_JSON)
            archive.writestr("config.json", b"{}")
    one_kc002(buffer.getvalue(), "twice.keras", "appears twice")


def test_a_keras_file_that_is_not_a_zip() -> None:
    one_kc002(b"this is not an archive", "model.keras", "not a zip archive")


def test_an_hdf5_file_renamed_to_keras_gets_a_hint() -> None:
    one_kc002(b"\x89HDF\r\n\x1a\n" + bytes(100), "model.keras", "HDF5")


def test_an_archive_without_config_json() -> None:
    one_kc002(build_zip({"metadata.json": b"{}"}), "empty.keras", "no config.json")


def test_invalid_json_in_the_archive_names_the_member_and_position() -> None:
    data = build_zip({"config.json": b'{"class_name": "Sequential",\n "config": {,}}'})
    one_kc002(data, "bad.keras", "config.json", "line 2")


# --- JSON that cannot be a config -----------------------------------------------------------


def nested_wrappers(depth: int) -> dict[str, Any]:
    """``depth`` TimeDistributed layers inside each other, built without recursion."""
    layer: dict[str, Any] = {"class_name": "Dense", "config": {"units": 1}}
    for _ in range(depth):
        layer = {"class_name": "TimeDistributed", "config": {"layer": layer}}
    return layer


def deep_json(depth: int) -> bytes:
    """A model whose single layer nests ``depth`` wrappers (the text is built, not dumped)."""
    head = '{"class_name": "TimeDistributed", "config": {"layer": ' * depth
    tail = "}}" * depth
    layer = f'{head}{{"class_name": "Dense", "config": {{"units": 1}}}}{tail}'
    return f'{{"class_name": "Sequential", "config": {{"layers": [{layer}]}}}}'.encode()


def test_ten_thousand_nested_layers_in_json() -> None:
    one_kc002(deep_json(10_000), "deep.json", "more than 512 levels", "line 1")


def test_ten_thousand_nested_layers_in_an_archive() -> None:
    data = build_zip({"config.json": deep_json(10_000)}, zipfile.ZIP_DEFLATED)
    one_kc002(data, "deep.keras", "config.json", "more than 512 levels")


def test_ten_thousand_nested_lists_as_an_argument() -> None:
    value = "[" * 10_000 + "]" * 10_000
    text = f'{{"class_name": "Sequential", "config": {{"layers": [{{"class_name": "Dense", "config": {{"units": {value}}}}}]}}}}'
    one_kc002(text.encode(), "lists.json", "more than 512 levels")


def test_wrappers_nested_deeper_than_any_model_are_refused() -> None:
    document = {"class_name": "Sequential", "config": {"layers": [nested_wrappers(100)]}}
    one_kc002(json.dumps(document).encode(), "wrappers.json", "nested more than 32 levels")


def test_invalid_json_reports_the_parser_line_and_column() -> None:
    text = '{\n  "class_name": "Sequential",\n  "config": {\n    "layers": [}\n}\n'
    one_kc002(text.encode(), "bad.json", "line 4, column 16")


def test_an_integer_with_too_many_digits() -> None:
    text = '{"class_name": "Sequential", "config": {"layers": [' + "9" * 100_000 + "]}}"
    one_kc002(text.encode(), "digits.json", "invalid JSON")


def test_json_that_is_not_utf8() -> None:
    one_kc002(b'{"class_name": "Sequential", "config": {"name": "caf\xe9"}}', "latin.json", "UTF-8")


def test_json_larger_than_a_config_can_be() -> None:
    source = b'{"class_name": "Sequential", "config": {"layers": []}, "pad": "'
    source += b" " * limits.MAX_CONFIG_BYTES + b'"}'
    one_kc002(source, "huge.json", "20 MB")


def test_a_large_flat_model_is_linted_in_time() -> None:
    layers = [{"class_name": "InputLayer", "config": {"batch_shape": [None, 8]}}]
    layers += [{"class_name": "Dense", "config": {"units": 8, "activation": "relu"}}] * 10_000
    document = {"class_name": "Sequential", "config": {"layers": layers}}
    result = lint_timed(json.dumps(document).encode(), "flat.json")
    assert result.diagnostics == []
    assert result.ir is not None and len(result.ir.models[0].nodes) == 10_001


def test_a_long_functional_chain_listed_backwards_is_linted_in_time() -> None:
    def entry(name: str, source: str | None) -> dict[str, Any]:
        inbound = [] if source is None else [[[source, 0, 0, {}]]]
        cls = "InputLayer" if source is None else "Dense"
        config = (
            {"batch_input_shape": [None, 8]}
            if source is None
            else {"units": 8, "activation": "relu"}
        )
        return {"class_name": cls, "config": config, "name": name, "inbound_nodes": inbound}

    count = 3_000
    chain = [entry("x", None)] + [
        entry(f"d{i}", "x" if i == 0 else f"d{i - 1}") for i in range(count)
    ]
    document = {
        "class_name": "Model",
        "config": {
            "layers": chain[::-1],
            "input_layers": [["x", 0, 0]],
            "output_layers": [[f"d{count - 1}", 0, 0]],
        },
    }
    result = lint_timed(json.dumps(document).encode(), "chain.json")
    assert result.ir is not None and len(result.ir.models[0].nodes) == count + 1


# --- code in the config -----------------------------------------------------------------------


def marshalled(sentinel: Path) -> str:
    """Bytecode that, if anything ever ran it, would create ``sentinel``."""
    code = compile(f"open({str(sentinel)!r}, 'w').write('ran')", "<lambda>", "eval")
    return base64.b64encode(marshal.dumps(code)).decode()


def lambda_model(function: Any, **extra: Any) -> dict[str, Any]:
    def layer(cls: str, **config: Any) -> dict[str, Any]:
        return {
            "module": "keras.layers",
            "class_name": cls,
            "config": config,
            "registered_name": None,
        }

    return {
        "module": "keras",
        "class_name": "Sequential",
        "config": {
            "name": "with_lambda",
            "layers": [
                layer("InputLayer", batch_shape=[None, 4]),
                layer("Lambda", name="payload", function=function, arguments={}, **extra),
                layer("Dense", name="out", units=1, activation="softmax"),
            ],
        },
        "compile_config": {"optimizer": "adam", "loss": "binary_crossentropy"},
    }


def keras3_lambda(sentinel: Path) -> dict[str, Any]:
    code = {"code": marshalled(sentinel), "defaults": None, "closure": None}
    return lambda_model({"class_name": "__lambda__", "config": code})


def keras2_lambda(sentinel: Path) -> dict[str, Any]:
    return lambda_model([marshalled(sentinel), None, None], function_type="lambda")


@pytest.mark.parametrize("make", [keras3_lambda, keras2_lambda])
def test_lambda_bytecode_is_never_run(make: Any, tmp_path: Path) -> None:
    sentinel = tmp_path / "ran.txt"
    config = json.dumps(make(sentinel)).encode()
    archive = build_zip({"config.json": config})
    for source, name in ((config, "lambda.json"), (archive, "lambda.keras")):
        result = lint_timed(source, name)
        assert "KC205" in [d.code for d in result.diagnostics]  # the rest is still linted
        notes = [d for d in result.diagnostics if d.code == "KC002"]
        assert [n.severity for n in notes] == [Severity.INFO]  # the reader's note is reported
        assert result.ir is not None
        payload = result.ir.models[0].nodes[1].layer
        assert payload.cls == "Lambda" and "function" not in payload.params
    assert not sentinel.exists()
    loaded = read_keras(archive, "lambda.keras")
    assert isinstance(loaded, ConfigLoaded)
    (note,) = loaded.notes
    assert (note.code, note.severity) == ("KC002", Severity.INFO)
    assert "bytecode" in note.message and "'payload'" in note.message
    assert note.anchor.member == "config.json" and note.anchor.path == "layers[1] payload"


# --- HDF5 ---------------------------------------------------------------------------------


def test_an_h5_file_that_is_not_hdf5() -> None:
    one_kc002(b"PK\x03\x04 a zip, not HDF5", "model.h5", "not an HDF5 file")


@pytest.mark.skipif(importlib.util.find_spec("h5py") is None, reason="h5py is not installed")
def test_a_truncated_h5_file() -> None:
    data = (CONFIGS / "binary_softmax.h5").read_bytes()
    one_kc002(data[: len(data) // 3], "model.h5", "truncated or corrupt")


@pytest.mark.skipif(importlib.util.find_spec("h5py") is None, reason="h5py is not installed")
def test_a_weights_only_h5_file_is_skipped_silently(tmp_path: Path) -> None:
    import h5py

    path = tmp_path / "model.weights.h5"
    with h5py.File(path, "w") as handle:
        handle.create_group("layers")
    result = lint_timed(path.read_bytes(), str(path))
    assert result.diagnostics == [] and result.ir is None
