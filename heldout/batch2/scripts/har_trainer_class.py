"""Human activity recognition from a wrist accelerometer (x, y, z at 50 Hz).

A small trainer class in the style of our lab's experiment code: load ->
build -> train -> report.
"""
import os
import time

import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv1D, MaxPooling1D, GlobalMaxPooling1D, Dense, Dropout
from tensorflow.keras.callbacks import EarlyStopping, CSVLogger
from tensorflow.keras.optimizers import Adam

ACTIVITIES = ["walking", "upstairs", "downstairs", "sitting", "standing", "lying"]


class HARTrainer:
    def __init__(self, data_dir="data/har", window=128, n_features=1, lr=1e-3, epochs=40):
        self.data_dir = data_dir
        self.window = window
        self.n_features = n_features
        self.lr = lr
        self.epochs = epochs
        self.model = None

    def load(self):
        signals = np.load(os.path.join(self.data_dir, "acc_xyz.npy")).reshape(-1, self.window, 3)
        labels = np.load(os.path.join(self.data_dir, "activity.npy")).astype("int32")
        n_test = len(signals) // 5
        self.x_train, self.x_test = signals[n_test:], signals[:n_test]
        self.y_train, self.y_test = labels[n_test:], labels[:n_test]
        mean = self.x_train.mean(axis=(0, 1), keepdims=True)
        std = self.x_train.std(axis=(0, 1), keepdims=True)
        self.x_train = (self.x_train - mean) / std
        self.x_test = (self.x_test - mean) / std

    def build(self):
        self.model = Sequential()
        self.model.add(Conv1D(64, 5, activation="relu", input_shape=(self.window, self.n_features)))
        self.model.add(Conv1D(64, 5, activation="relu"))
        self.model.add(MaxPooling1D(2))
        self.model.add(Conv1D(128, 3, activation="relu"))
        self.model.add(GlobalMaxPooling1D())
        self.model.add(Dropout(0.5))
        self.model.add(Dense(64, activation="relu"))
        self.model.add(Dense(len(ACTIVITIES), activation="softmax"))
        self.model.compile(optimizer=Adam(learning_rate=self.lr),
                           loss="sparse_categorical_crossentropy",
                           metrics=["accuracy"])

    def train(self):
        start = time.time()
        self.history = self.model.fit(self.x_train, self.y_train,
                                      validation_split=0.1,
                                      epochs=self.epochs,
                                      batch_size=64,
                                      callbacks=[EarlyStopping(patience=5), CSVLogger("har_log.csv")])
        print("trained in %.1fs" % (time.time() - start))

    def report(self):
        loss, acc = self.model.evaluate(self.x_test, self.y_test, verbose=0)
        print("test accuracy: %.3f" % acc)


if __name__ == "__main__":
    trainer = HARTrainer()
    trainer.load()
    trainer.build()
    trainer.train()
    trainer.report()
