# Two ImageDataGenerator pipelines that match their models:
#   a) cats vs dogs from folders, binary labels, 150x150
#   b) CIFAR-10 arrays with real-time augmentation through flow()
import numpy as np
import tensorflow as tf
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout
from tensorflow.keras.datasets import cifar10
from tensorflow.keras.utils import to_categorical

# ---------------------------------------------------------------- a) folders
train_datagen = ImageDataGenerator(rescale=1.0 / 255, rotation_range=30, zoom_range=0.2,
                                   horizontal_flip=True)
val_datagen = ImageDataGenerator(rescale=1.0 / 255)
train_generator = train_datagen.flow_from_directory("cats_and_dogs/train", target_size=(150, 150),
                                                    batch_size=20, class_mode="binary")
validation_generator = val_datagen.flow_from_directory("cats_and_dogs/validation",
                                                       target_size=(150, 150),
                                                       batch_size=20, class_mode="binary")

model = Sequential()
model.add(Conv2D(32, (3, 3), activation="relu", input_shape=(150, 150, 3)))
model.add(MaxPooling2D((2, 2)))
model.add(Conv2D(64, (3, 3), activation="relu"))
model.add(MaxPooling2D((2, 2)))
model.add(Conv2D(128, (3, 3), activation="relu"))
model.add(MaxPooling2D((2, 2)))
model.add(Flatten())
model.add(Dropout(0.5))
model.add(Dense(256, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(train_generator, steps_per_epoch=100, epochs=30,
          validation_data=validation_generator, validation_steps=50)

# the generator also feeds predict
test_generator = val_datagen.flow_from_directory("cats_and_dogs/test", target_size=(150, 150),
                                                 batch_size=20, class_mode=None, shuffle=False)
probabilities = model.predict(test_generator)
print(probabilities[:5].ravel())

# ---------------------------------------------------------------- b) flow() on arrays
(x_train, y_train), (x_test, y_test) = cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
y_train = to_categorical(y_train, 10)
y_test = to_categorical(y_test, 10)

augmenter = ImageDataGenerator(width_shift_range=0.1, height_shift_range=0.1, horizontal_flip=True)
augmenter.fit(x_train)

cifar_model = Sequential([
    Conv2D(32, (3, 3), padding="same", activation="relu", input_shape=x_train.shape[1:]),
    Conv2D(32, (3, 3), activation="relu"),
    MaxPooling2D((2, 2)),
    Dropout(0.25),
    Conv2D(64, (3, 3), padding="same", activation="relu"),
    Conv2D(64, (3, 3), activation="relu"),
    MaxPooling2D((2, 2)),
    Dropout(0.25),
    Flatten(),
    Dense(512, activation="relu"),
    Dropout(0.5),
    Dense(10, activation="softmax"),
])
cifar_model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
cifar_model.fit(augmenter.flow(x_train, y_train, batch_size=32),
                steps_per_epoch=len(x_train) // 32, epochs=50,
                validation_data=(x_test, y_test))
print(cifar_model.evaluate(x_test, y_test, verbose=0))
