# Answer to "Keras cannot learn y = x^4": scale the input (and therefore the target).
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

x = np.arange(-100, 100, 0.5)
x_scaled = x / 100.0
y = x_scaled ** 4

model = Sequential()
model.add(Dense(50, input_shape=(1,), activation='relu'))
model.add(Dense(50, activation='relu'))
model.add(Dense(1))

model.compile(loss='mse', optimizer='adam', metrics=['mae'])
model.fit(x_scaled, y, epochs=300, batch_size=32, verbose=2)

test = np.array([2.0, 3.0, 50.0]) / 100.0
print(model.predict(test) * 100.0 ** 4)
