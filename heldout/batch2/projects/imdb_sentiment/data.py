"""IMDB reviews from the aclImdb folder layout (train/pos, train/neg, test/...)."""
import tensorflow as tf
from tensorflow.keras import layers

MAX_TOKENS = 20000
SEQ_LEN = 250
BATCH_SIZE = 32


def make_datasets(root="aclImdb"):
    raw_train = tf.keras.utils.text_dataset_from_directory(
        f"{root}/train", batch_size=BATCH_SIZE, validation_split=0.2, subset="training", seed=42)
    raw_val = tf.keras.utils.text_dataset_from_directory(
        f"{root}/train", batch_size=BATCH_SIZE, validation_split=0.2, subset="validation", seed=42)
    raw_test = tf.keras.utils.text_dataset_from_directory(f"{root}/test", batch_size=BATCH_SIZE)

    vectorize_layer = layers.TextVectorization(
        max_tokens=MAX_TOKENS, output_mode="int", output_sequence_length=SEQ_LEN)
    vectorize_layer.adapt(raw_train.map(lambda text, label: text))

    def vectorize(text, label):
        return vectorize_layer(text), label

    train_ds = raw_train.map(vectorize).cache().prefetch(tf.data.AUTOTUNE)
    val_ds = raw_val.map(vectorize).cache().prefetch(tf.data.AUTOTUNE)
    test_ds = raw_test.map(vectorize).prefetch(tf.data.AUTOTUNE)
    return train_ds, val_ds, test_ds, vectorize_layer
