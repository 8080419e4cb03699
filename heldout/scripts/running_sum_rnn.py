from keras.models import Sequential
from keras.layers import *
import numpy as np

# toy task: predict the running sum of a binary sequence
seq_len = 8
X = np.random.randint(0, 2, size=(2000, seq_len, 1)).astype("float32")
y = X.sum(axis=1)

model = Sequential()
model.add(SimpleRNN(units=2, input_shape=(seq_len, 1), activation="relu"))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, epochs=25, batch_size=50, verbose=2)
