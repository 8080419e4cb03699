import keras
from keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
num_classes = 10


def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.MaxPooling2D()(x)


inputs = keras.Input(shape=(32, 32, 3))
x = layers.Rescaling(1.0 / 255)(inputs)
x = layers.RandomFlip("horizontal")(x)
for filters in (32, 64, 128):
    x = conv_block(x, filters)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.3)(x)
outputs = layers.Dense(num_classes)(x)

model = keras.Model(inputs, outputs, name="small_cifar")
model.compile(
    optimizer=keras.optimizers.Adam(3e-4),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")],
)
model.fit(x_train, y_train, batch_size=64, epochs=30, validation_split=0.1)
model.evaluate(x_test, y_test)
