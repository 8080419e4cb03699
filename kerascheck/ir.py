"""The intermediate representation that every frontend produces and every check reads.

One IR for Python source and for saved configs: a check never knows which frontend built
what it looks at. Values that could not be resolved statically are ``UNKNOWN``; a check that
meets ``UNKNOWN`` stays silent rather than guessing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any


class _Unknown:
    """A value the frontend could not resolve. Falsy, and equal only to itself."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN: Any = _Unknown()

_ids = itertools.count(1)


@dataclass(frozen=True)
class Sym:
    """A size nobody wrote down but the script names: ``X.shape[1]`` of data read from a file.

    ``Input((X.shape[1],))`` and ``fit(X)`` then hold the same Sym and are known to agree, which
    an unknown ``None`` could never say. ``offset`` follows the one arithmetic real scripts do
    on such sizes: ``df.drop("y", axis=1)`` has ``df.shape[1] - 1`` columns, known to differ
    from ``df.shape[1]``. Two Syms of different bases are *not* known to differ (``same_dim``).
    """

    base: int  # which unknown: one per array axis the script reads
    name: str = field(compare=False)  # how the script spells it: ``X.shape[1]``
    offset: int = 0

    @staticmethod
    def new(name: str) -> Sym:
        return Sym(next(_ids), name)

    def shifted(self, amount: int) -> Sym:
        return Sym(self.base, self.name, self.offset + amount)

    def __str__(self) -> str:
        if self.offset == 0:
            return self.name
        sign = "+" if self.offset > 0 else "-"
        return f"{self.name} {sign} {abs(self.offset)}"


#: One dimension: a known size, a named unknown (Sym), or an unknown size (None).
Dim = int | Sym | None
#: A tensor or array shape, batch dimension included. ``None`` as a whole is an unknown rank.
Shape = tuple[Dim, ...]


def is_size(dim: Any) -> bool:
    """A dimension whose value is known: a plain int (never a bool)."""
    return isinstance(dim, int) and not isinstance(dim, bool)


def same_dim(a: Dim, b: Dim) -> bool | None:
    """True when two dimensions are known to be equal, False when known to differ, None when
    nothing is known (an unknown, a Sym against a number, Syms of different bases)."""
    if a is None or b is None:
        return None
    if isinstance(a, Sym) or isinstance(b, Sym):
        if isinstance(a, Sym) and isinstance(b, Sym) and a.base == b.base:
            return a.offset == b.offset
        return None
    return a == b


def join_dims(a: Dim, b: Dim) -> Dim:
    """What two control-flow paths agree on about one dimension."""
    return a if same_dim(a, b) else None


def is_known(value: Any) -> bool:
    return value is not UNKNOWN


@dataclass(eq=False)
class LayerNode:
    """One Keras layer constructor call (or one layer entry in a config).

    ``params`` holds the arguments by their Keras parameter name; positional arguments are
    mapped through the signatures in ``keras_api``. Arguments that could not be evaluated
    are ``UNKNOWN``; arguments that were not given are absent.
    """

    cls: str  # canonical Keras class name ("LSTM"), or "" for an unresolved layer
    params: dict[str, Any] = field(default_factory=dict)
    anchor: Any = field(default=None, repr=False)
    param_anchors: dict[str, Any] = field(default_factory=dict, repr=False)
    extra_positional: tuple[Any, ...] = ()  # positionals beyond the known signature
    positional: tuple[str, ...] = ()  # names of the params that were given positionally
    inner: LayerNode | None = None  # the wrapped layer of TimeDistributed / Bidirectional
    adapted: bool = False  # ``layer.adapt(data)`` is called in the script (Normalization ...)
    spelled: str = ""  # the class name as the user wrote it ("Convolution2D")
    #: shapes of the arrays an argument holds, e.g. ``weights=[M]`` -> ``{"weights": (M's,)}``
    array_shapes: dict[str, tuple[Shape | None, ...]] = field(default_factory=dict, repr=False)
    #: the Keras 2 module path it was reached through that Keras 3 removed
    #: (``layers.experimental.preprocessing``), for KC303
    removed_path: str | None = None
    uid: int = field(default_factory=lambda: next(_ids))

    @property
    def resolved(self) -> bool:
        return bool(self.cls)

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def anchor_of(self, name: str) -> Any:
        """The anchor of one argument, falling back to the layer itself."""
        return self.param_anchors.get(name, self.anchor)

    @property
    def display(self) -> str:
        """``TimeDistributed(LSTM)`` style name for messages."""
        name = self.spelled or self.cls or "layer"
        if self.inner is not None:
            return f"{name}({self.inner.display})"
        return name


@dataclass(eq=False)
class Node:
    """One application of a layer inside a model's graph (a layer can be applied twice)."""

    layer: LayerNode
    inputs: list[Node] = field(default_factory=list)
    anchor: Any = field(
        default=None, repr=False
    )  # where the layer is applied; defaults to the layer's own anchor
    #: The keyword ``inputs`` was passed with (``mha(query=q, ...)``); None when positional.
    keyword: str | None = None
    #: Further tensors of the call, by position ("1") or keyword ("value"; "initial_state[]"
    #: for each item of a list): ``MultiHeadAttention(2, 8)(q, v)``, ``LSTM(...)(x,
    #: initial_state=[h, c])``. Not in ``inputs``, whose shapes the static rules read.
    extra: tuple[tuple[str, Node], ...] = ()
    #: The output of a model used as a layer, copied into the calling graph: what lies on
    #: either side was built apart (an encoder's linear code feeding a decoder).
    model_output: bool = False

    @property
    def parents(self) -> list[Node]:
        """Every node this application reads: its inputs, then the call's further tensors."""
        return [*self.inputs, *(node for _, node in self.extra)]

    @property
    def where(self) -> Any:
        return self.anchor if self.anchor is not None else self.layer.anchor


@dataclass(frozen=True, eq=False)
class AxisOf:
    """The size of one axis of another graph tensor, as a function of tensors reads it
    (``tf.shape(x)[0]`` in ``tf.reshape(y, (tf.shape(x)[0], -1))``): not known while the graph
    is built, so it is kept in the op's parameters and read in the shape walk. ``node`` is also
    one of the op node's ``extra`` parents, so that its shape is known first."""

    node: Node
    index: int


@dataclass(frozen=True)
class AxisProduct:
    """A product of sizes read in the walk and constants (``tf.shape(x)[1] * tf.shape(x)[2]``
    in ``tf.reshape(x, (-1, h * w, c))``): known when every factor is."""

    factors: tuple[AxisOf | int, ...]


def topological_order(outputs: list[Node]) -> list[Node]:
    """Every node the outputs depend on, each after its inputs (iterative: deep graphs are fine)."""
    order: list[Node] = []
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(node, False) for node in reversed(outputs)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in seen:
            continue
        if expanded:
            seen.add(id(node))
            order.append(node)
            continue
        stack.append((node, True))
        for parent in reversed(node.parents):
            if id(parent) not in seen:
                stack.append((parent, False))
    return order


@dataclass
class LossInfo:
    name: str | None  # canonical snake name ("categorical_crossentropy"); None if unresolved
    from_logits: bool | None = None  # None when not given (Keras default: False)
    anchor: Any = field(default=None, repr=False)


@dataclass
class OptimizerInfo:
    name: str | None  # canonical class name ("Adam"); None if unresolved
    learning_rate: Any = None  # float, UNKNOWN, or None when left at the default
    anchor: Any = field(default=None, repr=False)
    params: dict[str, Any] = field(default_factory=dict)
    param_anchors: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class CompileInfo:
    anchor: Any = field(repr=False)
    loss: LossInfo | None = None
    optimizer: OptimizerInfo | None = None
    metrics: list[Any] = field(default_factory=list)  # canonical names, UNKNOWN if unresolved
    metrics_anchor: Any = field(default=None, repr=False)


@dataclass(frozen=True)
class Origin:
    """Where an array was born: a random generator, a loader, a literal ..."""

    kind: str  # "random" | "shuffle" | "disk" | "dataset" | "literal" | "generated"
    call: str  # the callee as written, without arguments: "np.random.randint", "mnist.load_data"
    anchor: Any = field(default=None, compare=False, hash=False, repr=False)
    uid: int = field(default_factory=lambda: next(_ids))
    path: str | None = field(default=None, compare=False, hash=False)  # a loader's literal path
    #: a ``kerascheck.datafiles.DataSample`` of that file, when it was read (next to the script)
    sample: Any = field(default=None, compare=False, hash=False, repr=False)

    @property
    def shown(self) -> str:
        """The call as messages write it: ``np.random.randint(...)``."""
        return f"{self.call}(...)"


@dataclass(frozen=True)
class ScalerFit:
    """A scaler or normaliser fitted on data (kept so that a later split can expose leakage)."""

    anchor: Any = field(compare=False, hash=False, repr=False)
    description: str = field(compare=False, hash=False)
    uid: int = field(default_factory=lambda: next(_ids))


@dataclass(frozen=True)
class ReshapeFailure:
    """A reshape that numpy refuses (the array holds another number of elements than the
    target): the script stops there, whatever comes after."""

    anchor: Any = field(compare=False, hash=False, repr=False)
    call: str = ""  # the reshape as written: "x_test.reshape", "np.reshape"
    held: str = ""  # the element count the array holds: "7840000", "784 * X.shape[0]"
    asked: str = ""  # the element count the target holds
    target: str = ""  # the target shape: "(60000, 784)"


@dataclass(frozen=True)
class Rescaling:
    """Values rescaled on their way to ``fit`` (``y / 255.0``, ``scaler.fit_transform(y)``):
    what features need and what destroys class labels (KC107)."""

    anchor: Any = field(compare=False, hash=False, repr=False)
    written: str = field(default="", compare=False, hash=False)  # "y_train / 255.0"
    of_labels: bool = False  # the values were known class labels before
    centred: bool = False  # a standardising scaler: the result holds negative values


#: Known bounds (low, high) of an array's values.
ValueRange = tuple[float, float]


@dataclass(frozen=True)
class ArrayInfo:
    """Static knowledge about an array that may reach ``fit``: its provenance and shape.

    ``scale`` is "raw" (unscaled values from disk, a dataset loader, a cumulative sum ...),
    "scaled" (a scaler, ``/ 255``, ``(x - m) / s`` on its path) or None (unknown / neutral,
    such as ``np.random.rand`` which already lies in [0, 1)).
    ``encoding`` is "int" (integer class ids), "onehot", "multihot" (several ones per row) or
    None when unknown. ``value_range`` bounds the values when the script makes them known
    (``np.arange(-100, 100)``, a literal, a sampled data file, arithmetic on those); a known
    range decides ``scale`` (see ``frontends.python.value_ranges``).
    ``value_kind`` says what numbers it holds (``kerascheck.frontends.python.value_kinds``):
    "continuous" (floats, not all integers), "counts" (integer sums that outgrow class ids),
    "integer", or None when unknown. ``computed`` is True once the values were computed from
    other arrays (arithmetic, comparison, reduction) rather than drawn, read or reordered.
    ``order`` follows shuffles (``frontends.python.libraries.shuffles``).
    """

    origins: frozenset[Origin] = frozenset()
    scale: str | None = None
    encoding: str | None = None
    shape: Shape | None = None
    num_classes: int | None = None
    token_ids: bool = False
    split: bool = False
    scaler_fits: frozenset[ScalerFit] = frozenset()
    #: a reshape on this array's path that cannot run (numpy raises ValueError there)
    reshape_failure: ReshapeFailure | None = None
    value_kind: str | None = None
    computed: bool = False
    #: the order of the rows: None as loaded or drawn, else the shuffle (an Origin of kind
    #: "shuffle") that reordered them; x and y fitted together must be in the same order
    order: Origin | None = None
    value_range: ValueRange | None = None
    #: per-column bounds and header of a table read from a sampled file (None: not followed)
    column_ranges: tuple[ValueRange | None, ...] | None = None
    column_names: tuple[str, ...] = ()
    rescaled: Rescaling | None = None
    #: a scaling call whose result the script threw away (``scaler.transform(x)`` on a line
    #: of its own): this array is still the unscaled one (KC101 points at that line)
    discarded_scaling: Any = field(default=None, compare=False, repr=False)

    @property
    def is_random(self) -> bool:
        return bool(self.origins) and all(o.kind == "random" for o in self.origins)

    def derived_from(self, other: ArrayInfo) -> bool:
        return bool(self.origins & other.origins)


@dataclass
class DataArg:
    """An argument of a ``fit``-like call: what we know of the array and where it is written."""

    anchor: Any = field(repr=False)
    info: ArrayInfo | None  # None when nothing is known
    label: str | None = None  # the expression as written when it is a plain name (``X_train``)
    #: an unbatched dataset's element shape: Keras reads each element as a whole batch
    unbatched: Shape | None = None
    #: x given as several arrays, one per model input (``fit([encoder_x, decoder_x], y)``):
    #: each array by position, or by name for a dict (``keys``, in the same order); ``info``
    #: then stays None, since no single array is the input
    parts: tuple[DataArg, ...] = ()
    keys: tuple[str, ...] = ()

    @property
    def by_name(self) -> bool:
        """The parts are a dict's values, matched to the model's inputs by name."""
        return bool(self.keys)


@dataclass
class FitCall:
    method: str  # "fit" | "evaluate" | "train_on_batch" | "fit_generator" | "test_on_batch"
    anchor: Any = field(repr=False)
    x: DataArg | None = None
    y: DataArg | None = None
    params: dict[str, Any] = field(default_factory=dict)
    param_anchors: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(eq=False)
class Model:
    """A model: a DAG of layer applications in topological order.

    A Sequential model is a chain whose first node is a synthesised ``InputLayer`` when the
    model declares its input (``Input(...)``, ``input_shape=``, ``batch_input_shape=``).
    ``complete`` is False when part of the graph is not known statically (layers added in a
    loop that could not be unrolled, an unresolved layer ...): whole-model checks stay silent.
    """

    kind: str  # "sequential" | "functional"
    anchor: Any = field(default=None, repr=False)
    nodes: list[Node] = field(default_factory=list)
    inputs: list[Node] = field(default_factory=list)
    outputs: list[Node] = field(default_factory=list)
    name: str | None = None
    compile: CompileInfo | None = None
    fits: list[FitCall] = field(default_factory=list)
    complete: bool = True
    #: a Sequential without a declared input, built on the first graph tensor it was called
    #: on (as Keras builds it): a later call on another shape is no disagreement
    built_on_call: bool = False
    #: False for a subclassed model whose class defines no ``call`` (a GAN, VAE or distiller
    #: that only overrides ``train_step``): it has no output of its own, its networks are
    #: models of their own
    forward: bool = True
    #: how x's arrays meet ``inputs`` when x is a list or dict (``DataArg.parts``): True when
    #: the script listed the inputs in this order (``Model([a, b], out)``); ``input_keys`` are
    #: the keys of inputs given as a dict (``Model({"age": a, ...}, out)``), in this order
    inputs_in_order: bool = False
    input_keys: tuple[str, ...] = ()
    #: the script listed several outputs in this order (``Model(i, [out, h, c])``):
    #: ``predict`` returns a list of arrays in that order
    outputs_in_order: bool = False
    #: the steps its class overrides (``train_step``, ``test_step``, ``predict_step``): the
    #: data of the calls they run goes to the user's code, not straight to inputs and loss
    custom_steps: frozenset[str] = frozenset()
    uid: int = field(default_factory=lambda: next(_ids))
    _successor_index: dict[int, list[Node]] | None = field(default=None, repr=False)
    _indexed_size: int = field(default=0, repr=False)

    def successors(self, node: Node) -> list[Node]:
        """The nodes fed by ``node`` (an index built once per graph size: checks walk chains)."""
        if self._successor_index is None or self._indexed_size != len(self.nodes):
            index: dict[int, list[Node]] = {}
            for candidate in self.nodes:
                for parent in dict.fromkeys(id(i) for i in candidate.inputs):
                    index.setdefault(parent, []).append(candidate)
            self._successor_index, self._indexed_size = index, len(self.nodes)
        return list(self._successor_index.get(id(node), ()))

    @property
    def output(self) -> Node | None:
        return self.outputs[0] if len(self.outputs) == 1 else None


@dataclass
class Leak:
    """A scaler fitted on the whole data set that is split afterwards (KC103)."""

    fit: ScalerFit
    split_anchor: Any = field(repr=False)


@dataclass
class ModuleIR:
    """Everything a frontend extracted from one file."""

    path: str
    models: list[Model] = field(default_factory=list)
    #: every Keras layer constructed in the file, in a model or not (argument checks read these)
    layers: list[LayerNode] = field(default_factory=list)
    #: every optimizer constructed or named in the file
    optimizers: list[OptimizerInfo] = field(default_factory=list)
    leaks: list[Leak] = field(default_factory=list)
    #: project files this file imports (``from models import build_model``), by path, with
    #: the sha256 of their content: the cache re-lints this file when one of them changes
    imports: dict[str, str] = field(default_factory=dict)
