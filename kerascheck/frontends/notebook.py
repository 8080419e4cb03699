"""Read a Jupyter notebook for the engine: its code cells, joined, through the Python frontend.

The checks see one program; ``Loaded.place`` turns each finding back into a cell number and
rows within that cell (``train.ipynb:cell 3:4:9``), after suppression comments were read on
the program's lines.

IPython compiles each cell on its own, so a syntax error belongs to one cell: that cell gets
its KC001 and is left out (blank rows, so that every other row keeps its place), and the
other cells are still analysed together.
"""

from __future__ import annotations

from kerascheck.checks.kc001_syntax_error import cell_syntax_error
from kerascheck.diagnostics import Diagnostic, Position, Span
from kerascheck.frontends.base import Loaded, Rejected
from kerascheck.frontends.python.load import load_python_text, mentions_keras
from kerascheck.frontends.python.project import imports_keras_module
from kerascheck.ipynb import CodeCell, Notebook, NotebookError, parse_notebook
from kerascheck.ipynb import cell_syntax_error as compile_cell
from kerascheck.suppression import ignores_file


def read_notebook(source: bytes, path: str) -> Loaded | Rejected:
    try:
        notebook = parse_notebook(source)
    except NotebookError as error:
        return Rejected([error.finding()])
    return read_cells(notebook, path)


def read_cells(notebook: Notebook, path: str) -> Loaded | Rejected:
    program = notebook.program
    if not notebook.is_python or ignores_file(program):
        return Rejected([])
    if not mentions_keras(program) and not imports_keras_module(program, path):
        return Rejected([])
    loaded, broken = _load_parsable_cells(notebook, path)
    if isinstance(loaded, Rejected):
        # nothing left to analyse: placed here, and no suppression (rows are the cell's now)
        found = [*broken, *loaded.diagnostics]
        return Rejected([notebook.place(diagnostic) for diagnostic in found])
    loaded.text = program  # with the broken cells: suppression comments there count too
    loaded.notes.extend(broken)
    loaded.place = notebook.place
    return loaded


def _load_parsable_cells(
    notebook: Notebook, path: str
) -> tuple[Loaded | Rejected, list[Diagnostic]]:
    """The program analysed without the cells that do not parse, and a KC001 for each of them.

    The whole program is tried first (nearly every notebook parses). Otherwise CPython's
    compiler, fast, judges each cell alone; should libcst still refuse what is left (the two
    parsers rarely disagree), the cell holding libcst's error is left out as well.
    """
    loaded = load_python_text(notebook.program, path)
    if not _is_syntax_error(loaded):
        return loaded, []
    broken: dict[int, Diagnostic] = {}
    for cell in notebook.cells:
        error = compile_cell(cell.python)
        if error is not None:
            broken[cell.number] = cell_syntax_error(error, cell.source, cell.first_row)
    for _ in range(len(notebook.cells) + 1):
        loaded = load_python_text(notebook.program_without(broken), path)
        if not _is_syntax_error(loaded):
            break
        finding = loaded.diagnostics[0]
        row = finding.span.start.row if finding.span is not None else 1
        cell = notebook.cell_at(row)
        if cell is None or cell.number in broken:
            break  # cannot narrow it down: report what libcst says, for the whole program
        broken[cell.number] = _in_cell(finding, cell)
    return loaded, list(broken.values())


def _is_syntax_error(loaded: Loaded | Rejected) -> bool:
    return isinstance(loaded, Rejected) and any(d.code == "KC001" for d in loaded.diagnostics)


def _in_cell(finding: Diagnostic, cell: CodeCell) -> Diagnostic:
    """libcst's KC001 on the joined program, worded for the one cell it lies in."""
    span = finding.span or Span(Position(cell.first_row, 1), Position(cell.first_row, 2))
    row = span.start.row - cell.first_row + 1
    reason = str(finding.extra.get("reason") or "libcst cannot parse it")
    error = SyntaxError(reason, ("<cell>", row, span.start.column, None))
    return cell_syntax_error(error, cell.source, cell.first_row)
