"""Jupyter notebooks as kerascheck sees them: the code cells as one Python program.

Cells run in order in one namespace, so they are linted as one program: the code cells are
joined, IPython's own syntax (line magics ``%time``, shell escapes ``!pip``, ``x = !ls``,
help ``obj?``) becomes ``pass`` at the same indentation, and a cell that starts with a cell
magic (``%%bash``, ``%%writefile``) or an automagic (``pip install ...``, ``cd data``: a
magic's name without its ``%``) becomes blank lines, as ruff skips such cells; only the cell
magics that run their body as Python (``%%time``, ``%%timeit``, ``%%capture``, ``%%prun``,
``%%debug``) keep it. No line is added or removed, so a row of the program maps back to one
row of one cell.

Cells are numbered from 1 among all cells, markdown included, as a notebook shows them.
Writing fixes back replaces only the ``source`` value of the changed cells in the JSON text;
outputs, metadata, key order, indentation and the rest of the file stay byte for byte.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from kerascheck.checks.kc002_unreadable_input import UnreadableInput
from kerascheck.diagnostics import Diagnostic, Edit, Fix, Position, Related, Span
from kerascheck.suppression import comment_of

_BOM = "\ufeff"
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")
#: ``files = !ls`` / ``out = %timeit -o f()``: IPython assigns the output of a magic
_MAGIC_ASSIGNMENT = re.compile(r"\s*[A-Za-z_][\w.]*(\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[!%]")


#: Cell magics whose body is Python run as usual (``%%time`` around ``model.fit(...)``).
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})

#: IPython's line magics that a cell may call without ``%`` (automagic): ``pip install x``.
#: A cell whose first line starts with one of these names is skipped whole, as ruff does;
#: IPython applies automagic to one-line cells only, so the rest of such a cell is rare.
AUTOMAGICS = frozenset(
    """alias alias_magic autoawait autocall automagic bookmark cd colors conda config debug
    dhist dirs doctest_mode edit env gui history killbgscripts load load_ext loadpy logoff
    logon logstart logstate logstop lsmagic macro magic mamba matplotlib micromamba notebook
    page pastebin pdb pdef pdoc pfile pinfo pinfo2 pip popd pprint precision prun psearch
    psource pushd pwd pycat pylab quickref recall rehashx reload_ext rerun reset
    reset_selective run save sc set_env sx system tb time timeit unalias unload_ext who
    who_ls whos xdel xmode""".split()  # noqa: SIM905 (a word list reads better as text)
)

#: IPython's shell aliases (``mkdir data`` runs ``mkdir`` in a terminal IPython). Neither
#: ruff nor kerascheck treats them as magics; a cell that uses one gets a syntax error whose
#: message says how to write it (``!mkdir data``).
SHELL_ALIASES = frozenset(
    "cat clear cp ldir less lf lk ll ls lx man mkdir more mv rm rmdir".split()  # noqa: SIM905
)

#: After a magic's name, these make the line Python: ``pip = 3``, ``time += 1``.
_ASSIGNMENTS = frozenset("= := += -= *= /= //= %= **= @= &= |= ^= <<= >>=".split())  # noqa: SIM905


class NotebookError(UnreadableInput):
    """The file is not a notebook kerascheck can read; the message says why (and where)."""


@dataclass
class CodeCell:
    number: int  # 1-based among all cells
    index: int  # position in the notebook's cell list
    source: str  # as written, magics included
    first_row: int  # where the cell starts in the joined program
    rows: int  # how many program rows it spans
    python: str = ""  # the cell's part of the program (IPython syntax replaced)


@dataclass
class Notebook:
    text: str  # the JSON text (without a byte order mark)
    cells: list[CodeCell] = field(default_factory=list)
    program: str = ""
    language: str | None = None  # the kernel's language, when the notebook says
    bom: bool = False

    @property
    def is_python(self) -> bool:
        return self.language is None or self.language.lower() in ("python", "python3", "ipython")

    def program_without(self, numbers: Iterable[int]) -> str:
        """The program with the cells numbered ``numbers`` blanked (rows stay where they are)."""
        left_out = set(numbers)
        return "".join(
            "\n" * cell.rows if cell.number in left_out else cell.python for cell in self.cells
        )

    # --- program rows <-> cells ---------------------------------------------------------------

    def cell_at(self, row: int) -> CodeCell | None:
        """The cell holding program row ``row``; rows past the end belong to the last cell."""
        holding = [cell for cell in self.cells if cell.rows]
        for cell in holding:
            if row < cell.first_row + cell.rows:
                return cell if row >= cell.first_row else None
        return holding[-1] if holding else None

    def to_cell(self, span: Span) -> tuple[CodeCell, Span] | None:
        cell = self.cell_at(span.start.row)
        if cell is None:
            return None
        shift = cell.first_row - 1
        return cell, Span(
            Position(span.start.row - shift, span.start.column),
            Position(max(span.end.row - shift, 1), span.end.column),
        )

    def place(self, diagnostic: Diagnostic) -> Diagnostic:
        """A finding of the joined program as the user sees it: cell number and cell rows."""
        placed = self.to_cell(diagnostic.span) if diagnostic.span is not None else None
        if placed is None:
            return diagnostic
        cell, span = placed
        related = tuple(self._place_related(note) for note in diagnostic.related)
        fix = self._place_fix(diagnostic.fix, cell)
        return replace(diagnostic, span=span, cell=cell.number, related=related, fix=fix)

    def _place_related(self, note: Related) -> Related:
        placed = self.to_cell(note.span) if note.span is not None else None
        if placed is None:
            return note
        where, span = placed
        return replace(note, span=span, cell=where.number)

    def _place_fix(self, fix: Fix | None, cell: CodeCell) -> Fix | None:
        if fix is None:
            return None
        edits: list[Edit] = []
        for edit in fix.edits:
            placed = self.to_cell(edit.span)
            if placed is None or placed[0] is not cell:
                return None  # a fix is applied within one cell or not at all
            edits.append(Edit(edit.content, placed[1]))
        return replace(fix, edits=tuple(edits))

    # --- writing back --------------------------------------------------------------------------

    def with_sources(self, sources: dict[int, str]) -> bytes:
        """The notebook file with the code cells numbered in ``sources`` rewritten."""
        if not sources:
            return self.encode(self.text)
        spans = _source_spans(self.text)
        by_number = {cell.number: cell for cell in self.cells}
        changes: list[tuple[int, int, str]] = []
        ascii_only = _writes_ascii(self.text)
        for number, source in sources.items():
            cell = by_number[number]
            start, end = spans[cell.index]
            rendered = _render_source(source, self.text, start, end, ascii_only)
            changes.append((start, end, rendered))
        text = self.text
        for start, end, rendered in sorted(changes, reverse=True):
            text = text[:start] + rendered + text[end:]
        return self.encode(text)

    def encode(self, text: str) -> bytes:
        return ((_BOM if self.bom else "") + text).encode("utf-8")


# --- reading -----------------------------------------------------------------------------------


def parse_notebook(source: bytes) -> Notebook:
    """Read a ``.ipynb`` file (nbformat 4) and join its code cells into one program."""
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError as error:
        row = source.count(b"\n", 0, error.start) + 1
        raise NotebookError(
            f"The notebook is not valid UTF-8 (byte 0x{source[error.start]:02x} on line {row})",
            "Jupyter writes notebooks as UTF-8 JSON; this file was changed by another tool. "
            "Re-save it as UTF-8 (or from Jupyter) to lint it.",
            _at(row, len(source[source.rfind(b"\n", 0, error.start) + 1 : error.start]) + 1),
        ) from None
    bom = text.startswith(_BOM)
    text = text.removeprefix(_BOM)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(
            f"The notebook is not valid JSON: {error.msg} (line {error.lineno}, column "
            f"{error.colno})",
            "A notebook is a JSON file; this one was cut short or edited by hand. Repair the "
            "JSON at that place (or restore the file from version control) to lint it.",
            _at(error.lineno, error.colno),
        ) from None
    except RecursionError:
        raise NotebookError(
            "The notebook's JSON is nested too deeply to read",
            "No notebook Jupyter writes nests this deeply; the file is probably not a notebook.",
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotebookError(
            "Not a Jupyter notebook in nbformat 4 (it has no list of cells)",
            "kerascheck reads nbformat 4 notebooks, the format Jupyter has written since 2015. "
            "Open and save the file in a current Jupyter to convert it.",
        )
    cells = data["cells"]
    sources = [_joined(cell.get("source", "")) if _is_code(cell) else None for cell in cells]
    notebook = notebook_of(sources, language=_language(data.get("metadata")))
    notebook.text, notebook.bom = text, bom
    return notebook


def notebook_of(sources: Iterable[str | None], language: str | None = None) -> Notebook:
    """A notebook from its cells' sources, in order (None for a markdown or raw cell)."""
    notebook = Notebook("", language=language)
    parts: list[str] = []
    row = 1
    for index, source in enumerate(sources):
        if source is None:
            continue
        python = cell_program(source)
        rows = python.count("\n")
        notebook.cells.append(CodeCell(index + 1, index, source, row, rows, python))
        parts.append(python)
        row += rows
    notebook.program = "".join(parts)
    return notebook


def cell_program(source: str) -> str:
    """One cell's part of the program: Python, ending with a line break unless empty."""
    python = to_python(source)
    return python + "\n" if python and not python.endswith("\n") else python


def _at(row: int, column: int) -> Span:
    return Span(Position(row, column), Position(row, column + 1))


def program_of(sources: Iterable[str]) -> str:
    """The joined program of cell sources (to check that fixed cells still parse together)."""
    return "".join(cell_program(source) for source in sources)


def cell_syntax_error(python: str) -> SyntaxError | None:
    """CPython's verdict on one cell alone (IPython compiles each cell on its own; top-level
    ``await`` is allowed there), or None when it compiles."""
    try:
        compile(python, "<cell>", "exec", _CELL_FLAGS, dont_inherit=True)
    except SyntaxError as error:
        return error
    except (ValueError, RecursionError, MemoryError):
        return None  # not a grammar problem: the whole-program path reports it
    return None


_CELL_FLAGS = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def _is_code(cell: Any) -> bool:
    return isinstance(cell, dict) and cell.get("cell_type") == "code"


def _joined(source: Any) -> str:
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


def _language(metadata: Any) -> str | None:
    if not isinstance(metadata, dict):
        return None
    for key, field_name in (("kernelspec", "language"), ("language_info", "name")):
        section = metadata.get(key)
        if isinstance(section, dict) and isinstance(section.get(field_name), str):
            return str(section[field_name])
    return None


# --- IPython syntax -> Python -----------------------------------------------------------------


def to_python(source: str) -> str:
    """``source`` with IPython's syntax replaced, line for line, by Python that parses."""
    lines = source.split("\n")
    if is_automagic(lines[0]):
        return "\n".join("" for _ in lines)  # pip install ..., cd data: a shell command
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        magic = lines[first].lstrip()[2:].split(maxsplit=1)
        if not magic or magic[0] not in PYTHON_CELL_MAGICS:
            return "\n".join("" for _ in lines)  # %%bash, %%writefile ...: not Python
        lines = [*lines[:first], "", *lines[first + 1 :]]  # %%time: the body is Python
    scanner = _LogicalLines()
    out: list[str] = []
    magic_indent: str | None = None  # set while a magic continues with a backslash
    for line in lines:
        if magic_indent is None and scanner.at_start() and _is_magic(line):
            magic_indent = line[: len(line) - len(line.lstrip())]
        if magic_indent is not None:
            out.append(magic_indent + "pass")
            if not line.rstrip().endswith("\\"):
                magic_indent = None
            continue
        out.append(line)
        scanner.feed(line)
    return "\n".join(out)


def is_automagic(line: str) -> bool:
    """Whether ``line`` calls a line magic without ``%`` (``pip install -q tensorflow``)."""
    words = line.split(maxsplit=2)
    if not words or words[0] not in AUTOMAGICS:
        return False
    return len(words) == 1 or words[1] not in _ASSIGNMENTS


def _is_magic(line: str) -> bool:
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return False
    if stripped[0] in "%!?" or _MAGIC_ASSIGNMENT.match(line):
        return True
    comment = comment_of(line)
    code = (line[: len(line) - len(comment)] if comment else line).rstrip()
    return code.endswith("?")  # ``model.fit?`` asks for help


class _LogicalLines:
    """Just enough of Python's tokenizer to know whether a line starts a new statement:
    open brackets, triple-quoted strings and backslash continuations carry over."""

    def __init__(self) -> None:
        self.depth = 0
        self.string: str | None = None  # the open triple quote
        self.backslash = False

    def at_start(self) -> bool:
        return self.depth == 0 and self.string is None and not self.backslash

    def feed(self, line: str) -> None:
        self.backslash = False
        index, length = 0, len(line)
        if self.string is not None:
            index = _string_end(line, 0, self.string)
            if index < 0:
                return
            self.string = None
        while index < length:
            char = line[index]
            if char == "#":
                return
            if char in "\"'":
                quote = (
                    line[index : index + 3] if line[index : index + 3] in ('"""', "'''") else char
                )
                end = _string_end(line, index + len(quote), quote)
                if end < 0:
                    if len(quote) == 3:
                        self.string = quote
                    else:
                        self.backslash = line.endswith("\\")
                    return
                index = end
                continue
            if char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(self.depth - 1, 0)
            index += 1
        self.backslash = line.rstrip("\r").endswith("\\")


def _string_end(line: str, index: int, quote: str) -> int:
    """The index after the closing ``quote`` from ``index`` on, or -1 if the line has none."""
    while index < len(line):
        if line[index] == "\\":
            index += 2
            continue
        if line.startswith(quote, index):
            return index + len(quote)
        index += 1
    return -1


# --- the JSON text ------------------------------------------------------------------------------


def _source_spans(text: str) -> dict[int, tuple[int, int]]:
    """Offsets of each cell's ``source`` value in the JSON text, by cell index."""
    spans: dict[int, tuple[int, int]] = {}

    def cell(index: int, at: int) -> int:
        def member(key: str, value_at: int) -> int:
            end = _skip_value(text, value_at)
            if key == "source":
                spans[index] = (value_at, end)
            return end

        return _walk_object(text, at, member) if text[at] == "{" else _skip_value(text, at)

    def top(key: str, at: int) -> int:
        if key == "cells" and text[at] == "[":
            return _walk_array(text, at, cell)
        return _skip_value(text, at)

    _walk_object(text, _skip(text, 0), top)
    return spans


def _skip(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at


def _skip_value(text: str, at: int) -> int:
    return _DECODER.raw_decode(text, at)[1]


def _walk_object(text: str, at: int, member: Callable[[str, int], int]) -> int:
    """Call ``member(key, value_offset)`` for each member of the object at ``at``; each call
    returns the offset after the value. Returns the offset after the ``}``."""
    at = _skip(text, at + 1)
    if text[at] == "}":
        return at + 1
    while True:
        key, at = _DECODER.raw_decode(text, at)
        at = _skip(text, _skip(text, at) + 1)  # past ':'
        at = _skip(text, member(key, at))
        if text[at] != ",":
            return at + 1
        at = _skip(text, at + 1)


def _walk_array(text: str, at: int, element: Callable[[int, int], int]) -> int:
    at = _skip(text, at + 1)
    if text[at] == "]":
        return at + 1
    index = 0
    while True:
        at = _skip(text, element(index, at))
        index += 1
        if text[at] != ",":
            return at + 1
        at = _skip(text, at + 1)


def _writes_ascii(text: str) -> bool:
    """Whether the file escapes non-ASCII characters (``json.dumps``'s ``ensure_ascii``)."""
    return text.isascii() and re.search(r"\\u[0-9a-fA-F]{4}", text) is not None


def _render_source(source: str, text: str, start: int, end: int, ascii_only: bool) -> str:
    """``source`` as a JSON value written the way the old value at ``text[start:end]`` was."""
    old = text[start:end]
    if old.startswith('"'):
        return json.dumps(source, ensure_ascii=ascii_only)
    items = [json.dumps(line, ensure_ascii=ascii_only) for line in source.splitlines(True)]
    if not items:
        return "[]"
    line_start = text.rfind("\n", 0, start) + 1
    key_indent = text[line_start : _skip(text, line_start)].strip("\r\n")
    if "\n" in old and old[1:-1].strip():  # one line per item, as nbformat writes
        opening = old[1 : _skip(old, 1)]
        closing = old[len(old[:-1].rstrip()) : -1]
    elif "\n" in text:  # an empty list in a pretty-printed file: nbformat's layout
        opening = "\n" + key_indent + _indent_unit(text)
        closing = "\n" + key_indent
    else:
        return "[" + ", ".join(items) + "]"
    return "[" + opening + ("," + opening).join(items) + closing + "]"


def _indent_unit(text: str) -> str:
    match = re.match(r"\s*\{\r?\n([ \t]+)\"", text)
    return match.group(1) if match else " "
