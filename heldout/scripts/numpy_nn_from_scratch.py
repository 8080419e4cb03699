"""A tiny neural network library written from scratch with numpy (course assignment)."""
import numpy as np


class Dense:
    def __init__(self, n_in, output_dim, init="uniform", activation=None):
        scale = 0.05 if init == "uniform" else np.sqrt(2.0 / n_in)
        self.W = np.random.uniform(-scale, scale, (n_in, output_dim))
        self.b = np.zeros(output_dim)
        self.activation = activation

    def forward(self, x):
        self.x = x
        z = x @ self.W + self.b
        if self.activation == "softmax":
            e = np.exp(z - z.max(axis=1, keepdims=True))
            z = e / e.sum(axis=1, keepdims=True)
        elif self.activation == "relu":
            z = np.maximum(z, 0)
        self.out = z
        return z

    def backward(self, grad, lr):
        if self.activation == "relu":
            grad = grad * (self.out > 0)
        gW = self.x.T @ grad
        gx = grad @ self.W.T
        self.W -= lr * gW
        self.b -= lr * grad.sum(axis=0)
        return gx


class Sequential:
    def __init__(self):
        self.layers = []

    def add(self, layer):
        self.layers.append(layer)

    def compile(self, loss="mse", metrics=None):
        self.loss = loss
        self.metrics = metrics or []

    def fit(self, X, y, nb_epoch=10, lr=0.1, decay=0.0):
        for epoch in range(nb_epoch):
            out = X
            for layer in self.layers:
                out = layer.forward(out)
            grad = 2 * (out - y.reshape(out.shape)) / len(X)
            for layer in reversed(self.layers):
                grad = layer.backward(grad, lr)
            lr = lr / (1 + decay * epoch)
            print(epoch, float(((out - y.reshape(out.shape)) ** 2).mean()))


X = np.random.rand(200, 20)
y = np.random.randint(0, 2, (200, 1))

model = Sequential()
model.add(Dense(20, 16, init="uniform"))
model.add(Dense(16, 8))
model.add(Dense(8, 1, activation="softmax"))
model.compile(loss="mse", metrics=["accuracy"])
model.fit(X, y, nb_epoch=100, lr=5.0, decay=1e-6)
