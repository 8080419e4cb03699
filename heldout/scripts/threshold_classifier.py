import numpy as np
import tensorflow as tf
from tensorflow import keras

n_samples = 2000
X = np.random.rand(n_samples, 10).astype(np.float32)
# target: is the sum of the first 5 features larger than 2.5
y = (X[:, :5].sum(axis=1) > 2.5).astype(np.float32)

split = int(0.8 * n_samples)
X_train, X_test = X[:split], X[split:]
y_train, y_test = y[:split], y[split:]

model = keras.models.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=(8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=20, batch_size=32, validation_split=0.1)
model.evaluate(X_test, y_test)
