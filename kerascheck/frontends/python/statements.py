"""Statements: bindings, imports, definitions and control flow.

What a statement does to the scope: an assignment binds (and unpacks), an import binds a
qualified name or a project module, ``if`` runs the side it can decide or both sides joined,
a short literal ``for`` is unrolled and any other loop runs as "some number of iterations".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Sequence as Seq
from dataclasses import replace
from typing import Any, ClassVar

import libcst as cst

from kerascheck.frontends.python import array_ops, classes, libraries, project
from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.constants import AUG_TO_BINARY, is_decidable
from kerascheck.frontends.python.core import MAX_UNROLL, InterpreterCore, Return
from kerascheck.frontends.python.scope import Scope, bind_import, bind_import_from
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Function,
    Mapping,
    Number,
    Qual,
    Sequence,
    Value,
    join,
    to_python,
)
from kerascheck.ir import UNKNOWN, Leak
from kerascheck.limits import MAX_INTERPRETER_STEPS, MAX_SEQUENCE_ITEMS

_HELD_OUT_WORDS = frozenset({"test", "val", "valid", "validation", "holdout", "dev"})


def is_held_out(name: str) -> bool:
    """``test``, ``X_test``, ``testX``, ``x_val``: a name for data kept out of training."""
    words = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name)
    return any(word.lower() in _HELD_OUT_WORDS for word in words)


def _extends(current: Value, right: Value, node: cst.AugAssign) -> bool:
    """``items += [...]`` on a list: the list itself grows (``extend``)."""
    return (
        isinstance(node.operator, cst.AddAssign)
        and isinstance(current, Sequence)
        and not current.is_tuple
        and isinstance(right, Sequence)
    )


class Statements(InterpreterCore):
    """The interpreter's statements: ``exec_statement`` dispatches on the node's type."""

    def exec_block(self, statements: Iterable[cst.CSTNode], scope: Scope) -> None:
        for statement in statements:
            self.exec_statement(statement, scope)

    def exec_body(self, body: cst.BaseSuite, scope: Scope) -> None:
        self.exec_block(body.body, scope)

    def exec_statement(self, node: cst.CSTNode, scope: Scope) -> None:
        self.steps += 1
        handler = self._statement_handlers.get(type(node))
        if handler is not None:
            handler(self, node, scope)

    def _simple_line(
        self, node: cst.SimpleStatementLine | cst.SimpleStatementSuite, scope: Scope
    ) -> None:
        self.exec_block(node.body, scope)

    def _expr_statement(self, node: cst.Expr, scope: Scope) -> None:
        value = self.eval(node.value, scope)
        if isinstance(value, ArrayValue) and value.info.scale == "scaled":
            self._discarded_scaling(node.value, scope)

    def _discarded_scaling(self, call: cst.BaseExpression, scope: Scope) -> None:
        """``scaler.transform(x_train)`` on a line of its own returns a scaled copy and throws
        it away: ``x_train`` stays raw, and remembers the line for KC101's note."""
        if not isinstance(call, cst.Call) or not call.args or call.args[0].keyword is not None:
            return
        target = call.args[0].value
        if not isinstance(target, cst.Name):
            return
        owner = scope.owner(target.value)
        raw = owner.vars[target.value] if owner is not None else None
        if owner is not None and isinstance(raw, ArrayValue) and raw.info.scale == "raw":
            owner.bind(target.value, ArrayValue(replace(raw.info, discarded_scaling=call)))

    def _assign(self, node: cst.Assign, scope: Scope) -> None:
        value = self.eval(node.value, scope)
        for target in node.targets:
            self.assign(target.target, value, scope)

    def _ann_assign(self, node: cst.AnnAssign, scope: Scope) -> None:
        if node.value is not None:
            self.assign(node.target, self.eval(node.value, scope), scope)

    def _aug_assign(self, node: cst.AugAssign, scope: Scope) -> None:
        if not isinstance(node.target, cst.Name):
            self.eval(node.value, scope)
            return
        current = scope.lookup(node.target.value) or UNKNOWN_VALUE
        right = self.eval(node.value, scope)
        if _extends(current, right, node):
            # ``pairs += [[x1, x2]]`` grows the list in place, as ``extend`` does
            self.mutate_list(current, "extend", CallArgs(node, [(right, node.value)]))  # type: ignore[arg-type]
            return
        op_type = AUG_TO_BINARY.get(type(node.operator))
        result = self.binary(op_type, current, right, node) if op_type else UNKNOWN_VALUE
        scope.bind(node.target.value, result)

    def _import(self, node: cst.Import, scope: Scope) -> None:
        if not project.import_names(self, self.project, node, scope):
            bind_import(scope, node)

    def _import_from(self, node: cst.ImportFrom, scope: Scope) -> None:
        if not project.import_from(self, self.project, node, scope):
            bind_import_from(scope, node)

    def _return(self, node: cst.Return, scope: Scope) -> None:
        value = self.eval(node.value, scope) if node.value is not None else Const(None)
        if not self.frames:
            return
        frame = self.frames[-1]
        frame.returns.append(value)
        if self.uncertainty == frame.base_uncertainty:
            raise Return

    def _del(self, node: cst.Del, scope: Scope) -> None:
        targets = node.target.elements if isinstance(node.target, cst.Tuple) else [node.target]
        for target in targets:
            expr = target.value if isinstance(target, cst.Element) else target
            if isinstance(expr, cst.Subscript):
                self.changed_frame(expr, scope)

    def _function_def(self, node: cst.FunctionDef, scope: Scope) -> None:
        function = Function(node, scope, home=self.top_index)
        scope.bind(node.name.value, function)
        self.functions.append(function)

    def _class_def(self, node: cst.ClassDef, scope: Scope) -> None:
        scope.bind(node.name.value, classes.define_class(self, node, scope))

    def _if(self, node: cst.If, scope: Scope) -> None:
        test = to_python(self.eval(node.test, scope))
        orelse = node.orelse
        if test is not UNKNOWN and is_decidable(test):
            if test:
                self.exec_body(node.body, scope)
            elif isinstance(orelse, cst.If):
                self._if(orelse, scope)
            elif isinstance(orelse, cst.Else):
                self.exec_body(orelse.body, scope)
            return

        def run_else() -> None:
            if isinstance(orelse, cst.If):
                self._if(orelse, scope)
            elif isinstance(orelse, cst.Else):
                self.exec_body(orelse.body, scope)

        self.branches(scope, [lambda: self.exec_body(node.body, scope), run_else])

    def _for(self, node: cst.For, scope: Scope) -> None:
        """Unroll a short literal loop while the step budget lasts; any other loop, the rest
        of one past the budget, and a loop nested in unrolled loops whose iterations multiply
        past MAX_UNROLL (an epoch loop around a loop over samples to print), runs as "an
        unknown number of iterations"."""
        iterable = self.eval(node.iter, scope)
        items = self.iteration_items(iterable)
        count = len(items) if items is not None else 0
        unrolled = count > 0 and self.unrolling * count <= MAX_UNROLL
        outer, self.unrolling = self.unrolling, self.unrolling * max(count, 1)
        try:
            for item in items if items is not None and unrolled else ():
                if self.steps > MAX_INTERPRETER_STEPS:
                    unrolled = False
                    break
                self.assign(node.target, item, scope)
                self.exec_body(node.body, scope)
        finally:
            self.unrolling = outer
        if not unrolled:  # each batch of a dataset is alike: the target holds one
            element = libraries.element_of(iterable)
            if element is None and self._counts(node, scope):
                element = Number()  # ``for i in range(len(x))``: an int, value not followed
            self.assign(node.target, element or UNKNOWN_VALUE, scope)
            self.branches(scope, [lambda: self.exec_body(node.body, scope), lambda: None])
        if node.orelse is not None:
            self.exec_body(node.orelse.body, scope)

    def _counts(self, node: cst.For, scope: Scope) -> bool:
        """``for i in range(...)`` into a plain name: the counter is an int (``range`` being
        the builtin, not a name the script binds)."""
        call = node.iter
        if not isinstance(node.target, cst.Name) or not isinstance(call, cst.Call):
            return False
        return self.eval(call.func, scope) == Qual("builtins.range")

    def _while(self, node: cst.While, scope: Scope) -> None:
        self.eval(node.test, scope)
        self.branches(scope, [lambda: self.exec_body(node.body, scope), lambda: None])

    def _try(self, node: cst.Try | cst.TryStar, scope: Scope) -> None:
        self.exec_body(node.body, scope)
        for handler in node.handlers:
            self.branches(scope, [lambda h=handler: self.exec_body(h.body, scope), lambda: None])
        if node.orelse is not None:
            self.exec_body(node.orelse.body, scope)
        if node.finalbody is not None:
            self.exec_body(node.finalbody.body, scope)

    def _with(self, node: cst.With, scope: Scope) -> None:
        for item in node.items:
            value = self.eval(item.item, scope)
            if item.asname is not None:
                self.assign(
                    item.asname.name, value if isinstance(value, Qual) else UNKNOWN_VALUE, scope
                )
        self.exec_body(node.body, scope)

    def _match(self, node: cst.Match, scope: Scope) -> None:
        self.eval(node.subject, scope)
        self.branches(scope, [lambda c=case: self.exec_body(c.body, scope) for case in node.cases])

    _statement_handlers: ClassVar[dict[type, Any]] = {
        cst.SimpleStatementLine: _simple_line,
        cst.SimpleStatementSuite: _simple_line,
        cst.Expr: _expr_statement,
        cst.Assign: _assign,
        cst.AnnAssign: _ann_assign,
        cst.AugAssign: _aug_assign,
        cst.Import: _import,
        cst.ImportFrom: _import_from,
        cst.Return: _return,
        cst.Del: _del,
        cst.FunctionDef: _function_def,
        cst.ClassDef: _class_def,
        cst.If: _if,
        cst.For: _for,
        cst.While: _while,
        cst.Try: _try,
        cst.TryStar: _try,
        cst.With: _with,
        cst.Match: _match,
    }

    def branches(self, scope: Scope, paths: Seq[Any]) -> None:
        """Run alternative paths from the same state and keep what they agree on."""
        before = dict(scope.vars)
        outcomes: list[dict[str, Value]] = []
        self.uncertainty += 1
        try:
            for path in paths:
                scope.vars = dict(before)
                path()
                outcomes.append(scope.vars)
        finally:
            self.uncertainty -= 1
        merged: dict[str, Value] = {}
        for outcome in outcomes:
            for name, value in outcome.items():
                merged[name] = join(merged[name], value) if name in merged else value
        scope.vars = merged

    def assign(self, target: cst.BaseExpression, value: Value, scope: Scope) -> None:
        if isinstance(target, cst.Name):
            scope.bind(target.value, value)
            sliced = self.row_slices.get(id(value))
            split = sliced[1] if sliced is not None and sliced[0] is value else None
            if split is not None and isinstance(value, ArrayValue) and is_held_out(target.value):
                for fit in value.info.scaler_fits:  # test = data[n:] after scaling all of data
                    self.ir.leaks.append(Leak(fit=fit, split_anchor=split))
        elif isinstance(target, cst.Subscript):
            self.assign_item(target, value, scope)
        elif isinstance(target, cst.Attribute) and target.attr.value == "shape":
            array = self.eval(target.value, scope)  # x.shape = (...) reshapes in place
            if isinstance(array, ArrayValue):
                array_ops.mutated(array)
        elif isinstance(target, cst.Attribute):
            owner = self.eval(target.value, scope)  # self.model = Sequential()
            if isinstance(owner, classes.Instance):
                classes.set_attribute(self, owner, target.attr.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = target.elements
            starred = any(isinstance(e, cst.StarredElement) for e in elements)
            items = self.unpack(value, len(elements))
            for index, element in enumerate(elements):
                item = items[index] if items is not None and not starred else UNKNOWN_VALUE
                self.assign(element.value, item, scope)

    def assign_item(self, target: cst.Subscript, value: Value, scope: Scope) -> None:
        """``CONFIG["units"] = 64``: follow it in dict literals, give up on anything else."""
        container = self.eval(target.value, scope)
        if not isinstance(container, Mapping):
            self.changed_frame(target, scope)
            return
        key = self.subscript_element(target.slice[0], scope) if len(target.slice) == 1 else None
        if not isinstance(key, Const) or self.uncertainty > container.depth:
            container.exact = False
            return
        if len(container.items) >= MAX_SEQUENCE_ITEMS or not self.may_build(1):
            container.exact = False  # a table filled in a loop stops being followed
            return
        try:
            container.items[key.value] = value
        except TypeError:
            container.exact = False

    def changed_frame(self, target: cst.Subscript, scope: Scope) -> None:
        """``df["new"] = ...``, ``df.loc[:, "c"] = ...``, ``del df["c"]`` may add or remove
        columns: the frame's sizes are no longer known (numpy item assignment never is one)."""
        base = target.value
        by_label = isinstance(base, cst.Attribute) and base.attr.value in ("loc", "at")
        if by_label:
            base = base.value  # type: ignore[attr-defined]
        frame = self.eval(base, scope)
        if not isinstance(frame, ArrayValue):
            return
        indices = [self.subscript_element(element, scope) for element in target.slice]
        if by_label or any(_is_column_label(index) for index in indices):
            array_ops.mutated(frame)

    def unpack(self, value: Value, count: int) -> list[Value] | None:
        if isinstance(value, Sequence) and len(value.items) == count:
            return value.items
        return None

    def iteration_items(self, value: Value) -> list[Value] | None:
        if isinstance(value, Sequence):
            return list(value.items)
        if isinstance(value, Mapping) and value.exact:  # ``for name in inputs:`` walks the keys
            return [Const(key) for key in value.items]
        if (
            isinstance(value, Const)
            and isinstance(value.value, range)
            and len(value.value) <= MAX_UNROLL
        ):
            return [Const(i) for i in value.value]
        return None


def _is_column_label(index: Any) -> bool:
    """``df["c"]`` / ``df[["a", "b"]]``: an index that names columns, not positions."""
    if isinstance(index, Const):
        return isinstance(index.value, str)
    return isinstance(index, Sequence)
