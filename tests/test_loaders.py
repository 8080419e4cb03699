"""Data from real loaders: what each batch holds, and what the data rules make of it (issue 10,
item 3): ImageDataGenerator iterators, the *_dataset_from_* utilities, tf.data pipelines,
TF1's MNIST reader, and literal reshapes of arrays read from files."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from kerascheck.engine import lint_source
from kerascheck.frontends.python import analyze
from kerascheck.ir import ArrayInfo, FitCall, ModuleIR


def ir_of(source: str) -> ModuleIR:
    return analyze(cst.parse_module(textwrap.dedent(source)), "t.py")


def last_fit(source: str) -> FitCall:
    return ir_of(source).models[0].fits[-1]


def data(source: str) -> tuple[ArrayInfo | None, ArrayInfo | None]:
    fit = last_fit(source)
    x = fit.x.info if fit.x is not None else None
    y = fit.y.info if fit.y is not None else None
    return x, y


def findings(source: str) -> set[str]:
    result = lint_source(textwrap.dedent(source).encode(), "train.py")
    assert not result.internal_errors, result.internal_errors
    return {f"{d.code}:{d.span.start.row}" for d in result.diagnostics if d.span is not None}


# --- ImageDataGenerator -------------------------------------------------------------------------

GENERATOR = """
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras import layers, models

datagen = ImageDataGenerator({options})
batches = datagen.{flow}
model = models.Sequential([layers.Flatten(input_shape=(150, 150, 3)), layers.Dense(2)])
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(batches)
"""


@pytest.mark.parametrize(
    ("flow", "x_shape", "y_shape", "encoding"),
    [
        ('flow_from_directory("train")', (None, 256, 256, 3), (None, None), "onehot"),
        (
            'flow_from_directory("train", target_size=(150, 150), color_mode="grayscale")',
            (None, 150, 150, 1),
            (None, None),
            "onehot",
        ),
        (
            'flow_from_directory("train", (64, 64), "rgba")',
            (None, 64, 64, 4),
            (None, None),
            "onehot",
        ),
        ('flow_from_directory("train", class_mode="binary")', (None, 256, 256, 3), (None,), "int"),
        ('flow_from_directory("train", class_mode="sparse")', (None, 256, 256, 3), (None,), "int"),
        (
            'flow_from_directory("train", classes=["cat", "dog", "fox"])',
            (None, 256, 256, 3),
            (None, 3),
            "onehot",
        ),
        (
            'flow_from_dataframe(df, "images/", x_col="f", y_col="c", target_size=(32, 32))',
            (None, 32, 32, 3),
            (None, None),
            "onehot",
        ),
    ],
)
def test_directory_iterators_yield_images_and_labels_of_their_class_mode(
    flow: str, x_shape: tuple, y_shape: tuple, encoding: str
) -> None:
    x, y = data(GENERATOR.format(options="rescale=1.0 / 255", flow=flow))
    assert x is not None and y is not None
    assert x.shape == x_shape and x.scale == "scaled"
    assert y.shape == y_shape and y.encoding == encoding


@pytest.mark.parametrize(
    ("options", "scale"),
    [
        ("", "raw"),
        ("rescale=1.0 / 255", "scaled"),
        ("rescale=None", "raw"),
        ("horizontal_flip=True", "raw"),
        ("preprocessing_function=preprocess_input", None),
        ("samplewise_center=True, samplewise_std_normalization=True", "scaled"),
        ("**augmentation", None),
    ],
)
def test_the_generator_says_whether_pixels_are_scaled(options: str, scale: str | None) -> None:
    x, _ = data(GENERATOR.format(options=options, flow='flow_from_directory("train")'))
    assert x is not None and x.scale == scale


def test_no_class_mode_yields_images_only_and_input_mode_yields_them_twice() -> None:
    x, y = data(GENERATOR.format(options="", flow='flow_from_directory("d", class_mode=None)'))
    assert x is not None and x.shape == (None, 256, 256, 3) and y is None
    x, y = data(GENERATOR.format(options="", flow='flow_from_directory("d", class_mode="input")'))
    assert x is not None and y is not None and y.shape == x.shape


def test_channels_first_generators_put_channels_first() -> None:
    x, _ = data(
        GENERATOR.format(options='data_format="channels_first"', flow='flow_from_directory("d")')
    )
    assert x is not None and x.shape == (None, 3, 256, 256)


def test_flow_keeps_the_arrays_shapes_and_encodings() -> None:
    source = """
    import numpy as np
    import keras
    from keras.preprocessing.image import ImageDataGenerator
    (x_train, y_train), _ = keras.datasets.cifar10.load_data()
    y_train = keras.utils.to_categorical(y_train, 10)
    datagen = ImageDataGenerator(rotation_range=15)
    model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10)])
    model.fit(datagen.flow(x_train / 255.0, y_train, batch_size=64), epochs=3)
    """
    x, y = data(source)
    assert x is not None and x.shape == (None, 32, 32, 3) and x.scale == "scaled"
    assert y is not None and y.shape == (None, 10) and y.encoding == "onehot"


def test_flow_from_directory_defaults_against_a_smaller_input_and_sparse_loss() -> None:
    source = """
    from keras.preprocessing.image import ImageDataGenerator
    from keras.models import Sequential
    from keras.layers import Conv2D, Flatten, Dense

    train_gen = ImageDataGenerator(rescale=1. / 255).flow_from_directory("data/train")
    model = Sequential()
    model.add(Conv2D(32, (3, 3), activation="relu", input_shape=(128, 128, 3)))
    model.add(Flatten())
    model.add(Dense(4, activation="softmax"))
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    model.fit_generator(train_gen, steps_per_epoch=50, epochs=10)
    """
    # Keras 2's fit_generator is read as fit for the data rules; Keras 3 has no such method
    assert findings(source) == {"KC104:12", "KC105:12", "KC303:12"}


def test_a_generator_without_rescale_is_unscaled_input() -> None:
    source = """
    from tensorflow import keras
    gen = keras.preprocessing.image.ImageDataGenerator(horizontal_flip=True)
    train = gen.flow_from_directory("train", target_size=(64, 64), class_mode="binary")
    model = keras.Sequential([keras.Input((64, 64, 3)), keras.layers.Conv2D(8, 3),
                              keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    model.fit(train, epochs=3)
    """
    assert findings(source) == {"KC101:8"}


# --- dataset utilities --------------------------------------------------------------------------

UTILITY = """
import tensorflow as tf
from tensorflow import keras

train_ds = {loader}
model = keras.Sequential([keras.Input((180, 180, 3)), keras.layers.Rescaling(1.0 / 255),
                          keras.layers.Flatten(), keras.layers.Dense(5, activation="softmax")])
model.compile(loss="{loss}", optimizer="adam")
model.fit(train_ds, epochs=3)
"""


@pytest.mark.parametrize(
    ("loader", "x_shape", "y_shape", "encoding"),
    [
        (
            'keras.utils.image_dataset_from_directory("flowers", image_size=(180, 180))',
            (None, 180, 180, 3),
            (None,),
            "int",
        ),
        (
            'tf.keras.preprocessing.image_dataset_from_directory("f", label_mode="categorical")',
            (None, 256, 256, 3),
            (None, None),
            "onehot",
        ),
        (
            'keras.utils.image_dataset_from_directory("f", label_mode="binary", color_mode="grayscale")',
            (None, 256, 256, 1),
            (None, 1),
            "int",
        ),
        (
            'keras.utils.image_dataset_from_directory("f", class_names=["a", "b"], label_mode="categorical")',
            (None, 256, 256, 3),
            (None, 2),
            "onehot",
        ),
        ('keras.utils.text_dataset_from_directory("aclImdb/train")', (None,), (None,), "int"),
    ],
)
def test_directory_datasets_yield_batches_of_their_label_mode(
    loader: str, x_shape: tuple, y_shape: tuple, encoding: str
) -> None:
    x, y = data(UTILITY.format(loader=loader, loss="mse"))
    assert x is not None and y is not None
    assert x.shape == x_shape and y.shape == y_shape and y.encoding == encoding


def test_directory_datasets_without_labels_or_batches() -> None:
    x, y = data(
        UTILITY.format(
            loader='keras.utils.image_dataset_from_directory("f", labels=None)', loss="mse"
        )
    )
    assert x is not None and x.shape == (None, 256, 256, 3) and y is None
    x, y = data(
        UTILITY.format(
            loader='keras.utils.image_dataset_from_directory("f", batch_size=None)', loss="mse"
        )
    )
    assert x is not None and x.shape is None  # one image at a time: no sample shape to check
    assert y is not None and y.encoding == "int"


def test_int_labels_of_image_dataset_from_directory_with_categorical_loss_is_kc104() -> None:
    loader = 'keras.utils.image_dataset_from_directory("flowers", image_size=(180, 180))'
    assert findings(UTILITY.format(loader=loader, loss="categorical_crossentropy")) == {"KC104:9"}
    assert findings(UTILITY.format(loader=loader, loss="sparse_categorical_crossentropy")) == set()


def test_the_default_image_size_against_a_declared_input_is_kc105() -> None:
    loader = 'keras.utils.image_dataset_from_directory("flowers")'
    assert findings(UTILITY.format(loader=loader, loss="sparse_categorical_crossentropy")) == {
        "KC105:9"
    }


def test_timeseries_windows() -> None:
    source = """
    import numpy as np
    import keras
    series = np.random.rand(1000, 4)
    target = series[:, 0]
    ds = keras.utils.timeseries_dataset_from_array(series, target, sequence_length=24, batch_size=64)
    model = keras.Sequential([keras.Input((24, 4)), keras.layers.LSTM(8), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="adam")
    model.fit(ds)
    """
    x, y = data(source)
    assert x is not None and y is not None
    assert x.shape == (None, 24, 4) and y.shape == (None,)
    assert findings(source) == set()
    assert findings(source.replace("keras.Input((24, 4))", "keras.Input((4, 24))")) == {"KC105:9"}


def test_timeseries_generator_of_a_flat_series_has_no_feature_axis() -> None:
    source = """
    import numpy as np
    from keras.preprocessing.sequence import TimeseriesGenerator
    from keras.models import Sequential
    from keras.layers import LSTM, Dense
    series = np.random.rand(500)
    gen = TimeseriesGenerator(series, series, length=10, batch_size=8)
    model = Sequential([LSTM(16, input_shape=(10, 1)), Dense(1)])
    model.compile(loss="mse", optimizer="adam")
    model.fit(gen, epochs=2)
    """
    x, _ = data(source)
    assert x is not None and x.shape == (None, 10)
    assert findings(source) == set()  # Keras 3 adds the trailing axis of 1 itself


# --- tf.data ------------------------------------------------------------------------------------

PIPELINE = """
import numpy as np
import tensorflow as tf
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.mnist.load_data()
ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))
ds = {chain}
model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                          keras.layers.Dense(10, activation="softmax")])
model.compile(loss="{loss}", optimizer="adam")
model.fit(ds, epochs=2)
"""


@pytest.mark.parametrize(
    ("chain", "x_shape", "y_shape", "encoding", "scale"),
    [
        ("ds.shuffle(1024).batch(32).prefetch(1)", (None, 28, 28), (None,), "int", "raw"),
        ("ds.batch(32, drop_remainder=True)", (32, 28, 28), (32,), "int", "raw"),
        (
            "ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y)).batch(8)",
            (None, 28, 28),
            (None,),
            "int",
            "scaled",
        ),
        (
            "ds.map(lambda x, y: (x, tf.one_hot(y, 10))).batch(8)",
            (None, 28, 28),
            (None, 10),
            "onehot",
            "raw",
        ),
        (
            "ds.batch(8).map(lambda x, y: (tf.expand_dims(x, -1), y))",
            (None, 28, 28, 1),
            (None,),
            "int",
            "raw",
        ),
        ("ds.batch(4).unbatch().batch(16).cache().repeat()", (None, 28, 28), (None,), "int", "raw"),
        ("ds.take(100).batch(16)", (None, 28, 28), (None,), "int", "raw"),
    ],
)
def test_pipelines_follow_the_element(
    chain: str, x_shape: tuple, y_shape: tuple, encoding: str, scale: str
) -> None:
    x, y = data(PIPELINE.format(chain=chain, loss="mse"))
    assert x is not None and y is not None
    assert x.shape == x_shape and x.scale == scale
    assert y.shape == y_shape and y.encoding == encoding


def test_a_mapped_named_function_is_followed() -> None:
    source = PIPELINE.replace(
        "ds = {chain}",
        "def prep(image, label):\n    return tf.cast(image, tf.float32) / 255.0, label\n\n"
        "ds = ds.map(prep).batch(32)",
    ).format(loss="mse")
    x, _ = data(source)
    assert x is not None and x.scale == "scaled" and x.shape == (None, 28, 28)


def test_an_unknown_map_makes_the_element_unknown() -> None:
    x, y = data(PIPELINE.format(chain="ds.map(augment).batch(8)", loss="mse"))
    assert x is None and y is None
    x, y = data(PIPELINE.format(chain="ds.map(lambda x, y: (augment(x), y)).batch(8)", loss="mse"))
    assert x is None and y is not None and y.encoding == "int"


def test_an_unbatched_dataset_keeps_its_encoding_but_no_sample_shape() -> None:
    x, y = data(PIPELINE.format(chain="ds.shuffle(10)", loss="mse"))
    assert x is not None and x.shape is None and y is not None and y.encoding == "int"


def test_pipelines_feed_the_label_and_input_rules() -> None:
    one_hot = "ds.map(lambda x, y: (x / 255.0, tf.one_hot(y, 10))).batch(32)"
    assert findings(PIPELINE.format(chain=one_hot, loss="sparse_categorical_crossentropy")) == {
        "KC104:12"
    }
    assert findings(PIPELINE.format(chain=one_hot, loss="categorical_crossentropy")) == set()
    widened = "ds.map(lambda x, y: (tf.expand_dims(x / 255.0, -1), y)).batch(32)"
    assert findings(PIPELINE.format(chain=widened, loss="sparse_categorical_crossentropy")) == set()
    flat = "ds.map(lambda x, y: (tf.reshape(x / 255.0, (784,)), y)).batch(32)"
    assert findings(PIPELINE.format(chain=flat, loss="sparse_categorical_crossentropy")) == {
        "KC105:12"
    }
    raw = "ds.batch(32)"
    assert findings(PIPELINE.format(chain=raw, loss="sparse_categorical_crossentropy")) == {
        "KC101:12"
    }


def test_from_tensor_slices_of_random_labels_is_kc102() -> None:
    source = """
    import numpy as np
    import tensorflow as tf
    x = np.random.rand(256, 8)
    y = np.random.randint(0, 2, size=(256,))
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    model = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    model.fit(ds, epochs=3)
    """
    assert findings(source) == {"KC102:9"}


# --- TF1 MNIST ----------------------------------------------------------------------------------

MNIST = """
from tensorflow.examples.tutorials.mnist import input_data
from keras.models import Sequential
from keras.layers import Dense

mnist = input_data.read_data_sets("MNIST_data/", {options})
model = Sequential([Dense(128, activation="relu", input_dim=784), Dense(10, activation="softmax")])
model.compile(loss="{loss}", optimizer="sgd")
{train}
"""


def test_tf1_mnist_splits_and_batches() -> None:
    fit = last_fit(
        MNIST.format(
            options="one_hot=True",
            loss="mse",
            train="model.fit(mnist.train.images, mnist.train.labels)",
        )
    )
    assert (
        fit.x is not None
        and fit.x.info is not None
        and fit.y is not None
        and fit.y.info is not None
    )
    assert fit.x.info.shape == (55000, 784) and fit.x.info.scale == "scaled"
    assert fit.y.info.shape == (55000, 10) and fit.y.info.encoding == "onehot"
    train = "xs, ys = mnist.train.next_batch(100)\nmodel.train_on_batch(xs, ys)"
    fit = last_fit(MNIST.format(options="", loss="mse", train=train))
    assert fit.x is not None and fit.x.info is not None and fit.x.info.shape == (100, 784)
    assert fit.y is not None and fit.y.info is not None and fit.y.info.encoding == "int"


def test_tf1_mnist_labels_against_the_loss() -> None:
    train = "xs, ys = mnist.train.next_batch(50)\nmodel.train_on_batch(xs, ys)"
    assert (
        findings(MNIST.format(options="one_hot=True", loss="categorical_crossentropy", train=train))
        == set()
    )
    assert findings(MNIST.format(options="", loss="categorical_crossentropy", train=train)) == {
        "KC104:10"
    }
    images = "model.fit(mnist.test.images.reshape(-1, 28, 28), mnist.test.labels)"
    assert findings(
        MNIST.format(options="one_hot=True", loss="categorical_crossentropy", train=images)
    ) == {"KC105:9"}


# --- literal reshapes of arrays from files --------------------------------------------------------


@pytest.mark.parametrize(
    ("load", "shape"),
    [
        ('np.load("x.npy").reshape(-1, 28, 28, 1)', (None, 28, 28, 1)),
        ('np.loadtxt("x.csv", delimiter=",").reshape((500, 64, 64, 3))', (500, 64, 64, 3)),
        ('pd.read_csv("train.csv").values.reshape(-1, 28, 28, 1)', (None, 28, 28, 1)),
        ('np.reshape(np.load("x.npy"), (-1, 28, 28))', (None, 28, 28)),
    ],
)
def test_a_literal_reshape_of_an_unknown_array_gives_rank_and_sizes(
    load: str, shape: tuple
) -> None:
    source = f"""
    import numpy as np
    import pandas as pd
    from tensorflow import keras
    X = {load} / 255.0
    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
    model.fit(X, np.zeros(10))
    """
    x, _ = data(source)
    assert x is not None and x.shape == shape


def test_fitting_an_unbatched_dataset_is_kc105_and_batching_it_is_clean() -> None:
    source = """
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras
    (x, y), _ = keras.datasets.fashion_mnist.load_data()
    x = (x.astype("float32") / 255.0)[..., np.newaxis]
    train_ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).prefetch(2)
    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit({data}, epochs=2)
    """
    assert findings(source.format(data="train_ds")) == {"KC105:10"}
    result = lint_source(textwrap.dedent(source.format(data="train_ds")).encode(), "t.py")
    (diagnostic,) = result.diagnostics
    assert "is not batched" in diagnostic.message and "ds.batch(32)" in (diagnostic.help or "")
    assert findings(source.format(data="train_ds.batch(64)")) == set()


def test_subset_both_returns_a_training_and_a_validation_dataset() -> None:
    source = """
    import keras
    train_ds, val_ds = keras.utils.image_dataset_from_directory(
        "photos", validation_split=0.2, subset="both", seed=1, image_size=(64, 64))
    model = keras.Sequential([keras.Input((64, 64, 3)), keras.layers.Rescaling(1 / 255),
                              keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.fit(train_ds, validation_data=val_ds)
    model.evaluate(val_ds)
    """
    assert findings(source) == {"KC104:8", "KC104:9"}


def test_the_channels_last_branch_of_image_data_format_is_the_one_that_runs() -> None:
    source = """
    from keras import backend as K
    from keras.models import Sequential
    from keras.layers import Conv2D, Flatten, Dense
    from keras.preprocessing.image import ImageDataGenerator
    if K.image_data_format() == "channels_first":
        input_shape = (3, 150, 150)
    else:
        input_shape = (150, 150, 3)
    model = Sequential([Conv2D(8, (3, 3), input_shape=input_shape), Flatten(), Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="rmsprop")
    gen = ImageDataGenerator(rescale=1. / 255).flow_from_directory("train", class_mode="binary")
    model.fit(gen, epochs=5)
    """
    assert findings(source) == {"KC105:13"}
    assert findings(source.replace('"train",', '"train", target_size=(150, 150),')) == set()


def test_the_first_batch_of_a_stream_has_the_batch_shape() -> None:
    source = """
    import keras
    train_ds = keras.utils.image_dataset_from_directory("photos", image_size=(64, 64))
    gen = keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255).flow_from_directory(
        "photos", target_size=(64, 64))
    images, labels = next(iter(train_ds))
    x_batch, y_batch = gen.next()
    model = keras.Sequential([keras.Input((64, 64, 3)), keras.layers.Flatten(),
                              keras.layers.Dense(3, activation="softmax")])
    model.predict(images)
    model.predict(x_batch)
    model.predict(images[0])
    """
    assert findings(source) == {"KC105:12"}


@pytest.mark.parametrize(
    ("load", "shape"),
    [
        ('image.load_img("a.png", target_size=(28, 28))', (28, 28, 3)),
        ('image.load_img("a.png", target_size=(28, 28), color_mode="grayscale")', (28, 28, 1)),
        ('image.load_img("a.png", grayscale=True)', (None, None, 1)),
        ('image.load_img("a.png", target_size=SIZE)', (None, None, 3)),
        ('image.load_img("a.png", False, "rgb", (28, 28))', None),
    ],
)
def test_load_img_and_img_to_array(load: str, shape: tuple | None) -> None:
    source = f"""
    import sys
    from keras.preprocessing import image
    from keras import models, layers
    SIZE = tuple(sys.argv[1:3])
    x = image.img_to_array({load})
    model = models.Sequential([layers.Input((28, 28, 3)), layers.Flatten(), layers.Dense(2)])
    model.predict(x)
    """
    x, _ = data(source)
    assert x is not None and x.shape == shape and x.scale == "raw"


def test_unknown_target_sizes_keep_the_rank() -> None:
    x, _ = data(GENERATOR.format(options="", flow='flow_from_directory("d", target_size=SIZE)'))
    assert x is not None and x.shape == (None, None, None, 3)


def test_a_per_channel_z_score_with_keepdims_keeps_the_reshaped_rank() -> None:
    source = """
    import numpy as np
    from tensorflow.keras import layers, models
    x = np.load(PATH).reshape(-1, 64, 256)
    mean = x.mean(axis=(0, 2), keepdims=True)
    std = np.std(x, axis=(0, 2), keepdims=True) + 1e-6
    x = (x - mean) / std
    model = models.Sequential([layers.Input((256, 64)), layers.Conv1D(8, 5), layers.Flatten(),
                               layers.Dense(4, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    model.fit(x[100:], np.zeros(100, dtype="int64"))
    """
    x, _ = data(source)
    assert x is not None and x.shape == (None, 64, 256) and x.scale == "scaled"
    assert findings(source) == {"KC105:11"}


# --- stacking -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stack", "shape"),
    [
        ("np.hstack([np.ones((X.shape[0], 1)), X])", (None, 7)),
        ("np.column_stack((X, X[:, 0]))", (None, 7)),
        ("np.concatenate([X, X], axis=1)", (None, 12)),
        ("np.concatenate([X, X])", (None, 6)),
        ("np.vstack([X, X])", (None, 6)),
        ("np.stack([X, X], axis=-1)", (None, 6, 2)),
        ("np.dstack([X, X])", (None, 6, 2)),
        ("np.concatenate([X, X], axis=None)", None),
    ],
)
def test_stacking_gives_the_stacked_shape(stack: str, shape: tuple | None) -> None:
    source = f"""
    import numpy as np
    import pandas as pd
    from tensorflow import keras
    X = pd.read_csv("houses.csv")[["a", "b", "c", "d", "e", "f"]].values
    Z = {stack}
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1)])
    model.fit(Z, np.zeros(10))
    """
    x, _ = data(source)
    assert x is not None
    got = x.shape
    if got is not None:
        got = tuple(d if isinstance(d, int) or d is None else None for d in got)
    assert got == shape


def test_a_bias_column_makes_one_feature_too_many() -> None:
    source = """
    import numpy as np
    import pandas as pd
    from tensorflow import keras
    X = pd.read_csv("houses.csv")[["a", "b", "c"]].values / 1000.0
    Xb = np.hstack([np.ones((X.shape[0], 1)), X])
    inputs = keras.Input(shape=(X.shape[1],))
    model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
    model.compile(loss="mse", optimizer="adam")
    model.fit(Xb, np.zeros(10))
    model.fit(X, np.zeros(10))
    """
    assert findings(source) == {"KC105:10"}


def test_from_tensors_is_one_batch_of_every_sample() -> None:
    x, y = data(
        PIPELINE.replace("from_tensor_slices", "from_tensors").format(chain="ds", loss="mse")
    )
    assert x is not None and x.shape == (60000, 28, 28) and y is not None and y.shape == (60000,)
    x, _ = data(
        PIPELINE.replace("from_tensor_slices", "from_tensors").format(
            chain="ds.batch(2)", loss="mse"
        )
    )
    assert x is not None and x.shape == (None, 60000, 28, 28)


# --- pad_sequences --------------------------------------------------------------------------------

PADDED = """
    import numpy as np
    from tensorflow import keras
    from tensorflow.keras.preprocessing.sequence import pad_sequences
    from tensorflow.keras.preprocessing.text import Tokenizer

    texts = ["a b c", "b c"]
    tokenizer = Tokenizer(num_words=1000)
    tokenizer.fit_on_texts(texts)
    x = pad_sequences({sequences}, maxlen=64)
    model = keras.Sequential([keras.Input((64, 3)), keras.layers.LSTM(8), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="adam")
    model.fit(x, np.zeros(len(texts)))
"""


def test_pad_sequences_of_token_ids_is_samples_by_maxlen() -> None:
    source = PADDED.format(sequences="tokenizer.texts_to_sequences(texts)")
    x, _ = data(source)
    assert x is not None and x.shape == (None, 64)
    assert "KC105:13" in findings(source)


def test_pad_sequences_of_unknown_arrays_keeps_no_guessed_rank() -> None:
    """Strokes of shape (length_i, 3) pad to (n, 64, 3): a list whose items are not known to be
    token ids gets no shape, so the Input((64, 3)) above is not blamed."""
    strokes = "[np.concatenate([s[:, :2], s[:, 2:]], axis=1) for s in np.load('s.npz')['s']]"
    source = PADDED.format(sequences=strokes)
    x, _ = data(source)
    assert x is not None and x.shape is None
    assert not {f for f in findings(source) if f.startswith("KC105")}
