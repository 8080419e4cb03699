"""Keras 1/2 spellings and their Keras 3 meaning: the one table KC303, its fix and the dynamic
rebuild all read.

KC303 reports each spelling, its fix rewrites the safe renames, and ``--instantiate`` builds
the model the way the script meant it (``Dense(1, init='uniform')`` as
``Dense(1, kernel_initializer='uniform')``), so that a legacy script is checked for what it
does, not stopped at the first old keyword. Pure data plus two small functions: no Keras here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kerascheck import keras_api


@dataclass(frozen=True)
class Legacy:
    """A removed keyword: what replaces it, and on which layers the old name is not valid.

    ``replacement`` is the new keyword when ``rename`` is True, else a sentence of advice.
    ``drop`` says that Keras 3 has no counterpart, so a faithful rebuild leaves it out;
    ``values`` maps old values onto the new keyword's values (``dim_ordering='th'``).
    """

    replacement: str
    only: frozenset[str] | None = None  # None: an unknown keyword on every Keras layer
    rename: bool = True
    era: str = "Keras 1"
    drop: bool = False
    new: str | None = None  # the Keras 3 keyword when the advice is not a plain rename
    values: tuple[tuple[str, str], ...] = ()

    @property
    def keyword(self) -> str | None:
        """The Keras 3 keyword the old one becomes, or None (dropped, or combined)."""
        if self.new is not None:
            return self.new
        if self.rename and self.replacement.isidentifier():
            return self.replacement
        return None

    def applies_to(self, cls: str) -> bool:
        return self.only is None or cls in self.only


_RECURRENT = keras_api.RECURRENT | frozenset({"LSTMCell", "GRUCell", "SimpleRNNCell"})
_DROPOUTS = frozenset(
    {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout"}
)

LAYER_KEYWORDS: dict[str, Legacy] = {
    "init": Legacy("kernel_initializer"),
    "inner_init": Legacy("recurrent_initializer"),
    "forget_bias_init": Legacy("unit_forget_bias (True by default)", drop=True),
    "inner_activation": Legacy("recurrent_activation"),
    "border_mode": Legacy("padding"),
    "subsample": Legacy("strides"),
    "subsample_length": Legacy("strides"),
    "filter_length": Legacy("kernel_size"),
    "pool_length": Legacy("pool_size"),
    "stride": Legacy("strides"),
    "nb_filter": Legacy("filters"),
    "nb_row": Legacy("Use kernel_size=(rows, cols).", rename=False),
    "nb_col": Legacy("Use kernel_size=(rows, cols).", rename=False),
    "output_dim": Legacy("units", only=frozenset({"Dense"}) | keras_api.RECURRENT_WITH_UNITS),
    "W_regularizer": Legacy("kernel_regularizer"),
    "b_regularizer": Legacy("bias_regularizer"),
    "U_regularizer": Legacy("recurrent_regularizer"),
    "W_constraint": Legacy("kernel_constraint"),
    "b_constraint": Legacy("bias_constraint"),
    "U_constraint": Legacy("recurrent_constraint"),
    "dropout_W": Legacy("dropout"),
    "dropout_U": Legacy("recurrent_dropout"),
    "bias": Legacy("use_bias"),
    "dim_ordering": Legacy(
        "Use data_format: 'tf' is 'channels_last', 'th' is 'channels_first'.",
        rename=False,
        new="data_format",
        values=(("tf", "channels_last"), ("th", "channels_first")),
    ),
    "consume_less": Legacy("Remove it.", rename=False, drop=True),
    "input_length": Legacy(
        "Remove it and declare the steps in Input(shape=(steps, features)).",
        only=_RECURRENT,
        rename=False,
        era="Keras 1/2",
        drop=True,
    ),
    "dropout": Legacy(
        "Remove it and put a SpatialDropout1D(rate) layer after the Embedding.",
        only=frozenset({"Embedding"}),
        rename=False,
        drop=True,
    ),
    "mode": Legacy("Remove it.", only=frozenset({"BatchNormalization"}), rename=False, drop=True),
    "p": Legacy("rate", only=_DROPOUTS),
    "sigma": Legacy("stddev", only=frozenset({"GaussianNoise"})),
    "beta_init": Legacy("beta_initializer", only=frozenset({"BatchNormalization"})),
    "gamma_init": Legacy("gamma_initializer", only=frozenset({"BatchNormalization"})),
    "atrous_rate": Legacy("dilation_rate", only=keras_api.CONV),
    "output_shape": Legacy(
        "Remove it: Keras 3 computes the output shape from strides and padding.",
        only=frozenset({"Conv2DTranspose", "Conv3DTranspose"}),
        rename=False,
        drop=True,
    ),
}

#: Keras 1 names that mean another Keras 3 keyword on some layers: an Embedding has no kernel,
#: a PReLU's only weight is alpha, a separable convolution has two kernels.
CLASS_KEYWORDS: dict[tuple[str, str], Legacy] = {
    ("Embedding", "init"): Legacy("embeddings_initializer"),
    ("Embedding", "W_regularizer"): Legacy("embeddings_regularizer"),
    ("Embedding", "W_constraint"): Legacy("embeddings_constraint"),
    ("PReLU", "init"): Legacy("alpha_initializer"),
    **{
        (separable, "init"): Legacy(
            "Use depthwise_initializer= and pointwise_initializer=.", rename=False
        )
        for separable in ("SeparableConv1D", "SeparableConv2D")
    },
}


def legacy_for(cls: str, old: str) -> Legacy | None:
    """What the Keras 1/2 keyword ``old`` means on layer ``cls``; None when it is no legacy
    keyword there (``output_dim`` of an Embedding is a Keras 3 argument)."""
    special = CLASS_KEYWORDS.get((cls, old))
    if special is not None:
        return special
    legacy = LAYER_KEYWORDS.get(old)
    return legacy if legacy is not None and legacy.applies_to(cls) else None


#: Keras 2's data-loading arguments of fit, evaluate and predict: Keras 3 refuses them there
#: (fit and predict take no other keywords; evaluate raises "Arguments not recognized"); they
#: belong to a ``keras.utils.PyDataset`` now.
DATA_LOADING_KEYWORDS = ("workers", "use_multiprocessing", "max_queue_size")
#: The calls that refuse them.
DATA_LOADING_METHODS = frozenset({"fit", "evaluate", "predict"})

#: Modules of Keras 2 that Keras 3 removed, longest first; their layers live in
#: ``keras.layers`` now (``layers.experimental.preprocessing.Rescaling`` is ``layers.Rescaling``).
REMOVED_MODULES = ("layers.experimental.preprocessing", "layers.experimental")


def removed_module(qualified: str) -> str | None:
    """The removed Keras 2 module ``qualified`` passes through, e.g. ``"layers.experimental"``
    for ``tensorflow.keras.layers.experimental.preprocessing.Rescaling``; None otherwise."""
    for module in REMOVED_MODULES:
        if f".{module}." in f".{qualified}":
            return module
    return None


#: Keras 2's generator methods of a model, gone in Keras 3 (AttributeError), and their heirs.
GENERATOR_METHODS = {
    "fit_generator": "fit",
    "evaluate_generator": "evaluate",
    "predict_generator": "predict",
}

FIT_KEYWORDS = {
    "nb_epoch": "epochs",
    "samples_per_epoch": "steps_per_epoch (counted in batches, not samples)",
    "nb_val_samples": "validation_steps (counted in batches, not samples)",
}

#: Optimizer keywords Keras 3 refuses (``lr``) or ignores with only a warning (``decay``).
OPTIMIZER_KEYWORDS: dict[str, Legacy] = {
    "lr": Legacy("learning_rate", era="Keras 2"),
    "decay": Legacy("an InverseTimeDecay learning-rate schedule", rename=False, drop=True),
}

#: 2-D convolutions whose Keras 1 signature was ``(nb_filter, nb_row, nb_col)``.
CONV_2D = frozenset({"Conv2D", "SeparableConv2D", "Conv2DTranspose"})
KERAS1_CLASS_PREFIXES = (
    "Convolution",
    "Deconvolution",
    "SeparableConvolution",
    "AtrousConvolution",
)

#: old keyword -> new keyword, for the renames that keep the value's meaning (the fix's table;
#: on a layer, ``legacy_for`` has the last word: ``Embedding(init=)`` is no kernel initializer)
RENAMES: dict[str, str] = {
    **{old: legacy.keyword for old, legacy in OPTIMIZER_KEYWORDS.items() if legacy.keyword},
    **{
        old: legacy.replacement
        for old, legacy in LAYER_KEYWORDS.items()
        if legacy.rename and legacy.replacement.isidentifier()
    },
    **{old: new for old, new in FIT_KEYWORDS.items() if new.isidentifier()},
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def keras1_kernel(
    cls: str,
    spelled: str,
    params: dict[str, Any],
    positional: tuple[str, ...],
    written: Callable[[str], bool] | None = None,
) -> tuple[int, int] | None:
    """``Conv2D(32, 3, 3)``: the (rows, cols) Keras 1 meant, when that reading is the likely one.

    Keras 3 reads the third positional number as strides. Modern code may pass strides
    positionally on purpose (``Conv2D(64, 3, 2)``), so the Keras 1 reading is taken only for a
    square kernel (rows == cols), a Keras 1 class name, or other Keras 1 arguments on the same
    call. ``Conv2D(n, 1, 1)`` means the same in both versions and is left alone. ``written``
    says whether the call really gives an argument (a ``**kwargs`` names none of them).
    """
    if cls not in CONV_2D:
        return None
    if not all(p in positional for p in ("filters", "kernel_size", "strides")):
        return None
    filters, rows, cols = (params.get(p) for p in ("filters", "kernel_size", "strides"))
    if not (_is_int(filters) and _is_int(rows) and _is_int(cols)) or rows == cols == 1:
        return None
    given = written or params.__contains__
    keras1 = spelled.startswith(KERAS1_CLASS_PREFIXES) or any(given(p) for p in LAYER_KEYWORDS)
    if rows != cols and not keras1:
        return None
    return rows, cols


@dataclass(frozen=True)
class Translation:
    """One Keras 1/2 spelling rewritten for Keras 3: ``init=`` -> ``kernel_initializer=``."""

    old: str  # the argument as written ("init", or "strides" for Conv2D(32, 3, 3))
    text: str  # "init= -> kernel_initializer=", for notes


@dataclass
class Translated:
    """A layer's arguments in Keras 3 terms, and what had to change."""

    params: dict[str, Any]
    translations: list[Translation] = field(default_factory=list)


def translate_layer(
    cls: str, spelled: str, params: dict[str, Any], positional: tuple[str, ...] = ()
) -> Translated:
    """The arguments Keras 3 needs to build what a Keras 1/2 call meant.

    Arguments already in Keras 3 terms are kept as they are; when both the old and the new
    keyword are given, the new one wins (that is what the script's author last wrote).
    """
    out = dict(params)
    done: list[Translation] = []
    kernel = keras1_kernel(cls, spelled, params, positional)
    if kernel is not None:
        out.pop("strides", None)
        out["kernel_size"] = kernel
        done.append(
            Translation(
                "strides", f"{spelled or cls}(n, {kernel[0]}, {kernel[1]}) -> kernel_size={kernel}"
            )
        )
    if "nb_row" in params or "nb_col" in params:
        rows, cols = out.pop("nb_row", None), out.pop("nb_col", None)
        if "kernel_size" not in out and _is_int(rows) and _is_int(cols):
            out["kernel_size"] = (rows, cols)
        done.append(
            Translation(
                "nb_row" if "nb_row" in params else "nb_col",
                "nb_row=, nb_col= -> kernel_size=(rows, cols)",
            )
        )
    for old in LAYER_KEYWORDS:
        legacy = legacy_for(cls, old)
        if old not in params or old in ("nb_row", "nb_col") or legacy is None:
            continue
        value = out.pop(old)
        new = legacy.keyword
        if legacy.drop or new is None:
            done.append(Translation(old, f"{old}= dropped (Keras 3 has no such argument)"))
            continue
        mapped = dict(legacy.values)
        if isinstance(value, str) and value in mapped:
            value = mapped[value]
        if new not in out:
            out[new] = value
        done.append(Translation(old, f"{old}= -> {new}="))
    return Translated(out, done)


def translate_optimizer(params: dict[str, Any]) -> Translated:
    """Optimizer keywords in Keras 3 terms: ``lr`` becomes ``learning_rate``, ``decay`` goes
    (Keras 3 ignores it too, with a warning)."""
    out = dict(params)
    done: list[Translation] = []
    for old, legacy in OPTIMIZER_KEYWORDS.items():
        if old not in out:
            continue
        value = out.pop(old)
        if legacy.keyword is None:
            done.append(Translation(old, f"{old}= dropped (Keras 3 ignores it)"))
            continue
        out.setdefault(legacy.keyword, value)
        done.append(Translation(old, f"{old}= -> {legacy.keyword}="))
    return Translated(out, done)
