import numpy as np
import tensorflow as tf

# synthetic regression: y = 3*x0 - 2*x1 + noise
X = np.random.randn(5000, 2).astype("float32")
y = 3 * X[:, 0] - 2 * X[:, 1] + 0.1 * np.random.randn(5000)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(2,)),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1),
])
optimizer = tf.keras.optimizers.Adam(learning_rate=1.0)
model.compile(optimizer=optimizer, loss=tf.keras.losses.Huber(), metrics=["accuracy"])
model.fit(X, y, epochs=10, batch_size=256)
