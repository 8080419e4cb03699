# scikit-learn baseline for the tagging task: no Keras here.
import numpy as np
from sklearn.datasets import make_multilabel_classification
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import MinMaxScaler, MultiLabelBinarizer

X, Y = make_multilabel_classification(n_samples=500, n_features=20, n_classes=5, random_state=0)
clf = MLPClassifier(hidden_layer_sizes=(64,), activation="logistic", learning_rate_init=0.1,
                    max_iter=50)
clf.fit(X, Y)
print("subset accuracy", clf.score(X, Y))

mlb = MultiLabelBinarizer()
tags = mlb.fit_transform([["a", "b"], ["b"], ["a", "c"], ["c", "b"]] * 25)
y_shuffled = tags.copy()
np.random.shuffle(y_shuffled)
clf.fit(np.random.rand(100, 20), y_shuffled)

x = np.arange(-100, 100, 0.5).reshape(-1, 1)
y = (x ** 4).ravel()
y_scaled = MinMaxScaler().fit_transform(y.reshape(-1, 1)).ravel() / 255.0
reg = MLPRegressor(hidden_layer_sizes=(50, 50), activation="relu", max_iter=200)
reg.fit(x, y_scaled)
print(reg.score(x, y_scaled))
