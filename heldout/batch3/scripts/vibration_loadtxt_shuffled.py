# Bearing fault detection from the preprocessed features (already min-max scaled).
# Rows are shuffled as a whole, so every label stays with its features.
import numpy as np
from keras import Input, Model
from keras.layers import Dense

data = np.loadtxt("vibration_scaled.csv", delimiter=",")
np.random.shuffle(data)
X = data[:, :-1]
y = data[:, -1]
print(X.shape, y.shape)

inputs = Input(shape=(5,))
h = Dense(32, activation="relu")(inputs)
h = Dense(16, activation="relu")(h)
outputs = Dense(1, activation="sigmoid")(h)
model = Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=50, batch_size=16, validation_split=0.2)
