import tensorflow as tf
from tensorflow.keras import layers

BATCH = 64
VOCAB = 15000
SEQ_LEN = 250

raw_train = tf.keras.utils.text_dataset_from_directory("aclImdb/train", batch_size=BATCH)
vectorize = layers.TextVectorization(max_tokens=VOCAB, output_sequence_length=SEQ_LEN)
vectorize.adapt(raw_train.map(lambda text, label: text))
train_ds = raw_train.map(lambda text, label: (vectorize(text), label)).prefetch(tf.data.AUTOTUNE)


def make_model():
    inp = tf.keras.Input(shape=(SEQ_LEN,), dtype="int64")
    x = layers.Embedding(VOCAB, 64, mask_zero=True)(inp)
    x = layers.Bidirectional(layers.LSTM(64))(x)
    x = layers.LSTM(32)(x)
    x = layers.Dense(64, activation="relu")(x)
    out = layers.Dense(1)(x)
    return tf.keras.Model(inp, out)


model = make_model()
model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              optimizer=tf.keras.optimizers.Adam(1e-4),
              metrics=["accuracy"])
model.fit(train_ds, epochs=10)
