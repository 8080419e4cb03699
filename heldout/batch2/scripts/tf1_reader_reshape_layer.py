# Keras CNN trained batch by batch from the old TF1 MNIST reader.
# The reader gives flat 784-pixel rows scaled to [0, 1]; a Reshape layer turns
# them back into images inside the model.
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)

BATCH = 128
STEPS = 1500

model = tf.keras.Sequential([
    tf.keras.layers.Reshape((28, 28, 1), input_shape=(784,)),
    tf.keras.layers.Conv2D(32, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(64, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

for step in range(STEPS):
    batch_xs, batch_ys = mnist.train.next_batch(BATCH)
    loss, acc = model.train_on_batch(batch_xs, batch_ys)
    if step % 100 == 0:
        val_loss, val_acc = model.evaluate(mnist.validation.images, mnist.validation.labels, verbose=0)
        print(f"step {step}: loss {loss:.3f} acc {acc:.3f} val_acc {val_acc:.3f}")

test_loss, test_acc = model.evaluate(mnist.test.images, mnist.test.labels, verbose=0)
print("test accuracy", test_acc)
print("first test digit:", np.argmax(model.predict(mnist.test.images[:1])))
