"""Sentiment trainer as a class: the model lives in self.model and is built in a method."""

import numpy as np
from keras.datasets import imdb
from keras.models import Sequential
from keras.layers import Embedding, LSTM, Dense, Dropout
from keras.utils import pad_sequences


class SentimentTrainer:
    def __init__(self, vocab_size=10000, maxlen=200, embedding_dim=64):
        self.vocab_size = vocab_size
        self.maxlen = maxlen
        self.embedding_dim = embedding_dim
        self.model = None

    def load(self):
        (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=self.vocab_size)
        self.x_train = pad_sequences(x_train, maxlen=self.maxlen)
        self.x_test = pad_sequences(x_test, maxlen=self.maxlen)
        self.y_train = np.array(y_train)
        self.y_test = np.array(y_test)

    def build(self, units=64):
        self.model = Sequential()
        self.model.add(Embedding(self.vocab_size, self.embedding_dim, input_length=self.maxlen))
        self.model.add(LSTM(units))
        self.model.add(Dropout(0.3))
        self.model.add(Dense(1, activation="sigmoid"))
        self.model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

    def train(self, epochs=3, batch_size=64):
        return self.model.fit(
            self.x_train, self.y_train, epochs=epochs, batch_size=batch_size, validation_split=0.2
        )

    def evaluate(self):
        return self.model.evaluate(self.x_test, self.y_test)


if __name__ == "__main__":
    trainer = SentimentTrainer()
    trainer.load()
    trainer.build()
    trainer.train()
    print(trainer.evaluate())
