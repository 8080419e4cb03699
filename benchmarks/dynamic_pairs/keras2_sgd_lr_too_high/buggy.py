import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import SGD

X = np.random.rand(1000, 5) * 10
y = 3 * X[:, 0] + 2 * X[:, 1] - X[:, 2]

model = Sequential()
model.add(Dense(20, input_dim=5, kernel_initializer="normal", activation="relu"))
model.add(Dense(1, kernel_initializer="normal"))
sgd = SGD(lr=0.5, momentum=0.9, decay=0.0, nesterov=False)
model.compile(loss="mean_squared_error", optimizer=sgd)
model.fit(X, y, epochs=100, batch_size=5, verbose=0)
