"""Limits that keep one hostile or huge file from stopping, hanging or crashing a run.

Three limits, each reported as an *info* KC002 finding on the file (so that ``ignore``,
``--min-severity`` and ``severity`` apply to them like to any finding), never as a traceback:

- ``max-file-size``: a larger source file is not read at all (saved models are bounded by
  their own reader);
- ``file-timeout``: analysis of one file that takes longer is abandoned, the run goes on;
- nesting: expressions nested deeper than kerascheck's analyser follows are not analysed.

The nesting screen exists because libcst's native parser recurses on the C stack: a
statement nested a few thousand levels deep (``a.b.b.b...``, ``not not not ... x``,
``[[[[...]]]]``) crashes the whole process with a segmentation fault, and long chains take
time quadratic in their length. CPython's own parser rejects or survives such input, so
suspicious sources go through it first. A cheap scan decides what is suspicious: nearly every
real file passes it and pays nothing more.
"""

from __future__ import annotations

import ast
import functools
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from kerascheck.diagnostics import Diagnostic, Severity, Span

MB = 1024 * 1024

#: Deepest expression nesting analysed; real scripts stay below 40. libcst parses up to
#: this depth in well under a second; around 3,000 it overflows the C stack.
MAX_NESTING = 200
#: The cheap scan sends a source through CPython's parser when one statement is longer than
#: this (a long chain needs a long statement) or brackets nest deeper than the next number.
SCREEN_STATEMENT_CHARS = 1000
SCREEN_BRACKET_DEPTH = 20

#: Strings and comments (skipped: their brackets do not count), brackets and newlines.
_TOKENS = (
    r"""#[^\n]*"""
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n]|\\.)*"'''
    r"""|'(?:[^'\\\n]|\\.)*'"""
    r"""|\\\n|[()\[\]{}\n]"""
)


class FileTimeout(BaseException):
    """Raised inside the analysis when the file's time budget is spent.

    A ``BaseException``: the engine catches ``Exception`` around frontends and checks to turn
    bugs into internal errors, and a timeout must get past those handlers to the caller.
    """


def limit_finding(message: str, limit: str, help: str) -> Diagnostic:
    """An info KC002; ``extra["limit"]`` names the setting, for machine readers."""
    return Diagnostic(
        "KC002",
        message,
        help=help,
        span=Span.at_file_start(),
        severity=Severity.INFO,
        extra={"limit": limit},
    )


def too_large(size: int, limit: int) -> Diagnostic:
    return limit_finding(
        f"Not read: the file is {_size(size)}, over the max-file-size limit of {_size(limit)}",
        "max-file-size",
        "kerascheck skipped this file; the rest of the run went on. Raise `max-file-size` "
        "(in bytes) in [tool.kerascheck] to lint it.",
    )


def timed_out(seconds: float) -> Diagnostic:
    return limit_finding(
        f"Not checked: analysis took longer than the file-timeout of {seconds:g} s",
        "file-timeout",
        "kerascheck gave up on this file; the rest of the run went on. Raise `file-timeout` "
        "in [tool.kerascheck] to give it longer.",
    )


def too_deep(depth: int | None = None) -> Diagnostic:
    """Nesting beyond ``MAX_NESTING`` (``depth`` known), or beyond the analyser's recursion."""
    if depth is not None:
        how = f"expressions nest {depth} levels deep (kerascheck follows {MAX_NESTING})"
    else:
        how = "code nests more deeply than kerascheck's analyser can follow"
    return limit_finding(
        f"Not checked: {how}",
        "nesting",
        "kerascheck skipped this file; the rest of the run went on. No model code needs "
        "such nesting: it is usually generated code.",
    )


#: Saved models are mostly weights, so their size says nothing about their config; their
#: reader bounds what it reads itself (kerascheck/frontends/config/limits.py).
MODEL_SUFFIXES = frozenset({".json", ".keras", ".h5"})


def size_limited(path: str) -> bool:
    """Whether ``max-file-size`` applies to ``path``: sources, not saved models."""
    return PurePath(path).suffix.lower() not in MODEL_SUFFIXES


# ---------------------------------------------------------------------------------------
# Nesting


def screen_python(text: str) -> Diagnostic | None:
    """None if ``text`` is safe to hand to libcst; else a KC001 or an info KC002 finding."""
    if not _suspicious(text):
        return None
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        # CPython's verdict is final here: libcst may crash on this input (deep brackets).
        return _cpython_syntax_error(error)
    except (RecursionError, MemoryError, ValueError) as error:
        from kerascheck.checks.kc001_syntax_error import parser_failure

        if isinstance(error, ValueError):  # a NUL byte past the binary check's window
            return parser_failure(str(error))
        return parser_failure("it is too deeply nested for Python's own parser")
    depth = nesting_depth(tree)
    return too_deep(depth) if depth > MAX_NESTING else None


def _suspicious(text: str) -> bool:
    """Whether a statement is long or brackets nest deeply: the only ways to nest deeply."""
    depth = deepest = 0
    start = 0
    for match in _tokens().finditer(text):
        token = match.group()
        if token in "([{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif token in ")]}":
            depth = max(depth - 1, 0)
        elif token == "\n" and depth == 0:
            if match.start() - start > SCREEN_STATEMENT_CHARS:
                return True
            start = match.end()
    return deepest > SCREEN_BRACKET_DEPTH or len(text) - start > SCREEN_STATEMENT_CHARS


@functools.cache
def _tokens() -> re.Pattern[str]:
    return re.compile(_TOKENS, re.DOTALL)  # compiled on first use: start-up pays nothing


def nesting_depth(tree: ast.AST) -> int:
    """Deepest node of ``tree``, counted the way libcst nests: ``a and b and c`` is two levels.

    Iterative, so that it works on trees that would exhaust Python's recursion limit.
    """
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
        step = len(node.values) if isinstance(node, ast.BoolOp) else 1
        stack.extend((child, depth + step) for child in ast.iter_child_nodes(node))
    return deepest


def _cpython_syntax_error(error: SyntaxError) -> Diagnostic:
    from kerascheck.checks.kc001_syntax_error import syntax_error_at

    row = max(error.lineno or 1, 1)
    column = max(error.offset or 1, 1)
    return syntax_error_at(row, column, error.msg or "invalid syntax")


# ---------------------------------------------------------------------------------------
# Time


def can_interrupt() -> bool:
    """A budget needs SIGALRM (not on Windows), which only the main thread receives."""
    import threading

    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``FileTimeout`` in the block once ``seconds`` have passed (0/None: no budget).

    The alarm interrupts Python code only: a native call (libcst's parser) finishes first.
    Worker processes are also watched from outside, and killed if they do not come back.
    """
    if not seconds or seconds <= 0 or not can_interrupt():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise FileTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _size(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"
