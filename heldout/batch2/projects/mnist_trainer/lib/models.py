from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout


def add_conv_layers(model, input_shape=(28, 28, 1)):
    model.add(Conv2D(32, (3, 3), activation="relu", input_shape=input_shape))
    model.add(Conv2D(64, (3, 3), activation="relu"))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Dropout(0.25))


def add_classifier(model, num_classes):
    model.add(Flatten())
    model.add(Dense(128, activation="relu"))
    model.add(Dropout(0.5))
    model.add(Dense(num_classes, activation="softmax"))
