# Keras cannot learn y = x^4 ?? The loss stays in the billions and accuracy is 0.0
# after 300 epochs. What am I doing wrong? (question pasted from Stack Overflow)
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

x = np.arange(-100, 100, 0.5)
y = x ** 4

model = Sequential()
model.add(Dense(50, input_shape=(1,), activation='relu'))
model.add(Dense(50, activation='relu'))
model.add(Dense(1))

model.compile(loss='mse', optimizer='adam', metrics=['accuracy'])
model.fit(x, y, epochs=300, batch_size=32, verbose=2)

prediction = model.predict(np.array([2.0, 3.0, 50.0]))
print(prediction)
