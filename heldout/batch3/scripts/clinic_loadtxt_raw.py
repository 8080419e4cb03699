# Diabetes risk from five clinical measurements (exported from the clinic database).
from numpy import loadtxt
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

dataset = loadtxt('clinic_raw.csv', delimiter=',')
# glucose, blood pressure, insulin, bmi, age | outcome
X = dataset[:, 0:5]
y = dataset[:, 5]

model = Sequential()
model.add(Dense(12, input_shape=(5,), activation='relu'))
model.add(Dense(8, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='sgd', metrics=['accuracy'])

model.fit(X, y, epochs=100, batch_size=10, verbose=0)
_, accuracy = model.evaluate(X, y)
print('Accuracy: %.2f' % (accuracy * 100))
