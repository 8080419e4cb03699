"""What the engine needs from a frontend: the IR, the text for suppression, and positions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kerascheck.diagnostics import Diagnostic, Fix, Span
from kerascheck.ir import ModuleIR

#: Turns anchors into spans, keyed by ``id(anchor)``; called once per file, with every anchor
#: that will be reported, so that a frontend can compute positions in a single pass.
Locator = Callable[[Iterable[Any]], dict[int, Span]]

#: Proposes a fix for a finding (still carrying its anchor), or None; only frontends whose
#: sources can be rewritten (Python) provide one.
Fixer = Callable[[Diagnostic], "Fix | None"]

#: Moves a finding from the text the checks saw to where the user sees it, after suppression:
#: a notebook's reader maps rows of its joined program to a cell and rows within that cell.
Placer = Callable[[Diagnostic], Diagnostic]


@dataclass
class Loaded:
    """A source a frontend could read: its IR and how to place findings in it."""

    ir: ModuleIR
    text: str  # the text whose lines carry suppression comments ("" when there is none)
    locate: Locator
    fixer: Fixer | None = None
    place: Placer | None = None
    #: the frontend's own findings about the file (e.g. a Lambda whose code was not read)
    notes: list[Diagnostic] = field(default_factory=list)
    #: whether an anchor lies in this file (None: all do); findings anchored in another file
    #: (a project module the Python frontend read for an import) are that file's to report
    owns: Callable[[Any], bool] | None = None
    #: places findings anchored in those other files there (``elsewhere.Placed`` items)
    elsewhere: Callable[[list[Diagnostic]], list[Any]] | None = None


@dataclass
class Rejected:
    """A source a frontend could not read (KC001/KC002), or had nothing to say about."""

    diagnostics: list[Diagnostic]
    text: str = ""
