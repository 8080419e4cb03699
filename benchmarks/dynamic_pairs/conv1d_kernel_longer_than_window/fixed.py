import numpy as np
from keras import Sequential
from keras.layers import Conv1D, GlobalMaxPooling1D, Dense, Input

window = 8
signals = np.random.rand(400, window, 2)
labels = (signals[:, :, 0].mean(axis=1) > 0.5).astype("int32")

model = Sequential(
    [
        Input(shape=(window, 2)),
        Conv1D(32, kernel_size=3, activation="relu"),
        GlobalMaxPooling1D(),
        Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(signals, labels, epochs=10)
