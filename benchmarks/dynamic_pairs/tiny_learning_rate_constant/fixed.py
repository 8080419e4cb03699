import numpy as np
import tensorflow as tf

LEARNING_RATE = 1e-3
EPOCHS = 50

x = np.random.uniform(-1, 1, size=(800, 4)).astype("float32")
y = (x[:, 0] * x[:, 1] > 0).astype("float32")

model = tf.keras.Sequential(
    [
        tf.keras.layers.Dense(16, activation="relu", input_shape=(4,)),
        tf.keras.layers.Dense(16, activation="relu"),
        tf.keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(
    optimizer=tf.keras.optimizers.Adam(learning_rate=LEARNING_RATE),
    loss="binary_crossentropy",
    metrics=["accuracy"],
)
history = model.fit(x, y, epochs=EPOCHS, batch_size=32, verbose=0)
print(history.history["loss"][-1])
