import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.utils import to_categorical

rng = np.random.default_rng(0)
features = rng.normal(size=(1500, 6))
# three classes: which of the first three features is the largest
classes = np.argmax(features[:, :3], axis=1)
labels = to_categorical(classes, num_classes=3)

model = Sequential()
model.add(Dense(32, activation='relu', input_shape=(6,)))
model.add(Dense(16, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])

model.fit(features, labels, epochs=30, batch_size=64, validation_split=0.2)
