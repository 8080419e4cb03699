import tensorflow as tf

IMG = 180
AUTOTUNE = tf.data.AUTOTUNE

train_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="training", seed=123,
    image_size=(IMG, IMG), batch_size=32, label_mode="categorical")
val_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="validation", seed=123,
    image_size=(IMG, IMG), batch_size=32, label_mode="categorical")
class_names = train_ds.class_names

normalize = lambda x, y: (tf.cast(x, tf.float32) / 255.0, y)
train_ds = train_ds.map(normalize).cache().shuffle(1000).prefetch(AUTOTUNE)
val_ds = val_ds.map(normalize).cache().prefetch(AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(IMG, IMG, 3)),
    tf.keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(len(class_names), activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=10)
