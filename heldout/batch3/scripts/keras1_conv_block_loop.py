"""VGG-style CIFAR-10 network built from a reusable block."""
from tensorflow.keras import layers, models
from tensorflow.keras.datasets import cifar10


def conv_block(x, filters):
    x = layers.Conv2D(filters, (3, 3), border_mode="same", init="he_normal")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    return x


def build_vgg(input_shape=(32, 32, 3), n_classes=10):
    inputs = layers.Input(shape=input_shape)
    x = inputs
    for filters in (32, 64, 128):
        x = conv_block(x, filters)
        x = conv_block(x, filters)
        x = layers.MaxPooling2D((2, 2))(x)
        x = layers.Dropout(0.25)(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return models.Model(inputs, outputs)


def build_small(input_shape=(32, 32, 3), n_classes=10):
    inputs = layers.Input(shape=input_shape)
    x = conv_block(inputs, 16)
    x = layers.MaxPooling2D((2, 2))(x)
    x = conv_block(x, 32)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return models.Model(inputs, outputs)


if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    x_train, x_test = x_train / 255.0, x_test / 255.0
    for build in (build_small, build_vgg):
        model = build()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        model.fit(x_train, y_train, epochs=5, batch_size=64, validation_data=(x_test, y_test))
