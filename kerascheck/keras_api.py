"""What kerascheck knows about the Keras API: layer signatures and kinds, optimizers, losses.

Pure data plus name resolution. Nothing here imports Keras: the static path stays light.
"""

from __future__ import annotations

import functools
import re

# --- name resolution ------------------------------------------------------------------------

_ROOT_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("keras",),
    ("tf_keras",),
    ("tensorflow", "keras"),
    ("tensorflow", "python", "keras"),
    ("tensorflow", "compat", "v1", "keras"),
    ("tensorflow", "compat", "v2", "keras"),
    ("tensorflow", "contrib", "keras"),
)

NAMESPACES = frozenset(
    {
        "layers",
        "models",
        "optimizers",
        "losses",
        "metrics",
        "utils",
        "datasets",
        "preprocessing",
        "activations",
        "callbacks",
        "backend",
        "regularizers",
        "initializers",
        "applications",
        "ops",
        "engine",
        "saving",
    }
)

#: Symbols Keras exports at its top level (``keras.Input``, ``keras.Sequential`` ...).
_TOP_LEVEL = {
    "Input": "layers",
    "Sequential": "models",
    "Model": "models",
    "Layer": "layers",
    "InputLayer": "layers",
}


_TF_ALIASES = frozenset(
    {"optimizers", "losses", "metrics", "activations", "initializers", "regularizers"}
)


@functools.lru_cache(maxsize=4096)  # pure, and asked for every call a script makes
def resolve_keras(qualified: str) -> tuple[str, str] | None:
    """Map a fully qualified name to ``(namespace, symbol)`` if it names something in Keras.

    ``tensorflow.keras.layers.LSTM`` -> ``("layers", "LSTM")``;
    ``keras.src.layers.rnn.lstm.LSTM`` -> ``("layers", "LSTM")``;
    ``keras.datasets.mnist.load_data`` -> ``("datasets", "mnist.load_data")``;
    ``torch.nn.LSTM`` -> None.
    """
    parts = qualified.split(".")
    rest: list[str] | None = None
    for prefix in _ROOT_PREFIXES:
        if tuple(parts[: len(prefix)]) == prefix:
            rest = parts[len(prefix) :]
            break
    if rest is None and parts[0] == "tensorflow" and len(parts) > 2 and parts[1] in _TF_ALIASES:
        rest = parts[1:]  # tf.optimizers, tf.losses ... are tf.keras's
    if not rest:
        return None
    if rest[0] == "src":
        rest = rest[1:]
        if not rest:
            return None
    if len(rest) == 1:
        namespace = _TOP_LEVEL.get(rest[0])
        return (namespace, rest[0]) if namespace else None
    namespace = rest[0]
    if namespace not in NAMESPACES:
        return None
    if namespace == "datasets":
        return ("datasets", ".".join(rest[1:]))
    if namespace == "engine":  # keras.engine.sequential.Sequential (Keras 2 internals)
        namespace = "models"
    return (namespace, rest[-1])


# --- layers ---------------------------------------------------------------------------------

#: Keras 1/2 class names that Keras 3 still accepts under another name.
LAYER_ALIASES = {
    "Convolution1D": "Conv1D",
    "Convolution2D": "Conv2D",
    "Convolution3D": "Conv3D",
    "Conv2DTranspose": "Conv2DTranspose",
    "Convolution2DTranspose": "Conv2DTranspose",
    "Deconvolution2D": "Conv2DTranspose",
    "Convolution1DTranspose": "Conv1DTranspose",
    "Convolution3DTranspose": "Conv3DTranspose",
    "SeparableConvolution1D": "SeparableConv1D",
    "SeparableConvolution2D": "SeparableConv2D",
    "MaxPool1D": "MaxPooling1D",
    "MaxPool2D": "MaxPooling2D",
    "MaxPool3D": "MaxPooling3D",
    "AvgPool1D": "AveragePooling1D",
    "AvgPool2D": "AveragePooling2D",
    "AvgPool3D": "AveragePooling3D",
    "GlobalMaxPool1D": "GlobalMaxPooling1D",
    "GlobalMaxPool2D": "GlobalMaxPooling2D",
    "GlobalAvgPool1D": "GlobalAveragePooling1D",
    "GlobalAvgPool2D": "GlobalAveragePooling2D",
    "GlobalMaxPool3D": "GlobalMaxPooling3D",
    "GlobalAvgPool3D": "GlobalAveragePooling3D",
    "CuDNNLSTM": "LSTM",
    "CuDNNGRU": "GRU",
    "concatenate": "Concatenate",
    "add": "Add",
    "subtract": "Subtract",
    "multiply": "Multiply",
    "average": "Average",
    "maximum": "Maximum",
    "minimum": "Minimum",
    "dot": "Dot",
}

#: Functional merge helpers (``layers.concatenate([a, b])``) apply at construction time.
MERGE_FUNCTIONS = frozenset(
    {"concatenate", "add", "subtract", "multiply", "average", "maximum", "minimum", "dot"}
)

_CONV_POSITIONAL = ("filters", "kernel_size", "strides", "padding")
_POOL_POSITIONAL = ("pool_size", "strides", "padding", "data_format")
_RNN_POSITIONAL = ("units", "activation", "recurrent_activation")

#: Positional parameter names, in Keras 3 order, for the layers whose arguments rules read.
LAYER_SIGNATURES: dict[str, tuple[str, ...]] = {
    "InputLayer": ("shape",),
    "Input": ("shape", "batch_size", "dtype"),
    "Dense": ("units", "activation", "use_bias"),
    "EinsumDense": ("equation", "output_shape", "activation"),
    "Activation": ("activation",),
    "Dropout": ("rate", "noise_shape", "seed"),
    "SpatialDropout1D": ("rate",),
    "SpatialDropout2D": ("rate",),
    "SpatialDropout3D": ("rate",),
    "GaussianDropout": ("rate",),
    "AlphaDropout": ("rate",),
    "GaussianNoise": ("stddev",),
    "ActivityRegularization": ("l1", "l2"),
    "LSTM": _RNN_POSITIONAL,
    "GRU": _RNN_POSITIONAL,
    "SimpleRNN": ("units", "activation"),
    "ConvLSTM1D": _CONV_POSITIONAL,
    "ConvLSTM2D": _CONV_POSITIONAL,
    "ConvLSTM3D": _CONV_POSITIONAL,
    "RNN": ("cell", "return_sequences", "return_state"),
    "LSTMCell": ("units",),
    "GRUCell": ("units",),
    "SimpleRNNCell": ("units",),
    "Bidirectional": ("layer", "merge_mode", "weights", "backward_layer"),
    "TimeDistributed": ("layer",),
    "Conv1D": _CONV_POSITIONAL,
    "Conv2D": _CONV_POSITIONAL,
    "Conv3D": _CONV_POSITIONAL,
    "Conv1DTranspose": _CONV_POSITIONAL,
    "Conv2DTranspose": _CONV_POSITIONAL,
    "Conv3DTranspose": _CONV_POSITIONAL,
    "SeparableConv1D": _CONV_POSITIONAL,
    "SeparableConv2D": _CONV_POSITIONAL,
    "DepthwiseConv1D": ("kernel_size", "strides", "padding"),
    "DepthwiseConv2D": ("kernel_size", "strides", "padding"),
    "MaxPooling1D": _POOL_POSITIONAL,
    "MaxPooling2D": _POOL_POSITIONAL,
    "MaxPooling3D": _POOL_POSITIONAL,
    "AveragePooling1D": _POOL_POSITIONAL,
    "AveragePooling2D": _POOL_POSITIONAL,
    "AveragePooling3D": _POOL_POSITIONAL,
    "GlobalMaxPooling1D": ("data_format", "keepdims"),
    "GlobalMaxPooling2D": ("data_format", "keepdims"),
    "GlobalMaxPooling3D": ("data_format", "keepdims"),
    "GlobalAveragePooling1D": ("data_format", "keepdims"),
    "GlobalAveragePooling2D": ("data_format", "keepdims"),
    "GlobalAveragePooling3D": ("data_format", "keepdims"),
    "Flatten": ("data_format",),
    "Reshape": ("target_shape",),
    "Permute": ("dims",),
    "RepeatVector": ("n",),
    "Embedding": ("input_dim", "output_dim", "embeddings_initializer"),
    "Masking": ("mask_value",),
    "Normalization": ("axis", "mean", "variance"),
    "Rescaling": ("scale", "offset"),
    "BatchNormalization": ("axis", "momentum", "epsilon"),
    "LayerNormalization": ("axis", "epsilon"),
    "UnitNormalization": ("axis",),
    "GroupNormalization": ("groups", "axis", "epsilon"),
    "ReLU": ("max_value", "negative_slope", "threshold"),
    "LeakyReLU": ("negative_slope",),
    "PReLU": ("alpha_initializer",),
    "ELU": ("alpha",),
    "Softmax": ("axis",),
    "ThresholdedReLU": ("theta",),
    "ZeroPadding1D": ("padding",),
    "ZeroPadding2D": ("padding",),
    "Cropping1D": ("cropping",),
    "Cropping2D": ("cropping",),
    "UpSampling1D": ("size",),
    "UpSampling2D": ("size",),
    "Concatenate": ("axis",),
    "Add": (),
    "Subtract": (),
    "Multiply": (),
    "Average": (),
    "Maximum": (),
    "Minimum": (),
    "Dot": ("axes", "normalize"),
    "Lambda": ("function", "output_shape"),
    "Attention": ("use_scale", "score_mode"),
    "AdditiveAttention": ("use_scale",),
    "MultiHeadAttention": ("num_heads", "key_dim", "value_dim"),
    "CategoryEncoding": ("num_tokens", "output_mode"),
    # Keras 3 layers whose shape rules live in kerascheck.shapes (positionals up to ``seed``)
    "Identity": (),
    "RMSNormalization": ("axis", "epsilon"),
    "ZeroPadding3D": ("padding", "data_format"),
    "Cropping3D": ("cropping", "data_format"),
    "UpSampling3D": ("size", "data_format"),
    "AdaptiveAveragePooling1D": ("output_size", "data_format"),
    "AdaptiveAveragePooling2D": ("output_size", "data_format"),
    "AdaptiveAveragePooling3D": ("output_size", "data_format"),
    "AdaptiveMaxPooling1D": ("output_size", "data_format"),
    "AdaptiveMaxPooling2D": ("output_size", "data_format"),
    "AdaptiveMaxPooling3D": ("output_size", "data_format"),
    "GroupQueryAttention": ("head_dim", "num_query_heads", "num_key_value_heads", "dropout"),
    "Hashing": ("num_bins", "mask_value", "salt", "output_mode"),
    "Discretization": ("bin_boundaries", "num_bins", "epsilon", "output_mode"),
    "StringLookup": ("max_tokens", "num_oov_indices", "mask_token", "oov_token"),
    "IntegerLookup": ("max_tokens", "num_oov_indices", "mask_token", "oov_token"),
    "TextVectorization": ("max_tokens", "standardize", "split", "ngrams"),
    "Resizing": ("height", "width", "interpolation", "crop_to_aspect_ratio"),
    "CenterCrop": ("height", "width", "data_format"),
    "RandomCrop": ("height", "width"),
    "MelSpectrogram": ("fft_length", "sequence_stride", "sequence_length", "window"),
    "SpectralNormalization": ("layer", "power_iterations"),
    "Pipeline": ("layers",),
    "StackedRNNCells": ("cells",),
    "MaxNumBoundingBoxes": ("max_number", "fill_value"),
    "AugMix": ("value_range", "num_chains", "chain_depth", "factor"),
    "AutoContrast": ("value_range",),
    "ContrastLimitedAdaptiveHistogramEqualization": (
        "value_range",
        "clip_limit",
        "tile_grid_size",
        "data_format",
    ),
    "CutMix": ("factor",),
    "Equalization": ("value_range", "bins", "data_format"),
    "MixUp": ("alpha", "data_format"),
    "RandAugment": ("value_range", "num_ops", "factor", "interpolation"),
    "RandomBrightness": ("factor", "value_range"),
    "RandomColorDegeneration": ("factor", "value_range", "data_format"),
    "RandomColorJitter": (
        "value_range",
        "brightness_factor",
        "contrast_factor",
        "saturation_factor",
    ),
    "RandomContrast": ("factor", "value_range"),
    "RandomElasticTransform": ("factor", "scale", "interpolation", "fill_mode"),
    "RandomErasing": ("factor", "scale", "fill_value", "value_range"),
    "RandomFlip": ("mode",),
    "RandomGaussianBlur": ("factor", "kernel_size", "sigma", "value_range"),
    "RandomGrayscale": ("factor", "data_format"),
    "RandomHue": ("factor", "value_range", "data_format"),
    "RandomInvert": ("factor", "value_range"),
    "RandomPerspective": ("factor", "scale", "interpolation", "fill_value"),
    "RandomPosterization": ("factor", "value_range", "data_format"),
    "RandomRotation": ("factor", "fill_mode", "interpolation"),
    "RandomSaturation": ("factor", "value_range", "data_format"),
    "RandomSharpness": ("factor", "value_range", "data_format"),
    "RandomShear": ("x_factor", "y_factor", "interpolation", "fill_mode"),
    "RandomTranslation": ("height_factor", "width_factor", "fill_mode", "interpolation"),
    "RandomZoom": ("height_factor", "width_factor", "fill_mode", "interpolation"),
    "Solarization": ("addition_factor", "threshold_factor", "value_range"),
}

KNOWN_LAYERS = frozenset(LAYER_SIGNATURES) | frozenset(LAYER_ALIASES)

#: The step of a ``keras.Model`` each fit-like call runs: a model class that overrides it
#: decides itself what the call's data is.
STEP_OF_METHOD = {
    "fit": "train_step",
    "fit_generator": "train_step",
    "train_on_batch": "train_step",
    "evaluate": "test_step",
    "evaluate_generator": "test_step",
    "test_on_batch": "test_step",
    "predict": "predict_step",
    "predict_generator": "predict_step",
    "predict_on_batch": "predict_step",
}
#: The steps a ``keras.Model`` subclass may override.
MODEL_STEPS = frozenset(STEP_OF_METHOD.values())

RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"})
#: Recurrent layers whose ``units`` argument sets the width of the state (KC202).
RECURRENT_WITH_UNITS = frozenset({"LSTM", "GRU", "SimpleRNN"})
WRAPPERS = frozenset({"TimeDistributed", "Bidirectional"})
CONV = frozenset(
    {
        "Conv1D",
        "Conv2D",
        "Conv3D",
        "Conv1DTranspose",
        "Conv2DTranspose",
        "Conv3DTranspose",
        "SeparableConv1D",
        "SeparableConv2D",
        "DepthwiseConv1D",
        "DepthwiseConv2D",
    }
)
#: Layers that need a sequence ``(steps, features)`` per sample (KC203 cares about these).
SEQUENCE_LAYERS = (
    RECURRENT
    | {"Conv1D", "Conv1DTranspose", "SeparableConv1D", "DepthwiseConv1D"}
    | {"MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D"}
    | {"Bidirectional"}
)
#: Layers that keep the values they receive (up to noise): an activation before them still
#: decides the range of what comes out.
VALUE_KEEPING = frozenset(
    {
        "Dropout",
        "SpatialDropout1D",
        "SpatialDropout2D",
        "SpatialDropout3D",
        "GaussianDropout",
        "GaussianNoise",
        "AlphaDropout",
        "ActivityRegularization",
        "Masking",
        "Identity",
    }
)
#: Layers that neither change the rank nor add non-linearity (they are "between" layers):
#: the value-keeping ones and the normalisations, which shift and scale.
PASS_THROUGH = VALUE_KEEPING | {
    "BatchNormalization",
    "LayerNormalization",
    "UnitNormalization",
    "GroupNormalization",
    "RMSNormalization",
}
ACTIVATION_LAYERS = frozenset(
    {"Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "ThresholdedReLU"}
)
#: Layers with trainable weights that compute an affine map of their input.
LINEAR_WEIGHTED = frozenset({"Dense", "EinsumDense"}) | CONV
INPUT_SCALING_LAYERS = frozenset(
    {"Normalization", "Rescaling", "BatchNormalization", "LayerNormalization"}
)
MERGE_LAYERS = frozenset(
    {"Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot"}
)

#: Activation identifiers Keras 3 accepts as strings.
ACTIVATIONS = frozenset(
    {
        "linear",
        "relu",
        "relu6",
        "sigmoid",
        "softmax",
        "log_softmax",
        "tanh",
        "softplus",
        "softsign",
        "selu",
        "elu",
        "exponential",
        "gelu",
        "silu",
        "swish",
        "mish",
        "hard_sigmoid",
        "hard_silu",
        "hard_swish",
        "leaky_relu",
        "celu",
        "glu",
        "hard_tanh",
        "log_sigmoid",
        "soft_shrink",
        "hard_shrink",
        "tanh_shrink",
        "squareplus",
        "sparse_plus",
        "sparse_sigmoid",
        "sparsemax",
        "threshold",
    }
)


def canonical_layer(symbol: str) -> str | None:
    """The Keras 3 class name for a layer symbol, or None if it is not a layer we know."""
    if symbol in LAYER_ALIASES:
        return LAYER_ALIASES[symbol]
    if symbol in LAYER_SIGNATURES:
        return symbol
    return None


# --- optimizers -----------------------------------------------------------------------------

#: Canonical optimizer class -> its default learning rate in Keras 3.
OPTIMIZER_DEFAULT_LR: dict[str, float] = {
    "SGD": 0.01,
    "Adam": 0.001,
    "AdamW": 0.001,
    "Adamax": 0.001,
    "Nadam": 0.001,
    "RMSprop": 0.001,
    "Adagrad": 0.001,
    "Adadelta": 0.001,
    "Ftrl": 0.001,
    "Lion": 0.001,
    "Lamb": 0.001,
    "Adafactor": 0.001,
    "LossScaleOptimizer": 0.001,
}
_OPTIMIZER_STRINGS = {name.lower(): name for name in OPTIMIZER_DEFAULT_LR}


def canonical_optimizer(name: str) -> str | None:
    """``"adam"`` or ``"Adam"`` -> ``"Adam"``; None if unknown."""
    if name in OPTIMIZER_DEFAULT_LR:
        return name
    return _OPTIMIZER_STRINGS.get(name.lower())


# --- losses and metrics ---------------------------------------------------------------------

_LOSS_ALIASES = {
    "mse": "mean_squared_error",
    "mae": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "kld": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence",
    "huber_loss": "huber",
    "logcosh": "log_cosh",
    "cosine_proximity": "cosine_similarity",
}
_LOSS_NAMES = frozenset(
    {
        "mean_squared_error",
        "mean_absolute_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "kl_divergence",
        "huber",
        "log_cosh",
        "cosine_similarity",
        "binary_crossentropy",
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "binary_focal_crossentropy",
        "categorical_focal_crossentropy",
        "hinge",
        "squared_hinge",
        "categorical_hinge",
        "poisson",
        "ctc",
        "dice",
        "tversky",
    }
)
REGRESSION_LOSSES = frozenset(
    {
        "mean_squared_error",
        "mean_absolute_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "huber",
        "log_cosh",
        "cosine_similarity",
        "poisson",
    }
)
CROSSENTROPY_LOSSES = frozenset(
    {
        "binary_crossentropy",
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "binary_focal_crossentropy",
        "categorical_focal_crossentropy",
    }
)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z][a-z])", "_", name).lower()


def canonical_loss(name: str) -> str | None:
    """``"mse"``, ``"MeanSquaredError"``, ``"mean_squared_error"`` -> ``"mean_squared_error"``."""
    snake = _snake(name) if any(c.isupper() for c in name) else name
    snake = _LOSS_ALIASES.get(snake, snake)
    return snake if snake in _LOSS_NAMES else None


_ACCURACY_METRICS = {
    "accuracy": "accuracy",
    "acc": "accuracy",
    "Accuracy": "accuracy",
    "binary_accuracy": "binary_accuracy",
    "BinaryAccuracy": "binary_accuracy",
    "categorical_accuracy": "categorical_accuracy",
    "CategoricalAccuracy": "categorical_accuracy",
    "sparse_categorical_accuracy": "sparse_categorical_accuracy",
    "SparseCategoricalAccuracy": "sparse_categorical_accuracy",
}


def canonical_metric(name: str) -> str:
    """Accuracy spellings collapse to one name; other metrics keep theirs."""
    return _ACCURACY_METRICS.get(name, name)
