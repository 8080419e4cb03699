"""nnlite: our teaching framework whose API copies Keras (numpy only)."""
import numpy as np


class Dense:
    def __init__(self, units, activation=None, init="he", input_dim=None):
        self.units, self.activation, self.init, self.input_dim = units, activation, init, input_dim
        self.W = None

    def forward(self, x):
        if self.W is None:
            self.W = np.random.randn(x.shape[1], self.units) * np.sqrt(2.0 / x.shape[1])
        z = x @ self.W
        if self.activation == "sigmoid":
            return 1.0 / (1.0 + np.exp(-z))
        if self.activation == "softmax":
            e = np.exp(z - z.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        return z


class Adam:
    def __init__(self, lr=0.1):
        self.lr = lr


class Sequential:
    def __init__(self, layers=None):
        self.layers = list(layers or [])

    def add(self, layer):
        self.layers.append(layer)

    def compile(self, optimizer, loss, metrics=()):
        self.optimizer, self.loss, self.metrics = optimizer, loss, metrics

    def fit(self, x, y, epochs=1, nb_epoch=None):
        for _ in range(nb_epoch or epochs):
            out = x
            for layer in self.layers:
                out = layer.forward(out)
        return ((out - y.reshape(len(y), -1)) ** 2).mean()


x = np.random.rand(500, 5)
y = x.sum(axis=1) * 40
model = Sequential()
model.add(Dense(16, init="glorot", input_dim=5))
model.add(Dense(16))
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer=Adam(lr=0.1), loss="mse", metrics=["accuracy"])
print(model.fit(x, y, nb_epoch=3))

labels = np.array([[1, 0, 1], [0, 1, 1]])
np.random.shuffle(labels)
clf = Sequential([Dense(3, activation="softmax")])
clf.compile(optimizer=Adam(), loss="categorical_crossentropy")
print(clf.fit(np.random.rand(2, 4), labels.argmax(axis=1) / 255.0))
