"""Wide-and-deep style tabular model: a shared linear projection feeds both paths."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

X = np.random.rand(4000, 20).astype("float32")
y = ((X[:, 0] - 0.5) * (X[:, 1] - 0.5) + 0.1 * X[:, 2] > 0.05).astype("float32")

inputs = keras.Input(shape=(20,), name="features")
proj = layers.Dense(32, name="projection")(inputs)          # linear on purpose
deep = layers.Dense(64, activation="relu")(proj)
deep = layers.Dense(32, activation="relu")(deep)
merged = layers.Concatenate()([proj, deep])
outputs = layers.Dense(1, activation="sigmoid")(merged)

model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-4),
              loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=40, batch_size=64, validation_split=0.2)
