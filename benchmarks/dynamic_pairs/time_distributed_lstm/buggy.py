import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, TimeDistributed, Dense

data = np.random.rand(300, 20, 1)
labels = (data.sum(axis=(1, 2)) > 10).astype("int32")

model = Sequential()
model.add(TimeDistributed(LSTM(32), input_shape=(20, 1)))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(data, labels, epochs=10, batch_size=32)
