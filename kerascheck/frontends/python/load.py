"""Read a Python file for the engine: decode, skip if it never mentions Keras, parse, analyse."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import libcst as cst

from kerascheck.checks.kc001_syntax_error import declaration_error, parser_failure, syntax_error
from kerascheck.checks.kc002_unreadable_input import (
    DeclaredEncodingError,
    UnreadableInput,
    decode_source,
)
from kerascheck.datafiles import reading_beside
from kerascheck.diagnostics import Diagnostic, Fix, Span
from kerascheck.frontends.base import Fixer, Loaded, Rejected
from kerascheck.frontends.python.elsewhere import place_elsewhere
from kerascheck.frontends.python.interpreter import Interpreter
from kerascheck.frontends.python.positions import locate
from kerascheck.frontends.python.project import imports_keras_module
from kerascheck.limits import screen_python
from kerascheck.suppression import ignores_file


def mentions_keras(text: str) -> bool:
    """Files that never say keras or tensorflow have nothing for us: skip the parse."""
    return "keras" in text or "tensorflow" in text


def load_python(source: bytes, path: str) -> Loaded | Rejected:
    try:
        text = decode_source(source)
    except UnreadableInput as error:
        return Rejected([error.finding()])
    except DeclaredEncodingError as error:
        return Rejected([declaration_error(str(error), error.row, error.column)])
    if ignores_file(text):
        return Rejected([], text)
    if not mentions_keras(text) and not imports_keras_module(text, path):
        return Rejected([], text)
    return load_python_text(text, path)


def load_python_text(text: str, path: str) -> Loaded | Rejected:
    """Parse and analyse decoded source (notebooks come here with their cells joined)."""
    refused = screen_python(text)  # deep nesting crashes libcst's native parser
    if refused is not None:
        return Rejected([refused], text)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return Rejected([syntax_error(error, text)], text)
    except (RecursionError, MemoryError) as error:
        return Rejected([parser_failure(type(error).__name__)], text)
    interpreter = Interpreter(module, path)
    with reading_beside(path):  # a data file shipped beside the script shows its values
        ir = interpreter.run()

    def locator(anchors: Iterable[Any]) -> dict[int, Span]:
        return locate(module, anchors, text, interpreter.homes)

    loaded = Loaded(ir, text, locator, _fixer(module, text, ir, interpreter.homes))
    if ir.imports:  # what was built in imported project files is reported on them
        loaded.owns = interpreter.owns
        sources = interpreter.project.sources
        loaded.elsewhere = lambda found: place_elsewhere(found, sources)
    return loaded


def _fixer(module: cst.Module, text: str, ir: Any, homes: dict[int, int]) -> Fixer:
    """The fixes are imported when the first finding asks for one: a clean file (most files
    a pre-commit run sees) never pays for them."""
    made: list[Fixer] = []

    def fixer(diagnostic: Diagnostic) -> Fix | None:
        if not made:
            from kerascheck.fixes import make_fixer

            made.append(make_fixer(module, text, ir, homes))
        return made[0](diagnostic)

    return fixer
