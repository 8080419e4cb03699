"""Recurrent sentiment models."""
import tensorflow as tf
from tensorflow.keras import layers


def build_bilstm(vocab_size, seq_len, embed_dim=64, units=64):
    inputs = tf.keras.Input(shape=(seq_len,), dtype="int64")
    x = layers.Embedding(vocab_size, embed_dim, mask_zero=True)(inputs)
    x = layers.Bidirectional(layers.LSTM(units, return_sequences=True))(x)
    x = layers.Bidirectional(layers.LSTM(units // 2, return_sequences=True))(x)
    x = layers.Dense(64, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return tf.keras.Model(inputs, outputs, name="bilstm_sentiment")
