# Time-distributed LSTM: accuracy stuck around 0.5 and the loss does not move.
# Posted this on SO, see the comments for what I already tried.
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, TimeDistributed, Dense

np.random.seed(7)

# 100 samples, 20 timesteps, 1 feature
data = np.random.rand(100, 20, 1)
labels = np.random.randint(0, 2, 100)

model = Sequential()
model.add(TimeDistributed(LSTM(32), input_shape=(20, 1)))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.summary()

history = model.fit(data, labels, epochs=10, batch_size=16, verbose=2)
print(history.history['accuracy'][-1])
