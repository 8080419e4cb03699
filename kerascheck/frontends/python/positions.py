"""Source positions for the few nodes that end up in a report.

libcst's PositionProvider records a position for every node of the file, which costs about
twice the parse. A linter only needs the positions of what it reports, so this module runs
libcst's code generator once with a state that notes token indices for the wanted nodes only,
then turns those indices into rows and columns in a single pass over the tokens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst._nodes.internal import CodegenState

from kerascheck.diagnostics import Position, Span


@dataclass
class _RecordingState(CodegenState):
    targets: set[int] = field(default_factory=set)
    starts: dict[int, int] = field(default_factory=dict)
    ends: dict[int, int] = field(default_factory=dict)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.targets:
            self.starts[id(node)] = len(self.tokens)

    def after_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.targets:
            self.ends[id(node)] = len(self.tokens)


def _nodes_of(anchor: Any) -> tuple[cst.CSTNode, cst.CSTNode] | None:
    """An anchor is a node, or a (first, last) pair of nodes spanning e.g. ``lr=0.1``."""
    if isinstance(anchor, cst.CSTNode):
        return anchor, anchor
    if (
        isinstance(anchor, tuple)
        and len(anchor) == 2
        and isinstance(anchor[0], cst.CSTNode)
        and isinstance(anchor[1], cst.CSTNode)
    ):
        return anchor[0], anchor[1]
    return None


def locate(module: cst.Module, anchors: Iterable[Any]) -> dict[int, Span]:
    """Spans for ``anchors`` keyed by ``id(anchor)``; anchors that are not nodes are skipped."""
    wanted: dict[int, tuple[cst.CSTNode, cst.CSTNode]] = {}
    for anchor in anchors:
        nodes = _nodes_of(anchor)
        if nodes is not None:
            wanted[id(anchor)] = nodes
    if not wanted:
        return {}
    targets = {id(node) for pair in wanted.values() for node in pair}
    state = _RecordingState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        targets=targets,
    )
    module._codegen(state)
    indices = sorted(set(state.starts.values()) | set(state.ends.values()))
    positions = _positions_at(state.tokens, indices)
    spans: dict[int, Span] = {}
    for key, (first, last) in wanted.items():
        start, end = state.starts.get(id(first)), state.ends.get(id(last))
        if start is not None and end is not None:
            spans[key] = Span(positions[start], positions[end])
    return spans


def _positions_at(tokens: list[str], indices: list[int]) -> dict[int, Position]:
    """1-based (row, column) at each token index, in one pass."""
    result: dict[int, Position] = {}
    row, column, cursor = 1, 0, 0
    for index in indices:
        while cursor < index:
            token = tokens[cursor]
            newlines = token.count("\n")
            if newlines:
                row += newlines
                column = len(token) - token.rfind("\n") - 1
            else:
                column += len(token)
            cursor += 1
        result[index] = Position(row, column + 1)
    return result
