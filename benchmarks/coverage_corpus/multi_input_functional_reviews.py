import numpy as np
import pandas as pd
from keras import Input, Model
from keras.layers import Dense, Embedding, GlobalAveragePooling1D, Concatenate, Dropout
from keras.preprocessing.text import Tokenizer
from keras.utils import pad_sequences, to_categorical

MAX_WORDS = 15000
MAX_LEN = 120

reviews = pd.read_csv("product_reviews.csv").dropna(subset=["text"])
tokenizer = Tokenizer(num_words=MAX_WORDS, oov_token="<unk>")
tokenizer.fit_on_texts(reviews["text"])
sequences = pad_sequences(tokenizer.texts_to_sequences(reviews["text"]), maxlen=MAX_LEN)
meta = reviews[["price", "helpful_votes", "verified"]].values.astype("float32")
meta = (meta - meta.mean(axis=0)) / (meta.std(axis=0) + 1e-6)
stars = to_categorical(reviews["stars"].values - 1, num_classes=5)

text_in = Input(shape=(MAX_LEN,), name="text")
meta_in = Input(shape=(3,), name="meta")
x = Embedding(MAX_WORDS, 64)(text_in)
x = GlobalAveragePooling1D()(x)
m = Dense(16, activation="relu")(meta_in)
h = Concatenate()([x, m])
h = Dropout(0.3)(h)
h = Dense(64, activation="relu")(h)
out = Dense(5, activation="softmax")(h)

model = Model(inputs=[text_in, meta_in], outputs=out)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit([sequences, meta], stars, epochs=8, batch_size=64, validation_split=0.15)
print(model.evaluate([sequences[:500], meta[:500]], stars[:500]))
print(model.predict({"text": sequences[:3], "meta": meta[:3]}))
