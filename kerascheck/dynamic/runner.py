"""Run the worker in a subprocess and turn whatever happens to it into a plain outcome.

The linter must never hang or die with the worker: it runs in its own session (so a timeout
kills TensorFlow's threads and children too), in an empty temporary folder (so a user's
``keras.py`` next to the script can never shadow the real one), with a memory cap the worker
applies to itself before importing anything heavy.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import kerascheck

#: Lines of the worker's stderr kept for messages about crashes.
STDERR_TAIL = 20
_MEMORY_WORDS = ("MemoryError", "bad_alloc", "Resource exhausted", "OOM", "Cannot allocate memory")


@dataclass
class Failure:
    """The worker stopped for good: why, and what it was doing then."""

    kind: str  # "timeout" | "memory" | "crash" | "import" | "protocol"
    message: str
    key: int | None = None  # the model being checked, if any
    phase: str | None = None  # "build" | "train"


@dataclass
class Outcome:
    """Everything the worker reported, per model key."""

    built: dict[int, dict[str, Any]] = field(default_factory=dict)
    trained: dict[int, dict[str, Any]] = field(default_factory=dict)
    errors: dict[int, dict[str, Any]] = field(default_factory=dict)
    failure: Failure | None = None
    import_seconds: float | None = None
    seconds: float = 0.0
    running: tuple[Any, Any] | None = None  # (key, phase) started but not reported
    finished: bool = False  # the worker said "done"


def worker_command() -> list[str]:
    return [sys.executable, "-m", "kerascheck.dynamic.worker"]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    package_root = str(Path(kerascheck.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (package_root, env.get("PYTHONPATH"))))
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_worker(request: dict[str, Any], timeout: float) -> Outcome:
    """Send ``request`` to a fresh worker and collect its events within ``timeout`` seconds."""
    started = time.monotonic()
    payload = json.dumps(request)
    with tempfile.TemporaryDirectory(prefix="kerascheck-") as folder:
        try:
            process = subprocess.Popen(
                worker_command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=folder,
                env=_environment(),
                start_new_session=True,
                text=True,
            )
        except OSError as error:
            return Outcome(failure=Failure("crash", f"could not start Python: {error}"))
        timed_out = False
        try:
            stdout, stderr = process.communicate(payload, timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill(process)
            stdout, stderr = process.communicate()
    outcome = read_events(stdout)
    outcome.seconds = time.monotonic() - started
    if outcome.failure is None:
        outcome.failure = _failure(outcome, stderr, process.returncode, timed_out, timeout)
    return outcome


def _kill(process: subprocess.Popen[str]) -> None:
    """The worker and anything it started: it leads its own process group."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        process.kill()


def read_events(stdout: str) -> Outcome:
    outcome = Outcome()
    for line in stdout.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if not isinstance(event, dict):
            continue
        kind = event.get("event")
        key = event.get("key")
        if kind == "ready":
            outcome.import_seconds = event.get("seconds")
        elif kind == "start":
            outcome.running = (key, event.get("phase"))
        elif kind == "built":
            outcome.built[key] = event["result"]
            outcome.running = None
        elif kind == "trained":
            outcome.trained[key] = event["result"]
            outcome.running = None
        elif kind == "error":
            outcome.errors[key] = event
            outcome.running = None
        elif kind == "fatal":
            outcome.failure = Failure(event.get("kind", "crash"), event.get("message", ""))
        elif kind == "done":
            outcome.finished = True
    return outcome


def _failure(
    outcome: Outcome,
    stderr: str,
    returncode: int | None,
    timed_out: bool,
    timeout: float,
) -> Failure | None:
    if outcome.finished and not timed_out:
        return None
    key, phase = outcome.running if outcome.running is not None else (None, None)
    tail = "\n".join(stderr.strip().splitlines()[-STDERR_TAIL:])
    if timed_out:
        return Failure("timeout", f"the check took longer than {timeout:.0f} s", key, phase)
    if any(word in tail for word in _MEMORY_WORDS):
        return Failure("memory", "TensorFlow ran out of memory", key, phase)
    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        if name == "SIGKILL":
            text = "the worker was killed (SIGKILL), probably for memory"
            return Failure("memory", text, key, phase)
        return Failure("crash", f"TensorFlow crashed ({name})", key, phase)
    last = tail.splitlines()[-1] if tail else "no output"
    return Failure("crash", f"the worker stopped (exit {returncode}): {last}", key, phase)
