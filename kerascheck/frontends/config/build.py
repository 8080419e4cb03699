"""A parsed model config (and its compile config) as the ``ModuleIR`` the checks read."""

from __future__ import annotations

from typing import Any

from kerascheck.frontends.config.compile import make_compile
from kerascheck.frontends.config.context import BuildContext
from kerascheck.frontends.config.models import make_model
from kerascheck.frontends.config.places import Places
from kerascheck.frontends.config.values import is_model_entry
from kerascheck.ir import Model, ModuleIR


def is_model_config(document: Any) -> bool:
    """What ``model.to_json()`` writes, or an archive's ``config.json``."""
    return is_model_entry(document)


def build_module(
    path: str,
    places: Places,
    document: Any,
    compile_places: Places | None = None,
    compile_config: Any = None,
) -> BuildContext:
    """The IR of one saved model; ``compile_config`` may live in another text (HDF5).

    A document that is not a Sequential or functional model (a subclassed model) still
    yields a graph-less model so that its compile settings are checked.
    """
    ctx = BuildContext(ModuleIR(path), places)
    if is_model_entry(document):
        model = make_model(ctx, document, "", 0)
    else:
        model = Model("functional", anchor=places.of(document, ""), complete=False)
        ctx.ir.models.append(model)
    if isinstance(compile_config, dict) and compile_config:  # an unbuilt model writes {}
        where = compile_places or places
        model.compile = make_compile(ctx.ir, where, compile_config, "compile_config")
    return ctx
