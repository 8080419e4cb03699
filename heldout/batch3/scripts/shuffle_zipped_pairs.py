"""Sentiment of short reviews; the pairs are shuffled together before the split."""
import random

import numpy as np
import tensorflow as tf

texts = [
    "great phone, battery lasts all day", "terrible screen, returned it",
    "love the camera", "stopped working after a week", "excellent value for money",
    "the worst purchase I ever made", "fast delivery and works perfectly",
    "cheap plastic, broke immediately", "very happy with it", "do not buy this",
    "amazing sound quality", "awful customer service", "works as described",
    "complete waste of money", "beautiful design and fast", "keeps crashing",
] * 8
labels = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0] * 8

pairs = list(zip(texts, labels))
random.shuffle(pairs)
texts, labels = zip(*pairs)

vectorize = tf.keras.layers.TextVectorization(max_tokens=2000, output_sequence_length=12)
vectorize.adapt(list(texts))
x = vectorize(np.array(texts)).numpy()
y = np.array(labels, dtype="float32")

model = tf.keras.Sequential([
    tf.keras.Input(shape=(12,)),
    tf.keras.layers.Embedding(2000, 16),
    tf.keras.layers.GlobalAveragePooling1D(),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x[:100], y[:100], epochs=30, validation_data=(x[100:], y[100:]))
