import numpy as np
from tensorflow.keras import layers, Model

signals = np.random.randn(800, 100, 8).astype("float32")
labels = (signals[:, :, 0].mean(axis=1) > 0).astype("int32")

inp = layers.Input(shape=(100, 8))
x = layers.TimeDistributed(layers.Conv1D(16, 3, activation="relu"))(inp)
x = layers.TimeDistributed(layers.MaxPooling1D(2))(x)
x = layers.Flatten()(x)
x = layers.Dense(32, activation="relu")(x)
out = layers.Dense(2, activation="softmax")(x)

model = Model(inp, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(signals, labels, epochs=10, validation_split=0.2)
