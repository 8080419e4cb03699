import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense, TimeDistributed

# many-to-many: predict the next value at every step
n_seq, n_steps = 400, 25
t = np.arange(n_seq * (n_steps + 1)).reshape(n_seq, n_steps + 1) * 0.1
wave = np.sin(t)
X = wave[:, :-1].reshape(n_seq, n_steps, 1)
y = wave[:, 1:].reshape(n_seq, n_steps, 1)

model = Sequential()
model.add(LSTM(64, input_shape=(n_steps, 1), return_sequences=True))
model.add(TimeDistributed(Dense(1)))
model.compile(loss='mean_squared_error', optimizer='adam')
model.fit(X, y, epochs=100, batch_size=16, verbose=2)
