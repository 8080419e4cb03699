"""Demo of our in-house `minidl` framework (API mimics Keras on purpose)."""
import numpy as np
from minidl.models import Sequential
from minidl.layers import LSTM, Dense, TimeDistributed, Dropout
from minidl.optimizers import Adam

x = np.random.rand(64, 20, 1)
y = np.random.randint(0, 2, 64)

model = Sequential()
model.add(TimeDistributed(LSTM(4), input_shape=(20, 1)))
model.add(LSTM(8))
model.add(Dropout(20))
model.add(Dense(1, activation="softmax"))
model.compile(loss="mse", optimizer=Adam(lr=5.0, decay=1e-3), metrics=["accuracy"])
model.fit(x, y, nb_epoch=5)
