# Old TensorFlow tutorial data loader, with a Keras model trained batch by batch
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Dense(256, activation="relu", input_shape=(784,)))
model.add(tf.keras.layers.Dropout(0.2))
model.add(tf.keras.layers.Dense(10, activation="softmax"))
model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])

for step in range(2000):
    batch_xs, batch_ys = mnist.train.next_batch(100)
    loss, acc = model.train_on_batch(batch_xs, batch_ys)
    if step % 200 == 0:
        print(step, loss, acc)

print(model.evaluate(mnist.test.images, mnist.test.labels))
print(np.argmax(model.predict(mnist.test.images[:5]), axis=1))
