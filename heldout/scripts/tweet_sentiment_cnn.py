import pandas as pd
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

MAX_TOKENS = 20000
SEQ_LEN = 120
EMBED_DIM = 100

df = pd.read_csv("tweets.csv")
texts = df["text"].astype(str).values
labels = df["label"].values   # 0 = negative, 1 = neutral, 2 = positive

vectorizer = layers.TextVectorization(max_tokens=MAX_TOKENS, output_sequence_length=SEQ_LEN)
vectorizer.adapt(texts)
X = vectorizer(texts).numpy()

inputs = keras.Input(shape=(SEQ_LEN,), dtype="int64")
x = layers.Embedding(MAX_TOKENS, EMBED_DIM)(inputs)
x = layers.SpatialDropout1D(25)(x)
x = layers.Conv1D(128, 5, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(64, activation="relu")(x)
outputs = layers.Dense(3, activation="softmax")(x)

model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, labels, epochs=5, batch_size=64, validation_split=0.1)
