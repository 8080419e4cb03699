"""Limits that keep one hostile or huge file from stopping, hanging or crashing a run.

Limits, each reported as an *info* KC002 finding on the file (so that ``ignore``,
``--min-severity`` and ``severity`` apply to them like to any finding), never as a traceback:

- ``max-file-size``: a larger source file is not read at all (saved models have limits of
  their own);
- ``file-timeout``: analysis of one file that takes longer is abandoned, the run goes on;
- nesting and tokens: a file nested deeper, or longer in tokens, than libcst can parse
  safely is not parsed;
- memory: an analysis that runs out of its memory is abandoned (workers have an address-space
  limit), and the interpreter has a step budget and caps on the values it builds, so that no
  input under the size limit needs a timer or gigabytes to finish.

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
from typing import TYPE_CHECKING

from kerascheck.diagnostics import Diagnostic, Severity, Span

if TYPE_CHECKING:
    from kerascheck.settings import Settings

MB = 1024 * 1024

#: Deepest expression nesting analysed; real scripts stay below 40. libcst parses up to
#: this depth in well under a second; around 3,000 it overflows the C stack.
MAX_NESTING = 200
#: The cheap scan sends a source through CPython's parser when one statement is longer than
#: this (a long chain needs a long statement) or brackets nest deeper than the next number.
SCREEN_STATEMENT_CHARS = 1000
SCREEN_BRACKET_DEPTH = 20

#: The abstract interpreter's budget: statements plus expressions it evaluates in one file.
#: Loops unroll (up to 64 iterations each) and user functions are interpreted at every call,
#: so five nested ``range(64)`` loops would take a billion steps and hang every entry point
#: (--fix, --diff, the language server) that has no wall-clock timer. Past the budget, the
#: rest of a loop runs as "an unknown number of iterations" (the body once, maybe) and each
#: function is interpreted once at most, so the file still completes, in linear time. The
#: largest fixture takes 2,300 steps, a grid search over 36 models about 20,000; 100,000
#: take 0.3 to 1.5 s on a slow core.
MAX_INTERPRETER_STEPS = 100_000
#: Caps on the values it builds, so that an 85-byte file of list multiplications or string
#: doubling cannot take gigabytes: a list or tuple past MAX_SEQUENCE_ITEMS items, a string
#: past MAX_STRING_CHARS characters, and anything once the file has built MAX_BUILT_ITEMS
#: items and characters in all, is UNKNOWN (what kerascheck does not follow). Shapes, layer
#: lists and hyper-parameter tables stay far below.
MAX_SEQUENCE_ITEMS = 10_000
MAX_STRING_CHARS = 100_000
MAX_BUILT_ITEMS = 10_000_000

#: Most tokens (names, numbers, strings, symbols, line breaks) of a file handed to libcst.
#: Its tree takes up to 2.9 KB per token (measured: 1.4 to 2.9 KB for code, 0.3 KB for blank
#: lines): a 9.9 MB file of ``x = 1`` took 15.6 GB and minutes, in native code that no timer
#: interrupts. 200,000 tokens (about 750 KB of real code; a 1,000-line script has 5,000) keep
#: the parse under about 600 MB. Counted only for files longer than this many characters.
MAX_PARSED_TOKENS = 200_000

#: Address space a worker process may take beyond what it holds when it starts. With the
#: limits above no file needs more (the benchmark's worst inputs peak under 200 MB), and a
#: worker that reaches it gets a MemoryError, reported as an info KC002 for that one file,
#: instead of taking the machine's memory from everything else.
WORKER_MEMORY_BYTES = 768 * MB

#: Comments and strings (single- and triple-quoted): one token each, brackets inside ignored.
_COMMENTS_AND_STRINGS = (
    r"""#[^\n]*"""
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n]|\\.)*"'''
    r"""|'(?:[^'\\\n]|\\.)*'"""
)
#: ... then brackets and newlines, for the nesting scan;
_TOKENS = _COMMENTS_AND_STRINGS + r"""|\\\n|[()\[\]{}\n]"""
#: ... or words, symbols and newlines, for the token count.
_WORDS = _COMMENTS_AND_STRINGS + r"""|\w+|[^\s\w]|\n"""


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


def out_of_memory() -> Diagnostic:
    return limit_finding(
        f"Not checked: analysis needed more than the {WORKER_MEMORY_BYTES // MB} MB a worker "
        "may use",
        "memory",
        "kerascheck gave up on this file; the rest of the run went on. Such a file is usually "
        "generated code or data pasted into a script.",
    )


def cap_address_space(extra: int | None = None) -> None:
    """Let this process grow by at most ``extra`` bytes of address space (default
    ``WORKER_MEMORY_BYTES``; Linux only). Only the soft limit is set: a child process (the
    HDF5 reader) may set its own."""
    if extra is None:
        extra = WORKER_MEMORY_BYTES
    try:
        import os
        import resource

        with open("/proc/self/statm", encoding="ascii") as status:
            pages = int(status.read().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + extra
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        return


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


def parser_limit(reason: str) -> Diagnostic:
    """Python compiles the file, but libcst's parser cannot read it."""
    return limit_finding(
        "Not checked: Python compiles this file, but kerascheck's parser (libcst) cannot read it",
        "parser",
        f"libcst stopped with: {reason.strip().rstrip('.')}. This happens only with code far "
        "beyond what scripts hold, such as thousands of implicitly concatenated strings "
        "(libcst reads 3,000); the rest of the run went on.",
    )


#: Saved models are mostly weights, so their size says nothing about their config; they have
#: limits of their own (kerascheck/frontends/config/limits.py).
MODEL_SUFFIXES = frozenset({".json", ".keras", ".h5"})
#: Saved models read whole: the zip's directory and the HDF5 attributes can sit anywhere.
_ARCHIVE_SUFFIXES = frozenset({".keras", ".h5"})


def size_limited(path: str) -> bool:
    """Whether ``max-file-size`` applies to ``path``: sources, not saved models."""
    return PurePath(path).suffix.lower() not in MODEL_SUFFIXES


def read_limit(path: str, settings: Settings) -> int:
    """The most bytes of ``path`` worth reading: ``max-file-size`` for sources, the config
    limit for ``.json``, the saved-model limit for ``.keras`` and ``.h5``."""
    suffix = PurePath(path).suffix.lower()
    if suffix not in MODEL_SUFFIXES:  # a source: the config frontend stays unimported
        return settings.max_file_size
    from kerascheck.frontends.config.limits import MAX_CONFIG_BYTES, MAX_MODEL_FILE_BYTES

    return MAX_MODEL_FILE_BYTES if suffix in _ARCHIVE_SUFFIXES else MAX_CONFIG_BYTES


def over_limit(path: str, size: int, settings: Settings) -> Diagnostic | None:
    """The finding for a file too large to read (None if it may be read, or if its reader
    decides itself, as the ``.json`` reader does)."""
    if size_limited(path):
        return too_large(size, settings.max_file_size) if size > settings.max_file_size else None
    from kerascheck.frontends.config.limits import MAX_MODEL_FILE_BYTES

    if PurePath(path).suffix.lower() in _ARCHIVE_SUFFIXES and size > MAX_MODEL_FILE_BYTES:
        return limit_finding(
            f"Not read: the saved model is {_size(size)}, over the "
            f"{_size(MAX_MODEL_FILE_BYTES)} kerascheck reads of one",
            "saved-model-size",
            "A saved model is read whole, and its weights make it large; kerascheck skipped "
            "it, the rest of the run went on. Lint the model's config instead: "
            "model.to_json() saved as a .json file.",
        )
    return None


# ---------------------------------------------------------------------------------------
# Nesting


def screen_python(text: str) -> Diagnostic | None:
    """None if ``text`` is safe to hand to libcst; else a KC001 or an info KC002 finding."""
    if len(text) > MAX_PARSED_TOKENS and _more_tokens_than(text, MAX_PARSED_TOKENS):
        return too_many_tokens()
    if not _suspicious(text):
        return None
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        # CPython's verdict is final here: libcst may crash on this input (deep brackets).
        from kerascheck.checks.kc001_syntax_error import cpython_syntax_error

        return cpython_syntax_error(error)
    except (RecursionError, MemoryError, ValueError) as error:
        from kerascheck.checks.kc001_syntax_error import parser_failure

        if isinstance(error, ValueError):  # a NUL byte past the binary check's window
            return parser_failure(str(error))
        return parser_failure("it is too deeply nested for Python's own parser")
    depth = nesting_depth(tree)
    return too_deep(depth) if depth > MAX_NESTING else None


def _suspicious(text: str) -> bool:
    """Whether a statement is long or brackets nest deeply: the only ways to nest deeply.

    A string or a comment counts as one character of its statement, however long: its
    contents nest nothing (keras.io-style scripts hold their prose in long string statements),
    while many strings in a row still make a long statement (``"a" "a" "a" ...`` nests)."""
    depth = deepest = 0
    start = literal = 0  # where the statement starts; characters its strings and comments save
    for match in _tokens().finditer(text):
        token = match.group()
        if len(token) > 2:  # a string or a comment (the other tokens are 1 or 2 characters)
            literal += len(token) - 1
        elif token in "([{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif token in ")]}":
            depth = max(depth - 1, 0)
        elif token == "\n" and depth == 0:
            if match.start() - start - literal > SCREEN_STATEMENT_CHARS:
                return True
            start, literal = match.end(), 0
    return deepest > SCREEN_BRACKET_DEPTH or len(text) - start - literal > SCREEN_STATEMENT_CHARS


def _more_tokens_than(text: str, limit: int) -> bool:
    """Whether ``text`` holds more than ``limit`` tokens, counted roughly (a string or a
    comment is one, as is a word, a symbol, a line break) and only as far as ``limit``."""
    counted = enumerate(_words().finditer(text), start=1)
    return any(count > limit for count, _ in counted)


@functools.cache
def _words() -> re.Pattern[str]:
    return re.compile(_WORDS, re.DOTALL)


def too_many_tokens() -> Diagnostic:
    return limit_finding(
        f"Not checked: the file holds more than {MAX_PARSED_TOKENS:,} tokens",
        "tokens",
        "kerascheck's parser would need over half a gigabyte of memory for so many words, "
        "numbers and symbols, so it skipped this file; the rest of the run went on. Training "
        "scripts hold far fewer (a 1,000-line script about 5,000): this is usually generated "
        "code or data pasted into a script.",
    )


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
    if size >= 1024 * MB:
        return f"{size / (1024 * MB):.1f} GB"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"
