"""Train the MNIST convnet (port of the old mnist_cnn.py example)."""
from lib.data import load_mnist
from lib.trainer import Trainer

(x_train, y_train), (x_test, y_test) = load_mnist()
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")

trainer = Trainer()
trainer.build()
trainer.train(x_train, y_train, x_test, y_test)
score = trainer.evaluate(x_test, y_test)
print("Test loss:", score[0])
print("Test accuracy:", score[1])
