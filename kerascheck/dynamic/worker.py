"""The subprocess that touches TensorFlow: ``python -m kerascheck.dynamic.worker``.

Protocol: one JSON document (the specs from ``spec.py`` plus options) on stdin; JSON lines
on stdout, flushed one by one, so that the linter keeps every result that was finished when
the worker crashes, runs out of memory or is killed for taking too long:

    {"event": "ready", "seconds": 2.1}                      TensorFlow imported
    {"event": "start", "key": 0, "phase": "build"}           now building model 0
    {"event": "built", "key": 0, "result": {...}}
    {"event": "start", "key": 0, "phase": "train"}
    {"event": "trained", "key": 0, "result": {...}}
    {"event": "error", "key": 0, "phase": "train", ...}      Python-level failure, goes on
    {"event": "fatal", "kind": "import", "message": "..."}   nothing can be checked
    {"event": "done"}

The worker never reads the user's script: it only knows the spec. Anything a library prints
goes to stderr, because file descriptor 1 is moved there before Keras is imported.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from typing import Any, TextIO

#: How a failed import reads when the address-space cap, not a missing package, is the cause.
_MEMORY_WORDS = ("failed to map segment", "Cannot allocate memory", "cannot allocate memory")


class Channel:
    """Writes protocol lines to the real stdout, whatever libraries do with fd 1."""

    def __init__(self) -> None:
        sys.stdout.flush()
        self._stream: TextIO = os.fdopen(os.dup(1), "w", encoding="utf-8")
        os.dup2(2, 1)  # C and Python prints now land on stderr
        sys.stdout = sys.stderr

    def send(self, event: str, **fields: Any) -> None:
        self._stream.write(json.dumps({"event": event, **fields}, default=_plain) + "\n")
        self._stream.flush()


def _plain(value: Any) -> Any:
    """NumPy scalars and the like, as plain numbers."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def limit_memory(megabytes: int | None) -> None:
    """Cap the address space, so that a huge model fails here instead of freezing the box."""
    if not megabytes:
        return
    try:
        import resource

        cap = int(megabytes) * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):  # not on this platform: the timeout still holds
        pass


def quiet_environment() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ["TF_DETERMINISTIC_OPS"] = "1"
    os.environ["KERAS_BACKEND"] = "tensorflow"
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
    os.environ["PYTHONHASHSEED"] = os.environ.get("PYTHONHASHSEED", "0")


def configure(seed: int) -> None:
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    with contextlib.suppress(Exception):  # older TensorFlow: TF_DETERMINISTIC_OPS applies
        tf.config.experimental.enable_op_determinism()
    reseed(seed)


def reseed(seed: int) -> None:
    import random

    import keras
    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)


def check_model(channel: Channel, spec: dict[str, Any], options: dict[str, Any]) -> None:
    import keras

    from kerascheck.dynamic import build, train

    key = spec["key"]
    keras.backend.clear_session()
    reseed(options["seed"])
    channel.send("start", key=key, phase="build")
    try:
        built = build.build(spec)
    except MemoryError:
        channel.send("error", key=key, phase="build", kind="memory", message="out of memory")
        return
    channel.send("built", key=key, result=built.report())
    if built.failure is not None or spec.get("compile") is None or not options["train"]:
        return
    channel.send("start", key=key, phase="train")
    try:
        data = None
        if options.get("data"):
            try:
                data = train.user_dataset(options["data"], spec, spec["compile"]["loss"])
            except (OSError, KeyError, ValueError) as error:
                channel.send("error", key=key, phase="train", kind="data", message=str(error))
                return
        result = train.train(spec, built, options, data)
        if data is not None and not _learned(result):
            keras.backend.clear_session()
            reseed(options["seed"])
            again = build.build(spec)
            if again.failure is None:  # the model on learnable data: model or data to blame?
                result["synthetic"] = train.train(spec, again, options, None)
    except MemoryError:
        channel.send("error", key=key, phase="train", kind="memory", message="out of memory")
        return
    except Exception as error:
        channel.send(
            "error",
            key=key,
            phase="train",
            kind="exception",
            type=type(error).__name__,
            message=build.keras_message(error),
        )
        return
    channel.send("trained", key=key, result=result)


def _learned(result: dict[str, Any]) -> bool:
    """A generous test, only used to decide whether the synthetic comparison is worth it."""
    before, after = result.get("loss_before"), result.get("loss_after")
    if before is None or after is None or result.get("nonfinite_step") is not None:
        return False
    return after < 0.8 * before


def main() -> int:
    channel = Channel()
    try:
        request = json.load(sys.stdin)
    except ValueError as error:
        channel.send("fatal", kind="protocol", message=f"unreadable request: {error}")
        return 2
    options = request["options"]
    limit_memory(options.get("memory_mb"))
    quiet_environment()
    started = time.monotonic()
    try:
        import keras  # noqa: F401
        import numpy  # noqa: F401
        import tensorflow  # noqa: F401
    except (ImportError, MemoryError) as error:
        text = str(error) or type(error).__name__
        memory = isinstance(error, MemoryError) or any(w in text for w in _MEMORY_WORDS)
        channel.send("fatal", kind="memory" if memory else "import", message=text)
        return 3
    configure(options["seed"])
    channel.send("ready", seconds=round(time.monotonic() - started, 3))
    for spec in request["models"]:
        try:
            check_model(channel, spec, options)
        except MemoryError:
            channel.send("error", key=spec["key"], phase="build", kind="memory", message="")
        except Exception as error:  # a bug here must not lose the other models
            channel.send(
                "error",
                key=spec["key"],
                phase="build",
                kind="exception",
                type=type(error).__name__,
                message=str(error)[:800],
            )
    channel.send("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
