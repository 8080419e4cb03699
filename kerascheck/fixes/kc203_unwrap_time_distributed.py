"""KC203 fix: unwrap ``TimeDistributed(LSTM(32), input_shape=(20, 1))`` into
``LSTM(32, input_shape=(20, 1))``.

The wrapper's own keyword arguments (``input_shape=``, ``name=`` ...) move onto the wrapped
layer. It changes the model, but the original cannot be built at all, so the fix is safe:
nothing that ran before behaves differently after it.
"""

from __future__ import annotations

import libcst as cst

from kerascheck.checks.model_walk import describe
from kerascheck.diagnostics import Diagnostic, Fix
from kerascheck.fixes.arguments import has_star, keyword_arg, with_arguments
from kerascheck.fixes.context import FixContext


def fix(ctx: FixContext, diagnostic: Diagnostic) -> Fix | None:
    wrapper = diagnostic.anchor
    layers = ctx.layers_at(wrapper)
    if not isinstance(wrapper, cst.Call) or not layers or has_star(wrapper):
        return None
    layer = layers[0]
    if layer.cls != "TimeDistributed" or layer.inner is None:
        return None
    wrapped = _wrapped_arg(wrapper)
    if wrapped is None:
        return None
    moved = [arg for arg in wrapper.args if arg is not wrapped]
    inner = wrapped.value
    if moved:
        if not isinstance(inner, cst.Call) or has_star(inner):
            return None
        if any(keyword_arg(inner, arg.keyword.value) for arg in moved if arg.keyword):
            return None  # the wrapped layer already sets it: which one wins is a choice
        inner = with_arguments(inner, moved)
    if wrapper.lpar:
        inner = inner.with_changes(
            lpar=[*wrapper.lpar, *inner.lpar], rpar=[*inner.rpar, *wrapper.rpar]
        )
    message = f"Remove the TimeDistributed wrapper around {describe(layer.inner)}"
    return ctx.fix("safe", message, (wrapper, inner))


def _wrapped_arg(wrapper: cst.Call) -> cst.Arg | None:
    """The ``layer`` argument; every other argument must be a keyword that can move."""
    wrapped = keyword_arg(wrapper, "layer")
    positional = [arg for arg in wrapper.args if arg.keyword is None]
    if wrapped is None and len(positional) == 1:
        wrapped = positional[0]
    elif positional:
        return None
    return wrapped
