# AG News (4 topics): BiLSTM encoders with three ways of pooling the sequence.
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras import backend as K

MAX_TOKENS = 20000
SEQ_LEN = 120
NUM_CLASSES = 4

train_df = pd.read_csv("ag_news/train.csv")
test_df = pd.read_csv("ag_news/test.csv")
y_train = train_df["Class Index"].values - 1
y_test = test_df["Class Index"].values - 1

vectorizer = layers.TextVectorization(max_tokens=MAX_TOKENS, output_sequence_length=SEQ_LEN)
vectorizer.adapt(train_df["Description"].values)
x_train = vectorizer(train_df["Description"].values).numpy()
x_test = vectorizer(test_df["Description"].values).numpy()


class AttentionPooling(layers.Layer):
    """Additive attention over time steps, returns one vector per sequence."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], 1), initializer="glorot_uniform", name="w")

    def call(self, h):
        scores = tf.nn.softmax(tf.squeeze(tf.matmul(h, self.w), -1), axis=1)
        return tf.reduce_sum(h * scores[..., None], axis=1)


def encoder(x):
    x = layers.Embedding(MAX_TOKENS, 128, mask_zero=True)(x)
    return layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)


def build(pooling):
    inp = keras.Input(shape=(SEQ_LEN,), dtype="int64")
    h = encoder(inp)
    if pooling == "dot_attention":
        context = layers.Attention()([h, h])
        x = layers.GlobalMaxPooling1D()(context)
    elif pooling == "additive":
        x = AttentionPooling()(h)
    else:
        x = layers.Lambda(lambda t: K.mean(t, axis=1))(h)
    x = layers.Dense(64, activation="relu")(x)
    out = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    model = keras.Model(inp, out, name=f"bilstm_{pooling}")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


results = {}
for pooling in ["dot_attention", "additive", "mean"]:
    model = build(pooling)
    model.fit(x_train, y_train, validation_split=0.1, epochs=4, batch_size=128)
    results[pooling] = model.evaluate(x_test, y_test, verbose=0)[1]
print(results)
