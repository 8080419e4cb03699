"""What a call handler receives: the evaluated arguments, and the interpreter state it may touch.

The interpreter dispatches calls to handler modules (``keras_calls`` and the ``libraries``
package); those modules import this one, never the interpreter, so the only cycle left is the
one the recursion needs (a handler that interprets user code calls back through the protocol).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import libcst as cst

from kerascheck.frontends.python.values import Value
from kerascheck.ir import ModuleIR


@dataclass
class CallArgs:
    """A call's evaluated arguments, with the expressions they were written as (for anchors)."""

    node: cst.Call
    positional: list[tuple[Value, cst.BaseExpression]] = field(default_factory=list)
    keywords: dict[str, tuple[Value, cst.BaseExpression]] = field(default_factory=dict)
    has_star: bool = False  # *args / **kwargs: positions and names are not certain

    def get(self, index: int | None, name: str | None = None) -> Value | None:
        if name is not None and name in self.keywords:
            return self.keywords[name][0]
        if index is not None and index < len(self.positional):
            return self.positional[index][0]
        return None

    def expr(self, index: int | None, name: str | None = None) -> cst.BaseExpression | None:
        if name is not None and name in self.keywords:
            return self.keywords[name][1]
        if index is not None and index < len(self.positional):
            return self.positional[index][1]
        return None

    def keyword_arg(self, name: str) -> cst.Arg | None:
        for arg in self.node.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return arg
        return None


class InterpreterState(Protocol):
    """The part of the interpreter that call handlers read and extend."""

    #: the IR under construction (models, layers, optimizers, leaks)
    ir: ModuleIR
    #: > 0 inside code that may or may not run (a branch, a loop of unknown length)
    uncertainty: int
    #: a model's uncertainty when it was created: layers added deeper are not certain
    model_depth: dict[int, int]
    #: ``libraries.shuffles.Streams``: which random streams were just seeded (None until used)
    random_streams: Any
    #: > 0 while a layer's ``call`` (or a ``Lambda``'s function) is read as part of a graph
    graph_calls: int

    def call_value(self, callee: Value, args: CallArgs) -> Value:
        """The value of calling ``callee`` (a layer, a model, a user function or object, a
        lambda given to ``Dataset.map``)."""
        ...

    def is_appliable(self, value: Value) -> bool:
        """Whether ``value`` is a user object that acts as a layer on a tensor."""
        ...

    def may_build(self, size: int, cap: int = ...) -> bool:
        """Whether a list of ``size`` items may be built (``limits.MAX_BUILT_ITEMS``)."""
        ...


#: What a library module's function table maps a name to: ``(state, qualified name, args)`` to
#: the call's value, or None for "not mine, ask the next handler".
Handler = Callable[[InterpreterState, str, CallArgs], Value | None]
