"""20 Newsgroups with frozen GloVe embeddings.

Text files in one folder per newsgroup, loaded with
keras.utils.text_dataset_from_directory; vocabulary from a TextVectorization
layer; an embedding matrix whose rows match the vocabulary.
"""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

EMBEDDING_DIM = 100
MAX_TOKENS = 20000
SEQ_LEN = 200

raw_train = keras.utils.text_dataset_from_directory(
    "20_newsgroup", batch_size=32, validation_split=0.2, subset="training", seed=1337)
raw_val = keras.utils.text_dataset_from_directory(
    "20_newsgroup", batch_size=32, validation_split=0.2, subset="validation", seed=1337)
class_names = raw_train.class_names

vectorizer = layers.TextVectorization(max_tokens=MAX_TOKENS, output_sequence_length=SEQ_LEN)
vectorizer.adapt(raw_train.map(lambda text, label: text))
voc = vectorizer.get_vocabulary()
word_index = dict(zip(voc, range(len(voc))))

embeddings_index = {}
with open("glove.6B.100d.txt", encoding="utf-8") as f:
    for line in f:
        word, coefs = line.split(maxsplit=1)
        embeddings_index[word] = np.array(coefs.split(), dtype="float32")

num_tokens = len(voc) + 2
embedding_matrix = np.zeros((num_tokens, EMBEDDING_DIM))
hits = 0
for word, i in word_index.items():
    vector = embeddings_index.get(word)
    if vector is not None:
        embedding_matrix[i] = vector
        hits += 1
print(f"Converted {hits} words")

train_ds = raw_train.map(lambda text, label: (vectorizer(text), label)).prefetch(tf.data.AUTOTUNE)
val_ds = raw_val.map(lambda text, label: (vectorizer(text), label)).prefetch(tf.data.AUTOTUNE)

int_sequences_input = keras.Input(shape=(SEQ_LEN,), dtype="int64")
embedded = layers.Embedding(
    num_tokens,
    EMBEDDING_DIM,
    weights=[embedding_matrix],
    trainable=False,
)(int_sequences_input)
x = layers.Conv1D(128, 5, activation="relu")(embedded)
x = layers.MaxPooling1D(5)(x)
x = layers.Conv1D(128, 5, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(128, activation="relu")(x)
x = layers.Dropout(0.5)(x)
preds = layers.Dense(len(class_names), activation="softmax")(x)
model = keras.Model(int_sequences_input, preds)

model.compile(loss="sparse_categorical_crossentropy", optimizer="rmsprop", metrics=["acc"])
model.fit(train_ds, epochs=20, validation_data=val_ds)

# end-to-end model on raw strings
string_input = keras.Input(shape=(1,), dtype="string")
end_to_end = keras.Model(string_input, model(vectorizer(string_input)))
probabilities = end_to_end.predict(tf.constant([["this message is about space launches and orbits"]]))
print(class_names[int(np.argmax(probabilities[0]))])
