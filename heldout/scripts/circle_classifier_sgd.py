import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import SGD

# points inside a circle of radius 0.3 around (0.5, 0.5) are class 1
x = np.random.rand(4000, 2)
y = (((x[:, 0] - 0.5) ** 2 + (x[:, 1] - 0.5) ** 2) < 0.09).astype(int)

model = Sequential()
model.add(Dense(16, activation='tanh', input_dim=2))
model.add(Dense(16, activation='tanh'))
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy', optimizer=SGD(learning_rate=0.5, momentum=0.9), metrics=['accuracy'])
model.fit(x, y, epochs=50, batch_size=32, validation_split=0.2)
