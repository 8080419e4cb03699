"""The model and training configs stored as attributes of a Keras ``.h5`` file.

Reading HDF5 needs ``h5py`` (and with it NumPy), so it is imported here, when an ``.h5`` file
is actually linted, and never on the Python path. Only two string attributes are read; the
weights are never touched.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from kerascheck.frontends.config.limits import MAX_CONFIG_BYTES, MB

_MAGIC = b"\x89HDF\r\n\x1a\n"


class Hdf5Error(Exception):
    """The file cannot be read as a Keras HDF5 model; the message is the KC002 reason."""


class Hdf5Unavailable(Exception):
    """h5py is not installed."""


@dataclass
class Hdf5Configs:
    model_config: str | None  # None: a weights-only file, nothing to lint
    training_config: str | None


def read_configs(source: bytes) -> Hdf5Configs:
    if not source.startswith(_MAGIC):
        raise Hdf5Error("it is not an HDF5 file (the HDF5 signature is missing)")
    try:
        import h5py
    except ImportError:
        raise Hdf5Unavailable from None
    try:
        with h5py.File(io.BytesIO(source), "r") as handle:
            return Hdf5Configs(
                _text(handle.attrs.get("model_config"), "model_config"),
                _text(handle.attrs.get("training_config"), "training_config"),
            )
    except Hdf5Error:
        raise
    except Exception as error:  # h5py raises OSError, KeyError, ValueError ... on bad files
        raise Hdf5Error(f"the HDF5 file is truncated or corrupt ({error})") from None


def _text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if hasattr(value, "tobytes") and not isinstance(value, bytes | str):
        value = value.tobytes()  # a NumPy bytes scalar
    if isinstance(value, bytes):
        if len(value) > MAX_CONFIG_BYTES:
            raise Hdf5Error(f"its {name} attribute is larger than {MAX_CONFIG_BYTES // MB} MB")
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise Hdf5Error(f"its {name} attribute is not UTF-8 text") from None
    if isinstance(value, str):
        if len(value) > MAX_CONFIG_BYTES:
            raise Hdf5Error(f"its {name} attribute is larger than {MAX_CONFIG_BYTES // MB} MB")
        return value
    raise Hdf5Error(f"its {name} attribute is not text")
