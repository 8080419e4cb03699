import numpy as np
import tensorflow as tf
import tensorflow.keras.layers as L

X = np.load("windows_X.npy")
y = np.load("windows_y.npy")
X = (X - X.mean(axis=(0, 1))) / X.std(axis=(0, 1))

n_val = len(X) // 10
X_tr, X_val = X[:-n_val], X[-n_val:]
y_tr, y_val = y[:-n_val], y[-n_val:]

model = tf.keras.Sequential()
model.add(L.Input(shape=(X.shape[1], X.shape[2])))
model.add(L.GRU(128))
model.add(L.Dropout(0.2))
model.add(L.GRU(64))
model.add(L.Dense(y.shape[1], activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X_tr, y_tr, validation_data=(X_val, y_val), epochs=40, batch_size=128)
