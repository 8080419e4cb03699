"""KC103 scaler-fit-before-split: a scaler sees the whole data set that is split later."""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic, Related


@check("KC103")
def check_scaler_fit_before_split(ctx: CheckContext) -> Iterator[Diagnostic]:
    for leak in ctx.module.leaks:
        yield Diagnostic(
            "KC103",
            f"`{leak.fit.description}` fits the scaler before the train/test split",
            help="The scaler learns its statistics from the whole data set, test rows included, "
            "so they leak into training and test scores look better than they are. Split "
            "first, fit the scaler on the training split only, and transform the test split "
            "with that scaler.",
            anchor=leak.fit.anchor,
            related=(Related("the scaled data is split here", anchor=leak.split_anchor),),
        )
