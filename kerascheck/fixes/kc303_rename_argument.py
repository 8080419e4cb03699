"""KC303 fixes: Keras 1/2 spellings rewritten the Keras 3 way.

Exact keyword renames (``lr=`` -> ``learning_rate=``, ``nb_epoch=`` -> ``epochs=``,
``init=`` -> ``kernel_initializer=`` ...) keep the value's meaning, and Keras 3 rejects the old
names, so code that ran before cannot change behaviour: they are safe. A call that already
passes the new name is left alone. The Keras 1 ``Conv2D(32, 3, 3)`` becomes
``Conv2D(32, (3, 3))``: Keras 3 runs the old spelling with strides=3, so the fix changes what
runs and is unsafe. ``decay=`` needs a human decision and has no fix.
"""

from __future__ import annotations

import libcst as cst

from kerascheck.diagnostics import Diagnostic, Fix
from kerascheck.fixes.arguments import keyword_arg
from kerascheck.fixes.context import FixContext
from kerascheck.keras_legacy import CONV_2D, RENAMES, legacy_for


def fix(ctx: FixContext, diagnostic: Diagnostic) -> Fix | None:
    anchor = diagnostic.anchor
    if isinstance(anchor, tuple) and anchor and isinstance(anchor[0], cst.Name):
        return _rename(ctx, anchor[0])
    if isinstance(anchor, cst.BaseExpression):
        return _kernel_tuple(ctx, anchor)
    return None


def _rename(ctx: FixContext, old: cst.Name) -> Fix | None:
    call = ctx.call_of_argument(old)
    new_name = _new_name(ctx, call, old.value) if call is not None else None
    if new_name is None or call is None or keyword_arg(call, new_name) is not None:
        return None
    message = f"Rename {old.value}= to {new_name}="
    return ctx.fix("safe", message, (old, old.with_changes(value=new_name)))


def _new_name(ctx: FixContext, call: cst.Call, old: str) -> str | None:
    """The keyword ``old`` becomes: on a layer, what it means on that class (``init`` of an
    Embedding is ``embeddings_initializer``); every layer the call builds must agree."""
    layers = ctx.layers_at(call)
    if not layers:
        return RENAMES.get(old)
    names = set()
    for layer in layers:
        legacy = legacy_for(layer.cls, old)
        names.add(legacy.keyword if legacy is not None and legacy.rename else None)
    return names.pop() if len(names) == 1 else None


def _kernel_tuple(ctx: FixContext, strides: cst.BaseExpression) -> Fix | None:
    """``Conv2D(32, 3, 3)`` -> ``Conv2D(32, (3, 3))``: the two numbers were rows and columns."""
    call = ctx.call_of_argument(strides)
    layers = ctx.layers_at(call)
    if call is None or not layers or any(layer.cls not in CONV_2D for layer in layers):
        return None
    args = list(call.args)
    if len(args) < 3 or any(arg.keyword or arg.star for arg in args[:3]):
        return None
    rows, cols = args[1], args[2]
    if cols.value is not strides:
        return None
    kernel = cst.Tuple(
        [
            cst.Element(rows.value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            cst.Element(cols.value),
        ]
    )
    merged = rows.with_changes(
        value=kernel, comma=cols.comma, whitespace_after_arg=cols.whitespace_after_arg
    )
    new = call.with_changes(args=[args[0], merged, *args[3:]])
    written = (
        f"({cst.Module([]).code_for_node(rows.value)}, {cst.Module([]).code_for_node(cols.value)})"
    )
    return ctx.fix("unsafe", f"Pass the kernel as kernel_size={written}", (call, new))
