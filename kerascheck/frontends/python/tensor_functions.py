"""Functions of TensorFlow and Keras applied to a graph tensor, read as the layer they act as.

Custom layers and helper blocks write ``tf.nn.relu(x)`` or ``keras.activations.gelu(x)``
where a model would have an ``Activation`` layer: without this the tensor after them is
unknown and so is every shape after it. Plain activations are read here (the checks that read
a model's output activation see them); every other function of a tensor (``tf.reshape``,
``tf.reduce_mean``, ``tf.shape`` ...) is ``tensor_ops``'s.
"""

from __future__ import annotations

from kerascheck.frontends.python import tensor_ops
from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.values import TensorValue, Value
from kerascheck.ir import LayerNode, Node
from kerascheck.keras_api import ACTIVATIONS, resolve_keras

#: modules whose function of the activation's name is that activation on a tensor
_TF_MODULES = ("tensorflow.nn", "tensorflow.math", "tensorflow")
_KERAS_MODULES = ("activations", "ops", "backend")


def activation_of(qualified: str) -> str | None:
    """``tf.nn.relu`` -> ``"relu"``; None for a name that is not an element-wise activation."""
    resolved = resolve_keras(qualified)
    if resolved is not None:
        namespace, symbol = resolved
        return symbol if namespace in _KERAS_MODULES and symbol in ACTIVATIONS else None
    module, _, symbol = qualified.rpartition(".")
    if module in _TF_MODULES and symbol in ACTIVATIONS and symbol != "linear":
        return symbol
    return None


def apply_function(qualified: str, args: CallArgs, in_graph: bool = False) -> Value | None:
    """``tf.nn.relu(x)`` on a graph tensor: an ``Activation`` node fed by ``x``; any other
    function of ``tensor_ops``'s table: its op node; None when the call is not one of these
    (the caller goes on with its usual handling)."""
    activation = _activation(qualified, args)
    if activation is not None:
        return activation
    return tensor_ops.call_function(qualified, args, in_graph)


def _activation(qualified: str, args: CallArgs) -> Value | None:
    value = args.get(0)
    if not isinstance(value, TensorValue) or len(args.positional) > 1 or args.has_star:
        return None
    if set(args.keywords) - {"name"}:
        return None  # ``softmax(x, axis=1)``, ``relu(x, max_value=6)``: not the plain one
    name = activation_of(qualified)
    if name is None:
        return None
    layer = LayerNode(
        "Activation",
        params={"activation": name},
        anchor=args.node,
        spelled=qualified.rsplit(".", 1)[1],
    )
    return TensorValue(Node(layer, [value.node], anchor=args.node))
