"""Turn "replace this libcst node by that one" into a text Edit with a 1-based span.

A fix builds its replacement node with libcst, so the rest of the user's formatting stays as
written. The edit is computed by generating the code of the top-level statement that holds the
node twice, once as it is and once with the replacement, each in its real context: lines that
continue inside brackets keep the indentation of the block they are in, which generating the
node on its own would lose. The common head and tail of the two texts are trimmed, so the edit
touches only what changed (``, return_sequences=True`` is an insertion, not a rewrite of the
call), and two fixes in one statement rarely overlap.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import libcst as cst

from kerascheck.diagnostics import Edit, Position, Span
from kerascheck.frontends.python.positions import RecordingState, statement_rows
from kerascheck.lines import count_breaks


class RewriteError(Exception):
    """The replacement could not be placed (the node is not in the module)."""


@dataclass
class Rewriter:
    """Computes edits for node replacements inside one parsed module."""

    module: cst.Module
    text: str
    homes: dict[int, int] = field(default_factory=dict)
    _rows: list[int] | None = field(default=None, init=False, repr=False)
    _rows_known: bool = field(default=False, init=False, repr=False)

    def edit(self, old: cst.CSTNode, new: cst.CSTNode) -> Edit | None:
        """The edit that turns ``old`` into ``new``; None when it would drop a comment or when
        nothing changes."""
        if _comments(old) - _comments(new):
            return None  # a fix never deletes what the user wrote as a comment
        container, first_row = self._container(old)
        try:
            before_tokens, start, end = _generate(self.module, container, old)
        except RewriteError:  # a wrong home: the whole module is slower, and always right
            container, first_row = self.module, 1
            before_tokens, start, end = _generate(self.module, container, old)
        replaced = container.deep_replace(old, new)
        after_tokens, new_start, new_end = _generate(self.module, replaced, new)
        head = "".join(before_tokens[:start])
        old_text = "".join(before_tokens[start:end])
        new_text = "".join(after_tokens[new_start:new_end])
        if old_text == new_text:
            return None
        prefix = _common_prefix(old_text, new_text)
        suffix = _common_suffix(old_text[prefix:], new_text[prefix:])
        prefix, suffix = _word_bounds(old_text, new_text, prefix, suffix)
        begin = _advance(Position(first_row, 1), head + old_text[:prefix])
        finish = _advance(begin, old_text[prefix : len(old_text) - suffix])
        return Edit(new_text[prefix : len(new_text) - suffix], Span(begin, finish))

    def _container(self, node: cst.CSTNode) -> tuple[cst.CSTNode, int]:
        """The top-level statement holding ``node`` and its first row, or the whole module."""
        index = self.homes.get(id(node))
        rows = self._statement_rows() if index is not None else None
        if index is None or rows is None or index >= len(self.module.body):
            return self.module, 1
        return self.module.body[index], rows[index]

    def _statement_rows(self) -> list[int] | None:
        if not self._rows_known:
            self._rows = statement_rows(self.module, self.text)
            self._rows_known = True
        return self._rows


def _generate(
    module: cst.Module, container: cst.CSTNode, target: cst.CSTNode
) -> tuple[list[str], int, int]:
    """The code tokens of ``container`` and the token range that ``target`` generates."""
    state = RecordingState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        targets={id(target)},
    )
    container._codegen(state)
    if id(target) not in state.starts or id(target) not in state.ends:
        raise RewriteError("the node to replace is not part of the module")
    return state.tokens, state.starts[id(target)], state.ends[id(target)]


def _comments(node: cst.CSTNode) -> Counter[str]:
    found: Counter[str] = Counter()

    class Collector(cst.CSTVisitor):
        def visit_Comment(self, comment: cst.Comment) -> None:
            found[comment.value] += 1

    node.visit(Collector())
    return found


def _common_prefix(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    index = 0
    while index < limit and a[index] == b[index]:
        index += 1
    return index


def _common_suffix(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    index = 0
    while index < limit and a[-1 - index] == b[-1 - index]:
        index += 1
    return index


def _word_bounds(old: str, new: str, prefix: int, suffix: int) -> tuple[int, int]:
    """Widen the trimmed edit to whole words: ``softmax`` -> ``sigmoid``, not ``oftmax``."""

    def inside_word(text: str, at: int) -> bool:
        return 0 < at < len(text) and _is_word(text[at - 1]) and _is_word(text[at])

    while prefix and (inside_word(old, prefix) or inside_word(new, prefix)):
        prefix -= 1
    while suffix and (inside_word(old, len(old) - suffix) or inside_word(new, len(new) - suffix)):
        suffix -= 1
    return prefix, suffix


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _advance(position: Position, text: str) -> Position:
    """Where ``text`` ends when it starts at ``position`` (rows count line breaks as Python
    does: ``\\r`` alone too)."""
    newlines, after = count_breaks(text)
    if not newlines:
        return Position(position.row, position.column + len(text))
    return Position(position.row + newlines, len(text) - after + 1)
