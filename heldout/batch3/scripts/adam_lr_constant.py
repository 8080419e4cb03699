"""Train an MLP on the wine-like tabular features (experiment 7)."""
import numpy as np
import tensorflow as tf

LEARNING_RATE = 0.1
EPOCHS = 40
BATCH_SIZE = 32

rng = np.random.default_rng(7)
features = rng.normal(size=(3000, 11)).astype("float32")
logits = features[:, 0] * features[:, 1] + np.sin(features[:, 2]) - 0.5 * features[:, 3] ** 2
quality = np.digitize(logits, [-1.0, 0.0, 1.0])  # four quality classes

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(11,)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=LEARNING_RATE),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(features, quality, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_split=0.2)
