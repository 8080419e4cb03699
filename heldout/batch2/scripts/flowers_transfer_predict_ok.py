"""Classify flower photos; then run the trained model on single images.

Same data layout as the TensorFlow tutorial (one folder per class).
"""
import sys

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

IMG_SIZE = (160, 160)
BATCH_SIZE = 32

train_ds = keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="training", seed=7,
    image_size=IMG_SIZE, batch_size=BATCH_SIZE)
val_ds = keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="validation", seed=7,
    image_size=IMG_SIZE, batch_size=BATCH_SIZE)
class_names = train_ds.class_names

augment = keras.Sequential([
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
    layers.RandomContrast(0.2),
], name="augment")

inputs = keras.Input(shape=IMG_SIZE + (3,))
x = augment(inputs)
x = layers.Rescaling(1.0 / 127.5, offset=-1)(x)
for filters in (32, 64, 128):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D()(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(len(class_names), activation="softmax")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=10)


def classify(path):
    img = keras.utils.load_img(path, target_size=IMG_SIZE)
    arr = keras.utils.img_to_array(img)
    batch = tf.expand_dims(arr, 0)  # Create a batch
    probs = model.predict(batch)[0]
    return class_names[int(np.argmax(probs))], float(np.max(probs))


def classify_many(paths):
    arrays = [keras.utils.img_to_array(keras.utils.load_img(p, target_size=IMG_SIZE)) for p in paths]
    return model.predict(np.stack(arrays))


for path in sys.argv[1:] or ["test_images/daisy.jpg"]:
    label, confidence = classify(path)
    print(f"{path}: {label} ({100 * confidence:.1f}%)")

single = keras.utils.img_to_array(keras.utils.load_img("test_images/daisy.jpg", target_size=IMG_SIZE))
print(model.predict(single[np.newaxis, ...]).shape)
print(model.predict_on_batch(np.expand_dims(single, axis=0)).shape)
print(classify_many(["test_images/daisy.jpg", "test_images/daisy.jpg"]).shape)
