"""The model and training configs stored as attributes of a Keras ``.h5`` file.

Reading HDF5 needs ``h5py`` and HDF5's C library, which crash the whole process on some
damaged files (a 6 KB file was enough), hang on others and allocate gigabytes on others. So
the attributes are read in a child process (``hdf5_child``) with a time limit and a memory
cap: whatever happens there becomes a KC002 for that one file. A cheap look at the HDF5
superblock first turns away truncated and foreign files without starting the child. Only two
string attributes are read; the weights are never touched.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kerascheck.frontends.config.limits import (
    HDF5_MEMORY_BYTES,
    HDF5_SECONDS,
    MAX_CONFIG_BYTES,
    MB,
)

_MAGIC = b"\x89HDF\r\n\x1a\n"
_CHILD = Path(__file__).with_name("hdf5_child.py")
#: Sizes HDF5 allows for file offsets and lengths in its superblock.
_ADDRESS_SIZES = frozenset({2, 4, 8, 16})


class Hdf5Error(Exception):
    """The file cannot be read as a Keras HDF5 model; the message is the KC002 reason (short),
    ``help`` (when set) the details that open the finding's help."""

    def __init__(self, reason: str, help: str | None = None) -> None:
        super().__init__(reason)
        self.help = help


#: The help of a file HDF5 crashed or hung on.
ISOLATED = (
    f"HDF5's C library reads .h5 files in a separate process, limited to {HDF5_SECONDS:g} s "
    f"and {HDF5_MEMORY_BYTES // MB} MB: the file is damaged (or needs more), and the other "
    "files were not affected."
)


class Hdf5Unavailable(Exception):
    """h5py is not installed."""


@dataclass
class Hdf5Configs:
    model_config: str | None  # None: a weights-only file, nothing to lint
    training_config: str | None


def read_configs(source: bytes) -> Hdf5Configs:
    if not source.startswith(_MAGIC):
        raise Hdf5Error("it is not an HDF5 file (the HDF5 signature is missing)")
    if importlib.util.find_spec("h5py") is None:
        raise Hdf5Unavailable
    check_superblock(source)
    answer = _run_child(source)
    if answer.get("unavailable"):
        raise Hdf5Unavailable
    if "problem" in answer:
        detail = answer.get("detail")
        raise Hdf5Error(str(answer["problem"]), str(detail) if detail else None)
    texts = [answer.get(name) for name in ("model_config", "training_config")]
    if not all(text is None or isinstance(text, str) for text in texts):
        raise Hdf5Error("the HDF5 reader returned something other than text")
    return Hdf5Configs(*texts)


def check_superblock(source: bytes) -> None:
    """Refuse what HDF5 would refuse, from the superblock alone: an unknown version, address
    sizes HDF5 does not use, a file shorter than the size its superblock records."""
    version = source[8] if len(source) > 8 else None
    if version in (0, 1):
        address = source[13] if len(source) > 13 else 0
        end_field = (24 if version == 0 else 28) + 2 * address
    elif version in (2, 3):
        address = source[9] if len(source) > 9 else 0
        end_field = 12 + 2 * address
    else:
        raise Hdf5Error(
            "the HDF5 file is truncated or corrupt", f"Its superblock version is {version}."
        )
    if address not in _ADDRESS_SIZES:
        raise Hdf5Error(
            "the HDF5 file is corrupt", f"Its superblock gives {address}-byte addresses."
        )
    base = int.from_bytes(source[end_field - 2 * address : end_field - address], "little")
    end = int.from_bytes(source[end_field : end_field + address], "little")
    if len(source) < end_field + address or base + end > len(source):
        raise Hdf5Error(
            "the HDF5 file is truncated or corrupt",
            f"It has {len(source)} bytes; its superblock records {base + end}.",
        )


def _run_child(source: bytes) -> dict[str, object]:
    """The child's answer; its crash, hang or silence is an ``Hdf5Error``."""
    command = [sys.executable, "-I", str(_CHILD), str(HDF5_MEMORY_BYTES), str(MAX_CONFIG_BYTES)]
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    try:
        completed = subprocess.run(
            command, input=source, capture_output=True, timeout=HDF5_SECONDS, env=environment
        )
    except subprocess.TimeoutExpired:
        raise Hdf5Error(
            f"HDF5 did not finish reading it within {HDF5_SECONDS:g} s", ISOLATED
        ) from None
    except OSError as error:
        raise Hdf5Error("the HDF5 reader could not be started", f"{error}.") from None
    if completed.returncode < 0:
        raise Hdf5Error(
            f"HDF5 crashed reading it ({_signal_name(-completed.returncode)})", ISOLATED
        )
    try:
        answer = json.loads(completed.stdout)
    except ValueError:
        answer = None
    if completed.returncode != 0 or not isinstance(answer, dict):
        last = completed.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        reason = last[0][:300] if last else f"exit status {completed.returncode}"
        raise Hdf5Error("the HDF5 reader failed on it", f"It said: {reason}.")
    return answer


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
