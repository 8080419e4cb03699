"""How far static shape inference reaches over ``keras.layers``: for each public layer class,
whether it has a shape rule, keeps its input's shape, or has an output kerascheck does not
model (and why). tests/test_layer_coverage.py walks the installed Keras against this table,
and the coverage benchmark quotes it (figure (c) of issue 10).
"""

from __future__ import annotations

from kerascheck import keras_api
from kerascheck.shapes.common import MULTI_RULES, RULES  # filled by kerascheck.shapes' import
from kerascheck.shapes.core import IDENTITY
from kerascheck.shapes.preprocessing import IMAGE_RANK_KEEPING

#: Classes whose output shape is their input's (they are registered with an identity rule).
RANK_KEEPING = frozenset(IDENTITY | IMAGE_RANK_KEEPING)

#: Classes whose output is handled by the inference itself rather than by a layer rule.
HANDLED_BY_INFERENCE = frozenset({"InputLayer"})

#: Classes whose output shape is not modelled, each with the reason.
UNKNOWN_OUTPUT: dict[str, str] = {
    "Layer": "the base class of custom layers: their call() is arbitrary code",
    "Lambda": "runs an arbitrary Python function (the frontend reads it when it applies "
    "functions of tensors it knows: frontends/python/tensor_ops.py)",
    "Wrapper": "abstract base of the wrappers; TimeDistributed and Bidirectional have rules",
    "TFSMLayer": "loads a SavedModel from disk, whose signature is not in the script",
    "TorchModuleWrapper": "runs a PyTorch module",
    "JaxLayer": "runs a JAX function",
    "FlaxLayer": "runs a Flax module",
    "LSTMCell": "a cell is called on (inputs, states) and returns (output, states); "
    "RNN(cell) has a rule",
    "GRUCell": "a cell is called on (inputs, states) and returns (output, states); "
    "RNN(cell) has a rule",
    "SimpleRNNCell": "a cell is called on (inputs, states) and returns (output, states); "
    "RNN(cell) has a rule",
    "StackedRNNCells": "a cell is called on (inputs, states) and returns (output, states); "
    "RNN(StackedRNNCells(...)) has a rule",
    "ReversibleEmbedding": "embeds or projects back to the vocabulary depending on the call's "
    "reverse= argument, which the graph does not keep",
    "HashedCrossing": "crosses a tuple of feature tensors; the layout depends on their "
    "dtypes and output_mode",
    "STFTSpectrogram": "the layout depends on mode, expand_dims and the framing of the signal",
}


def coverage_entry(class_name: str) -> str | None:
    """``"rule"``, ``"rank-keeping"``, ``"unknown-output"`` or None for a ``keras.layers``
    class name (Keras 1/2 spellings such as ``Convolution2D`` count as their Keras 3 class)."""
    name = keras_api.LAYER_ALIASES.get(class_name, class_name)
    if name in RANK_KEEPING and name in RULES:
        return "rank-keeping"
    if name in RULES or name in MULTI_RULES or name in HANDLED_BY_INFERENCE:
        return "rule"
    if name in UNKNOWN_OUTPUT:
        return "unknown-output"
    return None
