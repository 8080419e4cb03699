"""Shared reading of fit()-like calls for the data rules (KC101-KC106)."""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.diagnostics import Diagnostic, Related
from kerascheck.ir import ArrayInfo, DataArg, Dim, FitCall, Model, Shape, ValueRange, same_dim
from kerascheck.keras_api import INPUT_SCALING_LAYERS, PASS_THROUGH, STEP_OF_METHOD
from kerascheck.shapes.tensor_ops import OP_RULES, keeps_values

CATEGORICAL_LOSSES = frozenset({"categorical_crossentropy", "categorical_focal_crossentropy"})

#: Layers that neither scale values nor need scaled ones: a Rescaling or Normalization after
#: them still sits "at the model input" (augmentation, resizing, pure shape changes).
_LOOK_THROUGH = (PASS_THROUGH - INPUT_SCALING_LAYERS) | {
    "RandomFlip",
    "RandomRotation",
    "RandomZoom",
    "RandomTranslation",
    "RandomContrast",
    "RandomCrop",
    "RandomBrightness",
    "Resizing",
    "CenterCrop",
    "Reshape",
    "Flatten",
    "Permute",
}


#: calls that only run the model: x is checked as fit's (KC105), there are no labels
PREDICTIONS = frozenset({"predict", "predict_on_batch", "predict_generator", "__call__"})


def fits(ctx: CheckContext) -> Iterator[tuple[Model, FitCall]]:
    """Every fit-like call of every model whose data Keras hands to the model's inputs and
    loss, predictions included."""
    for model in ctx.module.models:
        for fit in model_fits(model):
            yield model, fit


def model_fits(model: Model) -> list[FitCall]:
    """The fit-like calls of ``model`` but those its class runs through a step of its own: a
    ``train_step`` decides what x and y are (a pair of images, a dict, labels made inside), so
    the data rules have nothing to compare them with."""
    if not model.custom_steps:
        return model.fits
    return [fit for fit in model.fits if STEP_OF_METHOD.get(fit.method) not in model.custom_steps]


def trainings(ctx: CheckContext) -> Iterator[tuple[Model, FitCall]]:
    """The calls that train or evaluate (not predictions): the data rules about training."""
    return ((model, fit) for model, fit in fits(ctx) if fit.method not in PREDICTIONS)


def called(fit: FitCall) -> str:
    """The call as messages name it: ``fit()``, ``predict()``, ``model(...)``."""
    return "model(...)" if fit.method == "__call__" else f"{fit.method}()"


def known(arg: DataArg | None) -> ArrayInfo | None:
    return arg.info if arg is not None else None


def name_of(arg: DataArg, fallback: str) -> str:
    return f"`{arg.label}`" if arg.label else fallback


def labels_phrase(arg: DataArg) -> str:
    """``The labels `y_train``` or ``The labels``: the subject of a plural sentence."""
    return f"The labels `{arg.label}`" if arg.label else "The labels"


def loss_name(model: Model) -> str | None:
    compile_info = model.compile
    if compile_info is None or compile_info.loss is None:
        return None
    return compile_info.loss.name


def origin_notes(info: ArrayInfo, what: str) -> tuple[Related, ...]:
    """Related locations: where each source of the array was created."""
    return tuple(
        Related(f"{what} {origin.shown}", anchor=origin.anchor)
        for origin in sorted(info.origins, key=lambda o: o.uid)
        if origin.anchor is not None
    )


def first_layers(model: Model) -> list[str]:
    """Class names of the first real layers after the inputs (skipping pass-through ones)."""
    names: list[str] = []
    frontier = list(model.inputs)
    seen: set[int] = set()
    while frontier:
        node = frontier.pop()
        for successor in model.successors(node):
            if id(successor) in seen:
                continue
            seen.add(id(successor))
            cls = successor.layer.cls
            if cls in _LOOK_THROUGH or keeps_values(successor.layer):
                frontier.append(successor)
            else:
                names.append(cls)
    if not model.inputs and model.nodes:
        names.append(model.nodes[0].layer.cls)
    return names


def scales_its_input(model: Model) -> bool | None:
    """True if the model normalises its own input; None if we cannot see its first layer."""
    names = first_layers(model)
    if not names or any(not name or name in OP_RULES for name in names):
        return None  # an unresolved layer, or a function of the input (``x / 255.0``)
    return any(name in INPUT_SCALING_LAYERS for name in names)


def int_labels_for_categorical(loss: str | None, labels: ArrayInfo) -> bool:
    """KC104's first case; KC106 stays quiet when it holds."""
    return loss in CATEGORICAL_LOSSES and labels.encoding == "int"


def multi_hot_labels(model: Model) -> bool:
    """Some fit of ``model`` gets labels with several ones per row (KC108; KC206 then stays
    quiet about a softmax output, which KC108 explains)."""
    return any(
        fit.y is not None and fit.y.info is not None and fit.y.info.encoding == "multihot"
        for fit in model_fits(model)
    )


def onehot_labels_for_sparse(loss: str | None, labels: ArrayInfo) -> bool:
    """KC104's second case."""
    return loss == "sparse_categorical_crossentropy" and labels.encoding == "onehot"


def failed_reshapes(ctx: CheckContext, role: str) -> Iterator[Diagnostic]:
    """One finding per reshape that cannot run on data passed to a fit-like call as ``role``
    ("x" or "y"), at the reshape: numpy raises ValueError there, before Keras sees anything.

    KC105 reports those of x, KC106 those of y; the anchor is the reshape, not the argument,
    because that is the line that stops the script.
    """
    code = "KC105" if role == "x" else "KC106"
    seen: set[int] = set()
    for _, fit in fits(ctx):
        arg = fit.x if role == "x" else fit.y
        failure = arg.info.reshape_failure if arg is not None and arg.info is not None else None
        if arg is None or failure is None or id(failure.anchor) in seen:
            continue
        seen.add(id(failure.anchor))
        name = f"`{arg.label}`" if arg.label else ("the input" if role == "x" else "the labels")
        yield Diagnostic(
            code,
            f"{failure.call}(...) to {failure.target} cannot run: the array holds "
            f"{failure.held} values",
            help=f"A {failure.target} array holds {failure.asked} values, so numpy raises "
            f"ValueError (cannot reshape array of size {failure.held} into shape "
            f"{failure.target}) and {name} never reaches {called(fit)}. Reshape with the "
            "array's own length (-1 or len(x)) instead of a copied sample count.",
            anchor=failure.anchor,
            related=(Related(f"{name} is passed to {called(fit)} here", anchor=arg.anchor),),
        )


def dims_agree(a: tuple[Dim, ...], b: tuple[Dim, ...]) -> bool:
    """Same rank, and no dimension known to differ (``X.shape[1]`` may be anything but
    ``X.shape[1] - 1``)."""
    if len(a) != len(b):
        return False
    return all(same_dim(x, y) is not False for x, y in zip(a, b, strict=True))


def data_shape(shape: Shape) -> str:
    """An array's shape as the user would print it, ``?`` for unknown sizes: ``(?, 20, 1)``."""
    text = ", ".join("?" if d is None else str(d) for d in shape)
    return f"({text},)" if len(shape) == 1 else f"({text})"


def describe_range(bounds: ValueRange) -> str:
    """``[0, 400]``, ``[-1, 1]``, ``[1.2e+05, 7.5e+05]``."""
    return "[" + ", ".join(_number(v) for v in bounds) + "]"


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) and abs(value) < 1e7 else f"{value:.3g}"
