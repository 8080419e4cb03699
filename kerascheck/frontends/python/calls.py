"""Calls: what calling a value does.

A call to a user function interprets its body with the arguments bound (once per call site,
up to a depth), a lambda its expression; a class makes an instance (``classes``); a Keras name
goes to ``keras_calls``, any other qualified name or method to the ``libraries`` package;
methods of dicts and lists update the value the interpreter follows.
"""

from __future__ import annotations

import libcst as cst

from kerascheck.frontends.python import (
    classes,
    keras_calls,
    keras_layers,
    keras_models,
    libraries,
    project,
    tensor_functions,
    tensor_syntax,
)
from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.core import Frame, InterpreterCore, Return
from kerascheck.frontends.python.scope import Scope
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    Const,
    Function,
    LambdaValue,
    LayerValue,
    Mapping,
    ModelValue,
    PartialValue,
    Qual,
    Sequence,
    Value,
    WeightInitializer,
    join,
)
from kerascheck.keras_api import resolve_keras
from kerascheck.keras_legacy import removed_module
from kerascheck.limits import MAX_INTERPRETER_STEPS, MAX_SEQUENCE_ITEMS

MAX_CALL_DEPTH = 8


class Calls(InterpreterCore):
    """The interpreter's calls, from the call expression to the callee's value."""

    def eval_call(self, node: cst.Call, scope: Scope) -> Value:
        """A call expression (in ``Expressions``'s dispatch table): a method call on a
        qualified name is that name's call, any other on its receiver."""
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
            if isinstance(arg.value, (cst.List, cst.Tuple, cst.Dict)):  # fit([a, b]): a, b
                for element in arg.value.elements:
                    if isinstance(element, (cst.Element, cst.DictElement)):
                        homes[id(element.value)] = home
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
            return keras_layers.apply_layer(self, callee, args)
        if isinstance(callee, ModelValue):
            return keras_models.apply_model(self, callee, args)
        if isinstance(callee, Function):
            return self.call_function(callee, args)
        if isinstance(callee, LambdaValue):
            return self.call_lambda(callee, args)
        if isinstance(callee, PartialValue):
            bound: CallArgs = callee.args
            merged = CallArgs(
                args.node,
                [*bound.positional, *args.positional],
                {**bound.keywords, **args.keywords},
                has_star=bound.has_star or args.has_star,
            )
            return self.call_value(callee.function, merged)
        if isinstance(callee, classes.CALLABLE):
            return classes.call_object(self, callee, args)
        if isinstance(callee, WeightInitializer):
            return tensor_syntax.weight(args) or UNKNOWN_VALUE
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
        applied = tensor_functions.apply_function(qualified.name, args, self.graph_calls > 0)
        if applied is not None:
            return applied
        if qualified.name == "functools.partial" and args.positional:
            function, _ = args.positional[0]
            rest = CallArgs(args.node, args.positional[1:], dict(args.keywords), args.has_star)
            return PartialValue(function, rest)
        resolved = resolve_keras(qualified.name)
        if resolved is not None:
            result = keras_calls.call_keras(self, resolved[0], resolved[1], args)
            if isinstance(result, LayerValue):
                result.layer.removed_path = removed_module(qualified.name)
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
        if method == "pop" and args.positional and len(args.positional) == 1:
            key = args.get(0)  # ``features.pop("weight")`` on a dict we follow
            certain = mapping.exact and self.uncertainty <= mapping.depth
            if certain and isinstance(key, Const) and mapping.lookup(key.value) is not None:
                return mapping.items.pop(key.value)
        if method not in ("keys", "values", "items", "copy"):
            mapping.exact = False  # update, pop, setdefault, clear ...
        if mapping.exact and not args.positional and not args.keywords:
            return _mapping_view(mapping, method)
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

    def is_appliable(self, value: Value) -> bool:
        return isinstance(value, classes.Instance) and (
            value.cls.kind == "layer" or value.model is not None
        )

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
        frame = Frame(self.uncertainty)
        self.frames.append(frame)
        self.active.add(key)
        try:
            self.exec_body(function.node.body, scope)
        except Return:
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


def _mapping_view(mapping: Mapping, method: str) -> Value:
    """``inputs.values()`` / ``.items()`` of a dict we follow: a list in insertion order, so a
    loop over it unrolls like a loop over a literal list (a copy is another dict)."""
    if method == "keys":
        return Sequence([Const(key) for key in mapping.items])
    if method == "values":
        return Sequence(list(mapping.items.values()))
    if method == "items":
        pairs: list[Value] = [
            Sequence([Const(key), value], is_tuple=True) for key, value in mapping.items.items()
        ]
        return Sequence(pairs)
    return Mapping(dict(mapping.items), depth=mapping.depth)
