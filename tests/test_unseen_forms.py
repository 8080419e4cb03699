"""Data forms of real scripts nobody here wrote that left fit's x unknown: numpy arrays of
Python ranges (learners' toy data) and scikit-learn's Boston housing set."""

from __future__ import annotations

import textwrap

import libcst as cst

from kerascheck.frontends.python import analyze
from kerascheck.ir import FitCall, Model
from kerascheck.shapes import infer_shapes


def calls_of(source: str) -> list[FitCall]:
    models = analyze(cst.parse_module(textwrap.dedent(source)), "<test>").models
    return [call for model in models for call in model.fits]


def x_shape(call: FitCall) -> object:
    assert call.x is not None and call.x.info is not None
    return call.x.info.shape


RANGES = """\
    import numpy as np
    from tensorflow.keras.models import Sequential
    from tensorflow.keras.layers import Dense

    x = np.array([range(100), range(301, 401), range(1, 101)])
    x = np.transpose(x)
    y = np.array(range(1001, 1101))
    model = Sequential([Dense(1, input_shape=(3,))])
    model.compile(loss="mse")
    model.fit(x, y)
    """


def test_an_array_of_ranges_has_their_lengths() -> None:
    (call,) = calls_of(RANGES)
    assert x_shape(call) == (100, 3)
    assert call.y is not None and call.y.info is not None
    assert call.y.info.shape == (100,)
    assert call.y.info.value_range == (1001.0, 1100.0)


def test_ranges_of_unequal_lengths_stay_unknown() -> None:
    source = RANGES.replace("range(1, 101)", "range(1, 50)")
    (call,) = calls_of(source)
    assert call.x is None or call.x.info is None or call.x.info.shape is None


def test_a_huge_range_is_not_expanded() -> None:
    source = RANGES.replace("range(1001, 1101)", "range(10**9)")
    (call,) = calls_of(source)
    assert call.y is None or call.y.info is None


BOSTON = """\
    from sklearn.datasets import load_boston
    from sklearn.model_selection import train_test_split
    from tensorflow.keras.models import Sequential
    from tensorflow.keras.layers import Dense

    datasets = load_boston()
    x_train, x_test, y_train, y_test = train_test_split(
        datasets.data, datasets.target, train_size=0.75, random_state=66
    )
    x_train = x_train.reshape(379, 13, 1)
    model = Sequential([Dense(1, input_shape=(13,))])
    model.compile(loss="mse")
    model.fit(x_train, y_train)
    """


def test_boston_housing_of_scikit_learn() -> None:
    (call,) = calls_of(BOSTON)
    assert x_shape(call) == (379, 13, 1)
    assert call.y is not None and call.y.info is not None
    assert call.y.info.value_range == (5.0, 50.0)


def test_boston_split_without_reshape() -> None:
    (call,) = calls_of(BOSTON.replace("x_train = x_train.reshape(379, 13, 1)", ""))
    shape = x_shape(call)
    assert isinstance(shape, tuple) and shape[1:] == (13,)


CSV_MAPPED = """\
    import keras
    from keras import layers
    from tensorflow import data as tf_data

    CSV_HEADER = ["a", "b", "y"]

    def process(features, target):
        return dict(features), target

    def get_dataset_from_csv(path, batch_size):
        return tf_data.experimental.make_csv_dataset(
            path, batch_size=batch_size, column_names=CSV_HEADER, label_name="y"
        ).map(process)

    inputs = {n: layers.Input(name=n, shape=(1,)) for n in ["a", "b"]}
    x = layers.concatenate([inputs["a"], inputs["b"]])
    model = keras.Model(inputs, layers.Dense(1)(x))
    model.compile(loss="mse")
    model.fit(get_dataset_from_csv("f.csv", 32))
    """


def test_dict_of_a_csv_datasets_features_keeps_its_columns() -> None:
    (call,) = calls_of(CSV_MAPPED)
    assert call.x is not None
    assert call.x.keys == ("a", "b")
    assert [part.info.shape for part in call.x.parts if part.info] == [(None,), (None,)]


def test_dict_with_keywords_stays_unknown() -> None:
    (call,) = calls_of(CSV_MAPPED.replace("dict(features)", "dict(features, c=1)"))
    assert call.x is None or (call.x.info is None and not call.x.parts)


SIAMESE = """\
    import tensorflow as tf
    import keras
    from keras import layers

    def euclidean_distance(vects):
        x, y = vects
        sum_square = tf.math.reduce_sum(tf.math.square(x - y), axis=1, keepdims=True)
        return tf.math.sqrt(tf.math.maximum(sum_square, EPSILON))

    left, right = layers.Input((8,)), layers.Input((8,))
    distance = layers.Lambda(euclidean_distance)([left, right])
    model = keras.Model([left, right], layers.Dense(1, activation="sigmoid")(distance))
    """


def models_of(source: str) -> list[Model]:
    return analyze(cst.parse_module(textwrap.dedent(source)), "<test>").models


def test_a_tensor_and_keras_epsilon_keep_the_tensors_shape() -> None:
    for spelled in ("tf.keras.backend.epsilon()", "keras.config.epsilon()"):
        (model,) = models_of(SIAMESE.replace("EPSILON", spelled))
        shapes = infer_shapes(model)
        assert [shapes.output_of(node) for node in model.outputs] == [(None, 1)]


def test_a_tensor_and_an_unknown_value_stay_unknown() -> None:
    (model,) = models_of(SIAMESE.replace("EPSILON", "unknown_floor()"))
    shapes = infer_shapes(model)
    assert [shapes.output_of(node) for node in model.outputs] != [(None, 1)]


SUB_PIXEL = """\
    import tensorflow as tf
    import keras
    from keras import layers

    inputs = keras.Input(shape=(8, 6, 1))
    x = layers.Conv2D(CHANNELS, 3, padding="same")(inputs)
    outputs = tf.nn.depth_to_space(x, 3)
    model = keras.Model(inputs, outputs)
    """


def output_shape(source: str) -> object:
    (model,) = models_of(source)
    shapes = infer_shapes(model)
    (shape,) = [shapes.output_of(node) for node in model.outputs]
    return shape


def test_depth_to_space_moves_channels_into_pixels() -> None:
    assert output_shape(SUB_PIXEL.replace("CHANNELS", "18")) == (None, 24, 18, 2)


def test_depth_to_space_of_channels_it_does_not_divide_leaves_them_unknown() -> None:
    assert output_shape(SUB_PIXEL.replace("CHANNELS", "10")) == (None, 24, 18, None)


def test_space_to_depth_is_the_converse() -> None:
    source = SUB_PIXEL.replace("CHANNELS", "4").replace(
        "depth_to_space(x, 3)", "space_to_depth(x, 2)"
    )
    assert output_shape(source) == (None, 4, 3, 16)


def test_depth_to_space_of_channels_first_data_stays_unknown() -> None:
    source = SUB_PIXEL.replace("CHANNELS", "18").replace("(x, 3)", '(x, 3, data_format="NCHW")')
    for model in models_of(source):
        shapes = infer_shapes(model)
        assert [shapes.output_of(node) for node in model.outputs] != [(None, 24, 18, 2)]


LOOP_LIST = """\
    import numpy as np
    import keras
    from keras import layers

    series = []
    for row in load_rows():
        series.append(convert(row))
    x = np.asarray(series).astype(np.float32).reshape(-1, 512, 1)
    model = keras.Sequential([keras.Input((512, 1)), layers.Flatten(), layers.Dense(1)])
    model.compile(loss="mse")
    model.fit(x, y)
    """


def test_an_array_of_a_list_not_followed_takes_the_rank_of_its_reshape() -> None:
    (call,) = calls_of(LOOP_LIST)
    assert x_shape(call) == (None, 512, 1)


def test_an_array_of_a_list_not_followed_has_no_shape() -> None:
    (call,) = calls_of(LOOP_LIST.replace(".reshape(-1, 512, 1)", ""))
    assert call.x is None or call.x.info is None or call.x.info.shape is None


def test_a_function_not_followed_leaves_the_reshape_unknown() -> None:
    (call,) = calls_of(LOOP_LIST.replace("np.asarray(series)", "convert_all(series)"))
    assert call.x is None or call.x.info is None or call.x.info.shape is None


ATTENTION = """\
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class CausalSelfAttention(layers.Layer):
        def __init__(self, width):
            super().__init__()
            self.width = width
            self.q = layers.Dense(width)
            self.k = layers.Dense(width)

        def call(self, x):
            query, key = self.q(x), self.k(x)
            score = tf.matmul(query, key, transpose_b=True)
            score = score / tf.math.sqrt(SCALE)
            size = tf.shape(score)
            rows, cols = size[1], size[2]
            mask = tf.cast(tf.range(rows)[:, None] >= tf.range(cols) - cols + rows, score.dtype)
            score = score * mask - 1e9 * (1 - mask)
            return tf.matmul(tf.nn.softmax(score, axis=-1), x)

    inputs = layers.Input(shape=(12, 16))
    model = keras.Model(inputs, CausalSelfAttention(16)(inputs))
    """


def test_scaled_causal_attention_keeps_its_shape() -> None:
    for scale in ("tf.cast(tf.shape(key)[-1], tf.float32)", "tf.cast(self.width, 'float32')"):
        assert output_shape(ATTENTION.replace("SCALE", scale)) == (None, 12, 16)


def test_attention_scaled_by_an_unknown_value_stays_unknown() -> None:
    for model in models_of(ATTENTION.replace("SCALE", "unknown_scale(key)")):
        shapes = infer_shapes(model)
        assert [shapes.output_of(node) for node in model.outputs] != [(None, 12, 16)]


PAIRS = """\
    import random
    import numpy as np
    import keras
    from keras import layers

    def make_pairs(x, y):
        pairs = []
        labels = []
        for i in range(len(x)):
            other = x[random.randint(0, len(x) - 1)]
            pairs += [[x[i], other]]
            labels += [1]
        return np.array(pairs), np.array(labels).astype("float32")

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    pairs_train, labels_train = make_pairs(x_train[:3000], y_train[:3000])
    left, right = layers.Input((28, 28)), layers.Input((28, 28))
    merged = layers.concatenate([layers.Flatten()(left), layers.Flatten()(right)])
    model = keras.Model([left, right], layers.Dense(1)(merged))
    model.compile(loss="mse")
    model.fit([pairs_train[:, 0], pairs_train[:, 1]], labels_train)
    """


def test_pairs_grown_with_plus_equals_in_a_counted_loop() -> None:
    (call,) = calls_of(PAIRS)
    assert call.x is not None
    assert [part.info.shape for part in call.x.parts if part.info] == [(None, 28, 28)] * 2


def test_an_index_not_known_to_be_an_int_leaves_the_rank_unknown() -> None:
    source = PAIRS.replace("random.randint(0, len(x) - 1)", "random.random()")
    (call,) = calls_of(source)
    assert call.x is not None
    assert all(part.info is None or part.info.shape is None for part in call.x.parts)


def test_a_counter_of_a_rebound_range_is_not_an_int() -> None:
    source = PAIRS.replace("import random\n", "import random\n    range = my_range\n")
    (call,) = calls_of(source)
    assert call.x is not None
    assert all(part.info is None or part.info.shape is None for part in call.x.parts)


CLASS_PAIRS = """\
    import random
    import numpy as np
    import keras
    from keras import layers

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    by_class = [np.where(y_train == c)[0] for c in range(10)]
    pairs = []
    for i in range(len(x_train)):
        match = random.choice(by_class[y_train[i]])
        pairs += [[x_train[i], x_train[match]]]
    pairs = np.array(pairs)
    left, right = layers.Input((28, 28)), layers.Input((28, 28))
    merged = layers.concatenate([layers.Flatten()(left), layers.Flatten()(right)])
    model = keras.Model([left, right], layers.Dense(1)(merged))
    model.compile(loss="mse")
    model.predict([pairs[:, 0], pairs[:, 1]])
    """


def test_a_random_choice_of_the_indices_of_a_class_is_an_int() -> None:
    (call,) = calls_of(CLASS_PAIRS)
    assert call.x is not None
    assert [part.info.shape for part in call.x.parts if part.info] == [(None, 28, 28)] * 2


def test_a_random_choice_of_values_not_followed_is_no_index() -> None:
    (call,) = calls_of(CLASS_PAIRS.replace("by_class[y_train[i]]", "candidates(i)"))
    assert call.x is not None
    assert all(part.info is None or part.info.shape is None for part in call.x.parts)


LUMA = """\
    import tensorflow as tf
    import keras
    from keras import layers

    images = keras.utils.image_dataset_from_directory(
        "photos", image_size=(96, 96), batch_size=8, label_mode=None
    )

    def luma(batch):
        yuv = tf.image.rgb_to_yuv(batch / 255.0)
        y, u, v = tf.split(yuv, 3, axis=len(yuv.shape) - 1)
        return tf.image.resize(y, [32, 32]), y

    pairs = images.map(lambda x: luma(x))
    inputs = keras.Input((None, None, 1))
    outputs = layers.UpSampling2D(3)(layers.Conv2D(1, 3, padding="same")(inputs))
    model = keras.Model(inputs, outputs)
    model.compile(loss="mse")
    model.fit(pairs)
    """


def test_the_luma_channel_of_a_dataset_of_images() -> None:
    (call,) = calls_of(LUMA)
    shape = x_shape(call)
    assert isinstance(shape, tuple) and shape[1:] == (32, 32, 1)
    assert call.y is not None and call.y.info is not None
    assert call.y.info.shape is not None and call.y.info.shape[1:] == (96, 96, 1)


def test_a_split_that_does_not_divide_the_axis_stays_unknown() -> None:
    (call,) = calls_of(
        LUMA.replace("tf.split(yuv, 3,", "tf.split(yuv, 2,").replace("y, u, v", "y, u")
    )
    assert call.x is None or call.x.info is None or call.x.info.shape is None


def test_split_by_sizes() -> None:
    source = LUMA.replace("y, u, v = tf.split(yuv, 3,", "y, uv = tf.split(yuv, [1, 2],")
    (call,) = calls_of(source)
    shape = x_shape(call)
    assert isinstance(shape, tuple) and shape[1:] == (32, 32, 1)


def test_yuv_of_a_grey_image_stays_unknown() -> None:
    source = LUMA.replace("batch / 255.0", "tf.image.rgb_to_grayscale(batch)")
    (call,) = calls_of(source)
    assert call.x is None or call.x.info is None or call.x.info.shape is None


PIL_BANDS = """\
    import numpy as np
    import keras
    from keras import layers
    from keras.utils import img_to_array, load_img

    inputs = keras.Input((None, None, 1))
    model = keras.Model(inputs, layers.Conv2D(1, 3, padding="same")(inputs))
    picture = load_img("photo.png")
    y, cb, cr = picture.convert("YCbCr").split()
    batch = np.expand_dims(img_to_array(y) / 255.0, axis=0)
    model.predict(batch)
    """


def test_one_band_of_a_pil_image() -> None:
    (call,) = calls_of(PIL_BANDS)
    shape = x_shape(call)
    assert isinstance(shape, tuple) and len(shape) == 4 and shape[-1] == 1


def test_bands_of_an_image_of_unknown_mode_stay_unknown() -> None:
    source = PIL_BANDS.replace('.convert("YCbCr")', ".convert(mode_of_choice)")
    source = source.replace("y, cb, cr = ", "y, *rest = ")
    (call,) = calls_of(source)
    assert call.x is None or call.x.info is None or call.x.info.shape is None


FEATURE_SPACE = """\
    import keras
    from keras.utils import FeatureSpace

    space = FeatureSpace(
        features={
            "rooms": FeatureSpace.integer_categorical(num_oov_indices=0),
            "area": FeatureSpace.float_normalized(),
            "town": FeatureSpace.string_categorical(),
        },
        MODE
    )
    space.adapt(rows.map(lambda features, _: features))
    encoded = space.get_encoded_features()
    hidden = keras.layers.Dense(16, activation="relu")(encoded)
    price = keras.layers.Dense(1)(hidden)
    trained = keras.Model(inputs=encoded, outputs=price)
    served = keras.Model(inputs=space.get_inputs(), outputs=price)
    """


def test_models_on_the_encoded_features_of_a_feature_space() -> None:
    for mode in ('output_mode="concat",', ""):  # concat is the default
        models = models_of(FEATURE_SPACE.replace("MODE", mode))
        assert len(models) == 2
        for model in models:
            shapes = infer_shapes(model)
            assert [shapes.output_of(node) for node in model.outputs] == [(None, 1)]
        assert len(models[1].inputs) == 3


def test_a_feature_space_of_one_tensor_per_feature_is_not_followed() -> None:
    for model in models_of(FEATURE_SPACE.replace("MODE", 'output_mode="dict",')):
        shapes = infer_shapes(model)
        assert [shapes.output_of(node) for node in model.outputs] != [(None, 1)]


ABSTRACTS = """\
    import pandas as pd
    import tensorflow as tf
    import keras
    from keras import layers

    papers = pd.read_csv("papers.csv")
    papers = papers[~papers["title"].duplicated()]
    texts = tf.data.Dataset.from_tensor_slices((papers["abstract"].values, papers["field"].values))
    texts = texts.batch(64)
    vectorizer = layers.TextVectorization(max_tokens=5000, ngrams=2, output_mode="tf_idf"PAD)
    vectorizer.adapt(texts.map(lambda text, label: text))
    vectors = texts.map(lambda text, label: (vectorizer(text), label))
    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(1)])
    model.compile(loss="mse")
    model.fit(vectors)
    """


def test_tf_idf_vectors_of_abstracts_in_a_dataset() -> None:
    (call,) = calls_of(ABSTRACTS.replace("PAD", ""))
    assert x_shape(call) == (None, None)  # as wide as the vocabulary adapt() learns


def test_tf_idf_vectors_padded_to_max_tokens() -> None:
    (call,) = calls_of(ABSTRACTS.replace("PAD", ", pad_to_max_tokens=True"))
    assert x_shape(call) == (None, 5000)


def test_rows_of_a_frame_filtered_on_an_unknown_method_stay_unknown() -> None:
    (call,) = calls_of(ABSTRACTS.replace("PAD", "").replace(".duplicated()", ".looks_odd()"))
    assert call.x is None or call.x.info is None or call.x.info.shape is None


TOKENS = """\
    import tensorflow as tf
    import keras
    from keras import layers

    class Tokens(layers.Layer):
        def call(self, images):
            size = tf.shape(images)
            return tf.reshape(images, (-1, AREA, size[-1]))

    inputs = layers.Input((8, 6, 32))
    model = keras.Model(inputs, layers.Dense(4)(Tokens()(inputs)))
    """


def test_a_product_of_sizes_of_tf_shape_in_a_reshape() -> None:
    assert output_shape(TOKENS.replace("AREA", "size[1] * size[2]")) == (None, 48, 4)
    assert output_shape(TOKENS.replace("AREA", "size[2] * 8")) == (None, 48, 4)


def test_a_product_with_the_batch_size_is_not_known() -> None:
    source = TOKENS.replace("(-1, AREA, size[-1])", "(size[0] * size[1], size[2], size[-1])")
    for model in models_of(source):
        shapes = infer_shapes(model)
        (shape,) = [shapes.output_of(node) for node in model.outputs]
        assert shape is None or shape[0] is None
