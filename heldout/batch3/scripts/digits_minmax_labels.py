"""Homework 4, task 2: a small MLP on the sklearn digits."""
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler
from tensorflow import keras
from tensorflow.keras import layers

digits = load_digits()
X = digits.data / 16.0
y = digits.target

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=1)

# scale the targets to [0, 1] as well, "networks like small numbers"
target_scaler = MinMaxScaler()
y_train = target_scaler.fit_transform(y_train.reshape(-1, 1)).ravel()
y_test = target_scaler.transform(y_test.reshape(-1, 1)).ravel()

model = keras.Sequential([
    layers.Input(shape=(64,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(),
              metrics=["accuracy"])
model.fit(X_train, y_train, epochs=30, batch_size=32, validation_data=(X_test, y_test))
