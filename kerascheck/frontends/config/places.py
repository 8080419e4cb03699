"""Where a layer or an argument is written in a config, as ``Location`` anchors.

Config files know their positions while they are read, so the frontend places every anchor
up front and the engine uses them as they are. In an archive (``.keras``) or an HDF5 file the
span is a line and column inside the member's text (``config.json``, the ``model_config``
attribute), not inside the archive the user named; ``member`` and ``path`` (``layers[2]
lstm_1``) are therefore added to the message so that the finding stays actionable.
"""

from __future__ import annotations

from typing import Any

from kerascheck.diagnostics import Location, Span
from kerascheck.frontends.config.jsontext import JsonObject, LineIndex, member_spans


class Places:
    """Makes ``Location`` anchors for the objects and keys of one JSON text."""

    def __init__(self, text: str, member: str | None = None) -> None:
        self.text = text
        self.member = member  # None for a plain JSON file: its own rows and columns suffice
        self._lines = LineIndex(text)

    def of(self, value: Any, path: str) -> Location:
        """The anchor of a whole object (a layer entry, the compile config ...)."""
        if isinstance(value, JsonObject) and value.end > value.start:
            return self._location(self._lines.span(value.start, value.end), path)
        return self._location(Span.at_file_start(), path)

    def members(self, obj: Any, path: str) -> dict[str, Location]:
        """One anchor per key of ``obj``, spanning ``"key": value``."""
        if not isinstance(obj, JsonObject) or obj.end <= obj.start:
            return {}
        return {
            key: self._location(self._lines.span(start, end), path)
            for key, (start, end) in member_spans(self.text, obj).items()
        }

    def _location(self, span: Span, path: str) -> Location:
        if self.member is None:
            return Location(span)
        return Location(span, member=self.member, path=path or None)


def join(parent: str, child: str) -> str:
    """``layers[1] encoder / layers[0] lstm``: the way down to a nested layer."""
    return f"{parent} / {child}" if parent else child
