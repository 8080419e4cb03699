# Porting my old TensorFlow 1 MNIST training loop to a Keras model.
# The data still comes from the tutorial reader (flat 784-pixel images,
# already scaled to [0, 1]).
from tensorflow.examples.tutorials.mnist import input_data
import tensorflow as tf

mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

learning_rate = 0.001
training_steps = 2000
batch_size = 100
display_step = 200


def conv_net():
    inputs = tf.keras.Input(shape=(28, 28, 1))
    x = tf.keras.layers.Conv2D(32, 5, padding="same", activation="relu")(inputs)
    x = tf.keras.layers.MaxPool2D(2)(x)
    x = tf.keras.layers.Conv2D(64, 5, padding="same", activation="relu")(x)
    x = tf.keras.layers.MaxPool2D(2)(x)
    x = tf.keras.layers.Flatten()(x)
    x = tf.keras.layers.Dense(1024, activation="relu")(x)
    x = tf.keras.layers.Dropout(0.25)(x)
    outputs = tf.keras.layers.Dense(10, activation="softmax")(x)
    return tf.keras.Model(inputs, outputs)


model = conv_net()
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate),
              loss="categorical_crossentropy",
              metrics=["accuracy"])

for step in range(1, training_steps + 1):
    batch_x, batch_y = mnist.train.next_batch(batch_size)
    loss, acc = model.train_on_batch(batch_x, batch_y)
    if step % display_step == 0 or step == 1:
        print("Step %d, minibatch loss= %.4f, training accuracy= %.3f" % (step, loss, acc))

print("Optimization finished")
test_loss, test_acc = model.evaluate(mnist.test.images.reshape(-1, 28, 28, 1), mnist.test.labels)
print("Testing accuracy:", test_acc)
