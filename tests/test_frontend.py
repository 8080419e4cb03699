"""The libcst frontend: names resolve through imports, models and data provenance land in the IR."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from kerascheck.frontends.python import analyze
from kerascheck.ir import UNKNOWN, ModuleIR


def ir_of(source: str) -> ModuleIR:
    return analyze(cst.parse_module(textwrap.dedent(source)), "t.py")


def layer_classes(ir: ModuleIR, index: int = 0) -> list[str]:
    return [node.layer.cls for node in ir.models[index].nodes]


IMPORT_STYLES = [
    "import keras\nL = keras.layers.LSTM",
    "from tensorflow import keras\nL = keras.layers.LSTM",
    "import tensorflow as tf\nL = tf.keras.layers.LSTM",
    "from tensorflow.keras.layers import LSTM as L",
    "from keras import layers\nL = layers.LSTM",
    "import keras.layers as kl\nL = kl.LSTM",
    "from keras.src.layers.rnn.lstm import LSTM as L",
    "from keras.layers import *\nL = LSTM",
    "import tensorflow.keras as K\nL = K.layers.LSTM",
]


@pytest.mark.parametrize("imports", IMPORT_STYLES)
def test_every_import_style_resolves_keras_layers(imports: str) -> None:
    ir = ir_of(imports + "\nlayer = L(4)\n")
    assert [layer.cls for layer in ir.layers] == ["LSTM"]
    assert ir.layers[0].params == {"units": 4}


@pytest.mark.parametrize(
    "source",
    [
        "import torch.nn as nn\nx = nn.LSTM(4, 2)\n# keras",
        "class LSTM:\n    def __init__(self, n): pass\nx = LSTM(4)\n# keras",
        "from mylib.keras_utils import LSTM\nx = LSTM(4)",
        "LSTM(4)  # keras, but never imported",
        "from tensorflow.keras.layers import LSTM\nclass LSTM:\n    pass\nLSTM(4)",
    ],
)
def test_names_from_elsewhere_are_never_keras(source: str) -> None:
    assert ir_of(source).layers == []


def test_sequential_list_add_and_declared_input() -> None:
    ir = ir_of(
        """
        from keras.models import Sequential
        from keras.layers import LSTM, Dense, Dropout
        UNITS = 16
        m1 = Sequential([LSTM(UNITS, input_shape=(20, 1)), Dense(1)])
        m2 = Sequential()
        m2.add(LSTM(UNITS * 2, batch_input_shape=(None, 10, 3)))
        m2.add(Dropout(0.5))
        """
    )
    assert layer_classes(ir, 0) == ["InputLayer", "LSTM", "Dense"]
    assert ir.models[0].nodes[0].layer.params["shape"] == (20, 1)
    assert ir.models[0].nodes[1].layer.params["units"] == 16
    assert layer_classes(ir, 1) == ["InputLayer", "LSTM", "Dropout"]
    assert ir.models[1].nodes[0].layer.params["shape"] == (10, 3)
    assert ir.models[1].nodes[1].layer.params["units"] == 32
    assert ir.models[1].nodes[2].inputs == [ir.models[1].nodes[1]]


def test_functional_graph_with_merge_and_wrappers() -> None:
    ir = ir_of(
        """
        import keras
        from keras import layers
        inp = keras.Input(shape=(20, 1))
        a = layers.Bidirectional(layers.LSTM(8, return_sequences=True))(inp)
        b = layers.TimeDistributed(layers.Dense(4))(a)
        merged = layers.concatenate([a, b])
        out = layers.Dense(1, activation="sigmoid")(layers.GlobalAveragePooling1D()(merged))
        model = keras.Model(inputs=inp, outputs=out)
        """
    )
    model = ir.models[0]
    assert model.kind == "functional" and model.complete
    assert [n.layer.cls for n in model.nodes] == [
        "InputLayer",
        "Bidirectional",
        "TimeDistributed",
        "Concatenate",
        "GlobalAveragePooling1D",
        "Dense",
    ]
    assert model.nodes[1].layer.inner is not None and model.nodes[1].layer.inner.cls == "LSTM"
    assert [i.layer.cls for i in model.nodes[3].inputs] == ["Bidirectional", "TimeDistributed"]
    assert model.output is model.nodes[-1]


def test_positional_arguments_map_to_keras_names() -> None:
    ir = ir_of(
        """
        from keras.layers import Conv2D, Dense, Dropout
        Conv2D(32, 3, 3, activation="relu")
        Dense(10, "softmax")
        Dropout(0.3)
        """
    )
    conv, dense, dropout = ir.layers
    assert conv.params == {"filters": 32, "kernel_size": 3, "strides": 3, "activation": "relu"}
    assert conv.positional == ("filters", "kernel_size", "strides")
    assert dense.params == {"units": 10, "activation": "softmax"}
    assert dropout.params == {"rate": 0.3}


def test_model_built_in_a_function_links_compile_and_fit() -> None:
    ir = ir_of(
        """
        import numpy as np
        from tensorflow import keras

        def build(units=4, lr=1e-3):
            model = keras.Sequential([keras.layers.LSTM(units, input_shape=(20, 1)), keras.layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="mse")
            return model

        model = build(units=32)
        model.fit(np.random.rand(10, 20, 1), np.random.rand(10))
        """
    )
    (model,) = ir.models
    assert model.nodes[1].layer.params["units"] == 32
    assert model.compile is not None and model.compile.loss is not None
    assert model.compile.loss.name == "mean_squared_error"
    assert model.compile.optimizer is not None
    assert (model.compile.optimizer.name, model.compile.optimizer.learning_rate) == ("Adam", 1e-3)
    (fit,) = model.fits
    assert fit.x is not None and fit.x.info is not None and fit.x.info.shape == (10, 20, 1)


def test_uncalled_functions_are_still_read_with_their_defaults() -> None:
    ir = ir_of(
        """
        from keras.layers import LSTM
        def make(units=4, other=None):
            return LSTM(units), LSTM(other)
        """
    )
    assert [layer.params["units"] for layer in ir.layers] == [4, None]


def test_undecidable_branch_makes_values_unknown_and_models_incomplete() -> None:
    ir = ir_of(
        """
        import sys
        from keras import Sequential, layers
        units = 4 if sys.argv[1] else 64
        model = Sequential()
        if sys.argv[2]:
            model.add(layers.LSTM(units))
        model.add(layers.Dense(1))
        """
    )
    assert ir.layers[0].params["units"] is UNKNOWN
    model = ir.models[0]
    assert not model.complete
    assert [n.layer.cls for n in model.nodes] == ["", "Dense"]


def test_main_guard_and_literal_loops_are_followed() -> None:
    ir = ir_of(
        """
        from keras import Sequential, layers
        model = Sequential()
        if __name__ == "__main__":
            for width in (64, 32):
                model.add(layers.GRU(width, return_sequences=True))
        """
    )
    assert [n.layer.params.get("units") for n in ir.models[0].nodes] == [64, 32]
    assert ir.models[0].complete


def test_provenance_through_split_scaling_and_encoding() -> None:
    ir = ir_of(
        """
        import numpy as np
        import pandas as pd
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import MinMaxScaler
        from keras.utils import to_categorical
        import keras

        df = pd.read_csv("data.csv")
        x = df.iloc[:, :-1].values
        y = to_categorical(df["label"].values, num_classes=3)
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25)
        scaler = MinMaxScaler().fit(x_train)
        x_train_s = scaler.transform(x_train)
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.fit(x_train, y_train)
        model.fit(x_train_s, y_train)
        """
    )
    raw_fit, scaled_fit = ir.models[0].fits
    assert raw_fit.x is not None and raw_fit.x.info is not None
    assert raw_fit.x.info.scale == "raw" and raw_fit.x.info.split
    assert {o.kind for o in raw_fit.x.info.origins} == {"disk"}
    assert scaled_fit.x is not None and scaled_fit.x.info is not None
    assert scaled_fit.x.info.scale == "scaled"
    assert raw_fit.y is not None and raw_fit.y.info is not None
    assert (raw_fit.y.info.encoding, raw_fit.y.info.num_classes) == ("onehot", 3)
    assert ir.leaks == []  # fitted on the training split only


def test_random_labels_derived_from_inputs_are_not_random() -> None:
    ir = ir_of(
        """
        import numpy as np
        import keras
        x = np.random.rand(100, 8)
        y_learnable = (x.sum(axis=1) > 4).astype("int32")
        y_noise = np.random.randint(0, 2, size=(100,))
        m = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        m.fit(x, y_learnable)
        m.fit(x, y_noise)
        """
    )
    learnable, noise = (fit.y.info for fit in ir.models[0].fits if fit.y)
    x_info = ir.models[0].fits[0].x.info  # type: ignore[union-attr]
    assert learnable is not None and noise is not None and x_info is not None
    assert learnable.derived_from(x_info) and learnable.encoding == "int"
    assert noise.is_random and not noise.derived_from(x_info)
    assert noise.shape == (100,) and noise.num_classes == 2


def test_dataset_loaders_unpack_nested_tuples() -> None:
    ir = ir_of(
        """
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(-1, 784) / 255.0
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.fit(x_train, y_train)
        """
    )
    (fit,) = ir.models[0].fits
    assert (
        fit.x and fit.x.info and fit.x.info.shape == (60000, 784) and fit.x.info.scale == "scaled"
    )
    assert fit.y and fit.y.info and fit.y.info.encoding == "int" and fit.y.info.num_classes == 10


def test_loop_appends_make_lengths_unknown() -> None:
    ir = ir_of(
        """
        import numpy as np
        import keras
        rows = []
        for i in range(1000):
            rows.append(np.random.rand(20))
        short = []
        for i in range(3):
            short.append(np.random.rand(20))
        m = keras.Sequential([keras.layers.Dense(1)])
        m.fit(np.array(rows), np.array(short))
        """
    )
    (fit,) = ir.models[0].fits
    assert fit.x and fit.x.info and fit.x.info.shape == (None, 20)
    assert fit.y and fit.y.info and fit.y.info.shape == (3, 20)


def test_scaler_fit_on_full_data_then_split_is_a_leak() -> None:
    ir = ir_of(
        """
        import numpy as np
        from sklearn.preprocessing import StandardScaler
        from sklearn.model_selection import train_test_split
        x = np.load("x.npy")
        y = np.load("y.npy")
        x = StandardScaler().fit_transform(x)
        a, b, c, d = train_test_split(x, y)
        """
    )
    assert len(ir.leaks) == 1


def test_compile_forms_resolve_losses_optimizers_and_metrics() -> None:
    ir = ir_of(
        """
        import tensorflow as tf
        from keras import losses
        m = tf.keras.Sequential([tf.keras.layers.Dense(3)])
        m.compile(tf.keras.optimizers.SGD(0.5), losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=[tf.keras.metrics.SparseCategoricalAccuracy(), "acc"])
        n = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        n.compile(loss=tf.keras.losses.mean_absolute_error, optimizer=tf.optimizers.RMSprop)
        """
    )
    first, second = (m.compile for m in ir.models)
    assert first and first.optimizer and first.loss
    assert (first.optimizer.name, first.optimizer.learning_rate) == ("SGD", 0.5)
    assert (first.loss.name, first.loss.from_logits) == ("sparse_categorical_crossentropy", True)
    assert first.metrics == ["sparse_categorical_accuracy", "accuracy"]
    assert second and second.loss and second.optimizer
    assert second.loss.name == "mean_absolute_error"
    assert (second.optimizer.name, second.optimizer.learning_rate) == ("RMSprop", None)


def test_star_kwargs_make_parameters_unknown_not_absent() -> None:
    ir = ir_of(
        """
        from keras.layers import LSTM
        config = {"units": 4}
        LSTM(**config)
        """
    )
    assert ir.layers[0].params["units"] is UNKNOWN
    assert ir.layers[0].params["return_sequences"] is UNKNOWN


def test_recursion_and_deep_calls_terminate() -> None:
    ir = ir_of(
        """
        from keras.layers import Dense
        def f(n):
            Dense(n)
            return f(n - 1)
        f(3)
        """
    )
    assert [layer.params["units"] for layer in ir.layers][:1] == [3]


def test_reductions_over_several_axes_drop_them_from_the_shape() -> None:
    ir = ir_of(
        """
        import numpy as np
        import keras
        x = np.random.rand(50, 20, 3)
        y = (x.sum(axis=(1, 2)) > 30).astype("int32")
        keras.Sequential([keras.layers.Dense(1)]).fit(x, y)
        """
    )
    (fit,) = ir.models[0].fits
    assert fit.y and fit.y.info and fit.y.info.shape == (50,)


def test_tf_nn_functions_are_activations_only_when_keras_knows_them() -> None:
    ir = ir_of(
        """
        import tensorflow as tf
        tf.keras.layers.Dense(4, activation=tf.nn.relu)
        tf.keras.layers.Dense(4, activation=tf.nn.crelu)
        """
    )
    assert [layer.params["activation"] for layer in ir.layers] == ["relu", UNKNOWN]


def test_hyperparameter_dicts_resolve_and_mutations_are_followed() -> None:
    ir = ir_of(
        """
        import sys
        from keras.layers import LSTM, Dense, GRU
        CONFIG = {"units": 4, "dense": 16}
        CONFIG["dense"] = 32
        LSTM(CONFIG["units"])
        Dense(CONFIG.get("dense"))
        Dense(CONFIG.get("missing", 8))
        OTHER = {"units": 4}
        if sys.argv:
            OTHER["units"] = 64
        GRU(OTHER["units"])
        """
    )
    assert [layer.params["units"] for layer in ir.layers] == [4, 32, 8, UNKNOWN]


def test_labels_from_a_dataframe_column_are_one_per_row() -> None:
    ir = ir_of(
        """
        import pandas as pd
        import keras
        df = pd.read_csv("d.csv")
        y = keras.utils.to_categorical(df["label"].map({"a": 0, "b": 1}).values, num_classes=2)
        keras.Sequential([keras.layers.Dense(2)]).fit(df.drop(columns=["label"]).values, y)
        """
    )
    (fit,) = ir.models[0].fits
    assert fit.y and fit.y.info and fit.y.info.shape == (None, 2)


def test_matrix_products_keep_the_inputs_provenance() -> None:
    ir = ir_of(
        """
        import numpy as np
        import keras
        x = np.random.rand(100, 3)
        w = np.array([1.0, -2.0, 0.5])
        m = keras.Sequential([keras.layers.Dense(1)])
        m.fit(x, x @ w + 0.1 * np.random.randn(100))
        m.fit(x, x.dot(w))
        m.fit(x, np.dot(x, w))
        """
    )
    x_info = ir.models[0].fits[0].x.info  # type: ignore[union-attr]
    for fit in ir.models[0].fits:
        assert fit.y and fit.y.info and fit.y.info.derived_from(x_info)  # type: ignore[arg-type]
        assert fit.y.info.shape == (100,)


@pytest.mark.parametrize(
    ("name", "held_out"),
    [
        ("test", True),
        ("X_test", True),
        ("testX", True),
        ("x_val", True),
        ("X_valid", True),
        ("train", False),
        ("values", False),
        ("interval", False),
        ("trainX", False),
        ("latest", False),
    ],
)
def test_held_out_names(name: str, held_out: bool) -> None:
    from kerascheck.frontends.python.statements import is_held_out

    assert is_held_out(name) is held_out


def test_rows_of_scaled_data_taken_as_a_test_set_are_a_leak() -> None:
    ir = ir_of(
        """
        import numpy as np
        from sklearn.preprocessing import MinMaxScaler
        dataset = np.loadtxt("passengers.csv").reshape(-1, 1)
        dataset = MinMaxScaler(feature_range=(0, 1)).fit_transform(dataset)
        train_size = int(len(dataset) * 0.67)
        train, test = dataset[0:train_size, :], dataset[train_size:len(dataset), :]

        def windows(data, look_back=1):
            return data[0:look_back, 0]

        window = windows(dataset, 3)
        """
    )
    assert len(ir.leaks) == 1
