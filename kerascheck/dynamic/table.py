"""``--show-shapes``: each rebuilt model as a layer table, like ``model.summary()`` but with the
source line of every layer, and the static shape next to the built one where they differ.
Places read as in the findings: the path relative to the working folder, and in a notebook
``cell N:row`` (rows within the cell, not within the joined program the checks saw).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kerascheck.diagnostics import Diagnostic, Span
from kerascheck.dynamic.diagnose import static_shapes
from kerascheck.dynamic.findings import model_anchor, node_anchor
from kerascheck.dynamic.runner import Outcome
from kerascheck.dynamic.spec import Plan
from kerascheck.frontends.base import Placer
from kerascheck.reporters import display_path
from kerascheck.shapes import format_shape


@dataclass
class ShapeRow:
    anchor: Any
    layer: str  # "LSTM", "TimeDistributed(LSTM)", "input"
    built: str  # the shape Keras built, or "" when the build stopped before this layer
    static: str  # the shape static inference predicted ("" when unknown)
    params: int | None
    failed: bool = False  # the build stopped at this layer

    @property
    def disagrees(self) -> bool:
        return bool(self.built and self.static and self.built != self.static)


@dataclass
class ShapeTable:
    anchor: Any  # the model
    kind: str
    rows: list[ShapeRow] = field(default_factory=list)

    @property
    def total_params(self) -> int:
        return sum(row.params or 0 for row in self.rows)


def shape_tables(plans: list[Plan], outcome: Outcome) -> list[ShapeTable]:
    tables: list[ShapeTable] = []
    for plan in plans:
        built = outcome.built.get(plan.key)
        if plan.spec is None or built is None:
            continue
        static = static_shapes(plan)
        failure = built.get("failure") or {}
        table = ShapeTable(model_anchor(plan.model), plan.model.kind)
        for index, spec_node in enumerate(plan.spec["nodes"]):
            node = plan.nodes[index]
            shape = built["shapes"].get(str(index))
            predicted = static.output_of(node) if static is not None and node else None
            params = (
                built["params"].get(str(spec_node["layer"])) if spec_node["kind"] == "layer" else 0
            )
            table.rows.append(
                ShapeRow(
                    anchor=node_anchor(node, plan.model),
                    layer=node.layer.display if node is not None else "input",
                    built=_text(shape),
                    static=format_shape(predicted) if predicted is not None else "",
                    params=params,
                    failed=failure.get("node") == index,
                )
            )
        tables.append(table)
    return tables


def _text(shape: Any) -> str:
    if not shape:
        return ""
    if isinstance(shape[0], list):
        return ", ".join(format_shape(tuple(s)) for s in shape)
    return format_shape(tuple(shape))


#: Where an anchor is, as the user sees it: the notebook cell (None in a script) and the span.
Place = tuple["int | None", Span]


def placer(spans: dict[int, Span], place: Placer | None) -> Callable[[Any], Place | None]:
    """Anchors to places: ``spans`` (by anchor id) mapped into cells by a notebook's
    ``Loaded.place``, the same mapping its findings go through."""

    def place_of(anchor: Any) -> Place | None:
        span = spans.get(id(anchor))
        if span is None:
            return None
        if place is None:
            return None, span
        placed = place(Diagnostic("", "", span=span))
        return placed.cell, placed.span or span

    return place_of


def render_tables(
    tables: list[ShapeTable], place_of: Callable[[Any], Place | None], path: str
) -> str:
    """Plain text: one block per model; the caller resolves anchors to places."""
    shown = display_path(path, os.getcwd())
    blocks: list[str] = []
    for table in tables:
        where = _row(place_of(table.anchor))
        line = f"{shown}:{where}" if where else shown
        rows = [("line", "layer", "output shape", "params", "")]
        for row in table.rows:
            note = ""
            if row.failed:
                note = "<- does not build"
            elif row.disagrees:
                note = f"(static inference said {row.static})"
            rows.append(
                (
                    _row(place_of(row.anchor)),
                    row.layer,
                    row.built or "-",
                    "" if row.params is None else f"{row.params:,}",
                    note,
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = [f"{table.kind} model at {line} ({table.total_params:,} parameters)"]
        for r in rows:
            cells = [r[0].rjust(widths[0]), r[1].ljust(widths[1]), r[2].ljust(widths[2])]
            cells.append(r[3].rjust(widths[3]))
            lines.append(("  " + "  ".join(cells) + "  " + r[4]).rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _row(place: Place | None) -> str:
    """``12`` in a script, ``cell 3:4`` in a notebook, ``""`` when unknown."""
    if place is None:
        return ""
    cell, span = place
    return f"cell {cell}:{span.start.row}" if cell is not None else str(span.start.row)
