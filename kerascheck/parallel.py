"""Lint many files across processes, each under its time budget; results as in one process.

Linting is CPU-bound Python, so threads would not help: files go to worker processes, one at
a time, largest first (so that no worker is left with a big file at the end), and results
come back in the order of the tasks, whatever order they finish in. Each file runs through
the same ``lint_one`` as in a single process, so parallel output is the serial output.

The parent watches every worker: a file that exceeds its budget inside native code (where
the in-process alarm cannot interrupt it), or a worker that dies (a crash in a native
extension, the out-of-memory killer), costs that one file a finding or an internal error;
the worker is replaced and the run goes on.

Workers are forked after the parent has imported the engine, so they start in milliseconds;
where fork is unavailable they are spawned and import it themselves. A pool is only worth
starting for more than a few files (see ``POOL_MIN_FILES``): below that, or with
``--jobs 1``, files are linted in the calling process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from kerascheck.limits import (
    WORKER_MEMORY_BYTES,
    FileTimeout,
    cap_address_space,
    time_budget,
    timed_out,
)

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from kerascheck.cache import Cache
    from kerascheck.engine import FileResult
    from kerascheck.settings import Settings

#: Below this many files to analyse, a pool costs more than it saves: measured with
#: benchmarks/bench_throughput.py --break-even on a 2-core machine (see README).
POOL_MIN_FILES = 6
#: A file at least this large goes to a worker even alone, so that its budget can be
#: enforced by killing the worker (libcst's parser is native code: no alarm stops it).
ISOLATE_BYTES = 256 * 1024
#: Seconds a worker gets beyond a file's budget before it is killed: the in-process alarm
#: normally reports the timeout itself, from inside, first.
KILL_GRACE = 2.0
#: Bytes of sources a caller keeps in its tasks (read once, for the cache key and the lint);
#: beyond this, tasks carry only paths and files are read again where they are linted, so
#: that memory does not grow with the size of the tree.
SOURCE_BUDGET = 64 * 1024 * 1024

OnDone = Callable[[str], None]


class Task:
    """One file to lint: its path, its bytes and its settings; and the cache that keeps its
    result (under the key of the bytes linted and ``settings_text``), written by whichever
    process lints it. ``source`` is None when the caller did not keep the bytes (see
    ``SOURCE_BUDGET``): the file is then read where it is linted.

    Plain classes rather than dataclasses here and below: every ``kerascheck`` start-up
    imports this module, and each dataclass costs a millisecond to create.
    """

    __slots__ = ("cache", "path", "settings", "settings_text", "size", "source")

    def __init__(
        self,
        path: str,
        source: bytes | None,
        settings: Settings,
        cache: Cache | None = None,
        settings_text: str = "",
        size: int | None = None,
    ) -> None:
        self.path = path
        self.source = source
        self.settings = settings
        self.cache = cache
        self.settings_text = settings_text
        self.size = size if size is not None else len(source or b"")


def default_jobs() -> int:
    """The cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return max(os.cpu_count() or 1, 1)


class Outcome:
    """A file's result, and whether it is complete: an analysis that ran to its end, which a
    cache may keep (not a timeout, a dead worker or an internal error)."""

    __slots__ = ("complete", "result")

    def __init__(self, result: FileResult, complete: bool) -> None:
        self.result = result
        self.complete = complete


def lint_one(task: Task) -> Outcome:
    """``lint_source`` under the file's time budget, a complete result stored in the task's
    cache; the IR is dropped (results are kept for a whole run and sent between processes)."""
    from kerascheck.engine import FileResult, lint_source

    source = task.source
    if source is None:
        from kerascheck.inputs import read_input
        from kerascheck.limits import over_limit

        try:
            read = read_input(task.path, task.settings)
        except OSError as error:  # gone or locked since discovery: a KC002 like any unreadable path
            from kerascheck.checks.kc002_unreadable_input import unreadable_path
            from kerascheck.engine import limit_result

            reason = str(error.strerror or error)
            return Outcome(limit_result(task.path, unreadable_path(reason), task.settings), False)
        refused = over_limit(task.path, read.size, task.settings)
        if refused is not None:  # it grew since the caller looked
            from kerascheck.engine import limit_result

            return Outcome(limit_result(task.path, refused, task.settings), complete=False)
        source = read.source
    try:
        with time_budget(task.settings.file_timeout):
            result = lint_source(source, task.path, task.settings)
    except FileTimeout:
        return _timed_out(task)
    except MemoryError:
        from kerascheck.engine import limit_result
        from kerascheck.limits import out_of_memory

        return Outcome(limit_result(task.path, out_of_memory(), task.settings), complete=False)
    except Exception as error:  # a bug outside the engine's own nets must not end the run
        result = FileResult(task.path)
        result.internal_error(f"internal error: {error!r}")
        return Outcome(result, complete=False)
    result.ir = None
    complete = not result.internal_errors
    if complete and task.cache is not None:
        from kerascheck.cache import entry_key

        key = entry_key(source, task.settings_text, task.path)
        task.cache.put(task.path, key, result.diagnostics, getattr(result, "deps", None))
    return Outcome(result, complete)


def lint_all(tasks: Sequence[Task], jobs: int, on_done: OnDone | None = None) -> list[Outcome]:
    """Outcomes of ``tasks``, in their order; ``on_done(path)`` after each file."""
    workers = plan_workers(tasks, jobs)
    if workers == 0:
        outcomes = []
        for task in tasks:
            outcomes.append(lint_one(task))
            if on_done is not None:
                on_done(task.path)
        return outcomes
    return _Pool(workers).run(tasks, on_done)


def _timed_out(task: Task) -> Outcome:
    from kerascheck.engine import limit_result

    budget = task.settings.file_timeout
    return Outcome(limit_result(task.path, timed_out(budget), task.settings), complete=False)


def _failed(path: str, message: str) -> Outcome:
    """An internal error found outside the engine (a worker's net, a dead worker)."""
    from kerascheck.engine import FileResult

    result = FileResult(path)
    result.internal_errors.append(f"{path}: {message}")
    result.tracebacks.append("")
    return Outcome(result, complete=False)


def plan_workers(tasks: Sequence[Task], jobs: int) -> int:
    """How many worker processes to start (0: lint in this process)."""
    if jobs <= 1 or not tasks:
        return 0
    large = any(task.size >= ISOLATE_BYTES for task in tasks)
    if len(tasks) < POOL_MIN_FILES and not large:
        return 0
    return min(jobs, len(tasks))


# ---------------------------------------------------------------------------------------
# The pool


def _worker_main(connection: Connection) -> None:
    """A worker: lint each task received until told to stop (None) or the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _prepare_imports()
    cap_address_space()  # a file that needs more gets a MemoryError, not the machine's memory
    connection.send(("ready", None))
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        index, task = message
        try:
            outcome: Any = lint_one(task)
        except FileTimeout:  # the alarm went off just as the budget was being cleared
            outcome = _timed_out(task)
        except BaseException as error:
            outcome = f"internal error: {error!r}"
        try:
            connection.send((index, outcome))
        except Exception as error:  # e.g. a result that cannot be pickled
            connection.send((index, f"internal error: cannot return the result: {error!r}"))


def _prepare_imports(paths: Sequence[str] = ("x.py",)) -> None:
    """Import what linting ``paths`` needs (their readers: ``x.json``...), and read the rule
    catalogue, once: before forking."""
    from kerascheck.catalogue import load_catalogue
    from kerascheck.frontends import frontend_for

    for path in paths:
        with contextlib.suppress(Exception):  # a broken reader is reported per file
            frontend_for(path)
    load_catalogue()


class _Worker:
    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.ready = False
        self.index: int | None = None  # the task it is working on
        self.deadline = float("inf")


class _Pool:
    def __init__(self, size: int) -> None:
        self.size = size
        self.context = _context()
        self.workers: list[_Worker] = []

    def run(self, tasks: Sequence[Task], on_done: OnDone | None) -> list[Outcome]:
        if self.context.get_start_method() == "fork":
            _prepare_imports(sorted({"x" + os.path.splitext(t.path)[1] for t in tasks}))
        results: list[Outcome | None] = [None] * len(tasks)
        # Largest first: a big file started last would leave the other workers idle.
        waiting = sorted(range(len(tasks)), key=lambda i: -tasks[i].size)
        waiting.reverse()  # pop() from the end takes the largest
        remaining = len(tasks)
        failures = 0

        def done(index: int, result: Outcome) -> None:
            nonlocal remaining
            results[index] = result
            remaining -= 1
            if on_done is not None:
                on_done(tasks[index].path)

        try:
            self.workers = [self._start() for _ in range(self.size)]
            while remaining:
                for worker in self.workers:
                    if worker.ready and worker.index is None and waiting:
                        self._send(worker, waiting.pop(), tasks)
                for worker, message in self._receive():
                    if message is _DIED:
                        index = worker.index
                        if not worker.ready:
                            failures += 1
                            if failures > _MAX_START_FAILURES:
                                raise RuntimeError("worker processes die before they start")
                        self._replace(worker)
                        if index is not None:
                            done(index, _died(tasks[index].path, worker.process.exitcode))
                        continue
                    index, result = message
                    if index == "ready":
                        worker.ready = True
                        continue
                    worker.index, worker.deadline = None, float("inf")
                    if isinstance(result, str):  # the worker's own net caught something
                        result = _failed(tasks[index].path, result)
                    done(index, result)
                now = time.monotonic()
                for worker in list(self.workers):
                    if worker.index is not None and now > worker.deadline:
                        index = worker.index
                        self._replace(worker)
                        done(index, _timed_out(tasks[index]))
        finally:
            self._stop()
        return [result for result in results if result is not None]

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_worker_main, args=(child,), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _send(self, worker: _Worker, index: int, tasks: Sequence[Task]) -> None:
        task = tasks[index]
        worker.index = index
        budget = task.settings.file_timeout
        worker.deadline = time.monotonic() + budget * 1.5 + KILL_GRACE if budget else float("inf")
        with contextlib.suppress(OSError):  # it died: the next receive notices
            worker.connection.send((index, task))

    def _receive(self) -> list[tuple[_Worker, Any]]:
        from multiprocessing.connection import wait

        by_connection = {id(worker.connection): worker for worker in self.workers}
        deadlines = [w.deadline for w in self.workers if w.index is not None]
        timeout = max(min(deadlines) - time.monotonic(), 0.0) if deadlines else None
        if timeout is not None and timeout == float("inf"):
            timeout = None
        ready = wait([worker.connection for worker in self.workers], timeout)
        messages = []
        for connection in ready:
            worker = by_connection[id(connection)]
            try:
                messages.append((worker, connection.recv()))
            except (EOFError, OSError):
                messages.append((worker, _DIED))
        return messages

    def _replace(self, worker: _Worker) -> None:
        _kill(worker)
        self.workers[self.workers.index(worker)] = self._start()

    def _stop(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.connection.send(None)
        deadline = time.monotonic() + 1.0
        for worker in self.workers:
            worker.process.join(max(deadline - time.monotonic(), 0.0))
            if worker.process.is_alive():
                _kill(worker)
            worker.connection.close()
        self.workers = []


_DIED = object()
#: Workers that die before they are ready (a broken environment) stop the run after this many.
_MAX_START_FAILURES = 3


def _kill(worker: _Worker) -> None:
    try:
        worker.process.kill()
        worker.process.join(1.0)
    except (OSError, ValueError):
        pass
    with contextlib.suppress(OSError):
        worker.connection.close()


def _died(path: str, exitcode: int | None) -> Outcome:
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit {exitcode}"
    return _failed(
        path,
        f"internal error: the analysing process died on this file ({how}): a crash in "
        f"native code, or its memory limit of {WORKER_MEMORY_BYTES // (1024 * 1024)} MB "
        "reached there; the other files were still linted",
    )


def _context() -> Any:
    """fork where it is safe (POSIX, no other threads): workers inherit the imports."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and sys.platform != "darwin":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
