"""Read the two Keras attributes of an HDF5 file in a process of its own (started by hdf5.py).

HDF5's C library can crash, hang or allocate gigabytes on a damaged file; here that costs
this short-lived process, which the linter watches with a time limit and which caps its own
memory first thing, never the linting run. It imports nothing of kerascheck and is run with
``python -I``, so that no module in the linted folder can stand in for h5py.

Protocol: the file's bytes on stdin; on stdout one JSON object, either
``{"unavailable": true}`` (no h5py), ``{"problem": "...", "detail": "..."}`` (why the file
cannot be read, and what HDF5 said), or the two attributes,
``{"model_config": text | null, "training_config": text | null}``.
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

ATTRIBUTES = ("model_config", "training_config")


def main(memory_bytes: int, max_text_bytes: int) -> dict[str, Any]:
    if resource is not None:  # POSIX; elsewhere only the parent's time limit applies
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file
    source = sys.stdin.buffer.read()
    try:
        import h5py
    except ImportError:
        return {"unavailable": True}
    try:
        with h5py.File(io.BytesIO(source), "r") as handle:
            return {
                name: _text(handle.attrs.get(name), name, max_text_bytes) for name in ATTRIBUTES
            }
    except _Unreadable as problem:
        return {"problem": str(problem)}
    except MemoryError:
        return {"problem": f"reading it needs more than {memory_bytes >> 20} MB of memory"}
    except Exception as error:  # h5py raises OSError, KeyError, ValueError ... on bad files
        detail = str(error)[:300] or type(error).__name__
        return {"problem": "the HDF5 file is truncated or corrupt", "detail": f"HDF5: {detail}."}


class _Unreadable(Exception):
    pass


def _text(value: Any, name: str, limit: int) -> str | None:
    if value is None:
        return None
    if hasattr(value, "tobytes") and not isinstance(value, bytes | str):
        value = value.tobytes()  # a NumPy bytes scalar
    if isinstance(value, bytes):
        if len(value) > limit:
            raise _Unreadable(f"its {name} attribute is larger than {limit >> 20} MB")
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise _Unreadable(f"its {name} attribute is not UTF-8 text") from None
    if isinstance(value, str):
        if len(value) > limit:
            raise _Unreadable(f"its {name} attribute is larger than {limit >> 20} MB")
        return value
    raise _Unreadable(f"its {name} attribute is not text")


if __name__ == "__main__":
    answer = main(int(sys.argv[1]), int(sys.argv[2]))
    sys.stdout.write(json.dumps(answer))
