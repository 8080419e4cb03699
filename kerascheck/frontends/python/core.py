"""The state the interpreter's parts share, and the budget they all draw on.

The interpreter is one class composed of three mixins, each knowing one part of Python:
``statements`` (bindings and control flow), ``expressions`` (the value of an expression) and
``calls`` (what a call does: user functions, lambdas, classes, Keras, data libraries). They reach
each other through ``self``; this base class declares what they share, so that each module reads
(and is typed) on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence as Seq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import libcst as cst

from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.scope import Scope
from kerascheck.frontends.python.values import Function, Sequence, Value
from kerascheck.ir import ModuleIR
from kerascheck.limits import MAX_BUILT_ITEMS, MAX_SEQUENCE_ITEMS

if TYPE_CHECKING:
    from kerascheck.frontends.python.project import Project

#: the longest literal loop (or comprehension) unrolled item by item
MAX_UNROLL = 64


class Return(Exception):
    """Unwinds a function body at a ``return`` that certainly executes."""


@dataclass
class Frame:
    base_uncertainty: int
    returns: list[Value] = field(default_factory=list)


class InterpreterCore:
    """The interpreter's state (set and documented in ``Interpreter.__init__``) and the
    methods one part calls in another."""

    module: cst.Module
    ir: ModuleIR
    globals: Scope
    uncertainty: int
    functions: list[Function]
    frames: list[Frame]
    active: set[int]
    model_depth: dict[int, int]
    random_streams: Any
    top_index: int
    homes: dict[int, int]
    row_slices: dict[int, tuple[Value, cst.Subscript]]
    steps: int
    built: int
    unrolling: int
    classes: list[Any]
    method_owners: list[tuple[Any, Any]]
    graph_calls: int
    project: Project

    def may_build(self, size: int, cap: int = MAX_SEQUENCE_ITEMS) -> bool:
        """Whether a list (``size`` items) or a string (``size`` characters, ``cap`` then
        ``MAX_STRING_CHARS``) may be built: within its own cap and the file's total. A value
        that may not is UNKNOWN, as any value kerascheck does not follow."""
        if size > cap or self.built + size > MAX_BUILT_ITEMS:
            return False
        self.built += size
        return True

    if TYPE_CHECKING:  # the parts' methods, as the other parts call them

        def exec_block(self, statements: Iterable[cst.CSTNode], scope: Scope) -> None: ...
        def exec_body(self, body: cst.BaseSuite, scope: Scope) -> None: ...
        def branches(self, scope: Scope, paths: Seq[Any]) -> None: ...
        def assign(self, target: cst.BaseExpression, value: Value, scope: Scope) -> None: ...
        def changed_frame(self, target: cst.Subscript, scope: Scope) -> None: ...
        def iteration_items(self, value: Value) -> list[Value] | None: ...
        def eval(self, node: cst.BaseExpression, scope: Scope) -> Value: ...
        def subscript_element(self, element: cst.SubscriptElement, scope: Scope) -> Any: ...
        def binary(
            self, op: type | None, left: Value, right: Value, node: cst.CSTNode
        ) -> Value: ...
        def call_function(self, function: Function, args: CallArgs | None) -> Value: ...
        def call_value(self, callee: Value, args: CallArgs) -> Value: ...
        def mutate_list(self, sequence: Sequence, method: str, args: CallArgs) -> None: ...
