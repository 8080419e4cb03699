"""Benchmarking a Keras MLP on a synthetic multi-label problem."""
import keras
from keras import layers
from sklearn.datasets import make_multilabel_classification

N_CLASSES = 6

X, Y = make_multilabel_classification(
    n_samples=2000, n_features=20, n_classes=N_CLASSES, n_labels=2, random_state=1
)
X_train, X_test = X[:1600], X[1600:]
Y_train, Y_test = Y[:1600], Y[1600:]

norm = layers.Normalization()
norm.adapt(X_train)


def get_model(n_inputs, n_outputs):
    inputs = keras.Input(shape=(n_inputs,))
    x = norm(inputs)
    x = layers.Dense(64, activation="relu")(x)
    x = layers.Dense(64, activation="relu")(x)
    outputs = layers.Dense(n_outputs, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy())
    return model


model = get_model(X.shape[1], N_CLASSES)
model.fit(X_train, Y_train, epochs=50, batch_size=32, verbose=0)
yhat = (model.predict(X_test) > 0.5).astype(int)
print("exact match ratio:", (yhat == Y_test).all(axis=1).mean())
