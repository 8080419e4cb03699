# Why does my binary classifier stay at 50% accuracy? The rule is trivial
# (label = 1 when the first two features add up to more than 1).
import random
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

np.random.seed(0)
x_train = np.random.rand(1000, 10)
y_train = (x_train[:, 0] + x_train[:, 1] > 1.0).astype('int32')
x_test = np.random.rand(200, 10)
y_test = (x_test[:, 0] + x_test[:, 1] > 1.0).astype('int32')

# shuffle the training set so batches are not ordered
random.shuffle(y_train)

model = Sequential()
model.add(Dense(32, input_dim=10, activation='relu'))
model.add(Dense(16, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=20, batch_size=32)
print(model.evaluate(x_test, y_test))
