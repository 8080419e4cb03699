"""The garbage collector of a kerascheck process, tuned for the short life of a lint run.

``kerascheck FILE`` is mostly start-up: over a hundred modules imported, their classes and
tables made, one file parsed. Python's collector walks the young objects every 700
allocations looking for reference cycles that start-up does not make, and at exit it walks
every object still alive, libcst's included, only to free memory the operating system takes
back anyway. Together that was a tenth of what ``kerascheck --no-cache FILE`` adds to
importing libcst (``benchmarks/bench_lsp.py``).

Only a process of its own is tuned (``main()`` called without an argument list): code that
calls ``main([...])`` keeps its collector as it was.
"""

from __future__ import annotations

import gc

#: Allocations between two collections of the youngest generation (Python's default is 700):
#: a run over many files still collects its garbage, only in larger batches.
YOUNG_THRESHOLD = 50_000


def for_a_lint_run() -> None:
    """Collect the youngest generation less often (the older ones as before)."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


def before_exit() -> None:
    """Move every object to the collector's permanent generation: the collection at
    interpreter shutdown then skips them. Output is flushed by Python at exit regardless,
    and kerascheck closes the files it writes (``with`` blocks), so no finalizer waits on a
    cycle."""
    gc.freeze()
