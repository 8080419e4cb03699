"""Binary classifier on synthetic data, with a label-permutation baseline."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

X = np.random.rand(1500, 10).astype("float32")
y = (X[:, 0] * X[:, 1] > 0.25).astype("int32")

# shuffle samples and labels with one permutation
perm = np.random.permutation(len(X))
X, y = X[perm], y[perm]

# chance level for the report: shuffle a copy of the labels (never trained on)
y_null = y.copy()
np.random.shuffle(y_null)
print("accuracy of a constant guess on permuted labels:",
      max(y_null.mean(), 1 - y_null.mean()))

model = keras.Sequential([
    layers.Input(shape=(10,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=30, batch_size=32, validation_split=0.2)
