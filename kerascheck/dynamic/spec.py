"""Turn the IR's models into build specs the worker can rebuild, or into reasons it cannot.

This is the safety boundary of the dynamic checks: the worker only ever sees what this module
writes, and this module writes only allowlisted Keras class names and plain literal
arguments. A model with anything else (an unresolved argument, a custom layer, a Lambda) is
skipped with a reason the user can act on; it is never rebuilt with a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kerascheck import keras_api
from kerascheck.dynamic import inputs as input_shapes
from kerascheck.dynamic.codec import NotLiteral, encode
from kerascheck.dynamic.options import DynamicOptions
from kerascheck.ir import UNKNOWN, FitCall, LayerNode, Model, Node, OptimizerInfo, Sym
from kerascheck.keras_legacy import translate_layer, translate_optimizer
from kerascheck.shapes.tensor_ops import OP_RULES

INPUT_CLASSES = frozenset({"InputLayer", "Input"})
#: Classes the worker may instantiate: every layer kerascheck knows, minus anything that runs
#: code (Lambda) or needs a vocabulary learnt from real data.
ALLOWED_LAYERS = frozenset(keras_api.LAYER_SIGNATURES) - {
    "Lambda",
    "Input",
    "InputLayer",
    "TextVectorization",
    "StringLookup",
    "IntegerLookup",
    "Discretization",
}
#: Arguments that only describe the model's input; the spec declares the input explicitly.
_INPUT_ARGUMENTS = frozenset({"input_shape", "batch_input_shape", "batch_size", "input_dim"})
#: Arguments that do not change any shape: when unresolved, the model is still built, and
#: trained with Keras's defaults for them (a note says so; a serialised config holds such
#: values as objects kerascheck does not rebuild).
_TRAINING_ONLY = frozenset(
    {
        f"{kind}_{what}"
        for kind in ("kernel", "bias", "recurrent", "depthwise", "pointwise", "embeddings")
        for what in ("regularizer", "constraint", "initializer")
    }
    | {"activity_regularizer", "beta_initializer", "gamma_initializer"}
    | {"moving_mean_initializer", "moving_variance_initializer", "alpha_initializer"}
)
#: Losses the synthetic data generator knows how to make labels for.
TRAINABLE_LOSSES = (
    keras_api.REGRESSION_LOSSES
    | keras_api.CROSSENTROPY_LOSSES
    | {
        "hinge",
        "squared_hinge",
        "categorical_hinge",
        "kl_divergence",
    }
)
DEFAULT_BATCH = 32


@dataclass
class Skip:
    """Why a model (or its training) is not checked, and where the cause is written."""

    reason: str
    anchor: Any


@dataclass
class PlanNote:
    """Something the rebuild did that the user should know (a Keras 1 spelling translated,
    an input shape taken from the data), and where it is written."""

    text: str
    anchor: Any


@dataclass
class Plan:
    """One IR model, its spec for the worker, and the map from spec back to the IR."""

    model: Model
    index: int  # position in ModuleIR.models
    key: int  # unique among every model sent to one worker
    spec: dict[str, Any] | None = None  # None when the model is skipped
    skip: Skip | None = None
    train_skip: Skip | None = None
    nodes: list[Node | None] = field(default_factory=list)  # spec node -> IR node
    layers: list[LayerNode] = field(default_factory=list)  # spec layer -> IR layer
    fit: FitCall | None = None  # the call whose data and labels describe the training
    translations: list[PlanNote] = field(default_factory=list)  # Keras 1/2 spellings rewritten
    input_sources: list[PlanNote] = field(default_factory=list)  # shapes not from the model
    open_guess: bool = False  # an input axis left open by a source other than the model
    #: initializers, regularizers and constraints that could not be read: trained without them
    defaults: list[PlanNote] = field(default_factory=list)


def first_fit(model: Model) -> FitCall | None:
    """The training call (fit before evaluate), whose data the model is meant for."""
    for fit in model.fits:
        if fit.method in ("fit", "fit_generator", "train_on_batch"):
            return fit
    return model.fits[0] if model.fits else None


def plan_models(models: list[Model], options: DynamicOptions, first_key: int = 0) -> list[Plan]:
    return [
        plan_model(model, index, options, first_key + index) for index, model in enumerate(models)
    ]


def plan_model(model: Model, index: int, options: DynamicOptions, key: int | None = None) -> Plan:
    plan = Plan(model, index, index if key is None else key, fit=first_fit(model))
    try:
        plan.spec = _Builder(plan, options).spec()
    except _SkipModel as skipped:
        plan.skip = skipped.skip
        plan.spec = None
    return plan


def _unresolved(value: Any) -> bool:
    """UNKNOWN, or a size the script reads from its data (``Dense(X.shape[1])``)."""
    if isinstance(value, (tuple, list)):
        return any(_unresolved(item) for item in value)
    return value is UNKNOWN or isinstance(value, Sym)


class _SkipModel(Exception):
    def __init__(self, reason: str, anchor: Any) -> None:
        super().__init__(reason)
        self.skip = Skip(reason, anchor)


class _Builder:
    """Walks one model once, writing its spec and remembering what maps to what."""

    def __init__(self, plan: Plan, options: DynamicOptions) -> None:
        self.plan = plan
        self.model = plan.model
        self.options = options
        self.layer_index: dict[int, int] = {}  # LayerNode.uid -> spec layer
        self.layer_specs: list[dict[str, Any]] = []
        self.training_only: list[tuple[str, LayerNode]] = []

    def spec(self) -> dict[str, Any]:
        model = self.model
        if not model.nodes:
            raise _SkipModel("the model has no layers kerascheck could see", model.anchor)
        for node in model.nodes:
            self._check_layer(node.layer, node)
        if not model.complete:
            raise _SkipModel(
                "part of the model is not known statically (layers added in a loop or a "
                "branch kerascheck could not follow)",
                model.anchor,
            )
        node_index: dict[int, int] = {}
        nodes: list[dict[str, Any]] = []
        inputs: list[int] = []
        for node in model.nodes:
            if node.layer.cls in INPUT_CLASSES:
                node_index[id(node)] = len(nodes)
                inputs.append(len(nodes))
                nodes.append(self._input_spec(node))
                self.plan.nodes.append(node)
                continue
            sources = [node_index[id(i)] for i in node.inputs if id(i) in node_index]
            extra = [[name, node_index.get(id(n))] for name, n in node.extra]
            if len(sources) != len(node.inputs) or any(index is None for _, index in extra):
                raise _SkipModel(
                    "the layer's input is not part of the model kerascheck could see",
                    _where(node, model),
                )
            if not sources:  # the model declares no input: feed this layer a synthesised one
                sources = [len(nodes)]
                inputs.append(len(nodes))
                nodes.append(self._implicit_input(node))
                self.plan.nodes.append(None)
            node_index[id(node)] = len(nodes)
            entry: dict[str, Any] = {
                "kind": "layer",
                "layer": self._layer(node.layer),
                "inputs": sources,
            }
            if extra or node.keyword:
                entry["extra"] = extra
                entry["keyword"] = node.keyword
            nodes.append(entry)
            self.plan.nodes.append(node)
        self._check_stateful(nodes)
        outputs = [node_index[id(n)] for n in model.outputs if id(n) in node_index]
        if not outputs:
            raise _SkipModel("the model's outputs are not known statically", model.anchor)
        for position in inputs:
            nodes[position]["int_range"] = self._int_range(position, nodes)
            nodes[position]["rescale"] = self._rescale(position, nodes)
        spec: dict[str, Any] = {
            "key": self.plan.key,
            "layers": self.layer_specs,
            "nodes": nodes,
            "inputs": inputs,
            "outputs": outputs,
            "batch_size": self._batch_size(),
            "compile": None,
        }
        if self.options.train_check:
            try:
                spec["compile"] = self._compile(len(outputs))
            except _SkipModel as skipped:
                self.plan.train_skip = skipped.skip
        return spec

    # --- layers ---------------------------------------------------------------------------

    def _check_layer(self, layer: LayerNode, node: Node) -> None:
        if not layer.cls:
            raise _SkipModel(
                "this layer is not a Keras layer kerascheck can rebuild (a custom class, a "
                "nested model or an unresolved name)",
                layer.anchor or _where(node, self.model),
            )
        if layer.cls == "Lambda":
            raise _SkipModel(
                "Lambda layers hold the script's own code, and kerascheck never runs it",
                layer.anchor,
            )
        if layer.cls in OP_RULES:
            raise _SkipModel(
                f"kerascheck does not rebuild the functions a script applies to tensors "
                f"(`{layer.spelled or layer.cls}` here): they are the script's own code",
                layer.anchor or _where(node, self.model),
            )
        if layer.cls not in ALLOWED_LAYERS and layer.cls not in INPUT_CLASSES:
            raise _SkipModel(
                f"kerascheck does not rebuild {layer.cls} layers (they need data it cannot see)",
                layer.anchor,
            )
        if layer.extra_positional:
            raise _SkipModel(
                f"{layer.display} has more positional arguments than kerascheck can name",
                layer.anchor,
            )
        for value in layer.params.values():
            for item in value if isinstance(value, list) else [value]:  # RNN([cells]), Pipeline
                if isinstance(item, LayerNode):
                    self._check_layer(item, node)

    def _layer(self, layer: LayerNode) -> int:
        """The spec index of a (possibly shared) layer."""
        if layer.uid in self.layer_index:
            return self.layer_index[layer.uid]
        spec = self._layer_spec(layer)
        self.layer_index[layer.uid] = len(self.layer_specs)
        self.layer_specs.append(spec)
        self.plan.layers.append(layer)
        return self.layer_index[layer.uid]

    def _layer_spec(self, layer: LayerNode) -> dict[str, Any]:
        params: dict[str, Any] = {}
        translated = translate_layer(layer.cls, layer.spelled, layer.params, layer.positional)
        for change in translated.translations:
            self.plan.translations.append(PlanNote(change.text, layer.anchor_of(change.old)))
        for name, value in translated.params.items():
            if name in _INPUT_ARGUMENTS and not (layer.cls == "Embedding" and name == "input_dim"):
                continue
            if _unresolved(value):
                if name == "name":
                    continue
                if name in _TRAINING_ONLY:
                    self.training_only.append((name, layer))
                    continue
                raise _SkipModel(
                    f"argument `{name}` of {layer.display} could not be resolved statically "
                    "(its value is computed when the script runs)",
                    _param_anchor(layer, name),
                )
            try:
                params[name] = encode(value, self._layer_spec)
            except NotLiteral:
                raise _SkipModel(
                    f"argument `{name}` of {layer.display} is not a plain literal value",
                    _param_anchor(layer, name),
                ) from None
        return {"cls": layer.cls, "params": params}

    def _check_stateful(self, nodes: list[dict[str, Any]]) -> None:
        """Stateful recurrent layers need the batch size, which Input(batch_shape=...) gives
        but the IR may not carry: rebuilding without it would fail for the wrong reason."""
        if any(spec["kind"] == "input" and spec["batch_size"] for spec in nodes):
            return
        for layer in self.plan.layers:
            core = layer
            while core.inner is not None:
                core = core.inner
            if core.params.get("stateful") is True:
                raise _SkipModel(
                    f"the stateful {layer.display} needs the model's fixed batch size, which "
                    "kerascheck could not read statically",
                    layer.anchor,
                )

    # --- inputs ---------------------------------------------------------------------------

    def _input_spec(self, node: Node) -> dict[str, Any]:
        shape = self._resolve(node, None)
        dtype = node.layer.params.get("dtype")
        return {
            "kind": "input",
            "shape": list(shape.full[1:]),
            "batch_size": shape.full[0],
            "dtype": dtype if isinstance(dtype, str) else None,
            "data_shape": input_shapes.concrete(shape.full[1:], self.plan.fit),
        }

    def _implicit_input(self, node: Node) -> dict[str, Any]:
        shape = self._resolve(None, node)
        return {
            "kind": "input",
            "shape": list(shape.full[1:]),
            "batch_size": None,
            "dtype": None,
            "data_shape": input_shapes.concrete(shape.full[1:], self.plan.fit),
        }

    def _resolve(self, node: Node | None, consumer: Node | None) -> input_shapes.InputShape:
        try:
            shape = input_shapes.resolve(node, self.model, self.plan.fit, self.options, consumer)
        except input_shapes.UnresolvedInput as unresolved:
            raise _SkipModel(unresolved.reason, unresolved.anchor) from None
        where = (node or consumer).layer.anchor if (node or consumer) else None
        if shape.source is not None:
            dims = ", ".join("?" if d is None else str(d) for d in shape.full[1:])
            self.plan.input_sources.append(
                PlanNote(f"input shape (batch, {dims}) taken from {shape.source}", where)
            )
        elif input_shapes.data_files(self.plan.fit):
            files = ", ".join(input_shapes.data_files(self.plan.fit))
            self.plan.input_sources.append(
                PlanNote(f"the data's shapes were read from a sample of {files}", where)
            )
        self.plan.open_guess = self.plan.open_guess or shape.open_guess
        return shape

    def _first_layers(self, position: int, nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            self.layer_specs[spec["layer"]]
            for spec in nodes
            if spec["kind"] == "layer" and position in spec["inputs"]
        ]

    def _int_range(self, position: int, nodes: list[dict[str, Any]]) -> list[int] | None:
        """Token ids in [0, input_dim) for inputs that feed an Embedding."""
        for layer in self._first_layers(position, nodes):
            size = layer["params"].get("input_dim")
            if layer["cls"] == "Embedding" and isinstance(size, int) and size > 0:
                return [0, size]
        return None

    def _rescale(self, position: int, nodes: list[dict[str, Any]]) -> list[float] | None:
        """A Rescaling(scale, offset) at the input: synthetic data is made in the raw range."""
        for layer in self._first_layers(position, nodes):
            if layer["cls"] != "Rescaling":
                continue
            scale, offset = layer["params"].get("scale"), layer["params"].get("offset", 0.0)
            if _number(scale) and _number(offset) and scale:
                return [float(scale), float(offset)]
        return None

    def _batch_size(self) -> int:
        if self.options.batch_size is not None:
            return self.options.batch_size
        fit = self.plan.fit
        value = fit.params.get("batch_size") if fit is not None else None
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1024:
            return value
        return DEFAULT_BATCH

    # --- compile --------------------------------------------------------------------------

    def _compile(self, outputs: int) -> dict[str, Any]:
        model = self.model
        compile_info = model.compile
        anchor = model.anchor
        if compile_info is None:
            raise _SkipModel("the script never compiles this model, so there is no loss", anchor)
        anchor = compile_info.anchor or anchor
        if self.training_only:  # trained with Keras's defaults instead; the notes say so
            named = sorted({f"{name} of {layer.display}" for name, layer in self.training_only})
            self.plan.defaults.append(
                PlanNote(
                    f"trained with Keras's defaults for {', '.join(named)} (not readable "
                    "statically)",
                    _param_anchor(self.training_only[0][1], self.training_only[0][0]),
                )
            )
        if outputs != 1:
            raise _SkipModel("the training check handles models with a single output", anchor)
        loss = compile_info.loss
        if loss is None or loss.name is None:
            raise _SkipModel("the loss could not be resolved statically", _anchor(loss, anchor))
        if loss.name not in TRAINABLE_LOSSES:
            raise _SkipModel(
                f"the training check cannot make synthetic labels for the {loss.name} loss",
                _anchor(loss, anchor),
            )
        return {
            "loss": loss.name,
            "from_logits": bool(loss.from_logits),
            "activation": output_activation(model),
            "optimizer": self._optimizer(compile_info.optimizer, anchor),
        }

    def _optimizer(self, info: OptimizerInfo | None, anchor: Any) -> dict[str, Any]:
        if info is None:
            return {"name": "RMSprop", "params": {}}  # Keras's default for compile()
        where = info.anchor or anchor
        if info.name is None:
            raise _SkipModel("the optimizer could not be resolved statically", where)
        params: dict[str, Any] = {}
        translated = translate_optimizer(info.params)
        for change in translated.translations:
            self.plan.translations.append(
                PlanNote(change.text, info.param_anchors.get(change.old, where))
            )
        for name, value in translated.params.items():
            if name == "learning_rate":
                continue
            if value is UNKNOWN:
                raise _SkipModel(
                    f"argument `{name}` of the {info.name} optimizer could not be resolved "
                    "statically",
                    info.param_anchors.get(name, where),
                )
            try:
                params[name] = encode(value)
            except NotLiteral:
                raise _SkipModel(
                    f"argument `{name}` of the {info.name} optimizer is not a plain literal "
                    "(a schedule or a callable)",
                    info.param_anchors.get(name, where),
                ) from None
        rate = info.learning_rate
        if rate is UNKNOWN or (rate is not None and not isinstance(rate, (int, float))):
            raise _SkipModel(
                f"the learning rate of the {info.name} optimizer could not be resolved "
                "statically (a schedule or a value computed at run time)",
                info.param_anchors.get("learning_rate", info.param_anchors.get("lr", where)),
            )
        if rate is not None:
            params["learning_rate"] = float(rate)
        return {"name": info.name, "params": params}


def output_activation(model: Model) -> str | None:
    """The activation the model ends with (for the range of synthetic regression targets)."""
    node = model.output
    while node is not None:
        layer = node.layer
        if layer.cls == "Activation":
            value = layer.params.get("activation")
            return value if isinstance(value, str) else None
        if layer.cls == "Softmax":
            return "softmax"
        if layer.cls in keras_api.PASS_THROUGH and len(node.inputs) == 1:
            node = node.inputs[0]
            continue
        while layer.inner is not None and layer.cls in keras_api.WRAPPERS:
            layer = layer.inner
        value = layer.params.get("activation", "linear")
        return value if isinstance(value, str) else None
    return None


def _param_anchor(layer: LayerNode, name: str) -> Any:
    """Where an argument is written, also when the rebuild knows it under its Keras 3 name."""
    if name in layer.param_anchors:
        return layer.param_anchors[name]
    for old, anchor in layer.param_anchors.items():
        if translate_layer(layer.cls, layer.spelled, {old: None}).params.keys() == {name}:
            return anchor
    return layer.anchor


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _where(node: Node | None, model: Model) -> Any:
    if node is None:
        return model.anchor
    return node.layer.anchor or node.where or model.anchor


def _anchor(item: Any, fallback: Any) -> Any:
    anchor = getattr(item, "anchor", None)
    return anchor if anchor is not None else fallback
