import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Flatten

images = np.load('digits_raw.npy')
labels = np.load('digits_labels.npy')
print(images.dtype, images.min(), images.max())

x_train, x_test = images[:120], images[120:]
y_train, y_test = labels[:120], labels[120:]

model = Sequential()
model.add(Flatten(input_shape=(8, 8)))
model.add(Dense(64, activation='relu'))
model.add(Dense(10, activation='softmax'))
model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=30, batch_size=16)
loss, acc = model.evaluate(x_test, y_test)
print('test accuracy', acc)
