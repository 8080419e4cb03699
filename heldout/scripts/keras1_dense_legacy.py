import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Activation
from keras.regularizers import l2

data = np.genfromtxt("features.csv", delimiter=",", skip_header=1)
X = data[:, 1:]
X = (X - X.mean(axis=0)) / X.std(axis=0)
Y = data[:, 0]

model = Sequential()
model.add(Dense(output_dim=64,
                input_dim=100,
                init='he_normal',
                W_regularizer=l2(0.01)))
model.add(Activation("relu"))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X, Y, nb_epoch=10, batch_size=32)
