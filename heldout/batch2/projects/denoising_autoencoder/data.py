import numpy as np
from tensorflow import keras


def load_data(noise_factor=0.5, seed=0):
    (x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
    x_train = np.expand_dims(x_train, -1).astype("float32") / 255.0
    x_test = np.expand_dims(x_test, -1).astype("float32") / 255.0
    rng = np.random.default_rng(seed)
    noisy_train = np.clip(x_train + noise_factor * rng.normal(size=x_train.shape), 0.0, 1.0)
    noisy_test = np.clip(x_test + noise_factor * rng.normal(size=x_test.shape), 0.0, 1.0)
    return (noisy_train, x_train), (noisy_test, x_test)
