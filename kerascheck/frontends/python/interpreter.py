"""A small abstract interpreter over a libcst module: one pass, no metadata providers.

It walks statements in order, binds names through imports and assignments, interprets user
functions at their call sites, unrolls short literal loops and joins the two sides of a branch
it cannot decide. Keras calls are delegated to ``keras_calls``, data-library calls to the
``libraries`` package (one module per library); they build the IR. Nothing is executed and
nothing is imported.

The class is composed of three parts, one module each, over the state declared in ``core``:
``statements`` (bindings and control flow), ``expressions`` (values) and ``calls`` (what a
call does). This module holds the state itself and the entry points.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from kerascheck.frontends.python import classes, project
from kerascheck.frontends.python.calls import Calls
from kerascheck.frontends.python.core import Frame
from kerascheck.frontends.python.expressions import Expressions
from kerascheck.frontends.python.scope import Scope
from kerascheck.frontends.python.statements import Statements
from kerascheck.frontends.python.values import Const, Function, Value
from kerascheck.ir import ModuleIR

#: ``top_index`` while a module of the project other than the linted file runs: what it
#: builds is anchored there (see ``owns``).
FOREIGN = -1


class Interpreter(Statements, Expressions, Calls):
    """One module's interpretation: its state, and ``run`` to build its IR."""

    def __init__(self, module: cst.Module, path: str) -> None:
        self.module = module
        self.ir = ModuleIR(path=path)
        self.globals = Scope()
        self.globals.bind("__name__", Const("__main__"))
        self.uncertainty = 0  # > 0 inside code that may or may not run
        self.functions: list[Function] = []
        self.frames: list[Frame] = []
        self.active: set[int] = set()
        self.model_depth: dict[int, int] = {}  # a model's uncertainty when it was created
        self.random_streams: Any = None  # libraries.shuffles.Streams, made on first shuffle
        self.top_index = 0  # the top-level statement being interpreted
        #: id(node) -> top-level statement holding it, for calls and their arguments: lets
        #: positions.locate generate code for those statements only
        self.homes: dict[int, int] = {}
        #: id(array value) -> (the value, the subscript that took rows of scaled data) (see
        #: ``assign``); the value is kept so that its id cannot be reused by another object
        self.row_slices: dict[int, tuple[Value, cst.Subscript]] = {}
        #: statements and expressions interpreted so far (see ``limits.MAX_INTERPRETER_STEPS``)
        self.steps = 0
        #: items and characters of the lists and strings built so far (``may_build``)
        self.built = 0
        #: iterations of the loops being unrolled around this statement, multiplied: a loop
        #: inside an unrolled loop unrolls only while the product stays within MAX_UNROLL
        self.unrolling = 1
        #: the classes defined so far (``classes.instantiate_unused``)
        self.classes: list[Any] = []
        #: (self, defining class) of the methods being interpreted, for ``super()``
        self.method_owners: list[tuple[Any, Any]] = []
        #: > 0 inside the ``call`` of a custom layer or subclassed model: a tensor made there
        #: from constants (``tf.range(200)``) belongs to the graph (``tensor_ops``)
        self.graph_calls = 0
        #: the project files this file imports (``project``), read on demand
        self.project = project.Project.for_path(path)

    # --- entry ------------------------------------------------------------------------------

    def run(self) -> ModuleIR:
        for index, statement in enumerate(self.module.body):
            self.top_index = index
            self.exec_statement(statement, self.globals)
        classes.instantiate_unused(self)  # a subclassed model defined for another file
        index = 0
        while index < len(self.functions):  # functions never called: models hide there too
            function = self.functions[index]
            if not function.called[0] and function.home != FOREIGN:
                self.call_function(function, None)
            index += 1
        self.ir.imports = dict(self.project.hashes)
        return self.ir

    def run_foreign(self, module: cst.Module, scope: Scope) -> None:
        """The top level of an imported project module, run in its own global scope."""
        saved = self.top_index, self.uncertainty, self.frames
        self.top_index, self.uncertainty, self.frames = FOREIGN, 0, []
        try:
            self.exec_block(module.body, scope)
        finally:
            self.top_index, self.uncertainty, self.frames = saved

    def owns(self, anchor: Any) -> bool:
        """Whether a finding's anchor lies in the linted file, not in a module it imports."""
        first = anchor[0] if isinstance(anchor, tuple) and anchor else anchor
        return self.homes.get(id(first), 0) != FOREIGN
