"""predict, evaluate, *_on_batch and ``model(x)`` get fit's input checks (issue 10, item 5)."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from kerascheck.engine import lint_source
from kerascheck.frontends.python import analyze
from kerascheck.ir import ModuleIR


def ir_of(source: str) -> ModuleIR:
    return analyze(cst.parse_module(textwrap.dedent(source)), "t.py")


def findings(source: str) -> set[str]:
    result = lint_source(textwrap.dedent(source).encode(), "predict.py")
    assert not result.internal_errors, result.internal_errors
    return {f"{d.code}:{d.span.start.row}" for d in result.diagnostics if d.span is not None}


def messages(source: str, code: str) -> list[str]:
    result = lint_source(textwrap.dedent(source).encode(), "predict.py")
    return [f"{d.message}\n{d.help}" for d in result.diagnostics if d.code == code]


MODEL = """
import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.Input(shape=(3,)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
X = np.random.rand(100, 3)
y = X.sum(axis=1)
model.fit(X, y, epochs=2)
{call}
"""


@pytest.mark.parametrize(
    "call",
    [
        "model.predict(np.array([1.0, 2.0, 3.0]))",
        "model.predict_on_batch(np.array([1.0, 2.0, 3.0]))",
        "model(np.array([1.0, 2.0, 3.0]))",
        "model.evaluate(np.array([1.0, 2.0, 3.0]), np.array([6.0]))",
        "model.test_on_batch(np.array([1.0, 2.0, 3.0]), np.array([6.0]))",
        "model.train_on_batch(np.array([1.0, 2.0, 3.0]), np.array([6.0]))",
        "print(model.predict(x=np.array([1.0, 2.0, 3.0]), verbose=0))",
    ],
)
def test_one_sample_without_the_batch_axis_is_kc105(call: str) -> None:
    source = MODEL.format(call=call)
    assert findings(source) == {"KC105:14"}
    (text,) = messages(source, "KC105")
    assert "one sample without the batch axis" in text
    assert "np.expand_dims(x, 0)" in text and "reshape(1, -1)" in text


@pytest.mark.parametrize(
    "call",
    [
        "model.predict(np.array([[1.0, 2.0, 3.0]]))",
        "model.predict(np.array([1.0, 2.0, 3.0])[None])",
        "model.predict(np.expand_dims(np.array([1.0, 2.0, 3.0]), 0))",
        "model.predict(np.array([1.0, 2.0, 3.0]).reshape(1, -1))",
        "model.predict(X[:5])",
        "model(X[:1])",
        "model.predict(X[0:1], batch_size=1)",
        "model.predict(unknown_rows)",
    ],
)
def test_a_batch_of_samples_is_clean(call: str) -> None:
    assert findings(MODEL.format(call=call)) == set()


def test_a_wrong_feature_count_in_predict_is_kc105_with_the_general_message() -> None:
    source = MODEL.format(call="model.predict(np.zeros((5, 4)))")
    assert findings(source) == {"KC105:14"}
    (text,) = messages(source, "KC105")
    assert "has shape (5, 4), but the model's input is (batch, 3)" in text


def test_predict_records_no_labels_and_keeps_its_batch_size() -> None:
    ir = ir_of(MODEL.format(call="model.predict(X, 32)"))
    predict = ir.models[0].fits[-1]
    assert predict.method == "predict"
    assert predict.y is None
    assert predict.params == {"batch_size": 32}


def test_a_model_used_as_a_layer_is_not_a_prediction() -> None:
    """A model called on a graph tensor is checked against that tensor's shape (KC105 at the
    argument, see test_model_forms), but it is no prediction: no data and no finding."""
    source = """
    from tensorflow import keras
    encoder = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    inputs = keras.Input((3,))
    model = keras.Model(inputs, encoder(inputs))
    """
    calls = ir_of(source).models[0].fits
    assert [call.method for call in calls] in ([], ["__call__"])
    assert all(call.x is not None and not call.x.info.origins for call in calls)
    assert findings(source) == set()


def test_unscaled_data_is_reported_at_training_not_again_at_prediction() -> None:
    source = """
    import numpy as np
    from tensorflow import keras
    data = np.loadtxt("sensor.csv", delimiter=",")
    X, y = data[:, :3], data[:, 3]
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(X, y)
    model.predict(X)
    """
    assert findings(source) == {"KC101:8"}


def test_an_image_loaded_for_prediction_needs_a_batch_axis() -> None:
    source = """
    import numpy as np
    from tensorflow import keras
    from tensorflow.keras.preprocessing import image

    model = keras.models.Sequential([
        keras.layers.Rescaling(1.0 / 255, input_shape=(224, 224, 3)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(5, activation="softmax"),
    ])
    img = image.load_img("rose.jpg", target_size=(224, 224))
    x = image.img_to_array(img)
    print(model.predict(x))
    batch = np.expand_dims(x, axis=0)
    print(model.predict(batch))
    """
    assert findings(source) == {"KC105:14"}
    (text,) = messages(source, "KC105")
    assert "(224, 224, 3): one sample without the batch axis" in text


@pytest.mark.parametrize(
    ("batch", "found"),
    [
        ("keras.ops.expand_dims(img_array, 0)", set()),
        ("keras.ops.reshape(img_array, (1, 180, 180, 3))", set()),
        ("img_array", {"KC105:15"}),
        ("keras.ops.cast(img_array, 'float32')", {"KC105:15"}),
    ],
)
def test_keras_ops_on_arrays_are_followed(batch: str, found: set[str]) -> None:
    source = f"""
    import keras
    from keras import layers

    inputs = keras.Input(shape=(180, 180, 3))
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.Conv2D(8, 3, activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)

    img = keras.utils.load_img("cat.jpg", target_size=(180, 180))
    img_array = keras.utils.img_to_array(img)
    batch = {batch}
    predictions = model.predict(batch)
    """
    assert findings(source) == found


def test_a_custom_training_loop_calls_the_model_on_each_batch() -> None:
    source = """
    import tensorflow as tf
    from tensorflow import keras

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    train_ds = tf.data.Dataset.from_tensor_slices((x_train / 255.0, y_train)).batch(64)
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = keras.optimizers.Adam()
    for x_batch, y_batch in train_ds:
        with tf.GradientTape() as tape:
            logits = model(x_batch, training=True)
            loss = loss_fn(y_batch, logits)
        grads = tape.gradient(loss, model.trainable_weights)
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
    """
    assert findings(source) == {"KC105:12"}
    flat = source.replace("x_train / 255.0", "x_train.reshape(-1, 784) / 255.0")
    assert findings(flat) == set()


def test_an_array_of_unknown_length_is_not_called_one_sample() -> None:
    source = """
    import numpy as np
    from tensorflow import keras
    model = keras.Sequential([keras.Input((None, 8)), keras.layers.LSTM(16), keras.layers.Dense(1)])
    x = np.load("steps.npy").reshape(-1, 8)
    model.predict(x)
    """
    assert findings(source) == {"KC105:6"}
    assert all("without the batch axis" not in text for text in messages(source, "KC105"))


def test_a_sequential_that_starts_with_an_augmentation_model_takes_its_input() -> None:
    source = """
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    augmentation = keras.Sequential([
        layers.RandomFlip("horizontal", input_shape=(180, 180, 3)),
        layers.RandomRotation(0.1),
    ])
    model = keras.Sequential([
        augmentation,
        layers.Rescaling(1.0 / 255),
        layers.Conv2D(16, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(5),
    ])
    img = tf.keras.utils.img_to_array(tf.keras.utils.load_img("rose.jpg", target_size=(180, 180)))
    model.predict(img)
    model.predict(tf.expand_dims(img, 0))
    """
    assert findings(source) == {"KC105:18"}
