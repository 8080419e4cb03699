"""A subclassed Keras model on tabular data (the "Model subclassing" guide style)."""

import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


class ResidualMLP(tf.keras.Model):
    def __init__(self, hidden=128, num_classes=3, dropout=0.2):
        super().__init__()
        self.dense1 = tf.keras.layers.Dense(hidden, activation="relu")
        self.dense2 = tf.keras.layers.Dense(hidden, activation="relu")
        self.norm = tf.keras.layers.LayerNormalization()
        self.dropout = tf.keras.layers.Dropout(dropout)
        self.classifier = tf.keras.layers.Dense(num_classes, activation="softmax")

    def call(self, inputs, training=False):
        x = self.dense1(inputs)
        x = self.norm(x + self.dense2(x))
        x = self.dropout(x, training=training)
        return self.classifier(x)


df = pd.read_csv("wine.csv")
X = df.drop(columns=["quality_class"]).values.astype("float32")
y = df["quality_class"].values

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

model = ResidualMLP(num_classes=len(np.unique(y)))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=40, batch_size=32, validation_split=0.1)
print(model.evaluate(X_test, y_test))
probabilities = model.predict(X_test[:5])
print(probabilities.argmax(axis=1), y_test[:5])
