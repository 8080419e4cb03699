"""Name bindings for the interpreter: nested scopes, imports, ``from x import *``."""

from __future__ import annotations

import libcst as cst

from kerascheck.frontends.python.values import UNKNOWN_VALUE, Qual, Value
from kerascheck.keras_api import KNOWN_LAYERS, resolve_keras


class Scope:
    """One function's (or the module's) local names, chained to the defining scope."""

    def __init__(self, parent: Scope | None = None) -> None:
        self.vars: dict[str, Value] = {}
        self.parent = parent
        self.star_modules: list[str] = []

    def lookup(self, name: str) -> Value | None:
        owner = self.owner(name)
        return owner.vars[name] if owner is not None else self._from_star_import(name)

    def owner(self, name: str) -> Scope | None:
        """The innermost scope that binds ``name`` (this one or an enclosing one)."""
        scope: Scope | None = self
        while scope is not None:
            if scope.vars.get(name) is not None:
                return scope
            scope = scope.parent
        return None

    def bind(self, name: str, value: Value) -> None:
        self.vars[name] = value

    def _from_star_import(self, name: str) -> Value | None:
        """``from keras.layers import *`` provides the layer names we know it exports."""
        root = self
        while root.parent is not None:
            root = root.parent
        for module in root.star_modules:
            candidate = f"{module}.{name}"
            resolved = resolve_keras(candidate)
            if resolved and (resolved[1] in KNOWN_LAYERS or resolved[0] != "layers"):
                return Qual(candidate)
        return None


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` as a string, for import statements."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def callee_text(node: cst.BaseExpression) -> str:
    """A call's callee as the user wrote it, calls in the chain shortened:
    ``StandardScaler().fit_transform``, ``np.random.randint``."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{callee_text(node.value)}.{node.attr.value}"
    if isinstance(node, cst.Call):
        return f"{callee_text(node.func)}()"
    if isinstance(node, cst.Subscript):
        return f"{callee_text(node.value)}[...]"
    return "..."


def bind_import(scope: Scope, statement: cst.Import) -> None:
    for alias in statement.names:
        full = dotted_name(alias.name)
        if full is None:
            continue
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            scope.bind(alias.asname.name.value, Qual(full))
        else:
            head = full.split(".")[0]
            scope.bind(head, Qual(head))


def bind_import_from(scope: Scope, statement: cst.ImportFrom) -> None:
    if statement.relative or statement.module is None:
        names = statement.names
        if not isinstance(names, cst.ImportStar):
            for alias in names:  # a relative import binds names we cannot resolve
                bound = alias.evaluated_alias or alias.evaluated_name
                scope.bind(bound.split(".")[0], UNKNOWN_VALUE)
        return
    module = dotted_name(statement.module)
    if module is None:
        return
    if isinstance(statement.names, cst.ImportStar):
        scope.star_modules.append(module)
        return
    for alias in statement.names:
        name = alias.evaluated_name
        bound = alias.evaluated_alias or name
        scope.bind(bound, Qual(f"{module}.{name}"))
