"""What real code feeds to fit and predict (issue 10, x known in rank on code nobody here
wrote): several arrays for a multi-input model, Sequence subclasses, arrays built by helper
loops, tf.data maps through TensorFlow's image and IO functions."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst

from benchmarks.bench_coverage import analyse
from kerascheck.engine import lint_source
from kerascheck.frontends.python import analyze
from kerascheck.ir import FitCall, ModuleIR


def ir_of(source: str) -> ModuleIR:
    return analyze(cst.parse_module(textwrap.dedent(source)), "t.py")


def fits_of(source: str) -> list[FitCall]:
    return [fit for model in ir_of(source).models for fit in model.fits]


def findings(source: str) -> set[str]:
    result = lint_source(textwrap.dedent(source).encode(), "train.py")
    assert not result.internal_errors, result.internal_errors
    return {f"{d.code}:{d.span.start.row}" for d in result.diagnostics if d.span is not None}


def messages(source: str) -> list[str]:
    result = lint_source(textwrap.dedent(source).encode(), "train.py")
    return [d.message for d in result.diagnostics]


# --- several arrays, one per model input --------------------------------------------------------

TWO_INPUTS = """
import numpy as np
import keras
from keras import layers

a = keras.Input(shape=(16, 8){a_name})
b = keras.Input(shape=(4,){b_name})
h = layers.concatenate([layers.LSTM(8)(a), b])
model = keras.Model({inputs}, layers.Dense(1)(h))
model.compile(optimizer="adam", loss="mse")
first = np.load("first.npy").reshape(-1, 16, 8)
second = np.load("second.npy").reshape(-1, {width})
y = np.load("y.npy")
model.fit({x}, y)
"""


def two_inputs(
    x: str, width: int = 4, inputs: str = "[a, b]", a_name: str = "", b_name: str = ""
) -> str:
    return TWO_INPUTS.format(x=x, width=width, inputs=inputs, a_name=a_name, b_name=b_name)


def test_a_list_of_arrays_gives_one_part_per_array_by_position() -> None:
    (fit,) = fits_of(two_inputs("[first, second]"))
    assert fit.x is not None and fit.x.info is None and not fit.x.by_name
    assert [part.label for part in fit.x.parts] == ["first", "second"]
    assert [part.info.shape for part in fit.x.parts if part.info] == [(None, 16, 8), (None, 4)]


def test_a_dict_of_arrays_gives_parts_by_key() -> None:
    (fit,) = fits_of(two_inputs('{"b": second, "a": first}'))
    assert fit.x is not None and fit.x.keys == ("b", "a")
    assert [part.label for part in fit.x.parts] == ["second", "first"]


def test_a_list_of_numbers_is_one_array_not_parts() -> None:
    (fit,) = fits_of(two_inputs("[[1.0, 2.0], [3.0, 4.0]]"))
    assert fit.x is not None and fit.x.parts == ()


def test_the_wrong_width_of_the_second_array_is_reported_at_that_array() -> None:
    source = two_inputs("[first, second]", width=5)
    assert findings(source) == {"KC105:14"}
    assert messages(source) == [
        "`second` has shape (?, 5), but the model's input 2 of 2 is (batch, 4)"
    ]
    assert findings(two_inputs("(first, second)", width=4)) == set()


def test_a_dict_is_matched_by_the_inputs_names() -> None:
    named = {"a_name": ', name="seq"', "b_name": ', name="side"'}
    source = two_inputs('{"side": second, "seq": first}', width=5, **named)
    assert findings(source) == {"KC105:14"}
    assert findings(two_inputs('{"side": second, "seq": first}', width=4, **named)) == set()


def test_a_dict_model_is_matched_by_its_keys_not_the_names() -> None:
    named = {"a_name": ', name="seq"', "b_name": ', name="side"'}
    source = two_inputs('{"k2": second, "k1": first}', 5, '{"k1": a, "k2": b}', **named)
    assert findings(source) == {"KC105:14"}


def test_an_uncertain_pairing_stays_silent() -> None:
    # dict keys that are not the inputs' names (or no names at all)
    assert findings(two_inputs('{"b": second, "a": first}', width=5)) == set()
    # a list against inputs the model did not list (found in the graph, order unknown)
    source = two_inputs("[first, second]", width=5, inputs="pick_inputs()")
    assert findings(source) == set()
    assert findings(two_inputs("[first, second]", width=5)) == {"KC105:14"}
    # fewer arrays than inputs
    assert findings(two_inputs("[second]", width=5)) == set()


def test_x_in_several_arrays_is_known_when_each_is() -> None:
    _, calls = analyse(two_inputs("[first, second]").encode(), "t.py")
    assert [c.known for c in calls] == [True]
    _, calls = analyse(two_inputs("[first, load()]").encode(), "t.py")
    assert [c.known for c in calls] == [False]


# --- keras.utils.Sequence and PyDataset subclasses ----------------------------------------------

SEQUENCE = """
import numpy as np
import keras
from keras import layers

class Batches(keras.utils.{base}):
    def __init__(self, paths, batch_size, img_size):
        self.paths = paths
        self.batch_size = batch_size
        self.img_size = img_size

    def __len__(self):
        return len(self.paths) // self.batch_size

    def __getitem__(self, idx):
        x = np.zeros((self.batch_size,) + self.img_size + (3,), dtype="float32")
        y = np.zeros((self.batch_size,) + self.img_size + (1,), dtype="uint8")
        return {returned}

train = Batches(load_paths(), 32, {size})
inputs = keras.Input(shape=(160, 160, 3))
outputs = layers.Conv2D(3, 1, activation="softmax")(inputs)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(train, epochs=1)
model.predict(train)
"""


def sequence(base: str = "Sequence", returned: str = "x, y", size: str = "(160, 160)") -> str:
    return SEQUENCE.format(base=base, returned=returned, size=size)


def test_fit_reads_x_and_y_from_getitem() -> None:
    fit, predict = fits_of(sequence())
    assert fit.x is not None and fit.x.info is not None and fit.y is not None
    assert fit.x.info.shape == (32, 160, 160, 3)
    assert fit.y.info is not None and fit.y.info.shape == (32, 160, 160, 1)
    assert predict.x is not None and predict.x.info is not None
    assert predict.x.info.shape == (32, 160, 160, 3)
    (fit, _) = fits_of(sequence(base="PyDataset", returned="x"))
    assert fit.x is not None and fit.x.info is not None and fit.y is None


def test_a_sequence_of_the_wrong_image_size_is_reported() -> None:
    assert findings(sequence(size="(128, 96)")) == {"KC105:25", "KC106:25", "KC105:26"}
    assert findings(sequence()) == set()


def test_a_sequence_whose_items_are_not_followed_stays_unknown() -> None:
    for returned in ("[x, y]", "make_batch(x, y)"):
        fit, _ = fits_of(sequence(returned=returned))
        assert fit.x is not None and fit.x.info is None
    source = sequence().replace("keras.utils.Sequence", "object")
    fit, _ = fits_of(source)
    assert fit.x is not None and fit.x.info is None


# --- layers and models called on data --------------------------------------------------------

EAGER = """
import numpy as np
import keras
from keras import layers

x = np.random.rand(64, 28, 28, 1) * 255
out = {call}
model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(10)])
model.compile(optimizer="adam", loss="mse")
model.predict(out)
"""


def predicted_x(call: str) -> tuple[object, object]:
    fit = fits_of(EAGER.format(call=call))[-1]
    assert fit.x is not None
    info = fit.x.info
    return (info.shape if info else None), (info.scale if info else None)


def test_a_layer_on_data_gives_its_rule_s_output() -> None:
    assert predicted_x('layers.RandomFlip("horizontal")(x)') == ((64, 28, 28, 1), "raw")
    assert predicted_x("layers.Flatten()(x)") == ((64, 784), "raw")
    # a layer that changes the values says nothing of their scale
    assert predicted_x("layers.Rescaling(1 / 255)(x)") == ((64, 28, 28, 1), None)
    assert predicted_x("layers.Conv2D(8, 3)(x)") == ((64, 26, 26, 8), None)


def test_a_layer_that_refuses_the_data_gives_an_unknown_shape() -> None:
    assert predicted_x("layers.Conv2D(8, 3)(x.reshape(64, -1))")[0] is None
    assert predicted_x("layers.LSTM(8)(x)")[0] is None


def test_a_sequential_without_input_is_built_on_the_data() -> None:
    block = 'keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomZoom(0.1)])(x)'
    assert predicted_x(block)[0] == (64, 28, 28, 1)
    assert predicted_x("keras.Sequential([layers.LSTM(4)])(x)")[0] is None


def test_text_vectorization_in_a_map_gives_token_ids_of_the_output_length() -> None:
    source = """
    import tensorflow as tf
    import keras
    from keras import layers
    raw = keras.utils.text_dataset_from_directory("reviews", batch_size=32)
    vectorize = layers.TextVectorization(max_tokens=100, output_sequence_length=80)
    def to_ids(text, label):
        return vectorize(tf.expand_dims(text, -1)), label
    ds = raw.map(to_ids)
    inputs = keras.Input(shape=(80,), dtype="int64")
    model = keras.Model(inputs, layers.Dense(1)(layers.Embedding(100, 8)(inputs)))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(ds)
    """
    (fit,) = fits_of(source)
    assert fit.x is not None and fit.x.info is not None
    assert fit.x.info.shape == (None, 80) and fit.x.info.token_ids


# --- arrays built by helper loops ----------------------------------------------------------


def test_stacking_a_list_grown_in_a_loop_adds_an_axis_of_unknown_size() -> None:
    source = """
    import numpy as np
    import keras
    values = np.load("series.npy").reshape(-1, 4)
    n = int(input())
    windows = []
    for i in range(n):
        windows.append(values[i : i + 24])
    model = keras.Sequential([keras.Input(shape=(24, 4)), keras.layers.LSTM(8)])
    model.predict(np.stack(windows))
    model.predict(np.stack(windows, axis=1))
    model.predict(np.concatenate(windows))
    model.predict(np.array(windows))
    """
    shapes = [fit.x.info.shape if fit.x and fit.x.info else None for fit in fits_of(source)]
    assert shapes == [(None, None, 4), (None, None, 4), (None, 4), (None, None, 4)]


def test_stacking_a_literal_list_keeps_its_count() -> None:
    source = """
    import numpy as np
    import keras
    a, b = np.zeros((10, 3)), np.ones((10, 3))
    model = keras.Sequential([keras.Input(shape=(10, 3)), keras.layers.Flatten()])
    model.predict(np.stack([a, b]))
    model.predict(np.concatenate([a, b])[None])
    """
    shapes = [fit.x.info.shape if fit.x and fit.x.info else None for fit in fits_of(source)]
    assert shapes == [(2, 10, 3), (1, 20, 3)]


# --- tf.data: dicts of features -------------------------------------------------------------

CSV = """
import tensorflow as tf
import keras
from keras import layers
HEADER = ["a", "b", "w", "y"]
ds = tf.data.experimental.make_csv_dataset("t.csv", 64, column_names={columns}{options})
{mapping}
inputs = {{"a": keras.Input(shape=(), name="a"), "b": keras.Input(shape=({width}), name="b")}}
x = layers.concatenate([layers.Reshape((1,))(inputs["a"]), layers.Flatten()(inputs["b"])])
model = keras.Model(inputs, layers.Dense(1)(x))
model.compile(optimizer="adam", loss="mse")
model.fit(ds)
"""


def csv(columns: str = "HEADER", options: str = ', label_name="y"', **kw: str) -> str:
    mapping = kw.get("mapping", "")
    return CSV.format(columns=columns, options=options, mapping=mapping, width=kw.get("width", ""))


def csv_parts(source: str) -> dict[str, object] | None:
    (fit,) = fits_of(source)
    if fit.x is None or not fit.x.keys:
        return None
    return {
        k: p.info.shape if p.info else None for k, p in zip(fit.x.keys, fit.x.parts, strict=True)
    }


def test_make_csv_dataset_gives_one_column_per_feature_and_the_label() -> None:
    assert csv_parts(csv()) == {"a": (None,), "b": (None,), "w": (None,)}
    (fit,) = fits_of(csv())
    assert fit.y is not None and fit.y.info is not None and fit.y.info.shape == (None,)
    selected = csv(options=', label_name="y", select_columns=["a", "b", "y"]')
    assert csv_parts(selected) == {"a": (None,), "b": (None,)}
    popped = csv(mapping='ds = ds.map(lambda f, t: (f, t, f.pop("w")))')
    assert csv_parts(popped) == {"a": (None,), "b": (None,)}


def test_column_names_not_in_the_script_leave_the_dataset_unknown() -> None:
    assert csv_parts(csv(columns="read_header()")) is None
    assert csv_parts(csv(options=', label_name="missing"')) is None
    (fit,) = fits_of(csv(columns="read_header()"))
    assert fit.x is not None and fit.x.info is None


def test_a_dict_dataset_is_checked_by_key() -> None:
    selected = ', label_name="y", select_columns=["a", "b", "y"]'
    assert findings(csv(options=selected, width="3,")) == {"KC105:12"}
    assert findings(csv(options=selected)) == set()
    assert findings(csv(options=selected, width="1,")) == set()  # Keras adds the axis of 1
    # an extra column ("w") the model has no input for: the pairing is not certain
    assert findings(csv(width="3,")) == set()


def test_a_dict_element_is_read_by_key_in_a_loop() -> None:
    source = """
    import numpy as np
    import tensorflow as tf
    import keras
    images = np.load("images.npy").reshape(-1, 32, 32, 1)
    labels = np.load("labels.npy")
    ds = tf.data.Dataset.from_tensor_slices({"image": images, "label": labels}).batch(8)
    model = keras.Sequential([keras.Input(shape=(32, 32, 1)), keras.layers.Flatten()])
    for batch in ds.take(1):
        model.predict(batch["image"])
    """
    (fit,) = fits_of(source)
    assert fit.x is not None and fit.x.info is not None and fit.x.info.shape == (None, 32, 32, 1)


# --- TensorFlow's readers and decoders in map functions --------------------------------------

PIPELINE = """
import tensorflow as tf
import keras
paths = list_files()
def load(path):
    {body}
    return out
ds = tf.data.Dataset.from_tensor_slices(paths).map(load).batch(8)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
model.predict(ds)
"""


def element_shape(body: str) -> object:
    (fit,) = fits_of(PIPELINE.format(body=body.replace("\n", "\n    ")))
    assert fit.x is not None
    return fit.x.info.shape if fit.x.info is not None else None


def test_decoders_give_the_axes_their_contract_fixes() -> None:
    read = "raw = tf.io.read_file(path)\n"
    assert element_shape(read + "out = tf.io.decode_png(raw, channels=3)") == (None, None, None, 3)
    assert element_shape(read + "out = tf.io.decode_jpeg(raw)") == (None, None, None, None)
    assert element_shape(read + "out = tf.image.decode_jpeg(raw, 1)") == (None, None, None, 1)
    # an animated GIF has four axes: decode_image's rank is known only without animations
    assert element_shape(read + "out = tf.io.decode_image(raw, channels=3)") is None
    flat = "out = tf.io.decode_image(raw, channels=3, expand_animations=False)"
    assert element_shape(read + flat) == (None, None, None, 3)
    wav = "out, rate = tf.audio.decode_wav(raw, 1, 16000)"
    assert element_shape(read + wav) == (None, 16000, 1)


def test_image_ops_keep_or_set_the_axes() -> None:
    decoded = "img = tf.io.decode_png(tf.io.read_file(path), channels=3)\n"
    resized = decoded + "img = tf.image.resize(img, [64, 48])\n"
    assert element_shape(resized + "out = tf.transpose(img, perm=[1, 0, 2])") == (None, 48, 64, 3)
    assert element_shape(resized + "out = tf.image.rgb_to_grayscale(img)") == (None, 64, 48, 1)
    assert element_shape(resized + "out = tf.image.random_flip_left_right(img)") == (
        None,
        64,
        48,
        3,
    )
    crop = "out = tf.image.random_crop(img, size=(32, 32, 3))"
    assert element_shape(resized + crop) == (None, 32, 32, 3)
    pad = "out = tf.image.resize_with_crop_or_pad(img, 80, 80)"
    assert element_shape(resized + pad) == (None, 80, 80, 3)
    dtype = "out = tf.image.convert_image_dtype(img, tf.float32)"
    assert element_shape(resized + dtype) == (None, 64, 48, 3)


def test_audio_to_a_spectrogram() -> None:
    audio = "audio, _ = tf.audio.decode_wav(tf.io.read_file(path), 1, 16000)\n"
    audio += "audio = tf.squeeze(audio, axis=-1)\n"
    stft = "out = tf.abs(tf.signal.stft(audio, frame_length=256, frame_step=160))"
    assert element_shape(audio + stft) == (None, 99, 129)
    padded = "out = tf.signal.stft(audio, 200, 80, fft_length=384, pad_end=True)"
    assert element_shape(audio + padded) == (None, 200, 193)
    concat = "out = tf.concat([audio, tf.zeros(pad_to - tf.shape(audio))], 0)"
    assert element_shape(audio + concat) == (None, None)


def test_a_map_of_unknown_elements_follows_what_does_not_depend_on_them() -> None:
    # tf.io.read_file takes one file name: whatever the element, the image has three axes
    body = "out = tf.io.decode_png(tf.io.read_file(path), channels=1)"
    assert element_shape(body) == (None, None, None, 1)
    # what depends on the element stays unknown
    assert element_shape("out = tf.reshape(path, (-1, 2))") is None
    # a function with a default: the element's arity is not certain
    source = PIPELINE.format(body="out = path").replace("def load(path):", "def load(path, k=1):")
    (fit,) = fits_of(source)
    assert fit.x is not None and fit.x.info is None


# --- names picked by a comprehension --------------------------------------------------------


def test_a_comprehension_of_names_over_literal_indices_is_a_list_of_names() -> None:
    source = """
    import numpy as np
    import pandas as pd
    import keras
    keys = ["a", "b", "c", "d"]
    df = pd.read_csv("t.csv")
    picked = [keys[i] for i in [0, 2]]
    suffixed = [k + "_x" for k in keys]
    called = [str(i) for i in range(3)]
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    model.predict(df[picked].values)
    """
    ir = ir_of(source)
    (fit,) = [fit for model in ir.models for fit in model.fits]
    assert fit.x is not None and fit.x.info is not None and fit.x.info.shape == (None, 2)


def test_only_plain_comprehensions_are_unrolled_into_names() -> None:
    from kerascheck.frontends.python.interpreter import Interpreter
    from kerascheck.frontends.python.values import Const, Sequence

    source = textwrap.dedent(
        """
        keys = ["a", "b"]
        suffixed = [k + "_x" for k in keys]
        called = [str(i) for i in range(3)]
        filtered = [k for k in keys if k != "a"]
        """
    )
    interpreter = Interpreter(cst.parse_module(source), "t.py")
    interpreter.run()
    suffixed = interpreter.globals.lookup("suffixed")
    assert isinstance(suffixed, Sequence) and suffixed.exact
    assert [item.value for item in suffixed.items if isinstance(item, Const)] == ["a_x", "b_x"]
    assert not isinstance(interpreter.globals.lookup("called"), Sequence)
    assert not isinstance(interpreter.globals.lookup("filtered"), Sequence)


# --- predictions of models with several inputs or outputs --------------------------------------


def test_predict_of_a_model_listing_several_outputs_is_a_list_in_that_order() -> None:
    source = """
    import numpy as np
    import keras
    from keras import layers
    tokens = keras.Input(shape=(None, 30))
    h0 = keras.Input(shape=(16,))
    c0 = keras.Input(shape=(16,))
    out, h, c = layers.LSTM(16, return_sequences=True, return_state=True)(
        tokens, initial_state=[h0, c0]
    )
    probs = layers.Dense(30, activation="softmax")(out)
    step = keras.Model([tokens, h0, c0], [probs, h, c])
    seed = np.zeros((1, 1, 30))
    states = [np.zeros((1, 16)), np.zeros((1, 16))]
    next_probs, h1, c1 = step.predict([seed] + states)
    check = keras.Sequential([keras.Input(shape=(1, 30)), layers.Flatten()])
    check.predict(next_probs)
    check.predict(h1)
    """
    fits = fits_of(source)
    shapes = [fit.x.info.shape if fit.x and fit.x.info else None for fit in fits[1:]]
    assert shapes == [(1, None, 30), (1, 16)]
    (first,) = fits[:1]
    assert first.x is not None and [p.info.shape for p in first.x.parts if p.info] == [
        (1, 1, 30),
        (1, 16),
        (1, 16),
    ]


def test_one_sample_as_a_dict_of_tensors_has_every_part_known() -> None:
    source = """
    import tensorflow as tf
    import keras
    from keras import layers
    inputs = {"age": keras.Input(shape=(1,), name="age"),
              "thal": keras.Input(shape=(1,), name="thal", dtype="string")}
    x = layers.Dense(1)(inputs["age"])
    model = keras.Model(inputs, x)
    sample = {"age": 60, "thal": "fixed"}
    input_dict = {name: tf.convert_to_tensor([value]) for name, value in sample.items()}
    model.predict(input_dict)
    """
    (fit,) = fits_of(source)
    assert fit.x is not None and fit.x.keys == ("age", "thal")
    assert [part.info.shape for part in fit.x.parts if part.info] == [(1,), (1,)]


def test_np_zeros_with_the_shape_as_a_keyword() -> None:
    source = """
    import numpy as np
    import keras
    images = np.zeros(shape=(25, 28, 28, 1))
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Flatten()])
    model.predict(images)
    model.predict(np.full(shape=(3, 28, 28, 1), fill_value=0.5))
    """
    shapes = [fit.x.info.shape if fit.x and fit.x.info else None for fit in fits_of(source)]
    assert shapes == [(25, 28, 28, 1), (3, 28, 28, 1)]


def test_scikit_learn_generators_give_points_and_targets() -> None:
    source = """
    import keras
    from sklearn.datasets import make_moons, make_classification, make_regression
    X, y = make_moons(n_samples=1000, noise=0.1)
    Xc, yc = make_classification(500, n_features=8, n_classes=3)
    Xr, yr = make_regression(200, 5)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(X, y)
    model.predict(Xc)
    model.predict(Xr)
    """
    fit, on_classes, on_values = fits_of(source)
    assert fit.x is not None and fit.x.info is not None and fit.x.info.shape == (1000, 2)
    assert fit.y is not None and fit.y.info is not None
    assert (fit.y.info.shape, fit.y.info.encoding, fit.y.info.num_classes) == ((1000,), "int", 2)
    assert on_classes.x is not None and on_classes.x.info is not None
    assert on_classes.x.info.shape == (500, 8)
    assert on_values.x is not None and on_values.x.info is not None
    assert on_values.x.info.shape == (200, 5)
    assert (
        findings(source.replace("model.predict(Xc)\n", "").replace("model.predict(Xr)\n", ""))
        == set()
    )


def test_a_list_index_picks_that_many_columns() -> None:
    source = """
    import numpy as np
    import keras
    data = np.load("speeds.npy").reshape(-1, 228)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.predict(data[:, [0, 4, 7]])
    model.predict(data[:100, [True, False] * 114])
    model.predict(data[[0, 1], [2, 3]])
    model.predict(data[:, [[0, 1], [2, 3]]])
    """
    shapes = [fit.x.info.shape if fit.x and fit.x.info else None for fit in fits_of(source)]
    assert shapes == [(None, 3), None, None, None]


def test_datasets_made_by_a_generator_expression_are_unpacked() -> None:
    source = """
    import numpy as np
    import tensorflow as tf
    import keras
    train = np.load("train.npy").reshape(-1, 8)
    val = np.load("val.npy").reshape(-1, 8)
    def make(array, batch_size=32):
        return tf.data.Dataset.from_tensor_slices((array, array[:, 0])).batch(batch_size)
    train_ds, val_ds = (make(a) for a in [train, val])
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(train_ds, validation_data=val_ds)
    """
    (fit,) = fits_of(source)
    assert fit.x is not None and fit.x.info is not None and fit.x.info.shape == (None, 8)


def test_a_model_s_input_shape_sizes_a_buffer() -> None:
    source = """
    import numpy as np
    import keras
    inputs = keras.Input(shape=(28, 28, 1))
    model = keras.Model(inputs, keras.layers.Conv2D(1, 1)(inputs))
    pixels = np.zeros(shape=(4,) + (model.input_shape)[1:])
    model.predict(pixels)
    """
    (fit,) = fits_of(source)
    assert fit.x is not None and fit.x.info is not None and fit.x.info.shape == (4, 28, 28, 1)


def test_rows_of_numbers_parsed_in_a_loop_make_a_table() -> None:
    source = """
    import numpy as np
    import keras
    rows = []
    for line in open("data.csv"):
        fields = line.strip().split(",")
        rows.append([float(v) for v in fields[:-1]])
    features = np.array(rows, dtype="float32")
    names = [str(v) for v in range(3)]
    model = keras.Sequential([keras.Input(shape=(30,)), keras.layers.Dense(1)])
    model.predict(features)
    model.predict(np.array([v.upper() for v in open("x")]))
    """
    shapes = [fit.x.info.shape if fit.x and fit.x.info else None for fit in fits_of(source)]
    assert shapes == [(None, None), None]


def test_a_functional_subclass_pairs_x_with_its_listed_inputs() -> None:
    source = """
    import numpy as np
    import keras
    from keras import layers

    class TwoTower(keras.Model):
        def __init__(self):
            a = keras.Input(shape=(8,))
            b = keras.Input(shape=(4,))
            out = layers.Dense(1)(layers.concatenate([a, b]))
            super().__init__([a, b], out)

    model = TwoTower()
    model.compile(optimizer="adam", loss="mse")
    model.fit([np.load("a.npy").reshape(-1, 8), np.load("b.npy").reshape(-1, 5)], np.load("y.npy"))
    """
    assert findings(source) == {"KC105:15"}


def test_old_positional_generator_calls_are_not_read() -> None:
    source = """
    import keras
    from sklearn.datasets import make_classification
    X, y = make_classification(500, 8, 4, 2, 0, 3)
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(3)])
    model.predict(X)
    """
    (fit,) = fits_of(source)
    assert fit.x is not None and fit.x.info is None


# --- OpenCV ------------------------------------------------------------------------------------

OPENCV = """
import cv2
import numpy as np
import keras
images = []
for path in list_paths():
    img = cv2.imread(path{flags})
    {step}
    images.append(img)
model = keras.Sequential([keras.Input(shape=(32, 32, 3)), keras.layers.Dense(1)])
model.predict(np.array(images))
"""


def opencv_shape(step: str = "pass", flags: str = "") -> object:
    (fit,) = fits_of(OPENCV.format(step=step, flags=flags))
    assert fit.x is not None
    return fit.x.info.shape if fit.x.info is not None else None


def test_opencv_images_keep_their_axes_through_a_loop() -> None:
    assert opencv_shape() == (None, None, None, 3)
    assert opencv_shape(flags=", cv2.IMREAD_GRAYSCALE") == (None, None, None)
    assert opencv_shape(flags=", 0") == (None, None, None)
    assert opencv_shape(flags=", cv2.IMREAD_UNCHANGED") is None
    assert opencv_shape("img = cv2.resize(img, (64, 32))") == (None, 32, 64, 3)
    assert opencv_shape("img = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)") == (None, None, None)
    rgb = "img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)"
    assert opencv_shape(rgb) == (None, None, None, 3)
    back = "img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)"
    assert opencv_shape(back, flags=", cv2.IMREAD_GRAYSCALE") == (None, None, None, 3)
    assert opencv_shape("img = cv2.cvtColor(img, code)") is None


def test_opencv_pixels_are_raw_until_scaled() -> None:
    source = OPENCV.format(step="img = cv2.resize(img, (32, 32))", flags="")
    fit_line = "model.predict(np.array(images))"
    training = source.replace(fit_line, "model.compile(loss='mse')\nmodel.fit(np.array(images), y)")
    assert "KC101:12" in findings(training)
    scaled = training.replace("np.array(images), y", "np.array(images) / 255.0, y")
    assert findings(scaled) == set()


# --- PIL -------------------------------------------------------------------------------------


def test_pil_images_know_their_bands_once_converted() -> None:
    source = """
    import numpy as np
    from PIL import Image
    import keras
    from keras.utils import img_to_array, load_img
    rows = []
    for path in list_paths():
        rows.append(np.array(Image.open(path).convert("RGB").resize((96, 64))))
    model = keras.Sequential([keras.Input(shape=(64, 96, 3)), keras.layers.Dense(1)])
    model.predict(np.array(rows))
    model.predict(np.asarray(Image.open("a.png").convert("L"))[None])
    model.predict(img_to_array(load_img("a.png").resize((32, 48)))[None])
    model.predict(np.array(Image.open("a.png"))[None])
    model.predict(np.array(Image.open("a.png").convert("RGB").rotate(30))[None])
    """
    shapes = [fit.x.info.shape if fit.x and fit.x.info else None for fit in fits_of(source)]
    assert shapes == [
        (None, 64, 96, 3),
        (1, None, None),
        (1, 48, 32, 3),
        None,
        (1, None, None, 3),
    ]


def test_a_pil_image_resized_height_first_is_reported() -> None:
    source = """
    import numpy as np
    from PIL import Image
    import keras
    H, W = 64, 96
    rows = [np.array(Image.open(p).convert("RGB").resize((H, W))) for p in list_paths()]
    x = np.array(rows) / 255.0
    model = keras.Sequential([keras.Input(shape=(H, W, 3)), keras.layers.Flatten()])
    model.predict(x)
    """
    assert findings(source) == {"KC105:9"}
    assert findings(source.replace("resize((H, W))", "resize((W, H))")) == set()


def test_an_array_of_x_fitted_in_an_imported_module_is_placed_there(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck]\n", encoding="utf-8")
    (tmp_path / "trainer.py").write_text(
        textwrap.dedent(
            """
            import keras
            from keras import layers

            def train(first, second, y):
                a = keras.Input(shape=(8,))
                b = keras.Input(shape=(4,))
                model = keras.Model([a, b], layers.Dense(1)(layers.concatenate([a, b])))
                model.compile(optimizer="adam", loss="mse")
                model.fit([first, second], y, epochs=2)
            """
        ),
        encoding="utf-8",
    )
    run = tmp_path / "run.py"
    run.write_text(
        textwrap.dedent(
            """
            import numpy as np
            from trainer import train

            train(np.load("a.npy").reshape(-1, 8), np.load("b.npy").reshape(-1, 5), np.load("y.npy"))
            """
        ),
        encoding="utf-8",
    )
    result = lint_source(run.read_bytes(), str(run))
    placed = [
        (Path(d.filename).name, d.code, d.span.start.row, d.span.start.column)
        for d in result.diagnostics
    ]
    assert placed == [("trainer.py", "KC105", 10, 23)]  # at `second`


def test_from_generator_elements_have_the_declared_shapes() -> None:
    source = """
    import numpy as np
    import tensorflow as tf
    import keras
    def gen():
        for i in range(100):
            yield np.zeros((28, 28)), i % 10
    spec = (tf.TensorSpec(shape=(28, 28), dtype=tf.float32), tf.TensorSpec(shape=(), dtype=tf.int32))
    ds = tf.data.Dataset.from_generator(gen, output_signature=spec)
    dense = keras.layers.Dense(10, activation="softmax")
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), dense])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(ds.batch(32))
    model.fit(ds)
    model.fit(tf.data.Dataset.from_generator(gen, output_types=(tf.float32, tf.int32)).batch(8))
    """
    batched, unbatched, untyped = fits_of(source)
    assert batched.x is not None and batched.x.info is not None
    assert batched.x.info.shape == (None, 28, 28)
    assert batched.y is not None and batched.y.info is not None
    assert batched.y.info.shape == (None,)
    assert unbatched.x is not None and unbatched.x.unbatched == (28, 28)
    assert untyped.x is not None and untyped.x.info is None
    # each (28, 28) element is read as a batch; the batched dataset fits
    assert findings(source) == {"KC105:14"}


def test_list_files_then_a_decoding_map() -> None:
    source = """
    import tensorflow as tf
    import keras
    def load(path):
        img = tf.io.decode_jpeg(tf.io.read_file(path), channels=3)
        return tf.image.resize(img, (64, 64))
    ds = tf.data.Dataset.list_files("photos/*.jpg").map(load).batch(16)
    model = keras.Sequential([keras.Input((64, 64, 3)), keras.layers.Flatten()])
    model.predict(ds)
    """
    (fit,) = fits_of(source)
    assert fit.x is not None and fit.x.info is not None
    assert fit.x.info.shape == (None, 64, 64, 3)


# --- models that run their own steps -----------------------------------------------------


STEPPED = """
import numpy as np
import keras
from keras import layers

class Pairs(keras.Model):
    def train_step(self, data):
        return {}

inputs = keras.Input(shape=(8,))
model = Pairs(inputs, layers.Dense(2)(inputs))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((2, 100, 8)), epochs=1)
model.evaluate(np.zeros((2, 100, 8)))
"""


def test_a_custom_train_step_owns_fits_data_but_evaluate_is_still_checked() -> None:
    """fit runs the class's train_step (which may split the batch into pairs); evaluate
    runs Keras's own test_step, which hands x to the input as it is."""
    [model] = ir_of(STEPPED).models
    assert model.custom_steps == frozenset({"train_step"})
    assert findings(STEPPED) == {"KC105:14"}  # the evaluate line


def test_a_scaled_copy_thrown_away_is_named_in_kc101() -> None:
    source = """
        import numpy as np
        import keras
        from sklearn.preprocessing import MinMaxScaler

        x = np.loadtxt("features.csv", delimiter=",")
        y = np.loadtxt("labels.csv", delimiter=",")
        scaler = MinMaxScaler().fit(x)
        scaler.transform(x)
        model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(x, y)
    """
    result = lint_source(textwrap.dedent(source).encode(), "train.py")
    [finding] = [d for d in result.diagnostics if d.code == "KC101"]
    [note] = [r for r in finding.related if "thrown away" in r.message]
    assert note.span is not None and note.span.start.row == 9
    assigned = source.replace("scaler.transform(x)", "x = scaler.transform(x)")
    assert "KC101" not in {
        d.code for d in lint_source(textwrap.dedent(assigned).encode(), "t.py").diagnostics
    }
