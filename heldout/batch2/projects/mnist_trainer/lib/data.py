"""MNIST as flat, scaled vectors with one-hot labels."""
from keras.datasets import mnist
from keras.utils import to_categorical

NUM_CLASSES = 10


def load_mnist():
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
    x_test = x_test.reshape(-1, 784).astype("float32") / 255.0
    return (x_train, to_categorical(y_train, NUM_CLASSES)), (x_test, to_categorical(y_test, NUM_CLASSES))
