"""Apply fixes to a file: lint, apply the fixes that do not overlap, check, lint again.

Each round applies every fix it can at once (a fix whose edits overlap an earlier one waits
for the next round, when it is proposed again on the new text), then lints the result: a fix
can uncover the next finding (unwrapping one ``TimeDistributed`` exposes the one after it).
After at most ``MAX_ROUNDS`` rounds, or when nothing changes, the final lint is what remains.

Nothing is written unless every round's result parses (libcst, and CPython's compiler when
the original compiled): a broken fix leaves the file as it was and says why. Notebooks are
rewritten cell by cell through ``kerascheck.ipynb``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

import libcst as cst

from kerascheck.checks.kc002_unreadable_input import DeclaredEncodingError, source_encoding
from kerascheck.diagnostics import Diagnostic, Edit, Fix
from kerascheck.engine import FileResult, lint_source
from kerascheck.lines import LINE_BREAK, line_starts
from kerascheck.settings import Settings

MAX_ROUNDS = 5


class FixError(Exception):
    """The fixes could not be applied safely; the file is left as it was."""


@dataclass
class FixOutcome:
    path: str
    result: FileResult  # the findings that remain after fixing
    before: FileResult  # the findings of the file as it was
    original: bytes
    fixed: bytes  # equal to ``original`` when nothing changed, or on error
    applied: int = 0  # findings fixed
    hidden: int = 0  # unsafe fixes left out (no --unsafe-fixes)
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_source(
    source: bytes,
    path: str,
    settings: Settings | None = None,
    *,
    unsafe: bool = False,
    max_rounds: int = MAX_ROUNDS,
) -> FixOutcome:
    """Fix ``source`` (the bytes of ``path``) as far as the selected, unsuppressed findings'
    fixes go. Writes nothing: the caller decides what to do with ``fixed``."""
    first = result = lint_source(source, path, settings)
    current, applied = source, 0
    for _ in range(max_rounds):
        chosen = choose(result.diagnostics, unsafe)
        if not chosen:
            break
        try:
            document = open_document(current, path)
            unique = {(d.cell, d.fix.edits): (d.cell, d.fix) for d in chosen if d.fix}
            fixed = document.apply(list(unique.values()))
        except FixError as error:
            return FixOutcome(path, first, first, source, source, error=str(error))
        if fixed == current:
            break
        current, applied = fixed, applied + len(chosen)
        result = lint_source(current, path, settings)
    hidden = 0 if unsafe else sum(1 for d in result.diagnostics if _is_unsafe(d.fix))
    return FixOutcome(path, result, first, source, current, applied, hidden)


def choose(diagnostics: Iterable[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """The findings whose fixes apply this round: allowed, and not overlapping an earlier one
    (identical fixes proposed by two findings count for both)."""
    chosen: list[Diagnostic] = []
    taken: list[tuple[int | None, Edit]] = []
    seen: set[tuple[int | None, tuple[Edit, ...]]] = set()
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or not fix.edits or (_is_unsafe(fix) and not unsafe):
            continue
        key = (diagnostic.cell, fix.edits)
        if key in seen:
            chosen.append(diagnostic)
            continue
        edits = [(diagnostic.cell, edit) for edit in fix.edits]
        if any(_overlap(a, b) for a in edits for b in taken):
            continue
        seen.add(key)
        taken += edits
        chosen.append(diagnostic)
    return chosen


def _is_unsafe(fix: Fix | None) -> bool:
    return fix is not None and fix.applicability != "safe"


def _overlap(a: tuple[int | None, Edit], b: tuple[int | None, Edit]) -> bool:
    if a[0] != b[0]:
        return False
    (a_start, a_end), (b_start, b_end) = _range(a[1]), _range(b[1])
    if a_start == a_end == b_start == b_end:
        return True  # two insertions at one place: their order would be a guess
    return a_start < b_end and b_start < a_end


def _range(edit: Edit) -> tuple[tuple[int, int], tuple[int, int]]:
    span = edit.span
    return (span.start.row, span.start.column), (span.end.row, span.end.column)


# --- applying edits ---------------------------------------------------------------------------


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` (1-based, end-exclusive spans) applied."""
    starts = line_starts(text)
    ends = [match.start() for match in LINE_BREAK.finditer(text)] + [len(text)]

    def offset(row: int, column: int) -> int:
        if not 1 <= row <= len(starts) or column < 1:
            raise FixError(f"a fix points outside the file (row {row}, column {column})")
        at = starts[row - 1] + column - 1
        if at > ends[row - 1]:
            raise FixError(f"a fix points past the end of row {row}")
        return at

    placed = sorted(
        (
            (
                offset(e.span.start.row, e.span.start.column),
                offset(e.span.end.row, e.span.end.column),
                e,
            )
            for e in edits
        ),
        key=lambda item: (item[0], item[1]),
        reverse=True,
    )
    previous_start = len(text) + 1
    for start, end, edit in placed:
        if end < start or end > previous_start:
            raise FixError("two fixes overlap")
        text = text[:start] + edit.content + text[end:]
        previous_start = start
    return text


def check_parses(new: str, old: str) -> None:
    """Raise FixError unless ``new`` parses (and compiles, when ``old`` did)."""
    try:
        cst.parse_module(new)
    except cst.ParserSyntaxError as error:
        raise FixError(
            f"the fixes would leave code that does not parse (line {error.raw_line}: "
            f"{error.message})"
        ) from None
    if _compiles(old) and not _compiles(new):
        try:
            compile(new, "<fixed>", "exec", dont_inherit=True)
        except SyntaxError as error:
            raise FixError(
                f"the fixes would leave code that does not compile (line {error.lineno}: "
                f"{error.msg})"
            ) from None


def _compiles(text: str) -> bool:
    try:
        compile(text, "<kerascheck>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


# --- documents: what a fix is applied to --------------------------------------------------------


class PythonDocument:
    """A Python file: its text in its own encoding (BOM and PEP 263 declarations kept)."""

    def __init__(self, source: bytes) -> None:
        self.encoding = _encoding(source)
        try:
            self.text = source.decode(self.encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise FixError(f"cannot decode the file: {error}") from None

    def apply(self, fixes: list[tuple[int | None, Fix]]) -> bytes:
        new = apply_edits(self.text, [edit for _, fix in fixes for edit in fix.edits])
        check_parses(new, self.text)
        return new.encode(self.encoding)

    def parts(self) -> list[tuple[str, str]]:
        return [("", self.text)]


class NotebookDocument:
    """A notebook: fixes apply to the cells they name; only those cells' sources change."""

    def __init__(self, source: bytes) -> None:
        from kerascheck.ipynb import NotebookError, parse_notebook

        try:
            self.notebook = parse_notebook(source)
        except NotebookError as error:
            raise FixError(str(error)) from None

    def apply(self, fixes: list[tuple[int | None, Fix]]) -> bytes:
        from kerascheck.ipynb import cell_syntax_error, program_of

        by_cell: dict[int, list[Edit]] = {}
        for cell, fix in fixes:
            if cell is None:
                raise FixError("a fix in a notebook does not name its cell")
            by_cell.setdefault(cell, []).extend(fix.edits)
        sources = {cell.number: cell.source for cell in self.notebook.cells}
        changed = {}
        for number, edits in by_cell.items():
            if number not in sources:
                raise FixError(f"a fix names cell {number}, which is not a code cell")
            changed[number] = apply_edits(sources[number], edits)
        # A cell that does not compile alone was left out of the analysis (it has its KC001
        # and no fix): the fixed cells must parse together with the others.
        kept = [c.number for c in self.notebook.cells if cell_syntax_error(c.python) is None]
        merged = {**sources, **changed}
        check_parses(
            program_of(merged[number] for number in kept),
            program_of(sources[number] for number in kept),
        )
        return self.notebook.with_sources(changed)

    def parts(self) -> list[tuple[str, str]]:
        return [(f":cell {cell.number}", cell.source) for cell in self.notebook.cells]


Document = PythonDocument | NotebookDocument


def open_document(source: bytes, path: str) -> Document:
    if PurePath(path).suffix.lower() == ".ipynb":
        return NotebookDocument(source)
    return PythonDocument(source)


def _encoding(source: bytes) -> str:
    """The codec that reads ``source`` as the linter did and writes it back unchanged."""
    try:
        return source_encoding(source)[0]
    except DeclaredEncodingError as error:
        raise FixError(f"cannot decode the file: {error}") from None


# --- showing what would change -----------------------------------------------------------------


def unified_diff(outcome: FixOutcome, shown: str) -> str:
    """The unified diff of ``outcome``'s changes; ``shown`` is the file name to print."""
    if not outcome.changed:
        return ""
    before = dict(open_document(outcome.original, outcome.path).parts())
    after = open_document(outcome.fixed, outcome.path).parts()
    chunks: list[str] = []
    for label, new in after:
        old = before.get(label, "")
        if old == new:
            continue
        lines = difflib.unified_diff(
            _diff_lines(old),
            _diff_lines(new),
            fromfile=f"{shown}{label}",
            tofile=f"{shown}{label}",
        )
        chunks.append("".join(line if line.endswith("\n") else line + "\n" for line in lines))
    return "".join(chunks)


def _diff_lines(text: str) -> list[str]:
    """Lines with their breaks as Python counts them; a lone ``\\r`` (old Mac) is shown as
    ``\\n``, which a terminal prints as a new line instead of going back over this one."""
    lines, start = [], 0
    for match in LINE_BREAK.finditer(text):
        end = match.group()
        lines.append(text[start : match.start()] + ("\n" if end == "\r" else end))
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines
