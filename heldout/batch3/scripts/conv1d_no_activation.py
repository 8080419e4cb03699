# Classify vibration windows as calm (0) or rough (1) from the raw waveform.
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv1D, GlobalAveragePooling1D, Dense

n, steps = 2000, 100
amplitude = np.random.uniform(0.5, 1.0, size=(n, 1, 1))
X = (np.random.randn(n, steps, 1) * amplitude).astype("float32")
y = (X.std(axis=(1, 2)) > 0.75).astype("int32")

model = Sequential()
model.add(Conv1D(16, 5, input_shape=(steps, 1)))
model.add(Conv1D(32, 5))
model.add(GlobalAveragePooling1D())
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=30, batch_size=32, validation_split=0.2)
