"""The ``[12/340] path`` line on stderr while a long run lints or fixes its files.

Apart from the linting so that both ``check`` and ``--fix`` show it the same way, and only
where it helps: on a terminal, for runs long enough that it would not just flicker.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

from kerascheck.cli.terminal import isatty
from kerascheck.reporters import display_path

#: Below this many files a run is quick enough that a progress line would only flicker.
PROGRESS_THRESHOLD = 20


class Progress:
    """``[12/340] path`` on stderr during long runs; only on a terminal, never in a pipe."""

    def __init__(self, stream: TextIO, total: int, *, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.done = 0
        self.shown = False
        self.last = 0.0
        self.enabled = enabled and total >= PROGRESS_THRESHOLD and isatty(stream)

    def update(self, path: str) -> None:
        self.done += 1
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.1:
            return
        self.last = now
        width = 70
        shown = display_path(path, os.getcwd())
        if len(shown) > width:
            shown = "..." + shown[-(width - 3) :]
        self.stream.write(f"\r\x1b[K[{self.done}/{self.total}] {shown}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
