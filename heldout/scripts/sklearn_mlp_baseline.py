import numpy as np
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
from sklearn.metrics import accuracy_score, r2_score

X = np.loadtxt("measurements.csv", delimiter=",")
y = np.random.randint(0, 2, len(X))

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)

clf = MLPClassifier(hidden_layer_sizes=(4,), activation="identity", learning_rate_init=5.0, max_iter=300)
clf.fit(X_train, y_train)
print("accuracy", accuracy_score(y_test, clf.predict(X_test)))

reg = MLPRegressor(hidden_layer_sizes=(64, 64), max_iter=500)
reg.fit(X_train, X_train[:, 0] * 2)
print("r2", r2_score(X_test[:, 0] * 2, reg.predict(X_test)))
