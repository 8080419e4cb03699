"""Where a rebuilt model's input shape comes from, and the words that say so.

The model's own declaration wins (``Input(shape=...)``, ``input_shape=``, ``input_dim=``).
When it is missing or not resolved statically, the shape comes from ``--input-shape``, then
from the ``x`` passed to ``fit()`` as the static analysis knows it (which includes what a
bounded sample of a data file next to the script told it, see ``kerascheck.datafiles``).
A size that is still open is never guessed: the model is skipped with the reason.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from kerascheck.dynamic.options import DynamicOptions
from kerascheck.ir import UNKNOWN, FitCall, Model, Node, Sym, is_size
from kerascheck.shapes import declared_shape

#: The sequence length given to synthetic data for an axis the model leaves open.
DEFAULT_STEPS = 16


class UnresolvedInput(Exception):
    """The input shape cannot be known without guessing; ``reason`` says why, for the user."""

    def __init__(self, reason: str, anchor: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.anchor = anchor


@dataclass
class InputShape:
    """One model input: the full shape (batch axis first) and where it came from."""

    full: tuple[int | None, ...]
    source: str | None = None  # None: declared by the model itself
    open_guess: bool = False  # an axis left open by a source other than the model


def fit_data_shape(fit: FitCall | None) -> tuple[int | None, ...] | None:
    if fit is None or fit.x is None or fit.x.info is None:
        return None
    return fit.x.info.shape


def data_files(fit: FitCall | None) -> list[str]:
    """``pima.csv (768 rows, 9 columns)``: the data files of fit()'s arrays that were sampled."""
    if fit is None:
        return []
    described: list[str] = []
    for arg in (fit.x, fit.y):
        if arg is None or arg.info is None:
            continue
        for origin in sorted(arg.info.origins, key=lambda o: o.uid):
            sample = origin.sample
            if sample is None:
                continue
            text = f"{os.path.basename(sample.path)} ({_describe(sample)})"
            if text not in described:
                described.append(text)
    return described


def _describe(sample: Any) -> str:
    shape = sample.shape or ()
    if sample.format == "text":
        rows = f"{shape[0]} rows" if shape and shape[0] is not None else f"{sample.rows_read}+ rows"
        return f"{rows}, {sample.columns} columns"
    return "shape " + "x".join(str(d) for d in shape)


def resolve(
    node: Node | None,
    model: Model,
    fit: FitCall | None,
    options: DynamicOptions,
    consumer: Node | None = None,
) -> InputShape:
    """The shape of one model input: ``node`` is its Input, or None for a model that declares
    no input, whose first layer ``consumer`` then receives the synthesised one."""
    full = declared_shape(node.layer) if node is not None else None
    if full is not None and node is not None and _unresolved_size(node, model, full):
        full = None
    if full is not None and any(d is not None and not is_size(d) for d in full):
        full = None  # a size named after the data (``X.shape[1]``), not known here
    if full is not None:
        return InputShape(full)
    anchor = (node.layer.anchor if node is not None else None) or model.anchor
    embedded = _feeds_embedding(node, model) or (
        consumer is not None and consumer.layer.cls == "Embedding"
    )
    data = fit_data_shape(fit)
    if options.input_shape is not None:
        dims: tuple[int | None, ...] = tuple(options.input_shape)
        source = "--input-shape"
    elif (data is None or len(data) < 2) and embedded:
        # token ids into an Embedding: a sequence of any length is what the layer takes
        dims, source = (None,), "the Embedding it starts with (token sequences of any length)"
    else:
        if data is None or len(data) < 2:
            what = (
                "the input shape could not be resolved statically"
                if node is not None
                else "the model declares no input shape (no Input(...) or input_shape=)"
            )
            raise UnresolvedInput(
                f"{what}, and neither could the shape of the data passed to fit(): pass "
                "--input-shape (e.g. 20,1)",
                anchor,
            )
        dims = tuple(d if is_size(d) else None for d in data[1:])  # a named size is no size
        label = fit.x.label if fit is not None and fit.x is not None else None
        files = data_files(fit)
        source = f"the data passed to fit() (`{label}`)" if label else "the data passed to fit()"
        if files:
            source += f", read from a sample of {', '.join(files)}"
    if dims and dims[-1] is None and not embedded:
        raise UnresolvedInput(
            f"the number of input features is not known statically ({source} has shape "
            f"{_dims_text(dims)}): pass --input-shape",
            anchor,
        )
    return InputShape((None, *dims), source, open_guess=any(d is None for d in dims))


def concrete(dims: tuple[int | None, ...], fit: FitCall | None) -> list[int]:
    """Sizes for synthetic data: open dimensions take the data's size, else a default."""
    data = fit_data_shape(fit)
    known = data[1:] if data is not None and len(data) == len(dims) + 1 else None
    out: list[int] = []
    for position, dim in enumerate(dims):
        if is_size(dim):
            out.append(dim)
        elif known is not None and isinstance(known[position], int):
            out.append(min(int(known[position]), 256))
        else:
            out.append(DEFAULT_STEPS)
    return out


def _unresolved_size(node: Node, model: Model, full: tuple[int | None, ...]) -> bool:
    """An open last axis is a size the frontend could not resolve (``X.shape[1]`` of unknown
    data), unless token ids feed an Embedding, where open lengths are normal."""
    raw = node.layer.params.get("shape")
    if raw is UNKNOWN or (
        isinstance(raw, tuple) and any(d is UNKNOWN or isinstance(d, Sym) for d in raw)
    ):
        return True  # a size read from data the script loads (``X.shape[1]``) is unresolved
    if len(full) < 2 or full[-1] is not None:
        return False
    return not _feeds_embedding(node, model)


def _feeds_embedding(node: Node | None, model: Model) -> bool:
    if node is None:
        return False
    return any(n.layer.cls == "Embedding" for n in model.successors(node))


def _dims_text(dims: tuple[int | None, ...]) -> str:
    return "(batch, " + ", ".join("?" if d is None else str(d) for d in dims) + ")"
