# Deep MLP for the 40-feature sensor data (ported from our 2016 Keras 1 code)
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation
from keras.regularizers import l2
from keras.utils import to_categorical

N_FEATURES = 40
N_CLASSES = 5


def add_hidden(model, units):
    model.add(Dense(units, init='he_normal', W_regularizer=l2(1e-4)))
    model.add(Activation('relu'))
    model.add(Dropout(0.3))


X_train = np.random.rand(2000, N_FEATURES)
Y_train = to_categorical(np.argmax(X_train[:, :N_CLASSES], axis=1), N_CLASSES)

model = Sequential()
model.add(Dense(256, input_dim=N_FEATURES, activation='relu'))
for units in [256, 128, 128, 64, 64, 32]:
    add_hidden(model, units)
model.add(Dense(N_CLASSES, activation='softmax'))

model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X_train, Y_train, nb_epoch=50, batch_size=64, validation_split=0.1)
