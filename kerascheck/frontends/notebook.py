"""Read a Jupyter notebook for the engine: its code cells, joined, through the Python frontend.

The checks see one program; ``Loaded.place`` turns each finding back into a cell number and
rows within that cell (``train.ipynb:cell 3:4:9``), after suppression comments were read on
the program's lines.
"""

from __future__ import annotations

from kerascheck.frontends.base import Loaded, Rejected
from kerascheck.frontends.python.load import load_python_text, mentions_keras
from kerascheck.ipynb import NotebookError, parse_notebook
from kerascheck.suppression import ignores_file


def read_notebook(source: bytes, path: str) -> Loaded | Rejected:
    try:
        notebook = parse_notebook(source)
    except NotebookError as error:
        return Rejected([error.finding()])
    program = notebook.program
    if not notebook.is_python or ignores_file(program) or not mentions_keras(program):
        return Rejected([])
    loaded = load_python_text(program, path)
    if isinstance(loaded, Rejected):
        # a syntax error: placed here, and no suppression (the rows are the cell's now)
        return Rejected([notebook.place(diagnostic) for diagnostic in loaded.diagnostics])
    loaded.place = notebook.place
    return loaded
