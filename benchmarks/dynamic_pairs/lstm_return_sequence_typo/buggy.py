import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense, Dropout

X = np.random.rand(500, 24, 3)
y = X[:, -1, 0] * 2 + X[:, -2, 1]

model = Sequential()
model.add(LSTM(50, return_sequence=True, input_shape=(24, 3)))
model.add(Dropout(0.2))
model.add(LSTM(50))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mean_squared_error")
model.fit(X, y, epochs=25, batch_size=32)
