"""What a check reports: a finding with a severity, a span, related places and an optional fix.

Frontends and checks speak in *anchors* (opaque handles to a piece of source, such as a
libcst node); the engine turns anchors into row/column spans only for findings that survive
selection, so files with nothing to report never pay for position computation.

How a finding reads (every check, static or dynamic, writes its text this way):

- ``message`` says *what* is wrong, on one line of at most 100 characters, naming the layer,
  argument or array as the user wrote it: ``LSTM(64) feeds LSTM(32) without
  return_sequences=True``. No trailing period. It is what an editor shows inline and what
  the finding line of the text output ends with, so it must stand on its own.
- ``help`` says *why* it breaks building or training and *how to fix it*, in full sentences
  (the fix last, as concrete as the code allows: ``Set return_sequences=True on LSTM(64).``).
  Text output prints it indented under the finding, JSON carries it as ``help``, editors
  show it with the diagnostic. Never empty.
- ``related`` notes point at other places (where random labels were generated); they are
  short, like messages.

A test lints every fixture and rule example and holds every finding to this.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

#: The longest ``message`` a check may write (``help`` carries the rest).
MESSAGE_LIMIT = 100


class Severity(enum.IntEnum):
    """Ordered so that ``--min-severity`` can compare."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected one of: error, warning, info)"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Position:
    """1-based row and column, as ruff reports them."""

    row: int
    column: int


@dataclass(frozen=True)
class Span:
    start: Position
    end: Position

    @classmethod
    def at_file_start(cls) -> Span:
        return cls(Position(1, 1), Position(1, 1))


@dataclass(frozen=True)
class Location:
    """An anchor a frontend has already placed (config files know their positions up front).

    ``member`` and ``path`` name where inside an archive the finding is, e.g. ``config.json``
    and ``layers[2] lstm_1``; the engine adds them to the message.
    """

    span: Span
    member: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class Related:
    """A second place that explains a finding, e.g. where random labels were generated."""

    message: str
    anchor: Any = None
    span: Span | None = None
    filename: str | None = None
    cell: int | None = None  # a notebook cell, when the note lies in another cell


@dataclass(frozen=True)
class Edit:
    content: str
    span: Span


@dataclass(frozen=True)
class Fix:
    applicability: str  # "safe" | "unsafe"
    message: str
    edits: tuple[Edit, ...]


@dataclass
class Diagnostic:
    """One finding. ``anchor`` is resolved into ``span`` by the engine."""

    code: str
    message: str
    anchor: Any = None
    span: Span | None = None
    severity: Severity | None = None  # filled from the catalogue / config when None
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    filename: str = ""
    cell: int | None = None
    name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    help: str = ""  # why it matters and how to fix it (``message`` is only what)
    url: str | None = None  # the rule's documentation, from ``docs-url`` (engine.finish)

    def sort_key(self) -> tuple[str, int, int, str]:
        span = self.span or Span.at_file_start()
        return (self.filename, span.start.row, span.start.column, self.code)
