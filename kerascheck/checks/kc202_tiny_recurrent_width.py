"""KC202: a recurrent layer with fewer units than ``min-recurrent-units``.

The units are the width of the state that carries everything the layer remembers about the
sequence; a handful of them is rarely enough, and training plateaus early. Non-positive units
are KC208's (Keras rejects them outright).
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck import keras_api
from kerascheck.checks.context import CheckContext
from kerascheck.checks.model_walk import describe, is_int, module_layers, once
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import LayerNode

CODE = "KC202"


@check(CODE)
def check_tiny_recurrent_width(ctx: CheckContext) -> Iterator[Diagnostic]:
    minimum = ctx.settings.min_recurrent_units
    wrappers = _wrappers_by_inner(ctx)
    found = []
    for layer in module_layers(ctx.module):
        units = layer.params.get("units")
        if layer.cls not in keras_api.RECURRENT_WITH_UNITS or not is_int(units):
            continue
        if 0 < units < minimum:
            message, help = _texts(layer, units, minimum, wrappers)
            found.append(Diagnostic(CODE, message, help=help, anchor=layer.anchor))
    yield from once(found)


def _wrappers_by_inner(ctx: CheckContext) -> dict[int, LayerNode]:
    """Inner layer uid -> its wrapper, so that messages can say ``LSTM(4) in Bidirectional``."""
    wrappers: dict[int, LayerNode] = {}
    for layer in module_layers(ctx.module):
        if layer.inner is not None:
            wrappers[layer.inner.uid] = layer
    return wrappers


def _texts(
    layer: LayerNode, units: int, minimum: int, wrappers: dict[int, LayerNode]
) -> tuple[str, str]:
    """(message, help)."""
    place = ""
    outer = [wrappers[layer.uid]] if layer.uid in wrappers else []
    while outer and outer[-1].uid in wrappers:
        outer.append(wrappers[outer[-1].uid])
    if outer:
        place = " (inside " + "(".join(w.spelled or w.cls for w in reversed(outer))
        place += ")" * (len(outer) - 1)
        if any(w.cls == "Bidirectional" for w in outer):
            place += f", {units} per direction"
        place += ")"
    name = layer.spelled or layer.cls
    suggestion = max(32, minimum)
    return (
        f"{describe(layer)}{place} has {units} units, below min-recurrent-units ({minimum})",
        "A state this narrow can carry little about the sequence, so loss and accuracy tend to "
        f"plateau early. Use more units, e.g. {name}({suggestion}).",
    )
