"""
Title: Text classification with Transformer
Description: Implement a Transformer block as a Keras layer and use it for text
classification of IMDB movie reviews, with a small hyper-parameter sweep.
"""

import os
import csv
import random
import itertools
from dataclasses import dataclass, asdict

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, ops

"""
## Implement a Transformer block as a layer
"""


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential(
            [
                layers.Dense(ff_dim, activation="relu"),
                layers.Dense(embed_dim),
            ]
        )
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs, training=False):
        attn_output = self.att(inputs, inputs)
        attn_output = self.dropout1(attn_output, training=training)
        out1 = self.layernorm1(inputs + attn_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output, training=training)
        return self.layernorm2(out1 + ffn_output)

    def get_config(self):
        config = super().get_config()
        config.update({"embed_dim": self.att.key_dim, "num_heads": self.att.num_heads})
        return config


"""
## Implement embedding layer

Two separate embedding layers, one for tokens, one for token index (positions).
"""


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)
        self.maxlen = maxlen

    def call(self, x):
        maxlen = ops.shape(x)[-1]
        positions = ops.arange(start=0, stop=maxlen, step=1)
        positions = self.pos_emb(positions)
        x = self.token_emb(x)
        return x + positions


"""
## Download and prepare dataset
"""

VOCAB_SIZE = 20000  # Only consider the top 20k words
MAXLEN = 200  # Only consider the first 200 words of each movie review


def load_imdb(vocab_size=VOCAB_SIZE, maxlen=MAXLEN):
    (x_train, y_train), (x_val, y_val) = keras.datasets.imdb.load_data(num_words=vocab_size)
    print(len(x_train), "Training sequences")
    print(len(x_val), "Validation sequences")
    x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
    x_val = keras.utils.pad_sequences(x_val, maxlen=maxlen)
    return (x_train, y_train), (x_val, y_val)


def decode_review(encoded, index=None):
    index = index or keras.datasets.imdb.get_word_index()
    reverse = {value + 3: key for key, value in index.items()}
    reverse[0], reverse[1], reverse[2] = "<pad>", "<start>", "<unk>"
    return " ".join(reverse.get(i, "?") for i in encoded if i)


def length_stats(sequences):
    lengths = np.array([np.count_nonzero(s) for s in sequences])
    return {
        "mean": float(lengths.mean()),
        "median": float(np.median(lengths)),
        "max": int(lengths.max()),
        "truncated": float((lengths >= MAXLEN).mean()),
    }


"""
## Create classifier model using transformer layer

Transformer layer outputs one vector for each time step of our input sequence.
Here, we take the mean across all time steps and use a feed forward network on top
of it to classify text.
"""


@dataclass
class Config:
    embed_dim: int = 32  # Embedding size for each token
    num_heads: int = 2  # Number of attention heads
    ff_dim: int = 32  # Hidden layer size in feed forward network inside transformer
    dropout: float = 0.1
    head_units: int = 20
    learning_rate: float = 1e-3
    batch_size: int = 32
    epochs: int = 2


def build_classifier(config, maxlen=MAXLEN, vocab_size=VOCAB_SIZE):
    inputs = layers.Input(shape=(maxlen,))
    embedding_layer = TokenAndPositionEmbedding(maxlen, vocab_size, config.embed_dim)
    x = embedding_layer(inputs)
    transformer_block = TransformerBlock(config.embed_dim, config.num_heads, config.ff_dim)
    x = transformer_block(x)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dropout(config.dropout)(x)
    x = layers.Dense(config.head_units, activation="relu")(x)
    x = layers.Dropout(config.dropout)(x)
    outputs = layers.Dense(2, activation="softmax")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(config.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def build_bag_of_words(maxlen=MAXLEN, vocab_size=VOCAB_SIZE, embed_dim=16):
    """A baseline without attention: average the token embeddings."""
    model = keras.Sequential(
        [
            layers.Input(shape=(maxlen,)),
            layers.Embedding(vocab_size, embed_dim),
            layers.GlobalAveragePooling1D(),
            layers.Dense(16, activation="relu"),
            layers.Dense(2, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


"""
## Train and Evaluate
"""


def train_and_evaluate(model, data, config):
    (x_train, y_train), (x_val, y_val) = data
    history = model.fit(
        x_train,
        y_train,
        batch_size=config.batch_size,
        epochs=config.epochs,
        validation_data=(x_val, y_val),
        verbose=2,
    )
    loss, accuracy = model.evaluate(x_val, y_val, verbose=0)
    return history, loss, accuracy


def sweep_grid():
    grid = {
        "embed_dim": [32, 64],
        "num_heads": [2, 4],
        "ff_dim": [32, 64],
    }
    keys = sorted(grid)
    for values in itertools.product(*(grid[k] for k in keys)):
        yield Config(**dict(zip(keys, values)))


def sample_configs(count, seed=0):
    rng = random.Random(seed)
    configs = list(sweep_grid())
    rng.shuffle(configs)
    return configs[:count]


def write_results(rows, path="sweep.csv"):
    if not rows:
        return
    with open(path, "w", newline="") as fobj:
        writer = csv.DictWriter(fobj, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def most_confident_errors(model, x_val, y_val, top=5):
    probabilities = model.predict(x_val, batch_size=256)
    predicted = probabilities.argmax(axis=1)
    wrong = np.where(predicted != y_val)[0]
    confidence = probabilities[wrong].max(axis=1)
    order = wrong[np.argsort(-confidence)][:top]
    return [(int(i), float(probabilities[i].max())) for i in order]


def main(trials=3):
    data = load_imdb()
    (x_train, y_train), (x_val, y_val) = data
    print(length_stats(x_train))

    baseline = build_bag_of_words()
    _, base_loss, base_acc = train_and_evaluate(baseline, data, Config())
    rows = [{"model": "bag_of_words", "loss": base_loss, "accuracy": base_acc}]

    best = None
    for config in sample_configs(trials):
        model = build_classifier(config)
        _, loss, accuracy = train_and_evaluate(model, data, config)
        rows.append({"model": "transformer", "loss": loss, "accuracy": accuracy, **asdict(config)})
        if best is None or accuracy > best[1]:
            best = (model, accuracy)

    write_results(rows)
    if best is not None:
        for index, confidence in most_confident_errors(best[0], x_val, y_val):
            print(f"{confidence:.3f}", decode_review(x_val[index])[:200])
        os.makedirs("models", exist_ok=True)
        best[0].save("models/transformer_imdb.keras")


if __name__ == "__main__":
    tf.random.set_seed(42)
    main()
