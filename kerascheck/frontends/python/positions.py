"""Source positions for the few nodes that end up in a report.

libcst's PositionProvider records a position for every node of the file, which costs about
twice the parse. A linter only needs the positions of what it reports, so this module runs
libcst's code generator only over the top-level statements that contain a reported node,
with a state that notes token indices for the wanted nodes alone. Where each of those
statements starts comes from CPython's ``ast`` (a C parser, an order of magnitude faster than
libcst); when the two parsers disagree on the statement list, the whole module is generated
instead, which is always exact.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst._nodes.internal import CodegenState

from kerascheck.diagnostics import Position, Span
from kerascheck.lines import count_breaks


@dataclass
class RecordingState(CodegenState):
    targets: set[int] = field(default_factory=set)
    starts: dict[int, int] = field(default_factory=dict)
    ends: dict[int, int] = field(default_factory=dict)

    syntactic: set[int] = field(default_factory=set)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.targets:
            self.starts[id(node)] = len(self.tokens)

    def after_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.targets and id(node) not in self.syntactic:
            self.ends[id(node)] = len(self.tokens)

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> Iterator[None]:
        """An expression's own span, inside its parentheses, as libcst's PositionProvider
        gives it: ``(ds.map(f)\n .batch(64))`` starts at ``ds``, not at ``(``."""
        if id(node) not in self.targets or start_node is not None or end_node is not None:
            yield
            return
        start = len(self.tokens)
        yield
        self.starts[id(node)] = start
        self.ends[id(node)] = len(self.tokens)
        self.syntactic.add(id(node))


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


def locate(
    module: cst.Module,
    anchors: Iterable[Any],
    text: str | None = None,
    homes: dict[int, int] | None = None,
) -> dict[int, Span]:
    """Spans for ``anchors`` keyed by ``id(anchor)``; anchors that are not nodes are skipped.

    ``homes`` maps ``id(node)`` to the index of the top-level statement that contains it (the
    interpreter records this as it goes); with it and the source ``text``, only those
    statements are generated. Without them, the whole module is.
    """
    wanted: dict[int, tuple[cst.CSTNode, cst.CSTNode]] = {}
    for anchor in anchors:
        nodes = _nodes_of(anchor)
        if nodes is not None:
            wanted[id(anchor)] = nodes
    if not wanted:
        return {}
    targets = {id(node) for pair in wanted.values() for node in pair}
    statements = _home_statements(wanted, homes or {})
    starts = statement_rows(module, text) if statements is not None and text else None
    if statements is None or starts is None:
        positions = _generate(module, module, targets, first_row=1)
    else:
        positions = {}
        for index in sorted(statements):
            statement = module.body[index]
            positions.update(_generate(module, statement, targets, first_row=starts[index]))
    spans: dict[int, Span] = {}
    for key, (first, last) in wanted.items():
        start, end = positions.get(("start", id(first))), positions.get(("end", id(last)))
        if start is not None and end is not None:
            spans[key] = Span(start, end)
    return spans


def _generate(
    module: cst.Module, node: cst.CSTNode, targets: set[int], first_row: int
) -> dict[tuple[str, int], Position]:
    """Positions of the targets inside ``node``, whose generated code starts at ``first_row``."""
    state = RecordingState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        targets=targets,
    )
    node._codegen(state)
    indices = sorted(set(state.starts.values()) | set(state.ends.values()))
    at = _positions_at(state.tokens, indices, first_row)
    result: dict[tuple[str, int], Position] = {}
    for key, index in state.starts.items():
        result[("start", key)] = at[index]
    for key, index in state.ends.items():
        result[("end", key)] = at[index]
    return result


def _home_statements(
    wanted: dict[int, tuple[cst.CSTNode, cst.CSTNode]], homes: dict[int, int]
) -> set[int] | None:
    """The top-level statements holding every wanted node; None if one is not known."""
    statements: set[int] = set()
    for first, last in wanted.values():
        for node in (first, last):
            index = homes.get(id(node))
            if index is None:
                return None
            statements.add(index)
    return statements


def statement_rows(module: cst.Module, text: str) -> list[int] | None:
    """The row where each top-level statement's generated code starts (its leading lines
    included), from CPython's parser; None if the two parsers do not line up."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    body = tree.body
    rows: list[int] = []
    index = 0
    for statement in module.body:
        count = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        if index + count > len(body):
            return None
        first = body[index]
        row = first.lineno
        for decorator in getattr(first, "decorator_list", ()):
            row = min(row, decorator.lineno)
        rows.append(row - len(statement.leading_lines))
        index += count
    return rows if index == len(body) else None


def _positions_at(tokens: list[str], indices: list[int], first_row: int) -> dict[int, Position]:
    """1-based (row, column) at each token index, in one pass."""
    result: dict[int, Position] = {}
    row, column, cursor = first_row, 0, 0
    for index in indices:
        while cursor < index:
            token = tokens[cursor]
            newlines, after = count_breaks(token)
            if newlines:
                row += newlines
                column = len(token) - after
            else:
                column += len(token)
            cursor += 1
        result[index] = Position(row, column + 1)
    return result
