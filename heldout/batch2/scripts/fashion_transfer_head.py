"""Fashion-MNIST: train a 10-class CNN, then reuse its convolutional trunk
for a 3-way coarse task (clothing / footwear / bags) with a new head.
"""
import numpy as np
import keras
from keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = np.expand_dims(x_train.astype("float32") / 255.0, -1)
x_test = np.expand_dims(x_test.astype("float32") / 255.0, -1)

# ---------------------------------------------------------------- stage 1
inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu")(inputs)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.MaxPooling2D()(x)
x = layers.Flatten()(x)
x = layers.Dense(128, activation="relu")(x)
x = layers.Dropout(0.3)(x)
outputs = layers.Dense(10, activation="softmax")(x)
base = keras.Model(inputs, outputs, name="fashion_base")

base.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
base.fit(x_train, y_train, epochs=5, batch_size=128, validation_split=0.1)

# ---------------------------------------------------------------- stage 2
# 0 = clothing, 1 = footwear, 2 = bag
coarse = np.array([0, 0, 0, 0, 0, 1, 0, 1, 2, 1])
y_train_c = keras.utils.to_categorical(coarse[y_train], 3)
y_test_c = keras.utils.to_categorical(coarse[y_test], 3)

for layer in base.layers:
    layer.trainable = False

# everything up to the old classifier
features = base.layers[-5].output
h = layers.Dense(64, activation="relu")(features)
h = layers.Dropout(0.3)(h)
coarse_out = layers.Dense(3, activation="softmax")(h)
coarse_model = keras.Model(base.input, coarse_out, name="fashion_coarse")

coarse_model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
coarse_model.fit(x_train, y_train_c, epochs=3, batch_size=128, validation_data=(x_test, y_test_c))
