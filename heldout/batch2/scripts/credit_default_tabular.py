"""Credit card default prediction (UCI Taiwan data), Keras MLP baseline.

Kaggle-kernel style: feature list at the top, scaler fitted on the training
split, a couple of single-customer predictions at the end.
"""
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
import tensorflow as tf

NUMERIC = ["LIMIT_BAL", "AGE", "BILL_AMT1", "BILL_AMT2", "BILL_AMT3",
           "PAY_AMT1", "PAY_AMT2", "PAY_AMT3"]
STATUS = ["PAY_0", "PAY_2", "PAY_3"]
FEATURES = NUMERIC + STATUS
TARGET = "default.payment.next.month"

df = pd.read_csv("UCI_Credit_Card.csv")
X = df[FEATURES].values.astype("float32")
y = df[TARGET].values.astype("float32")
print(X.shape, y.shape)

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train = scaler.transform(X_train)
X_test = scaler.transform(X_test)


def build_mlp(n_features, hidden=(64, 32), dropout=0.2):
    inp = tf.keras.Input(shape=(n_features,))
    x = inp
    for units in hidden:
        x = tf.keras.layers.Dense(units, activation="relu")(x)
        x = tf.keras.layers.Dropout(dropout)(x)
    out = tf.keras.layers.Dense(1, activation="sigmoid")(x)
    model = tf.keras.Model(inp, out)
    model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
                  loss="binary_crossentropy",
                  metrics=["accuracy", tf.keras.metrics.AUC(name="auc")])
    return model


model = build_mlp(X_train.shape[1])
model.fit(X_train, y_train, validation_split=0.1, epochs=30, batch_size=256,
          class_weight={0: 1.0, 1: 3.0})
print(model.evaluate(X_test, y_test, verbose=0))

# the same architecture sized from the feature list, trained on the numeric columns only
numeric_model = build_mlp(len(NUMERIC))
numeric_model.fit(X_train[:, :len(NUMERIC)], y_train, epochs=10, batch_size=256, verbose=0)

# one customer, written out by hand (raw units, scaled like the training data)
customer = [[50000, 35, 12000, 11000, 9000, 2000, 1500, 1500, 0, 0, -1]]
print("P(default):", model.predict(scaler.transform(customer))[0, 0])
print("first test rows:", model.predict(X_test[:3]).ravel())
print("numeric-only model:", numeric_model.predict(X_test[:3, :X_test.shape[-1] - len(STATUS)]).ravel())
