"""KC101 unscaled-input: raw data reaches fit() with no scaling on its path."""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.fit_data import (
    describe_range,
    first_layers,
    name_of,
    origin_notes,
    scales_its_input,
    trainings,
)
from kerascheck.checks.registry import check
from kerascheck.datafiles import resolve_beside
from kerascheck.diagnostics import Diagnostic, Related
from kerascheck.ir import ArrayInfo, DataArg

#: loaders whose file kerascheck samples when it lies beside the script
_SAMPLED_LOADERS = ("load", "loadtxt", "genfromtxt", "recfromcsv", "read_csv", "read_table")


def _unseen(info: ArrayInfo, script: str) -> str:
    """Says so when the verdict rests on the loader alone: the file it names was not there."""
    missing = sorted(
        {
            o.path
            for o in info.origins
            if o.kind == "disk"
            and o.path
            and o.sample is None
            and o.call.rsplit(".", 1)[-1] in _SAMPLED_LOADERS
            and resolve_beside(script, o.path) is None
        }
    )
    if not missing:
        return ""
    return (
        f" {', '.join(missing)} was not found beside the script, so its values were not "
        "read: if that data is already scaled, ignore this finding."
    )


@check("KC101")
def check_unscaled_input(ctx: CheckContext) -> Iterator[Diagnostic]:
    for model, fit in trainings(ctx):  # predictions repeat the training data's finding
        if fit.x is None or fit.x.info is None:
            continue
        info = fit.x.info
        if info.scale != "raw" or info.token_ids or info.encoding is not None:
            continue
        if scales_its_input(model) is not False:
            continue  # a Normalization/Rescaling/BatchNormalization layer does it, or we cannot see
        if "Embedding" in first_layers(model):
            continue  # token ids index an embedding table; scaling them would break it
        sources = ", ".join(sorted({o.shown for o in info.origins})) or "raw data"
        span = f" (values in {describe_range(info.value_range)})" if info.value_range else ""
        if not info.origins and info.value_range:
            sources, span = f"literal values in {describe_range(info.value_range)}", ""
        yield Diagnostic(
            "KC101",
            f"{name_of(fit.x, 'The input')} reaches {fit.method}() unscaled, straight from "
            f"{sources}{span}",
            help="Raw values with large ranges saturate activations and give huge or vanishing "
            "gradients, so loss and accuracy barely move. Scale the data (a scaler fitted on "
            "the training split, x / 255.0 for pixels, (x - mean) / std), or start the model "
            f"with a Normalization or Rescaling layer.{_unseen(info, ctx.module.path)}",
            anchor=fit.x.anchor,
            related=origin_notes(info, "unscaled values come from") + _discarded(fit.x),
        )


def _discarded(x: DataArg) -> tuple[Related, ...]:
    """The line that scaled a copy and threw it away: the likeliest fix of all."""
    call = x.info.discarded_scaling if x.info is not None else None
    if call is None:
        return ()
    name = x.label or "the array"
    return (
        Related(
            f"the scaled copy made here is thrown away: assign it ({name} = ...)",
            anchor=call,
        ),
    )
