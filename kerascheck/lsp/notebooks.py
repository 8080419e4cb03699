"""Notebook documents (LSP 3.17) linted as the command line lints ``.ipynb`` files.

An editor sends a notebook as a list of cells, each cell's text a document of its own with a
URI such as ``vscode-notebook-cell:/home/me/train.ipynb#W2sZmlsZQ%3D%3D``. The cells go to
the engine together, in order, as a minimal nbformat document linted with the settings of
the notebook's path, so that a model built in one cell and trained in another is checked as
the CLI checks it (KC102, KC103, KC203 across cells) and IPython syntax is read the same way.
Findings already count rows within their cell; each is published on its cell's URI, and a
related place in another cell points at that cell. Plain Python, no LSP types: the server
turns the result into notifications.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kerascheck.diagnostics import Diagnostic, Span
from kerascheck.lsp.linting import DocumentLinter, Linted, is_excluded, lint_bytes
from kerascheck.reporters.lsp import Encoding, lsp_range, split_lines, to_lsp

#: Cell languages read as Python (an editor may hold SQL or Markdown in a code cell).
PYTHON_LANGUAGES = frozenset({"python", "ipython", "python3"})


@dataclass(frozen=True)
class Cell:
    """One cell of a notebook document: its text document, or None for markup and cells in
    another language (they keep their place in the numbering, as in a ``.ipynb`` file)."""

    uri: str
    text: str | None
    version: int | None = None


def lint_notebook(
    linter: DocumentLinter,
    path: str | None,
    cells: Sequence[Cell],
    encoding: Encoding,
) -> dict[str, Linted]:
    """Every code cell's findings, by cell URI (cells without findings too: their lists must
    be published empty to clear what was shown before)."""
    linted = {
        cell.uri: Linted(
            uri=cell.uri,
            version=cell.version,
            text=cell.text,
            lines=split_lines(cell.text),
            encoding=encoding,
        )
        for cell in cells
        if cell.text is not None
    }
    if not linted:
        return linted
    first = next(iter(linted.values()))  # findings about the whole notebook go here
    lint_path = linter.notebook_path(path)
    settings, first.config_error = linter.settings_for(lint_path)
    if is_excluded(lint_path, settings):
        return linted
    result = lint_bytes(nbformat_document(cells), lint_path, settings)
    first.internal_errors = list(result.internal_errors)
    by_number = {number: cell for number, cell in enumerate(cells, start=1)}
    for diagnostic in result.diagnostics:
        cell = by_number.get(diagnostic.cell) if diagnostic.cell is not None else None
        target = linted.get(cell.uri) if cell is not None else None
        if target is None:
            target, diagnostic = first, _at_start(diagnostic)
        item = to_lsp(diagnostic, target.lines, encoding, uri=target.uri)
        _place_related(item, diagnostic, by_number, linted, encoding)
        target.diagnostics.append(diagnostic)
        target.items.append(item)
    return linted


def nbformat_document(cells: Sequence[Cell]) -> bytes:
    """The cells as the JSON of a ``.ipynb`` file, which the notebook frontend reads."""
    document = {
        "cells": [_nbformat_cell(cell) for cell in cells],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _nbformat_cell(cell: Cell) -> dict[str, Any]:
    if cell.text is None:
        return {"cell_type": "markdown", "metadata": {}, "source": ""}
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": cell.text,
    }


def _at_start(diagnostic: Diagnostic) -> Diagnostic:
    """A finding about the whole notebook (a limit) shown at the start of its first cell."""
    from dataclasses import replace

    return replace(diagnostic, span=Span.at_file_start(), cell=None)


def _place_related(
    item: dict[str, Any],
    diagnostic: Diagnostic,
    by_number: dict[int, Cell],
    linted: dict[str, Linted],
    encoding: Encoding,
) -> None:
    """Related places in another cell point at that cell's URI, counted in its lines."""
    for note, information in zip(
        diagnostic.related, item.get("relatedInformation", ()), strict=False
    ):
        cell = by_number.get(note.cell) if note.cell is not None else None
        owner = linted.get(cell.uri) if cell is not None else None
        if owner is None or note.span is None:
            continue
        information["location"] = {
            "uri": owner.uri,
            "range": lsp_range(note.span, owner.lines, encoding),
        }
