"""The abstract values the interpreter computes for Python expressions.

Each value stands for what kerascheck can know statically about a runtime object: an imported
name, a constant, a Keras layer or model under construction, an array with its provenance.
Anything else is ``UNKNOWN`` and makes the checks that need it stay silent.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import libcst as cst

from kerascheck.frontends.python import value_kinds
from kerascheck.ir import (
    UNKNOWN,
    ArrayInfo,
    LayerNode,
    LossInfo,
    Model,
    Node,
    OptimizerInfo,
    Origin,
    ScalerFit,
    Sym,
    join_dims,
)


class Value:
    """Base class of every abstract value."""


@dataclass(frozen=True)
class Const(Value):
    """A Python constant: number, string, bool or None."""

    value: Any


@dataclass(frozen=True)
class Number(Value):
    """A Python number whose value is not followed (``keras.backend.epsilon()``, which
    ``set_epsilon`` may change): a tensor plus it keeps the tensor's shape."""


@dataclass(frozen=True)
class Qual(Value):
    """An imported module or one of its attributes, by fully qualified name."""

    name: str

    def attr(self, name: str) -> Qual:
        return Qual(f"{self.name}.{name}")


@dataclass(eq=False)
class Sequence(Value):
    """A tuple or list literal; lists are mutable (``append``)."""

    items: list[Value]
    is_tuple: bool = False
    exact: bool = True  # False once appended to in code that may run any number of times
    depth: int = 0  # the interpreter's uncertainty when the list was made


@dataclass(eq=False)
class Mapping(Value):
    """A dict literal with constant keys (hyper-parameter tables: ``CONFIG["units"]``)."""

    items: dict[Any, Value]
    depth: int = 0  # the interpreter's uncertainty when the dict was made
    exact: bool = True  # False once changed in a way we cannot follow

    def lookup(self, key: Any) -> Value | None:
        if not self.exact:
            return None
        try:
            return self.items.get(key)
        except TypeError:  # an unhashable key
            return None


@dataclass(eq=False)
class Record(Mapping):
    """A dict whose keys are also attributes: scikit-learn's ``Bunch`` (``iris.data``)."""


@dataclass(eq=False)
class LayerValue(Value):
    layer: LayerNode


@dataclass(eq=False)
class LambdaLayer(LayerValue):
    """``layers.Lambda(fn)``: the layer, and the function it runs (read on the tensor it is
    applied to, as a custom layer's ``call``)."""

    function: Value | None = None


@dataclass(eq=False)
class TensorValue(Value):
    """A symbolic tensor of the functional API: the output of one graph node."""

    node: Node


@dataclass(eq=False)
class TensorShape(Value):
    """``tf.shape(x)`` or ``x.shape`` of a graph tensor: its items are the sizes of the axes,
    read while the graph is built when they are known, else kept as ``TensorDim``."""

    node: Node
    dynamic: bool  # ``tf.shape(x)`` (a tensor) rather than ``x.shape`` (a tuple)


@dataclass(eq=False)
class TensorDim(Value):
    """``tf.shape(x)[0]``: the size of one axis of a graph tensor that is not known while the
    graph is built (the batch size, an axis of a tensor of a subclassed model's unknown input);
    a shape argument holding it is read when the shapes are walked (``ir.AxisOf``)."""

    node: Node
    index: int


@dataclass(eq=False)
class TensorDimProduct(Value):
    """``tf.shape(x)[1] * tf.shape(x)[2]`` (sizes, and ints, multiplied): read in the walk
    (``ir.AxisProduct``)."""

    factors: tuple[TensorDim | int, ...]


@dataclass(eq=False)
class WeightInitializer(Value):
    """``tf.random_normal_initializer()``: called with ``shape=`` it makes a weight tensor."""


@dataclass(eq=False)
class ModelValue(Value):
    model: Model


@dataclass(eq=False)
class ArrayValue(Value):
    """An array (numpy, pandas, tensor). One object stands for one runtime array: the sizes the
    script reads from it (``x.shape[1]``) are named once and shared by everything it feeds."""

    info: ArrayInfo
    #: named sizes of an array of unknown rank, by the axis the script wrote (``x.shape[-1]``)
    symbols: dict[int, Sym] | None = None

    def evolve(self, **changes: Any) -> ArrayValue:
        return ArrayValue(replace(self.info, **changes))


@dataclass(eq=False)
class ArrayShape(Value):
    """``x.shape`` of an array whose rank is not known: ``x.shape[1]`` is still a named size."""

    array: ArrayValue
    label: str


@dataclass(eq=False)
class FrameColumns(Value):
    """``df.columns``: only its length is followed (``len(df.columns)`` is ``df.shape[1]``);
    indexing a frame with it is not an index of rows."""

    frame: ArrayValue
    label: str


@dataclass(eq=False)
class OptimizerValue(Value):
    info: OptimizerInfo


@dataclass(eq=False)
class LossValue(Value):
    info: LossInfo


@dataclass(eq=False)
class ScalerValue(Value):
    """A scikit-learn style scaler; remembers the data it was fitted on (for KC103)."""

    kind: str
    fits: frozenset[ScalerFit] = frozenset()
    leaks_statistics: bool = True  # False for row-wise normalisers (no fitted statistics)
    centres: bool = False  # its output is centred on zero: negative values (StandardScaler)
    unit_range: bool = False  # its output lies in [0, 1] (MinMaxScaler's default)


@dataclass(eq=False)
class EncoderValue(Value):
    """A label encoder: LabelEncoder (int), OneHotEncoder / LabelBinarizer (one-hot)."""

    encoding: str


@dataclass(eq=False)
class RandomGenerator(Value):
    """``np.random.default_rng()`` / ``RandomState``: its methods draw random arrays."""


@dataclass(eq=False)
class Identity(Value):
    """``np.eye(n)``: indexing it with labels one-hot encodes them."""

    size: int | None


@dataclass(eq=False)
class Vocabulary(Value):
    """A tokenizer's ``word_index``: its length is one named size (``len(word_index)``),
    shared by every ``len()`` of it, so that ``len(word_index) + 1`` is known to differ."""

    size: Sym | None = None  # named at the first len(), as the script spells it


@dataclass(eq=False)
class TokenizerValue(Value):
    """A Keras ``Tokenizer``: ``texts_to_sequences`` yields token ids."""

    word_index: Vocabulary = field(default_factory=Vocabulary)  # a new one per fit_on_texts


@dataclass(eq=False)
class Function(Value):
    """A user function, interpreted at each call site with the caller's arguments."""

    node: cst.FunctionDef
    scope: Any  # the defining Scope
    home: int = 0  # index of the top-level statement that defines it
    called: list[bool] = field(default_factory=lambda: [False])


@dataclass(eq=False)
class LambdaValue(Value):
    """A ``lambda``: interpreted where it is called (``ds.map(lambda x, y: (x / 255, y))``)."""

    node: cst.Lambda
    scope: Any  # the defining Scope


@dataclass(eq=False)
class PartialValue(Value):
    """``functools.partial(f, *args, **kwargs)``: ``f`` called later with these arguments
    first (a layer class with its options, passed to a block builder)."""

    function: Value
    args: Any  # the CallArgs bound by partial, the function itself removed


@dataclass(eq=False)
class UserClass(Value):
    """A class defined in the file: never a Keras layer, whatever its name."""

    node: cst.ClassDef


class _UnknownValue(Value):
    def __repr__(self) -> str:
        return "UNKNOWN_VALUE"


UNKNOWN_VALUE: Value = _UnknownValue()


def to_python(value: Value) -> Any:
    """A literal Python value for a constant or a tuple/list of constants, else UNKNOWN."""
    if isinstance(value, Const):
        return value.value
    if isinstance(value, Sequence):
        items = tuple(to_python(item) for item in value.items)
        return items if value.is_tuple else list(items)
    return UNKNOWN


def join(a: Value, b: Value) -> Value:
    """What we know of a name after two control-flow paths that may have bound it differently."""
    if a is b:
        return a
    if isinstance(a, Const) and isinstance(b, Const) and a == b:
        return a
    if isinstance(a, Qual) and isinstance(b, Qual) and a == b:
        return a
    if isinstance(a, ArrayValue) and isinstance(b, ArrayValue):
        return ArrayValue(join_arrays(a.info, b.info))
    return UNKNOWN_VALUE


def join_arrays(a: ArrayInfo, b: ArrayInfo) -> ArrayInfo:
    """Keep only what both arrays agree on; provenance is the union."""

    def same(x: Any, y: Any) -> Any:
        return x if x == y else None

    shape = None
    if a.shape is not None and b.shape is not None and len(a.shape) == len(b.shape):
        shape = tuple(join_dims(x, y) for x, y in zip(a.shape, b.shape, strict=True))
    return ArrayInfo(
        origins=a.origins | b.origins,
        scale=same(a.scale, b.scale),
        encoding=same(a.encoding, b.encoding),
        shape=shape,
        num_classes=same(a.num_classes, b.num_classes),
        token_ids=a.token_ids and b.token_ids,
        split=a.split and b.split,
        scaler_fits=a.scaler_fits | b.scaler_fits,
        reshape_failure=a.reshape_failure or b.reshape_failure,
        value_kind=same(a.value_kind, b.value_kind),
        computed=a.computed or b.computed,
        order=a.order if a.order is b.order else MIXED_ORDER,
    )


def combine_arrays(infos: list[ArrayInfo]) -> ArrayInfo:
    """Provenance of an array computed from several arrays (stacking, arithmetic)."""
    origins = frozenset().union(*(i.origins for i in infos))
    scales = {i.scale for i in infos}
    scale = "raw" if "raw" in scales else (scales.pop() if len(scales) == 1 else None)
    return ArrayInfo(
        origins=origins,
        scale=scale,
        token_ids=all(i.token_ids for i in infos),
        split=any(i.split for i in infos),
        scaler_fits=frozenset().union(*(i.scaler_fits for i in infos)),
        reshape_failure=next((i.reshape_failure for i in infos if i.reshape_failure), None),
        value_kind=value_kinds.join(i.value_kind for i in infos),
        computed=True,
        order=common_order(infos),
    )


#: The row order of an array computed from arrays in different orders: no order at all.
MIXED_ORDER = Origin("shuffle", "mixed")


def common_order(infos: list[ArrayInfo]) -> Origin | None:
    """The row order of values computed from several arrays: theirs when they share one."""
    orders = {id(i.order): i.order for i in infos}
    if not orders:
        return None
    return next(iter(orders.values())) if len(orders) == 1 else MIXED_ORDER
