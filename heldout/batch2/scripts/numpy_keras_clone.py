"""Assignment 2: a Keras-like neural network library in plain NumPy.

The API deliberately copies Keras (Sequential, Dense, Input, compile, fit,
predict) so that the same notebook cells run on both.
"""
import numpy as np


class Input:
    def __init__(self, shape):
        self.shape = shape


class Dense:
    def __init__(self, units, activation=None, input_shape=None):
        self.units = units
        self.activation = activation
        self.input_shape = input_shape
        self.W = None

    def build(self, n_in):
        self.W = np.random.randn(n_in, self.units) * np.sqrt(2.0 / n_in)
        self.b = np.zeros(self.units)

    def forward(self, x):
        self.x = x
        z = x @ self.W + self.b
        self.z = z
        if self.activation == "relu":
            return np.maximum(z, 0)
        if self.activation == "sigmoid":
            return 1 / (1 + np.exp(-z))
        return z

    def backward(self, grad, lr):
        if self.activation == "relu":
            grad = grad * (self.z > 0)
        elif self.activation == "sigmoid":
            s = 1 / (1 + np.exp(-self.z))
            grad = grad * s * (1 - s)
        gw = self.x.T @ grad / len(grad)
        gb = grad.mean(axis=0)
        gx = grad @ self.W.T
        self.W -= lr * gw
        self.b -= lr * gb
        return gx


class Sequential:
    def __init__(self, layers=None):
        self.layers = []
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        if isinstance(layer, Input):
            self.n_in = layer.shape[0]
            return
        if layer.input_shape is not None:
            self.n_in = layer.input_shape[0]
        n_in = self.layers[-1].units if self.layers else self.n_in
        layer.build(n_in)
        self.layers.append(layer)

    def compile(self, loss="mse", lr=0.1):
        self.loss, self.lr = loss, lr

    def predict(self, x):
        x = np.atleast_2d(x)   # accepts a single sample too
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def fit(self, x, y, epochs=100, batch_size=32, verbose=0):
        y = y.reshape(len(y), -1)
        for epoch in range(epochs):
            for i in range(0, len(x), batch_size):
                out = self.predict(x[i:i + batch_size])
                grad = 2 * (out - y[i:i + batch_size])
                for layer in reversed(self.layers):
                    grad = layer.backward(grad, self.lr)
            if verbose:
                print(epoch, np.mean((self.predict(x) - y) ** 2))


if __name__ == "__main__":
    X = np.random.rand(200, 3)
    y = (X.sum(axis=1) > 1.5).astype(float)

    model = Sequential()
    model.add(Input((3,)))
    model.add(Dense(16, activation="relu"))
    model.add(Dense(1, activation="sigmoid"))
    model.compile(loss="mse", lr=5.0)
    model.fit(X, y, epochs=50, batch_size=20)

    print(model.predict(np.array([1.0, 2.0, 3.0])))

    wide = Sequential([Dense(4, activation="relu", input_shape=(20,)), Dense(1)])
    wide.compile(lr=0.01)
    wide.fit(np.random.rand(100, 20), np.random.rand(100), epochs=5)
    print(wide.predict(np.random.rand(20)))
