# Keras: "ValueError: Invalid input shape" when I call predict on one sample
#
# I trained a tiny network on three measurements per sample and it trains fine,
# but predicting a new sample throws an error. What am I doing wrong?

import numpy as np
from keras.models import Sequential
from keras.layers import Dense

X = np.array([
    [0.1, 0.5, 0.9],
    [0.2, 0.4, 0.8],
    [0.9, 0.1, 0.3],
    [0.8, 0.2, 0.2],
    [0.15, 0.55, 0.85],
    [0.95, 0.05, 0.25],
    [0.3, 0.6, 0.7],
    [0.7, 0.3, 0.1],
])
y = np.array([1, 1, 0, 0, 1, 0, 1, 0])

model = Sequential()
model.add(Dense(16, input_shape=(3,), activation="relu"))
model.add(Dense(8, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

model.fit(X, y, epochs=200, batch_size=4, verbose=0)
print(model.evaluate(X, y))

new_sample = np.array([1.0, 2.0, 3.0])
prediction = model.predict(new_sample)
print("probability of class 1:", prediction)
