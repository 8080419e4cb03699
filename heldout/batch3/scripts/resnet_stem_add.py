"""A small ResNet for CIFAR-10 (SGD with momentum, as in the original paper)."""
import keras
from keras import layers


def residual_block(x, filters):
    shortcut = x
    y = layers.Conv2D(filters, 3, padding="same")(x)
    y = layers.BatchNormalization()(y)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(filters, 3, padding="same")(y)
    y = layers.BatchNormalization()(y)
    y = layers.Add()([shortcut, y])
    return layers.Activation("relu")(y)


def build_resnet(num_blocks=3, filters=32, num_classes=10):
    inputs = keras.Input(shape=(32, 32, 3))
    x = layers.Rescaling(1.0 / 255)(inputs)
    # linear stem: its output is also the first block's shortcut
    x = layers.Conv2D(filters, 3, padding="same")(x)
    for _ in range(num_blocks):
        x = residual_block(x, filters)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="tiny_resnet")


(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
model = build_resnet()
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x_train, y_train, batch_size=128, epochs=30, validation_data=(x_test, y_test))
