"""Signature verification with a siamese network.

pairs.npz: left/right grayscale crops (n, 64, 128) and same_writer (0/1).
One shared encoder embeds both crops; the cosine similarity of the two
embeddings (a normalized Dot) goes through a logistic unit.
"""
import numpy as np
import tensorflow as tf

EMBED_DIM = 64

pairs = np.load("pairs.npz")
left = pairs["left"].astype("float32")[..., np.newaxis] / 255.0
right = pairs["right"].astype("float32")[..., np.newaxis] / 255.0
same = pairs["same_writer"].astype("float32")

split = int(0.85 * len(same))


def make_encoder(input_shape=(64, 128, 1)):
    return tf.keras.Sequential([
        tf.keras.Input(shape=input_shape),
        tf.keras.layers.Conv2D(32, 5, activation="relu"),
        tf.keras.layers.MaxPooling2D(),
        tf.keras.layers.Conv2D(64, 3, activation="relu"),
        tf.keras.layers.MaxPooling2D(),
        tf.keras.layers.Conv2D(64, 3, activation="relu"),
        tf.keras.layers.GlobalAveragePooling2D(),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dense(EMBED_DIM, activation="tanh"),
    ], name="encoder")


encoder = make_encoder()
embedding_size = encoder.layers[-1].units

in_a = tf.keras.Input(shape=(64, 128, 1), name="left")
in_b = tf.keras.Input(shape=(64, 128, 1), name="right")
emb_a = encoder(in_a)
emb_b = encoder(in_b)
cosine = tf.keras.layers.Dot(axes=1, normalize=True)([emb_a, emb_b])
score = tf.keras.layers.Dense(1, activation="sigmoid")(cosine)
siamese = tf.keras.Model([in_a, in_b], score)

siamese.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
siamese.fit([left[:split], right[:split]], same[:split], batch_size=64, epochs=20,
            validation_data=([left[split:], right[split:]], same[split:]))

# embed a reference signature once, then compare new ones against it
reference = encoder.predict(left[:1])
candidates = encoder.predict(right[split:split + 8])
print(embedding_size, reference.shape, candidates.shape)
print(siamese.predict([left[split:split + 8], right[split:split + 8]]).ravel())
