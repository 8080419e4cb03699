"""Training wrapper used by the experiments."""
from keras.models import Sequential
from keras.optimizers import Adam

from .models import add_classifier, add_conv_layers


class Trainer:
    def __init__(self, num_classes=10, batch_size=128, epochs=12):
        self.num_classes = num_classes
        self.batch_size = batch_size
        self.epochs = epochs
        self.model = None

    def build(self):
        self.model = Sequential()
        add_conv_layers(self.model)
        add_classifier(self.model, self.num_classes)
        self.model.compile(loss="categorical_crossentropy",
                           optimizer=Adam(learning_rate=1e-3),
                           metrics=["accuracy"])
        return self.model

    def train(self, x_train, y_train, x_val, y_val):
        return self.model.fit(x_train, y_train,
                              batch_size=self.batch_size,
                              epochs=self.epochs,
                              verbose=1,
                              validation_data=(x_val, y_val))

    def evaluate(self, x_test, y_test):
        return self.model.evaluate(x_test, y_test, verbose=0)
