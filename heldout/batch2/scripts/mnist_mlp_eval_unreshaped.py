# Homework 3 - multilayer perceptron on MNIST
# Name: ____________   Student ID: ________
#
# Task: train a fully connected network on the flattened images and report
# the test accuracy. Then show the prediction for the first test image.

import numpy as np
import tensorflow as tf

mnist = tf.keras.datasets.mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()

# flatten 28x28 images into vectors of 784 and scale to [0, 1]
x_train = x_train.reshape(60000, 784)
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255

y_train = tf.keras.utils.to_categorical(y_train, 10)
y_test = tf.keras.utils.to_categorical(y_test, 10)

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Dense(512, activation="relu", input_shape=(784,)))
model.add(tf.keras.layers.Dropout(0.2))
model.add(tf.keras.layers.Dense(256, activation="relu"))
model.add(tf.keras.layers.Dropout(0.2))
model.add(tf.keras.layers.Dense(10, activation="softmax"))

model.compile(loss="categorical_crossentropy",
              optimizer=tf.keras.optimizers.RMSprop(),
              metrics=["accuracy"])

history = model.fit(x_train, y_train, batch_size=128, epochs=10, verbose=1)

# Q1: test accuracy
test_loss, test_acc = model.evaluate(x_test, y_test, verbose=0)
print("Test accuracy:", test_acc)

# Q2: prediction for the first test image
x_first = x_test.reshape(10000, 784)[0]
print("Prediction:", np.argmax(model.predict_on_batch(x_first)))
