"""TrainingWatchdog: a Keras callback for the user's own fit(), tested on real (tiny) training."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import pytest

from kerascheck.dynamic import tf_available

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

needs_tf = [
    pytest.mark.tf,
    pytest.mark.skipif(not tf_available(), reason="needs the tf extra (TensorFlow + Keras)"),
]


def tf_test(function: Callable[..., None]) -> Callable[..., None]:
    for mark in needs_tf:
        function = mark(function)
    return function


def train(
    output: str,
    optimizer: Any = "adam",
    loss: str = "binary_crossentropy",
    epochs: int = 8,
    y: Any = None,
    **watchdog: Any,
) -> tuple[Any, Any, list[str]]:
    """Fit a small model on data with a real signal; returns (watchdog, history, printed)."""
    import keras
    import numpy as np

    from kerascheck.keras import TrainingWatchdog

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.random((256, 8)).astype("float32")
    if y is None:
        y = (x.sum(axis=1) > 4).astype("float32")
    last = {
        "sigmoid": keras.layers.Dense(1, activation="sigmoid"),
        "softmax": keras.layers.Dense(1, activation="softmax"),
        "linear": keras.layers.Dense(1),
    }[output]
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), last])
    metrics = ["accuracy"] if loss == "binary_crossentropy" else []
    model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
    printed: list[str] = []
    dog = TrainingWatchdog(print_fn=printed.append, **watchdog)
    history = model.fit(x, y, epochs=epochs, batch_size=32, verbose=0, callbacks=[dog])
    return dog, history, printed


@tf_test
def test_a_model_that_learns_is_left_alone() -> None:
    import keras

    dog, history, printed = train("sigmoid", keras.optimizers.Adam(0.01), epochs=10)
    assert dog.findings == [] and printed == []
    assert history.history["accuracy"][-1] > 0.8  # it did learn


@tf_test
def test_single_unit_softmax_is_diagnosed_once_and_training_stops() -> None:
    dog, history, printed = train("softmax", stop=True)
    (finding,) = dog.findings
    assert finding.code in ("KC903", "KC906")
    assert "chance level (0.50)" in finding.message  # accuracy sits at 50 %
    assert len(history.history["loss"]) == dog.patience < 8  # stopped early
    (text,) = printed
    assert "softmax over one unit" in text and "KC205" in text
    assert "Training stopped" in text


@tf_test
def test_a_tiny_learning_rate_is_a_static_loss() -> None:
    import keras

    dog, history, printed = train("sigmoid", keras.optimizers.Adam(1e-8), epochs=6)
    assert [f.code for f in dog.findings] == ["KC903"]  # reported once, not every epoch
    assert len(history.history["loss"]) == 6  # without stop=True, training goes on
    assert "learning rate is 1e-08 (KC301)" in printed[0]


@tf_test
def test_a_diverging_loss_is_caught_at_its_batch() -> None:
    import keras
    import numpy as np

    labels = np.random.default_rng(1).random(256).astype("float32") * 1000.0
    dog, history, printed = train(
        "linear", keras.optimizers.SGD(5.0), loss="mse", y=labels, per_batch=True, stop=True
    )
    (finding,) = dog.findings
    assert finding.code == "KC904" and finding.batch is not None
    assert len(history.history["loss"]) < 8
    assert "not finite" in printed[0]


@tf_test
def test_chance_level_comes_from_the_labels_when_given() -> None:
    import numpy as np

    labels = np.zeros(256, dtype="float32")
    labels[:205] = 1.0  # 80 % ones: a constant "1" is right 80 % of the time
    dog, _, printed = train("softmax", y=labels, labels=labels)
    assert dog.chance == pytest.approx(205 / 256)
    (finding,) = dog.findings
    assert finding.code == "KC906" and "0.80" in printed[0]


def test_import_without_keras_says_how_to_install() -> None:
    probe = textwrap.dedent(
        """
        import sys
        sys.modules["keras"] = None
        try:
            import kerascheck.keras
        except ImportError as error:
            print(error)
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "pip install 'kerascheck[tf]'" in out.stdout
