import numpy as np
import tensorflow as tf


class SequenceClassifier(tf.keras.Model):
    def __init__(self, n_classes, hidden=32):
        super().__init__()
        self.rnn = tf.keras.layers.LSTM(hidden)
        self.drop = tf.keras.layers.Dropout(0.25)
        self.head = tf.keras.layers.Dense(n_classes, activation="softmax")

    def call(self, inputs, training=False):
        h = self.rnn(inputs)
        h = self.drop(h, training=training)
        return self.head(h)


def make_data(n=2000, steps=40):
    x = np.random.randn(n, steps, 3).astype("float32")
    # class = index of the channel with the largest total energy
    y = np.argmax((x ** 2).sum(axis=1), axis=1)
    return x, y


if __name__ == "__main__":
    x, y = make_data()
    model = SequenceClassifier(n_classes=3)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=10, batch_size=64, validation_split=0.2)
