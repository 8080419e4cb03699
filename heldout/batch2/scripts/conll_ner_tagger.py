# Named-entity tagging (CoNLL-2003), one tag per token.
# encoded.npz comes from prepare_conll.py: word ids (n, 50), tag ids (n, 50),
# both padded with 0.
import json

import numpy as np
import keras
from keras import layers

MAX_LEN = 50

data = np.load("encoded.npz")
words, tags = data["words"], data["tags"]
with open("vocab.json") as f:
    vocab = json.load(f)
with open("tags.json") as f:
    tag_names = json.load(f)
n_words, n_tags = len(vocab) + 1, len(tag_names)

n_dev = len(words) // 10
x_train, y_train = words[n_dev:], tags[n_dev:]
x_dev, y_dev = words[:n_dev], tags[:n_dev]

inputs = keras.Input(shape=(MAX_LEN,), dtype="int32")
x = layers.Embedding(n_words, 100, mask_zero=True)(inputs)
x = layers.SpatialDropout1D(0.1)(x)
x = layers.Bidirectional(layers.LSTM(100, return_sequences=True, recurrent_dropout=0.1))(x)
x = layers.Conv1D(128, 3, padding="same", activation="relu")(x)
x = layers.Dropout(0.3)(x)
outputs = layers.Dense(n_tags, activation="softmax")(x)   # applied to every token

model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()
model.fit(x_train, y_train, batch_size=32, epochs=5, validation_data=(x_dev, y_dev))

pred = model.predict(x_dev[:1]).argmax(-1)[0]
length = int((x_dev[0] > 0).sum())
print([tag_names[t] for t in pred[:length]])
