"""A deterministic corpus of realistic Keras training scripts, for benchmarks.

Scripts combine the styles users really write (import styles, Sequential list and ``.add``
forms, functional models, models built in functions, several data sources, plotting and
evaluation code around the model) so that the linter's cost is measured on typical input.
"""

from __future__ import annotations

import random
from pathlib import Path

IMPORTS = [
    ("import keras\nfrom keras import layers\n", "keras", "layers"),
    ("from tensorflow import keras\nfrom tensorflow.keras import layers\n", "keras", "layers"),
    ("import tensorflow as tf\n", "tf.keras", "tf.keras.layers"),
    ("import keras\nimport keras.layers as L\n", "keras", "L"),
]

DATA = [
    "x = np.random.rand({n}, {steps}, {features})\ny = (x.sum(axis=(1, 2)) > {half}).astype('int32')\n",
    "raw = np.loadtxt('series_{seed}.csv', delimiter=',')\nx = ((raw - raw.mean()) / raw.std()).reshape(-1, {steps}, {features})\n"
    "y = np.load('labels_{seed}.npy')\n",
    "df = pd.read_csv('sensor_{seed}.csv')\nvalues = df.drop(columns=['label']).values\n"
    "x = StandardScaler().fit_transform(values).reshape(-1, {steps}, {features})\ny = df['label'].values\n",
]

RECURRENT = ["LSTM", "GRU", "SimpleRNN"]

HELPERS = '''

def plot_history(history, name="loss"):
    """Plot the training curve of one metric."""
    plt.figure(figsize=(8, 4))
    plt.plot(history.history[name], label="train")
    if "val_" + name in history.history:
        plt.plot(history.history["val_" + name], label="validation")
    plt.xlabel("epoch")
    plt.ylabel(name)
    plt.legend()
    plt.tight_layout()
    plt.savefig(f"{{name}}_{seed}.png")


def summarize(values):
    total = 0.0
    for index, value in enumerate(values):
        if index % 2 == 0:
            total += value
        else:
            total -= value / (index + 1)
    return {{"total": total, "count": len(values), "mean": total / max(len(values), 1)}}
'''


def sequential_model(ns: str, layers: str, rnn: str, units: int, steps: int, features: int) -> str:
    return (
        f"def build_model(units={units}, dropout=0.2):\n"
        f"    model = {ns}.Sequential([\n"
        f"        {layers}.Input(shape=({steps}, {features})),\n"
        f"        {layers}.{rnn}(units, return_sequences=True),\n"
        f"        {layers}.Dropout(dropout),\n"
        f"        {layers}.{rnn}(units // 2),\n"
        f"        {layers}.Dense(16, activation='relu'),\n"
        f"        {layers}.Dense(1, activation='sigmoid'),\n"
        "    ])\n"
        f"    model.compile(optimizer={ns}.optimizers.Adam(learning_rate=1e-3),\n"
        "                  loss='binary_crossentropy', metrics=['accuracy'])\n"
        "    return model\n"
    )


def add_model(ns: str, layers: str, rnn: str, units: int, steps: int, features: int) -> str:
    return (
        f"def build_model(units={units}):\n"
        f"    model = {ns}.Sequential()\n"
        f"    model.add({layers}.{rnn}(units, input_shape=({steps}, {features})))\n"
        f"    model.add({layers}.Dense(8, activation='relu'))\n"
        f"    model.add({layers}.Dense(1, activation='sigmoid'))\n"
        "    model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])\n"
        "    return model\n"
    )


def functional_model(ns: str, layers: str, rnn: str, units: int, steps: int, features: int) -> str:
    return (
        f"def build_model(units={units}):\n"
        f"    inputs = {ns}.Input(shape=({steps}, {features}))\n"
        f"    h = {layers}.Bidirectional({layers}.{rnn}(units, return_sequences=True))(inputs)\n"
        f"    h = {layers}.GlobalAveragePooling1D()(h)\n"
        f"    h = {layers}.Dense(32, activation='relu')(h)\n"
        f"    outputs = {layers}.Dense(1, activation='sigmoid')(h)\n"
        f"    model = {ns}.Model(inputs, outputs)\n"
        "    model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
        "    return model\n"
    )


MODELS = [sequential_model, add_model, functional_model]


def script(seed: int) -> str:
    rng = random.Random(seed)
    header, ns, layers = rng.choice(IMPORTS)
    steps, features = rng.choice([(20, 1), (30, 4), (50, 8), (10, 3)])
    units = rng.choice([16, 32, 64, 128])
    n = rng.choice([200, 500, 1000])
    data = rng.choice(DATA).format(
        n=n, steps=steps, features=features, half=steps * features / 2, seed=seed
    )
    model = rng.choice(MODELS)(ns, layers, rng.choice(RECURRENT), units, steps, features)
    epochs = rng.choice([5, 10, 20])
    return (
        f'"""Training script {seed}: a recurrent classifier on windows of sensor data."""\n'
        "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n"
        "from sklearn.model_selection import train_test_split\n"
        "from sklearn.preprocessing import StandardScaler\n"
        f"{header}\n"
        f"SEED = {seed}\nnp.random.seed(SEED)\n\n"
        f"{data}\n"
        "x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=SEED)\n\n"
        f"{model}\n"
        f"{HELPERS.format(seed=seed)}\n\n"
        "if __name__ == '__main__':\n"
        "    model = build_model()\n"
        "    model.summary()\n"
        f"    history = model.fit(x_train, y_train, epochs={epochs}, batch_size=32,\n"
        "                        validation_data=(x_test, y_test))\n"
        "    loss, accuracy = model.evaluate(x_test, y_test)\n"
        "    print(f'test loss {loss:.3f} accuracy {accuracy:.3f}')\n"
        "    plot_history(history)\n"
        "    print(summarize(history.history['loss']))\n"
    )


def write_corpus(folder: Path, count: int, start: int = 0) -> list[Path]:
    """Write ``count`` scripts into ``folder`` and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(start, start + count):
        path = folder / f"train_{seed:05d}.py"
        path.write_text(script(seed))
        paths.append(path)
    return paths
