"""Expressions: the abstract value of names, attributes, literals and operators.

Literals fold to constants, operators fold on constants and delegate to ``array_ops`` on
arrays, ``a + b`` on two graph tensors is a merge layer, and a comprehension of layers is
unrolled like the loop it stands for. Calls are ``calls``'s business.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any, ClassVar, TypeVar

import libcst as cst

from kerascheck.frontends.python import (
    array_ops,
    classes,
    libraries,
    project,
    tensor_nodes,
    tensor_syntax,
)
from kerascheck.frontends.python.arrays import one_hot_from_identity
from kerascheck.frontends.python.calls import Calls
from kerascheck.frontends.python.constants import (
    COMPARISONS,
    compare_sizes,
    fold,
    is_decidable,
    known_length,
    sliced,
)
from kerascheck.frontends.python.core import MAX_UNROLL, InterpreterCore
from kerascheck.frontends.python.libraries.datasets import DatasetValue
from kerascheck.frontends.python.model_graph import layer_attribute, model_attribute
from kerascheck.frontends.python.scope import Scope, callee_text, dotted_name
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayShape,
    ArrayValue,
    Const,
    Identity,
    LambdaValue,
    LayerValue,
    Mapping,
    ModelValue,
    Qual,
    Record,
    Sequence,
    TensorShape,
    TensorValue,
    Value,
    join,
    to_python,
)
from kerascheck.ir import UNKNOWN, ArrayInfo, LayerNode, Node, Sym
from kerascheck.limits import MAX_SEQUENCE_ITEMS, MAX_STRING_CHARS

_N = TypeVar("_N", bound=cst.CSTNode)

#: ``a + b`` on two graph tensors is the element-wise merge layer of the same name.
_TENSOR_MERGES = {cst.Add: "Add", cst.Subtract: "Subtract", cst.Multiply: "Multiply"}

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


def _calls_on_targets(node: cst.ListComp | cst.GeneratorExp) -> list[cst.Call]:
    """The calls of the element whose arguments read the loop's variables: a scaler fitted
    there is fitted afresh on each item (``[scaler.fit_transform(s) for s in series]``), so
    splitting the items later leaks nothing between them."""
    targets: set[str] = set()
    for_in: cst.CompFor | None = node.for_in
    while for_in is not None:
        targets |= {n.value for n in _names(for_in.target)}
        for_in = for_in.inner_for_in
    return [
        call
        for call in _nodes(node.elt, cst.Call)
        if any(n.value in targets for arg in call.args for n in _names(arg.value))
    ]


def _names(node: cst.CSTNode) -> list[cst.Name]:
    return _nodes(node, cst.Name)


def _nodes(node: cst.CSTNode, kind: type[_N]) -> list[_N]:
    found: list[_N] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, kind):
            found.append(item)
        stack.extend(item.children)
    return found


class Expressions(InterpreterCore):
    """The interpreter's expressions: ``eval`` dispatches on the node's type (a call to
    ``Calls.eval_call``)."""

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
        if isinstance(receiver, TensorValue) and name == "shape":
            return tensor_syntax.shape_of(receiver.node, "static")
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

    def _subscript(self, node: cst.Subscript, scope: Scope) -> Value:
        value = self.eval(node.value, scope)
        indices = [self.subscript_element(element, scope) for element in node.slice]
        if isinstance(value, Sequence) and len(indices) == 1:
            if isinstance(indices[0], slice):  # x.shape[1:], columns[:-1]
                return sliced(value, indices[0])
            index = to_python(indices[0])
            if isinstance(index, int) and -len(value.items) <= index < len(value.items):
                return value.items[index]
            return UNKNOWN_VALUE
        if isinstance(value, ArrayShape) and len(indices) == 1:
            return array_ops.shape_item(value, indices[0])
        if isinstance(value, TensorShape) and len(indices) == 1:
            return tensor_syntax.shape_item(value, indices[0])
        if isinstance(value, TensorValue):
            return tensor_syntax.subscript(value, indices, node)
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

    def subscript_element(self, element: cst.SubscriptElement, scope: Scope) -> Any:
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
        tensors = isinstance(left, TensorValue) or isinstance(right, TensorValue)
        if tensors and (isinstance(left, ArrayValue) or isinstance(right, ArrayValue)):
            return tensor_syntax.binary(op, left, right, node) or UNKNOWN_VALUE
        if isinstance(left, ArrayValue) or isinstance(right, ArrayValue):
            return array_ops.binary(op, left, right, node)
        if op is cst.Multiply:  # ``tf.shape(x)[1] * tf.shape(x)[2]``: read in the walk
            sizes = tensor_nodes.size_product(left, right)
            if sizes is not None:
                return sizes
        if isinstance(left, Const) and isinstance(right, Const):
            if isinstance(left.value, str) and isinstance(right.value, str):
                size = len(left.value) + len(right.value)
                if not self.may_build(size, MAX_STRING_CHARS):
                    return UNKNOWN_VALUE  # ``s = s + s`` doubles with every pass
            return fold(op, left.value, right.value)
        if isinstance(left, TensorValue) and isinstance(right, TensorValue):
            merge = _TENSOR_MERGES.get(op) if op is not None else None
            if merge is not None:
                layer = LayerNode(merge, anchor=node, spelled=merge)
                return TensorValue(Node(layer, [left.node, right.node], anchor=node))
        if isinstance(left, TensorValue) or isinstance(right, TensorValue):
            return tensor_syntax.binary(op, left, right, node) or UNKNOWN_VALUE
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
        if isinstance(value, TensorValue) and isinstance(node.operator, cst.Minus):
            return tensor_syntax.negative(value, node)
        if isinstance(value, TensorValue) and isinstance(node.operator, cst.Plus):
            return value
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
        if len(rights) == 1 and isinstance(node.comparisons[0].operator, cst.Is | cst.IsNot):
            same = _identical(left, rights[0])
            if same is None:
                return UNKNOWN_VALUE
            return Const(same if isinstance(node.comparisons[0].operator, cst.Is) else not same)
        if len(rights) == 1 and (
            isinstance(left, TensorValue) or isinstance(rights[0], TensorValue)
        ):
            operator = type(node.comparisons[0].operator)
            if operator in COMPARISONS:
                return tensor_nodes.combine(left, rights[0], node, "comparison") or UNKNOWN_VALUE
            return UNKNOWN_VALUE
        if len(rights) == 1 and isinstance(left, Const) and isinstance(rights[0], Const):
            if isinstance(left.value, Sym) or isinstance(rights[0].value, Sym):
                return compare_sizes(type(node.comparisons[0].operator), left, rights[0])
            compare = COMPARISONS.get(type(node.comparisons[0].operator))
            if compare is not None:
                try:
                    return Const(bool(compare(left.value, rights[0].value)))
                except TypeError:
                    return UNKNOWN_VALUE
        if len(rights) == 1 and isinstance(left, Const):
            operator = type(node.comparisons[0].operator)
            if operator in (cst.In, cst.NotIn):
                found = _membership(left.value, rights[0])
                if found is not None:
                    return Const(found if operator is cst.In else not found)
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
        if isinstance(element, (LayerValue, classes.Instance, DatasetValue)) and length is not None:
            return self.unrolled_comprehension(node, scope) or UNKNOWN_VALUE
        if length is not None and not isinstance(element, ArrayValue) and _plain(node.elt):
            names = self.unrolled_comprehension(node, scope)  # ``[keys[i] for i in (0, 5)]``
            if names is not None and all(isinstance(item, Const) for item in names.items):
                return names
        if element is UNKNOWN_VALUE and self._number_call(node.elt, inner):
            element = ArrayValue(ArrayInfo(shape=()))  # ``[float(v) for v in fields]``
        if isinstance(element, ArrayValue) and element.info.scaler_fits:
            per_item = _calls_on_targets(node)
            kept = frozenset(f for f in element.info.scaler_fits if f.anchor not in per_item)
            element = element.evolve(scaler_fits=kept)
        return array_ops.comprehension(element, length)

    def _number_call(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """``float(...)`` / ``int(...)``: a number, whatever it converts (or Python raises)."""
        if not isinstance(node, cst.Call):
            return False
        callee = self.eval(node.func, scope)
        return isinstance(callee, Qual) and callee.name in ("builtins.float", "builtins.int")

    def unrolled_comprehension(
        self, node: cst.ListComp | cst.GeneratorExp, scope: Scope
    ) -> Value | None:
        """``[Dense(u) for u in (64, 32)]``: one layer per item, as the loop makes them."""
        scopes = self._item_scopes(node.for_in, scope)
        if scopes is None:
            return None
        return Sequence([self.eval(node.elt, inner) for inner in scopes], depth=self.uncertainty)

    def _item_scopes(self, for_in: cst.CompFor, scope: Scope) -> Iterator[Scope] | None:
        """One scope per item of a comprehension's single, unfiltered ``for`` over a known,
        short iterable, its target bound there as each item's turn comes; None otherwise."""
        if for_in.inner_for_in is not None or for_in.ifs:
            return None
        items = self.iteration_items(self.eval(for_in.iter, scope))
        if items is None or len(items) > MAX_UNROLL or not self.may_build(len(items)):
            return None
        return (self._bound(for_in.target, item, scope) for item in items)

    def _bound(self, target: cst.BaseAssignTargetExpression, item: Value, scope: Scope) -> Scope:
        inner = Scope(parent=scope)
        self.assign(target, item, inner)
        return inner

    def _dict_comprehension(self, node: cst.DictComp, scope: Scope) -> Value:
        """``{name: Input(name=name, shape=(1,)) for name in FEATURES}``: one entry per item of
        a known, short iterable, as the loop makes them (structured-data models)."""
        scopes = self._item_scopes(node.for_in, scope)
        if scopes is None:
            return UNKNOWN_VALUE
        made: dict[Any, Value] = {}
        for inner in scopes:
            key = self.eval(node.key, inner)
            if not (isinstance(key, Const) and isinstance(key.value, (str, int, float, bool))):
                return UNKNOWN_VALUE
            made[key.value] = self.eval(node.value, inner)
        return Mapping(made, depth=self.uncertainty)

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
        cst.Call: Calls.eval_call,
        cst.Subscript: _subscript,
        cst.BinaryOperation: _binary,
        cst.UnaryOperation: _unary,
        cst.Comparison: _comparison,
        cst.BooleanOperation: _boolean,
        cst.IfExp: _if_exp,
        cst.ListComp: _comprehension,
        cst.GeneratorExp: _comprehension,
        cst.DictComp: _dict_comprehension,
        cst.NamedExpr: _named_expr,
        cst.Ellipsis: _ellipsis,
        cst.Lambda: _lambda,
        cst.FormattedString: _opaque,
    }


def _identical(left: Value, right: Value) -> bool | None:
    """``x is None``: decided for None and bools (the singletons scripts test for), and for a
    graph tensor against None (``if targets is not None`` in a layer's ``call``)."""
    singletons = (type(None), bool)
    if isinstance(left, Const) and isinstance(right, Const):
        if isinstance(left.value, singletons) or isinstance(right.value, singletons):
            return left.value is right.value
        return None
    for one, other in ((left, right), (right, left)):
        if isinstance(one, TensorValue) and isinstance(other, Const) and other.value is None:
            return False
    return None


def _membership(key: Any, container: Value) -> bool | None:
    """``name in NUMERIC_FEATURES`` / ``name in VOCABULARIES``: decided only when every item
    (or key) of the container is known, so a loop over feature names takes the right branch."""
    if isinstance(container, Mapping) and container.exact:
        keys = list(container.items)
    elif isinstance(container, Sequence) and container.exact:
        if not all(isinstance(item, Const) for item in container.items):
            return None
        keys = [item.value for item in container.items if isinstance(item, Const)]
    else:
        return None
    if isinstance(key, Sym) or any(isinstance(k, Sym) for k in keys):
        return None
    try:
        return key in keys
    except TypeError:
        return None


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


def _plain(node: cst.BaseNode) -> bool:
    """An expression of names, attributes, indexes, literals and arithmetic only (no call,
    lambda or comprehension): evaluating it once more per item has no effect but its value.

    Walked by hand over the few node types allowed: a libcst matcher search visits (and
    rebuilds) every node and cost a fifth of the interpreter's time on real scripts."""
    if isinstance(node, (cst.Name, cst.SimpleString, cst.Integer, cst.Float)):
        return True
    if isinstance(node, cst.Attribute):
        return _plain(node.value)
    if isinstance(node, cst.Subscript):
        return _plain(node.value) and all(_plain(element.slice) for element in node.slice)
    if isinstance(node, cst.Index):
        return _plain(node.value)
    if isinstance(node, cst.Slice):
        return all(part is None or _plain(part) for part in (node.lower, node.upper, node.step))
    if isinstance(node, cst.BinaryOperation):
        return _plain(node.left) and _plain(node.right)
    if isinstance(node, cst.UnaryOperation):
        return _plain(node.expression)
    if isinstance(node, (cst.Tuple, cst.List)):
        return all(isinstance(e, cst.Element) and _plain(e.value) for e in node.elements)
    return False
