"""A small abstract interpreter over a libcst module: one pass, no metadata providers.

It walks statements in order, binds names through imports and assignments, interprets user
functions at their call sites, unrolls short literal loops and joins the two sides of a branch
it cannot decide. Keras calls are delegated to ``keras_calls``, data-library calls to the
``libraries`` package (one module per library); they build the IR. Nothing is executed and
nothing is imported.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from collections.abc import Sequence as Seq
from dataclasses import dataclass, field
from typing import Any, ClassVar

import libcst as cst

from kerascheck.frontends.python import array_ops, classes, keras_calls, libraries, project
from kerascheck.frontends.python.arrays import one_hot_from_identity
from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.constants import (
    AUG_TO_BINARY,
    COMPARISONS,
    compare_sizes,
    fold,
    is_decidable,
    known_length,
    sliced,
)
from kerascheck.frontends.python.model_graph import layer_attribute, model_attribute
from kerascheck.frontends.python.scope import (
    Scope,
    bind_import,
    bind_import_from,
    callee_text,
    dotted_name,
)
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayShape,
    ArrayValue,
    Const,
    Function,
    Identity,
    LambdaValue,
    LayerValue,
    Mapping,
    ModelValue,
    Qual,
    Record,
    Sequence,
    TensorValue,
    Value,
    join,
    to_python,
)
from kerascheck.ir import UNKNOWN, LayerNode, Leak, ModuleIR, Node, Sym
from kerascheck.keras_api import resolve_keras
from kerascheck.limits import (
    MAX_BUILT_ITEMS,
    MAX_INTERPRETER_STEPS,
    MAX_SEQUENCE_ITEMS,
    MAX_STRING_CHARS,
)

MAX_UNROLL = 64
#: ``a + b`` on two graph tensors is the element-wise merge layer of the same name.
_TENSOR_MERGES = {cst.Add: "Add", cst.Subtract: "Subtract", cst.Multiply: "Multiply"}
MAX_CALL_DEPTH = 8

BUILTINS = frozenset(
    {
        "range",
        "len",
        "list",
        "tuple",
        "int",
        "float",
        "str",
        "bool",
        "print",
        "zip",
        "enumerate",
        "sorted",
        "reversed",
        "min",
        "max",
        "abs",
        "round",
        "sum",
        "isinstance",
        "open",
        "dict",
        "set",
        "type",
        "super",
        "map",
        "filter",
        "input",
        "iter",
        "next",
    }
)


#: ``top_index`` while a module of the project other than the linted file runs: what it
#: builds is anchored there (see ``owns``).
FOREIGN = -1

_HELD_OUT_WORDS = frozenset({"test", "val", "valid", "validation", "holdout", "dev"})


def is_held_out(name: str) -> bool:
    """``test``, ``X_test``, ``testX``, ``x_val``: a name for data kept out of training."""
    words = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name)
    return any(word.lower() in _HELD_OUT_WORDS for word in words)


class _Return(Exception):
    """Unwinds a function body at a ``return`` that certainly executes."""


@dataclass
class _Frame:
    base_uncertainty: int
    returns: list[Value] = field(default_factory=list)


class Interpreter:
    def __init__(self, module: cst.Module, path: str) -> None:
        self.module = module
        self.ir = ModuleIR(path=path)
        self.globals = Scope()
        self.globals.bind("__name__", Const("__main__"))
        self.uncertainty = 0  # > 0 inside code that may or may not run
        self.functions: list[Function] = []
        self.frames: list[_Frame] = []
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
        #: the classes defined so far (``classes.instantiate_unused``)
        self.classes: list[Any] = []
        #: (self, defining class) of the methods being interpreted, for ``super()``
        self.method_owners: list[tuple[Any, Any]] = []
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

    # --- statements ---------------------------------------------------------------------------

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
        self.eval(node.value, scope)

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
            raise _Return

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
        """Unroll a short literal loop while the step budget lasts; any other loop, and the
        rest of one past the budget, runs as "an unknown number of iterations"."""
        iterable = self.eval(node.iter, scope)
        items = self.iteration_items(iterable)
        unrolled = items is not None and 0 < len(items) <= MAX_UNROLL
        for item in items if items is not None and unrolled else ():
            if self.steps > MAX_INTERPRETER_STEPS:
                unrolled = False
                break
            self.assign(node.target, item, scope)
            self.exec_body(node.body, scope)
        if not unrolled:  # each batch of a dataset is alike: the target holds one
            self.assign(node.target, libraries.element_of(iterable) or UNKNOWN_VALUE, scope)
            self.branches(scope, [lambda: self.exec_body(node.body, scope), lambda: None])
        if node.orelse is not None:
            self.exec_body(node.orelse.body, scope)

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
        key = self._subscript_element(target.slice[0], scope) if len(target.slice) == 1 else None
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
        indices = [self._subscript_element(element, scope) for element in target.slice]
        if by_label or any(_is_column_label(index) for index in indices):
            array_ops.mutated(frame)

    def unpack(self, value: Value, count: int) -> list[Value] | None:
        if isinstance(value, Sequence) and len(value.items) == count:
            return value.items
        return None

    def iteration_items(self, value: Value) -> list[Value] | None:
        if isinstance(value, Sequence):
            return list(value.items)
        if (
            isinstance(value, Const)
            and isinstance(value.value, range)
            and len(value.value) <= MAX_UNROLL
        ):
            return [Const(i) for i in value.value]
        return None

    def may_build(self, size: int, cap: int = MAX_SEQUENCE_ITEMS) -> bool:
        """Whether a list (``size`` items) or a string (``size`` characters, ``cap`` then
        ``MAX_STRING_CHARS``) may be built: within its own cap and the file's total. A value
        that may not is UNKNOWN, as any value kerascheck does not follow."""
        if size > cap or self.built + size > MAX_BUILT_ITEMS:
            return False
        self.built += size
        return True

    # --- functions ------------------------------------------------------------------------------

    def call_function(self, function: Function, args: CallArgs | None) -> Value:
        """Interpret a user function's body with the caller's arguments bound to its parameters."""
        key = id(function.node)
        if key in self.active or len(self.frames) >= MAX_CALL_DEPTH:
            return UNKNOWN_VALUE
        if self.steps > MAX_INTERPRETER_STEPS and function.called[0]:
            return UNKNOWN_VALUE  # past the budget, each function is interpreted once at most
        function.called[0] = True
        caller_home, self.top_index = self.top_index, function.home
        scope = Scope(parent=function.scope)
        self.bind_parameters(function, args, scope)
        frame = _Frame(self.uncertainty)
        self.frames.append(frame)
        self.active.add(key)
        try:
            self.exec_body(function.node.body, scope)
        except _Return:
            pass
        finally:
            self.frames.pop()
            self.active.discard(key)
            self.top_index = caller_home
        if not frame.returns:
            return Const(None)
        result = frame.returns[0]
        for value in frame.returns[1:]:
            result = join(result, value)
        return result

    def bind_parameters(self, function: Function, args: CallArgs | None, scope: Scope) -> None:
        params = function.node.params
        ordered = [*params.posonly_params, *params.params]
        certain = args is not None and not args.has_star
        for index, param in enumerate(ordered):
            name = param.name.value
            value: Value | None = None
            if certain and args is not None:
                value = args.get(index, name)
            if value is None and param.default is not None and (args is None or certain):
                value = self.eval(param.default, function.scope)
            scope.bind(name, value if value is not None else UNKNOWN_VALUE)
        for param in params.kwonly_params:
            name = param.name.value
            value = args.get(None, name) if certain and args is not None else None
            if value is None and param.default is not None and (args is None or certain):
                value = self.eval(param.default, function.scope)
            scope.bind(name, value if value is not None else UNKNOWN_VALUE)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                scope.bind(star.name.value, UNKNOWN_VALUE)

    # --- expressions ------------------------------------------------------------------------------

    def eval(self, node: cst.BaseExpression, scope: Scope) -> Value:
        self.steps += 1
        handler = self._expression_handlers.get(type(node))
        if handler is None:
            return UNKNOWN_VALUE
        return handler(self, node, scope)

    def _name(self, node: cst.Name, scope: Scope) -> Value:
        name = node.value
        value = scope.lookup(name)
        if value is not None:
            return value
        if name == "True":
            return Const(True)
        if name == "False":
            return Const(False)
        if name == "None":
            return Const(None)
        if name in BUILTINS:
            return Qual(f"builtins.{name}")
        return UNKNOWN_VALUE

    def _attribute(self, node: cst.Attribute, scope: Scope) -> Value:
        receiver = self.eval(node.value, scope)
        name = node.attr.value
        if isinstance(receiver, Qual):
            return receiver.attr(name)
        if isinstance(receiver, Record):
            return receiver.lookup(name) or UNKNOWN_VALUE
        if isinstance(receiver, ArrayValue):
            if name not in array_ops.NAMING_ATTRIBUTES:
                return array_ops.attribute(receiver, name)
            label = dotted_name(node.value) or callee_text(node.value)
            return array_ops.attribute(receiver, name, label)
        return self.member(receiver, name)

    def member(self, receiver: Value, name: str) -> Value:
        """An attribute of a user object, a project module, a model or a layer."""
        if isinstance(receiver, (classes.Instance, classes.ClassValue, classes.SuperProxy)):
            return classes.get_attribute(self, receiver, name)
        if isinstance(receiver, project.ModuleValue):
            return project.member(self, self.project, receiver, name)
        if isinstance(receiver, ModelValue):
            return model_attribute(receiver.model, name) or UNKNOWN_VALUE
        if isinstance(receiver, LayerValue):
            return layer_attribute(receiver, name) or UNKNOWN_VALUE
        return libraries.attribute(receiver, name) or UNKNOWN_VALUE

    def is_appliable(self, value: Value) -> bool:
        return isinstance(value, classes.Instance) and (
            value.cls.kind == "layer" or value.model is not None
        )

    def _literal(self, node: cst.BaseExpression, scope: Scope) -> Value:
        text: str = node.value  # type: ignore[attr-defined]
        try:
            if isinstance(node, cst.Integer):
                return Const(int(text, 0))  # 10, 0x1F, 1_000 (literal_eval is 10x slower)
            if isinstance(node, cst.Float):
                return Const(float(text))
            return Const(ast.literal_eval(text))
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return UNKNOWN_VALUE

    def _string(self, node: cst.SimpleString | cst.ConcatenatedString, scope: Scope) -> Value:
        if isinstance(node, cst.SimpleString):
            plain = _plain_string(node.value)
            if plain is not None:
                return Const(plain)
        try:
            value = node.evaluated_value
        except Exception:  # malformed escapes: not our business
            return UNKNOWN_VALUE
        return Const(value) if isinstance(value, str) else UNKNOWN_VALUE

    def _sequence(self, node: cst.Tuple | cst.List, scope: Scope) -> Value:
        items: list[Value] = []
        unpacked = 0
        for element in node.elements:
            value = self.eval(element.value, scope)
            if isinstance(element, cst.StarredElement):
                if not isinstance(value, Sequence):
                    return UNKNOWN_VALUE
                unpacked += len(value.items)
                if not self.may_build(len(value.items)) or unpacked > MAX_SEQUENCE_ITEMS:
                    return UNKNOWN_VALUE  # ``a = [*a, *a]`` doubles with every pass
                items.extend(value.items)
            else:
                items.append(value)
        return Sequence(items, is_tuple=isinstance(node, cst.Tuple), depth=self.uncertainty)

    def _dict(self, node: cst.Dict, scope: Scope) -> Value:
        items: dict[Any, Value] = {}
        constant_keys = True
        for element in node.elements:
            value = self.eval(element.value, scope)
            if not isinstance(element, cst.DictElement):  # **other
                constant_keys = False
                continue
            key = self.eval(element.key, scope)
            if isinstance(key, Const) and isinstance(key.value, (str, int, float, bool)):
                items[key.value] = value
            else:
                constant_keys = False
        return Mapping(items, depth=self.uncertainty) if constant_keys else UNKNOWN_VALUE

    def _call(self, node: cst.Call, scope: Scope) -> Value:
        func = node.func
        if isinstance(func, cst.Attribute):
            receiver = self.eval(func.value, scope)
            args = self.eval_args(node, scope)
            method = func.attr.value
            if isinstance(receiver, Qual):
                return self.call_qualified(receiver.attr(method), args)
            return self.call_method(receiver, method, args)
        callee = self.eval(func, scope)
        args = self.eval_args(node, scope)
        return self.call_value(callee, args)

    def eval_args(self, node: cst.Call, scope: Scope) -> CallArgs:
        args = CallArgs(node)
        homes, home = self.homes, self.top_index
        homes[id(node)] = home
        for arg in node.args:
            homes[id(arg.value)] = home
            if arg.keyword is not None:
                homes[id(arg.keyword)] = home
            value = self.eval(arg.value, scope)
            if arg.star == "*" and isinstance(value, Sequence) and value.exact:
                args.positional.extend((item, arg.value) for item in value.items)  # f(*shape)
            elif arg.star:
                args.has_star = True
            elif arg.keyword is not None:
                args.keywords[arg.keyword.value] = (value, arg.value)
            else:
                args.positional.append((value, arg.value))
        return args

    def call_value(self, callee: Value, args: CallArgs) -> Value:
        if isinstance(callee, Qual):
            return self.call_qualified(callee, args)
        if isinstance(callee, LayerValue):
            return keras_calls.apply_layer(self, callee, args)
        if isinstance(callee, ModelValue):
            return keras_calls.apply_model(self, callee, args)
        if isinstance(callee, Function):
            return self.call_function(callee, args)
        if isinstance(callee, LambdaValue):
            return self.call_lambda(callee, args)
        if isinstance(callee, classes.CALLABLE):
            return classes.call_object(self, callee, args)
        return UNKNOWN_VALUE

    def call_lambda(self, function: LambdaValue, args: CallArgs) -> Value:
        """A lambda's expression with its positional parameters bound (``map(lambda x, y: ..)``)."""
        key = id(function.node)
        params = function.node.params
        if key in self.active or len(self.frames) >= MAX_CALL_DEPTH or args.has_star:
            return UNKNOWN_VALUE
        if isinstance(params.star_arg, cst.Param) or params.kwonly_params or params.star_kwarg:
            return UNKNOWN_VALUE
        scope = Scope(parent=function.scope)
        for index, param in enumerate([*params.posonly_params, *params.params]):
            value = args.get(index, param.name.value)
            if value is None and param.default is not None:
                value = self.eval(param.default, function.scope)
            scope.bind(param.name.value, value if value is not None else UNKNOWN_VALUE)
        self.active.add(key)
        # the calls in its body belong to the statement (or file) that defines the lambda
        caller_home, self.top_index = self.top_index, self.homes.get(key, self.top_index)
        try:
            return self.eval(function.node.body, scope)
        finally:
            self.active.discard(key)
            self.top_index = caller_home

    def call_qualified(self, qualified: Qual, args: CallArgs) -> Value:
        if qualified.name == "builtins.super" and self.method_owners:
            instance, owner = self.method_owners[-1]
            if instance is not None:
                return classes.SuperProxy(instance, owner)
        resolved = resolve_keras(qualified.name)
        if resolved is not None:
            result = keras_calls.call_keras(self, resolved[0], resolved[1], args)
        else:
            result = libraries.call_function(self, qualified.name, args)
        return result if result is not None else UNKNOWN_VALUE

    def call_method(self, receiver: Value, method: str, args: CallArgs) -> Value:
        if isinstance(receiver, (classes.Instance, classes.ClassValue, classes.SuperProxy)):
            return classes.call_member(self, receiver, method, args)
        if isinstance(receiver, project.ModuleValue):
            return self.call_value(project.member(self, self.project, receiver, method), args)
        if isinstance(receiver, (ModelValue, LayerValue)):
            result = keras_calls.call_method(self, receiver, method, args)
        elif isinstance(receiver, Sequence) and method in ("append", "extend", "insert"):
            self.mutate_list(receiver, method, args)
            result = Const(None)
        elif isinstance(receiver, Mapping):
            result = self.mapping_method(receiver, method, args)
        else:
            result = libraries.call_method(self, receiver, method, args)
        return result if result is not None else UNKNOWN_VALUE

    def mapping_method(self, mapping: Mapping, method: str, args: CallArgs) -> Value:
        if method == "get":
            key = args.get(0)
            found = mapping.lookup(key.value) if isinstance(key, Const) else None
            if found is not None:
                return found
            default = args.get(1, "default")
            known_missing = mapping.exact and isinstance(key, Const) and found is None
            return (default or Const(None)) if known_missing else UNKNOWN_VALUE
        if method not in ("keys", "values", "items", "copy"):
            mapping.exact = False  # update, pop, setdefault, clear ...
        return UNKNOWN_VALUE

    def mutate_list(self, sequence: Sequence, method: str, args: CallArgs) -> None:
        """``layers.append(Dense(8))``: follow the list while its length stays certain."""
        if self.uncertainty > sequence.depth:
            sequence.exact = False
        value = args.get(0) if method != "insert" else args.get(1)
        if value is None:
            return
        added = len(value.items) if method == "extend" and isinstance(value, Sequence) else 1
        if len(sequence.items) + added > MAX_SEQUENCE_ITEMS or not self.may_build(added):
            sequence.exact = False  # ``a.extend(a)`` in a loop doubles with every pass
            return
        if method == "extend":
            if isinstance(value, Sequence):
                sequence.items.extend(value.items)
            else:
                sequence.exact = False
            return
        if method == "insert":
            sequence.items.insert(0, value)
            return
        sequence.items.append(value)

    def _subscript(self, node: cst.Subscript, scope: Scope) -> Value:
        value = self.eval(node.value, scope)
        indices = [self._subscript_element(element, scope) for element in node.slice]
        if isinstance(value, Sequence) and len(indices) == 1:
            if isinstance(indices[0], slice):  # x.shape[1:], columns[:-1]
                return sliced(value, indices[0])
            index = to_python(indices[0])
            if isinstance(index, int) and -len(value.items) <= index < len(value.items):
                return value.items[index]
            return UNKNOWN_VALUE
        if isinstance(value, ArrayShape) and len(indices) == 1:
            return array_ops.shape_item(value, indices[0])
        if isinstance(value, Const) and len(indices) == 1 and isinstance(value.value, (tuple, str)):
            index = to_python(indices[0]) if not isinstance(indices[0], slice) else UNKNOWN_VALUE
            if isinstance(index, int) and -len(value.value) <= index < len(value.value):
                return Const(value.value[index])
            return UNKNOWN_VALUE
        if isinstance(value, Mapping) and len(indices) == 1 and isinstance(indices[0], Const):
            return value.lookup(indices[0].value) or UNKNOWN_VALUE
        if isinstance(value, Identity) and len(indices) == 1:
            return one_hot_from_identity(value, indices[0])
        if isinstance(value, ArrayValue):
            result = array_ops.subscript(value, indices)
            if value.info.scaler_fits and indices and isinstance(indices[0], slice):
                self.row_slices[id(result)] = (result, node)  # maybe a split by rows
            return result
        return UNKNOWN_VALUE

    def _subscript_element(self, element: cst.SubscriptElement, scope: Scope) -> Any:
        """An index value, or a Python ``slice`` whose bounds are values."""
        inner = element.slice
        if isinstance(inner, cst.Index):
            return self.eval(inner.value, scope)
        if isinstance(inner, cst.Slice):
            bounds = [
                self.eval(part, scope) if part is not None else Const(None)
                for part in (inner.lower, inner.upper, inner.step)
            ]
            return slice(*bounds)
        return UNKNOWN_VALUE

    def _binary(self, node: cst.BinaryOperation, scope: Scope) -> Value:
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        return self.binary(type(node.operator), left, right, node)

    def binary(self, op: type | None, left: Value, right: Value, node: cst.CSTNode) -> Value:
        if isinstance(left, ArrayValue) or isinstance(right, ArrayValue):
            return array_ops.binary(op, left, right, node)
        if isinstance(left, Const) and isinstance(right, Const):
            if isinstance(left.value, str) and isinstance(right.value, str):
                size = len(left.value) + len(right.value)
                if not self.may_build(size, MAX_STRING_CHARS):
                    return UNKNOWN_VALUE  # ``s = s + s`` doubles with every pass
            return fold(op, left.value, right.value)
        if isinstance(left, TensorValue) and isinstance(right, TensorValue):
            merge = _TENSOR_MERGES.get(op) if op is not None else None
            if merge is None:
                return UNKNOWN_VALUE
            layer = LayerNode(merge, anchor=node, spelled=merge)
            return TensorValue(Node(layer, [left.node, right.node], anchor=node))
        if isinstance(left, Sequence) and isinstance(right, Sequence) and op is cst.Add:
            if not self.may_build(len(left.items) + len(right.items)):
                return UNKNOWN_VALUE
            return Sequence([*left.items, *right.items], is_tuple=left.is_tuple)
        if (
            isinstance(left, Sequence)
            and isinstance(right, Const)
            and op is cst.Multiply
            and isinstance(right.value, int)
            and 0 <= right.value <= MAX_UNROLL
            and self.may_build(len(left.items) * right.value)
        ):
            return Sequence(left.items * right.value, is_tuple=left.is_tuple)
        return UNKNOWN_VALUE

    def _unary(self, node: cst.UnaryOperation, scope: Scope) -> Value:
        value = self.eval(node.expression, scope)
        if isinstance(value, ArrayValue):
            return array_ops.negative(value) if isinstance(node.operator, cst.Minus) else value
        if isinstance(value, Const) and isinstance(value.value, (int, float, bool)):
            if isinstance(node.operator, cst.Minus):
                return Const(-value.value)
            if isinstance(node.operator, cst.Plus):
                return Const(+value.value)
            if isinstance(node.operator, cst.Not):
                return Const(not value.value)
        return UNKNOWN_VALUE

    def _comparison(self, node: cst.Comparison, scope: Scope) -> Value:
        left = self.eval(node.left, scope)
        rights = [self.eval(target.comparator, scope) for target in node.comparisons]
        if isinstance(left, ArrayValue) or any(isinstance(r, ArrayValue) for r in rights):
            return array_ops.comparison(left, rights)
        if len(rights) == 1 and isinstance(left, Const) and isinstance(rights[0], Const):
            if isinstance(left.value, Sym) or isinstance(rights[0].value, Sym):
                return compare_sizes(type(node.comparisons[0].operator), left, rights[0])
            compare = COMPARISONS.get(type(node.comparisons[0].operator))
            if compare is not None:
                try:
                    return Const(bool(compare(left.value, rights[0].value)))
                except TypeError:
                    return UNKNOWN_VALUE
        return UNKNOWN_VALUE

    def _boolean(self, node: cst.BooleanOperation, scope: Scope) -> Value:
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        if isinstance(left, Const) and isinstance(right, Const):
            if isinstance(node.operator, cst.And):
                return Const(left.value and right.value)
            return Const(left.value or right.value)
        return UNKNOWN_VALUE

    def _if_exp(self, node: cst.IfExp, scope: Scope) -> Value:
        test = to_python(self.eval(node.test, scope))
        if test is not UNKNOWN and is_decidable(test):
            return self.eval(node.body if test else node.orelse, scope)
        return join(self.eval(node.body, scope), self.eval(node.orelse, scope))

    def _comprehension(self, node: cst.ListComp | cst.GeneratorExp, scope: Scope) -> Value:
        inner = Scope(parent=scope)
        lengths: list[int | None] = []
        for_in: cst.CompFor | None = node.for_in
        while for_in is not None:
            iterable = self.eval(for_in.iter, inner)
            lengths.append(known_length(iterable) if not for_in.ifs else None)
            self.assign(for_in.target, UNKNOWN_VALUE, inner)
            for_in = for_in.inner_for_in
        element = self.eval(node.elt, inner)
        length = lengths[0] if len(lengths) == 1 else None
        if isinstance(element, (LayerValue, classes.Instance)) and length is not None:
            return self.unrolled_comprehension(node, scope) or UNKNOWN_VALUE
        return array_ops.comprehension(element, length)

    def unrolled_comprehension(
        self, node: cst.ListComp | cst.GeneratorExp, scope: Scope
    ) -> Value | None:
        """``[Dense(u) for u in (64, 32)]``: one layer per item, as the loop makes them."""
        for_in = node.for_in
        if for_in.inner_for_in is not None or for_in.ifs:
            return None
        items = self.iteration_items(self.eval(for_in.iter, scope))
        if items is None or len(items) > MAX_UNROLL or not self.may_build(len(items)):
            return None
        made: list[Value] = []
        for item in items:
            inner = Scope(parent=scope)
            self.assign(for_in.target, item, inner)
            made.append(self.eval(node.elt, inner))
        return Sequence(made, depth=self.uncertainty)

    def _named_expr(self, node: cst.NamedExpr, scope: Scope) -> Value:
        value = self.eval(node.value, scope)
        self.assign(node.target, value, scope)
        return value

    def _ellipsis(self, node: cst.Ellipsis, scope: Scope) -> Value:
        return Const(...)

    def _lambda(self, node: cst.Lambda, scope: Scope) -> Value:
        self.homes[id(node)] = self.top_index  # where its body's calls are placed
        return LambdaValue(node, scope)

    def _opaque(self, node: cst.BaseExpression, scope: Scope) -> Value:
        return UNKNOWN_VALUE

    _expression_handlers: ClassVar[dict[type, Any]] = {
        cst.Name: _name,
        cst.Attribute: _attribute,
        cst.Integer: _literal,
        cst.Float: _literal,
        cst.Imaginary: _literal,
        cst.SimpleString: _string,
        cst.ConcatenatedString: _string,
        cst.Tuple: _sequence,
        cst.List: _sequence,
        cst.Dict: _dict,
        cst.Call: _call,
        cst.Subscript: _subscript,
        cst.BinaryOperation: _binary,
        cst.UnaryOperation: _unary,
        cst.Comparison: _comparison,
        cst.BooleanOperation: _boolean,
        cst.IfExp: _if_exp,
        cst.ListComp: _comprehension,
        cst.GeneratorExp: _comprehension,
        cst.NamedExpr: _named_expr,
        cst.Ellipsis: _ellipsis,
        cst.Lambda: _lambda,
        cst.FormattedString: _opaque,
    }


def _plain_string(literal: str) -> str | None:
    """The value of a str literal without escapes, or None for any other literal.

    Most strings of a script (docstrings, column names, paths) have no backslash: slicing
    off the quotes gives their value without the compiler that ``literal_eval`` runs (about
    30 microseconds a string, a tenth of the interpreter's time on long scripts).
    """
    if "\\" in literal or "\r" in literal:
        return None
    start = 0
    while literal[start] not in "'\"":
        start += 1
    if literal[:start].lower() not in ("", "r", "u"):
        return None  # bytes
    quote = literal[start] * 3 if literal.startswith(literal[start] * 3, start) else literal[start]
    if len(literal) - start < 2 * len(quote):
        return None
    return literal[start + len(quote) : len(literal) - len(quote)]


def _is_column_label(index: Any) -> bool:
    """``df["c"]`` / ``df[["a", "b"]]``: an index that names columns, not positions."""
    if isinstance(index, Const):
        return isinstance(index.value, str)
    return isinstance(index, Sequence)
