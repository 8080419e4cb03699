"""User classes: subclassed Keras models and layers, and the plain classes that build models
in their methods (trainer classes).

Real scripts keep their models on ``self``: layers assigned in ``__init__`` and wired in
``call``, or ``self.model = Sequential()`` in one method and ``self.model.add(...)`` in the
next. An instance is a bag of attributes that the interpreter follows across the methods it
interprets with the instance bound to ``self``. A subclassed ``keras.Model`` gets a graph: its
``call`` is interpreted once, on a symbolic input whose shape is filled in when the model is
fitted, predicted, called or built with data of known shape (then the layers in ``call``
receive that shape, as they would in Keras). A subclassed ``Layer`` applied to a tensor is
inlined when its ``call`` is interpretable, else it is one layer of unknown output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from kerascheck.frontends.python import keras_calls, keras_layers, keras_models, tensor_syntax
from kerascheck.frontends.python.callargs import CallArgs
from kerascheck.frontends.python.libraries.datasets import DatasetValue
from kerascheck.frontends.python.model_graph import model_attribute, symbolic_shape
from kerascheck.frontends.python.scope import Scope
from kerascheck.frontends.python.values import (
    UNKNOWN_VALUE,
    ArrayValue,
    Const,
    Function,
    ModelValue,
    Qual,
    Sequence,
    TensorValue,
    UserClass,
    Value,
    join,
    to_python,
)
from kerascheck.ir import UNKNOWN, LayerNode, Model, Node, Sym, is_size, topological_order
from kerascheck.keras_api import MODEL_STEPS, resolve_keras

if TYPE_CHECKING:
    from kerascheck.frontends.python.interpreter import Interpreter

#: Methods of a model that receive data as their first argument: its per-sample shape is the
#: shape of a subclassed model's input when nothing else declared one.
DATA_METHODS = frozenset(
    {
        "fit",
        "evaluate",
        "predict",
        "train_on_batch",
        "test_on_batch",
        "predict_on_batch",
        "fit_generator",
        "evaluate_generator",
        "predict_generator",
    }
)
#: How deep a chain of base classes is searched for a method (``class A(B)`` ...).
MAX_BASES_DEPTH = 8


@dataclass(eq=False)
class ClassValue(UserClass):
    """A class defined in the linted (or an imported) file, with its methods by name."""

    name: str = ""
    methods: dict[str, Function] = field(default_factory=dict)
    #: decorators that change binding: name -> "staticmethod" | "classmethod" | "property"
    binding: dict[str, str] = field(default_factory=dict)
    bases: list[Value] = field(default_factory=list)
    #: "model" (keras.Model), "layer" (keras.layers.Layer), "batches" (keras.utils.Sequence
    #: or PyDataset: fit reads its batches from ``__getitem__``) or "plain"
    kind: str = "plain"
    attrs: dict[str, Value] = field(default_factory=dict)  # class-level constants
    instantiated: bool = False
    home: int = 0  # the top-level statement that defines it (``Interpreter.FOREIGN``: elsewhere)

    def lookup(self, name: str, depth: int = 0) -> tuple[Function, ClassValue] | None:
        """The method ``name`` and the class that defines it, searching the bases in order."""
        function = self.methods.get(name)
        if function is not None:
            return function, self
        if depth >= MAX_BASES_DEPTH:
            return None
        for base in self.bases:
            if isinstance(base, ClassValue):
                found = base.lookup(name, depth + 1)
                if found is not None:
                    return found
        return None

    def class_attr(self, name: str, depth: int = 0) -> Value | None:
        if name in self.attrs:
            return self.attrs[name]
        for base in self.bases if depth < MAX_BASES_DEPTH else ():
            if isinstance(base, ClassValue):
                found = base.class_attr(name, depth + 1)
                if found is not None:
                    return found
        return None


@dataclass(eq=False)
class Instance(Value):
    """An object of a user class: its attributes, and the graph of a subclassed model."""

    cls: ClassValue
    attrs: dict[str, Value] = field(default_factory=dict)
    depth: int = 0  # the interpreter's uncertainty when the object was created
    model: Model | None = None  # a subclassed keras.Model's graph
    input_layer: LayerNode | None = None  # its symbolic input, shape filled from data
    built: bool = False  # a Layer's ``build`` was interpreted
    functional: bool = False  # ``super().__init__(inputs, outputs)`` gave the graph
    #: a Sequence or PyDataset: the batches ``fit(instance)`` reads (see ``_batches``)
    stream: DatasetValue | None = None


@dataclass(eq=False)
class BoundMethod(Value):
    """``trainer.build`` taken as a value (``fn = trainer.build; fn()``)."""

    instance: Instance | None
    function: Function
    owner: ClassValue


@dataclass(eq=False)
class KerasInit(Value):
    """``super().__init__`` of a subclassed model: given ``inputs`` and ``outputs``, the model
    is a functional one whose graph they are (``call`` is Keras's own)."""

    instance: Instance


@dataclass(eq=False)
class SuperProxy(Value):
    """``super()`` inside a method: attribute lookups start after the defining class."""

    instance: Instance
    owner: ClassValue


#: The values of this module that the interpreter calls through ``call_object``.
CALLABLE = (ClassValue, Instance, BoundMethod, KerasInit)


# --- definition ------------------------------------------------------------------------------


def define_class(interp: Interpreter, node: cst.ClassDef, scope: Scope) -> ClassValue:
    bases = [interp.eval(arg.value, scope) for arg in node.bases if arg.keyword is None]
    value = ClassValue(node, name=node.name.value, bases=bases, kind=_kind(bases))
    value.home = interp.top_index
    interp.classes.append(value)
    for statement in node.body.body:
        if isinstance(statement, cst.FunctionDef):
            function = Function(statement, scope, home=interp.top_index)
            value.methods[statement.name.value] = function
            binding = _binding(statement)
            if binding:
                value.binding[statement.name.value] = binding
            interp.functions.append(function)
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:  # ``units = 64`` in the class body
                if isinstance(small, cst.Assign) and len(small.targets) == 1:
                    target = small.targets[0].target
                    if isinstance(target, cst.Name):
                        value.attrs[target.value] = interp.eval(small.value, scope)
    return value


def _kind(bases: list[Value]) -> str:
    for base in bases:
        if isinstance(base, ClassValue) and base.kind != "plain":
            return base.kind
        if isinstance(base, Qual):
            resolved = resolve_keras(base.name)
            if resolved == ("models", "Model"):
                return "model"
            if resolved == ("layers", "Layer"):
                return "layer"
            if resolved in (("utils", "Sequence"), ("utils", "PyDataset")):
                return "batches"
    return "plain"


def _binding(node: cst.FunctionDef) -> str:
    for decorator in node.decorators:
        expr = decorator.decorator
        if isinstance(expr, cst.Name) and expr.value in ("staticmethod", "classmethod", "property"):
            return expr.value
    return ""


# --- instances -------------------------------------------------------------------------------


def instantiate(interp: Interpreter, cls: ClassValue, args: CallArgs) -> Value:
    """``MyModel(...)``: run ``__init__`` with the new object as ``self``; a subclassed model
    then gets its graph from ``call``."""
    cls.instantiated = True
    instance = Instance(cls, depth=interp.uncertainty)
    if cls.kind == "model":
        instance.model = Model("functional", anchor=args.node, name=cls.name)
        interp.ir.models.append(instance.model)
    init = cls.lookup("__init__")
    if init is not None:
        call_bound(interp, instance, init[0], init[1], args)
    elif instance.model is not None:  # Keras's own __init__: ``PairModel(inputs, outputs)``
        _functional_init(interp, KerasInit(instance), args)
    if instance.model is not None:
        _build_graph(interp, instance, args)
        instance.model.custom_steps = frozenset(
            step for step in MODEL_STEPS if cls.lookup(step) is not None
        )
    if cls.kind == "batches":
        instance.stream = _batches(interp, instance)
    return instance


def _batches(interp: Interpreter, instance: Instance) -> DatasetValue:
    """What a ``keras.utils.Sequence`` / ``PyDataset`` yields: ``__getitem__(index)`` read
    once, with the attributes ``__init__`` set and an index of unknown value. Each item is a
    whole batch (an array of inputs, or ``(x, y)`` / ``(x, y, weights)``); anything else,
    a list included, is unknown."""
    found = instance.cls.lookup("__getitem__")
    if found is None:
        return DatasetValue(UNKNOWN_VALUE, batched=True)
    call = cst.Call(func=cst.Name("__getitem__"))
    index = cst.Name("index")
    item = call_bound(
        interp, instance, found[0], found[1], CallArgs(call, [(UNKNOWN_VALUE, index)])
    )
    followed = isinstance(item, ArrayValue) or (isinstance(item, Sequence) and item.is_tuple)
    return DatasetValue(item if followed else UNKNOWN_VALUE, batched=True)


def instantiate_unused(interp: Interpreter) -> None:
    """A subclassed model that the file defines but never creates (a ``models.py`` imported
    by the training script) still gets its graph, with its ``__init__``'s defaults: its layer
    chain can be checked on its own file (KC201 ...), its shapes stay unknown."""
    for cls in list(interp.classes):
        if cls.kind == "model" and not cls.instantiated and cls.home >= 0:
            call = cst.Call(func=cst.Name(cls.name))
            caller_home, interp.top_index = interp.top_index, cls.home
            try:
                instantiate(interp, cls, CallArgs(call))
            finally:
                interp.top_index = caller_home


def call_bound(
    interp: Interpreter,
    instance: Instance | None,
    function: Function,
    owner: ClassValue,
    args: CallArgs,
    binding: str = "",
) -> Value:
    """Interpret a method with ``self`` bound to ``instance`` (``owner`` defines it)."""
    if binding == "staticmethod" or instance is None:
        bound = args
    else:
        first: Value = owner if binding == "classmethod" else instance
        bound = CallArgs(
            args.node, [(first, args.node), *args.positional], dict(args.keywords), args.has_star
        )
    interp.method_owners.append((instance, owner))
    try:
        return interp.call_function(function, bound)
    finally:
        interp.method_owners.pop()


def _build_graph(interp: Interpreter, instance: Instance, args: CallArgs) -> None:
    """Interpret ``call`` once, on an input whose shape the data will tell."""
    model = instance.model
    assert model is not None
    if instance.functional:
        return
    found = instance.cls.lookup("call")
    layer = LayerNode("InputLayer", params={"shape": UNKNOWN}, spelled="Input")
    source = Node(layer)
    instance.input_layer = layer
    model.inputs = [source]
    model.nodes = [source]
    if found is None:
        model.complete = model.forward = False
        return
    call_args = CallArgs(args.node, [(TensorValue(source), args.node)])
    result = _graph_call(interp, instance, found, call_args)
    outputs = _graph_outputs(result)
    if outputs is None:
        model.complete = False
        return
    model.nodes = topological_order(outputs)
    model.outputs = outputs
    if not _reaches(outputs, source):
        # ``tf.cast(x, ...)`` before the layers: the chain after it is still a chain (KC201
        # ...), fed by an unknown tensor rather than by the model's input
        model.inputs = []
        model.complete = False
        return
    model.complete = all(node.layer.resolved for node in model.nodes)


def _graph_outputs(value: Value) -> list[Node] | None:
    if isinstance(value, TensorValue):
        return [value.node]
    items = value.items if isinstance(value, Sequence) else []
    if items and all(isinstance(item, TensorValue) for item in items):
        return [item.node for item in items]  # type: ignore[union-attr]
    return None


def _reaches(outputs: list[Node], source: Node) -> bool:
    return any(node is source for node in topological_order(outputs))


def feed_shape(instance: Instance, data: Value | None) -> None:
    """The first data of known shape a subclassed model meets is its input: Keras builds the
    model on the first batch it receives."""
    layer = instance.input_layer
    if layer is None or layer.params.get("shape") is not UNKNOWN:
        return
    if isinstance(data, ArrayValue) and data.info.shape:
        layer.params["shape"] = tuple(data.info.shape[1:])


def _build_shape(instance: Instance, value: Value | None) -> None:
    """``model.build((None, 28, 28))``: the batch shape, batch axis first."""
    layer = instance.input_layer
    shape = to_python(value) if value is not None else UNKNOWN
    if layer is None or layer.params.get("shape") is not UNKNOWN:
        return
    if isinstance(shape, (tuple, list)) and shape:
        dims = [dim for dim in shape[1:]]
        if all(dim is None or is_size(dim) or isinstance(dim, Sym) for dim in dims):
            layer.params["shape"] = tuple(dims)


# --- attributes ------------------------------------------------------------------------------


def get_attribute(interp: Interpreter, receiver: Value, name: str) -> Value:
    if isinstance(receiver, SuperProxy):
        return _super_attribute(receiver, name)
    if isinstance(receiver, ClassValue):
        found = receiver.lookup(name)
        if found is not None:
            return BoundMethod(None, found[0], found[1])
        return receiver.class_attr(name) or UNKNOWN_VALUE
    assert isinstance(receiver, Instance)
    value = receiver.attrs.get(name)
    if value is not None:
        return value
    found = receiver.cls.lookup(name)
    if found is not None:
        binding = found[1].binding.get(name, "")
        if binding == "property":
            return call_bound(interp, receiver, found[0], found[1], _no_args())
        return BoundMethod(receiver, found[0], found[1])
    constant = receiver.cls.class_attr(name)
    if constant is not None:
        return constant
    if receiver.model is not None:
        return model_attribute(receiver.model, name) or UNKNOWN_VALUE
    return UNKNOWN_VALUE


def _super_attribute(proxy: SuperProxy, name: str) -> Value:
    for base in proxy.owner.bases:
        if isinstance(base, ClassValue):
            found = base.lookup(name)
            if found is not None:
                return BoundMethod(proxy.instance, found[0], found[1])
    if name == "__init__" and proxy.instance.model is not None:
        return KerasInit(proxy.instance)
    return UNKNOWN_VALUE


def _functional_init(interp: Interpreter, init: KerasInit, args: CallArgs) -> Value:
    inputs = args.get(0, "inputs") or args.get(None, "input")
    outputs = args.get(1, "outputs") or args.get(None, "output")
    model = init.instance.model
    if inputs is None or outputs is None or model is None:
        return Const(None)
    built = keras_models.make_functional(interp, args).model
    interp.ir.models.remove(built)
    model.nodes, model.inputs, model.outputs = built.nodes, built.inputs, built.outputs
    model.complete = built.complete
    model.inputs_in_order, model.input_keys = built.inputs_in_order, built.input_keys
    model.outputs_in_order = built.outputs_in_order
    init.instance.functional = True
    return Const(None)


def set_attribute(interp: Interpreter, instance: Instance, name: str, value: Value) -> None:
    """``self.model = ...``: on a path that may not run, keep what both paths agree on."""
    old = instance.attrs.get(name)
    if old is not None and interp.uncertainty > instance.depth:
        value = join(old, value)
    instance.attrs[name] = value


def _no_args() -> CallArgs:
    """The arguments of a property read: none (the call node is never an anchor)."""
    return CallArgs(cst.Call(func=cst.Name("property")))


# --- calls -----------------------------------------------------------------------------------


def call_member(interp: Interpreter, receiver: Value, method: str, args: CallArgs) -> Value:
    """``obj.method(...)`` on an instance, a class or ``super()``."""
    if isinstance(receiver, Instance):
        if method in receiver.attrs:
            return interp.call_value(receiver.attrs[method], args)
        found = receiver.cls.lookup(method)
        if found is not None:
            if method == "build" and receiver.model is not None:
                _build_shape(receiver, args.get(0, "input_shape"))
            binding = found[1].binding.get(method, "")
            return call_bound(interp, receiver, found[0], found[1], args, binding)
        if receiver.model is not None:
            return _model_method(interp, receiver, method, args)
        if method == "add_weight" and receiver.cls.kind == "layer":
            return tensor_syntax.weight(args) or UNKNOWN_VALUE
        return UNKNOWN_VALUE
    callee = get_attribute(interp, receiver, method)
    return interp.call_value(callee, args)


def _model_method(interp: Interpreter, instance: Instance, method: str, args: CallArgs) -> Value:
    model = instance.model
    assert model is not None
    if method == "build":
        _build_shape(instance, args.get(0, "input_shape"))
        return Const(None)
    if method in DATA_METHODS:
        feed_shape(instance, args.get(0, "x"))
    result = keras_calls.call_method(interp, ModelValue(model), method, args)
    return result if result is not None else UNKNOWN_VALUE


def call_object(interp: Interpreter, callee: Value, args: CallArgs) -> Value:
    """A class called (a new object), an object called (a layer, a model, ``__call__``) or a
    bound method called."""
    if isinstance(callee, ClassValue):
        return instantiate(interp, callee, args)
    if isinstance(callee, KerasInit):
        return _functional_init(interp, callee, args)
    if isinstance(callee, BoundMethod):
        binding = callee.owner.binding.get(callee.function.node.name.value, "")
        return call_bound(interp, callee.instance, callee.function, callee.owner, args, binding)
    if not isinstance(callee, Instance):
        return UNKNOWN_VALUE
    if callee.cls.kind == "layer":
        return _apply_layer_instance(interp, callee, args)
    if callee.model is not None:
        value = args.get(0, "inputs")
        feed_shape(callee, value)
        return keras_models.apply_model(interp, ModelValue(callee.model), args)
    found = callee.cls.lookup("__call__")
    if found is not None:
        return call_bound(interp, callee, found[0], found[1], args)
    return UNKNOWN_VALUE


def _apply_layer_instance(interp: Interpreter, layer: Instance, args: CallArgs) -> Value:
    """A custom layer on tensors: its ``call`` inlined when it maps its inputs to a tensor,
    else one layer of unknown output (the graph goes on, its shapes partial).

    ``call(self, y_true, y_pred)`` takes several tensors: the graph reaches the layer through
    all of them, and a ``call`` that adds a loss and returns one of them unchanged (a CTC or
    VAE loss layer) is that tensor."""
    value = args.get(0, "inputs")
    if isinstance(value, ArrayValue):
        return UNKNOWN_VALUE  # an eager call on data
    inputs = _layer_inputs(value, args)
    if not layer.built:
        layer.built = True
        build = layer.cls.lookup("build")
        if build is not None:
            shape_args = CallArgs(args.node, [(_input_shape(inputs), args.node)])
            call_bound(interp, layer, build[0], build[1], shape_args)
    found = layer.cls.lookup("call")
    known = [node for node in inputs if node.layer.spelled != "?"]
    if found is not None and known:
        result = _graph_call(interp, layer, found, args)
        outputs = _graph_outputs(result)
        if outputs is not None and len(outputs) == 1:
            if any(outputs[0] is node for node in known):
                # the layer stays one layer of the model (``model.layers[-2]`` counts it)
                same = LayerNode("Identity", anchor=args.node, spelled=layer.cls.name)
                return TensorValue(Node(same, [outputs[0]], anchor=args.node))
            if any(_reaches(outputs, node) for node in known):
                return TensorValue(outputs[0])
        if (
            outputs is not None
            and len(outputs) > 1
            and all(any(_reaches([output], node) for node in known) for output in outputs)
        ):  # ``return output, kernel``: a tuple of tensors, each grown from the inputs
            return Sequence([TensorValue(output) for output in outputs], is_tuple=True)
    opaque = LayerNode("", anchor=args.node, spelled=layer.cls.name)
    return TensorValue(Node(opaque, inputs, anchor=args.node))


def _graph_call(
    interp: Interpreter, instance: Instance, found: tuple[Function, ClassValue], args: CallArgs
) -> Value:
    """``call`` of a layer or a model, interpreted as part of a graph."""
    interp.graph_calls += 1
    try:
        return call_bound(interp, instance, found[0], found[1], args)
    finally:
        interp.graph_calls -= 1


def _input_shape(inputs: list[Node]) -> Value:
    """What ``build(input_shape)`` receives: the batch shape of the tensor the layer is first
    applied to, when it is known (``self.proj = Dense(input_shape[-1])``)."""
    if len(inputs) != 1 or inputs[0].layer.spelled == "?":
        return UNKNOWN_VALUE
    shape = symbolic_shape(inputs[0])
    if shape is None:
        return UNKNOWN_VALUE
    dims: list[Value] = [
        Const(dim) if dim is None or is_size(dim) else UNKNOWN_VALUE for dim in shape
    ]
    return Sequence(dims, is_tuple=True)


def _layer_inputs(first: Value | None, args: CallArgs) -> list[Node]:
    """The graph nodes a custom layer is applied to: its first argument's, then those of its
    other positional tensor arguments (``layer(labels, logits)``)."""
    inputs = keras_layers.tensor_nodes(first)
    for value, _ in args.positional[1:]:
        if isinstance(value, TensorValue) and value.node not in inputs:
            inputs.append(value.node)
    return inputs
