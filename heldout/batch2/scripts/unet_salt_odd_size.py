# TGS Salt Identification - U-Net baseline
# Images and masks are 101x101 grayscale, exported to .npy by prepare_data.py

import numpy as np
from keras.models import Model
from keras.layers import Input, Conv2D, MaxPooling2D, UpSampling2D, Dropout, concatenate
from keras.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau
from keras.optimizers import Adam

IMG_SIZE = 101
START_FILTERS = 16

images = np.load("input/train_images.npy").reshape(-1, IMG_SIZE, IMG_SIZE, 1) / 255.0
masks = (np.load("input/train_masks.npy").reshape(-1, IMG_SIZE, IMG_SIZE, 1) > 127).astype("float32")

n_valid = int(0.1 * len(images))
x_valid, y_valid = images[:n_valid], masks[:n_valid]
x_train, y_train = images[n_valid:], masks[n_valid:]

# augmentation: horizontal flips
x_train = np.append(x_train, [np.fliplr(x) for x in x_train], axis=0)
y_train = np.append(y_train, [np.fliplr(x) for x in y_train], axis=0)


def conv_block(x, filters):
    x = Conv2D(filters, (3, 3), activation="relu", padding="same")(x)
    x = Conv2D(filters, (3, 3), activation="relu", padding="same")(x)
    return x


def down(x, filters):
    c = conv_block(x, filters)
    p = MaxPooling2D((2, 2))(c)
    p = Dropout(0.25)(p)
    return c, p


def up(x, skip, filters):
    u = UpSampling2D((2, 2))(x)
    u = concatenate([u, skip])
    u = Dropout(0.5)(u)
    return conv_block(u, filters)


def build_unet(input_shape, start_filters):
    inputs = Input(input_shape)
    c1, p1 = down(inputs, start_filters)          # 101 -> 50
    c2, p2 = down(p1, start_filters * 2)          # 50 -> 25
    c3, p3 = down(p2, start_filters * 4)          # 25 -> 12
    mid = conv_block(p3, start_filters * 8)
    u3 = up(mid, c3, start_filters * 4)
    u2 = up(u3, c2, start_filters * 2)
    u1 = up(u2, c1, start_filters)
    outputs = Conv2D(1, (1, 1), activation="sigmoid")(u1)
    return Model(inputs=[inputs], outputs=[outputs])


model = build_unet((IMG_SIZE, IMG_SIZE, 1), START_FILTERS)
model.compile(loss="binary_crossentropy", optimizer=Adam(learning_rate=1e-3), metrics=["accuracy"])
model.summary()

callbacks = [
    EarlyStopping(patience=10, verbose=1),
    ModelCheckpoint("unet_salt.keras", save_best_only=True, verbose=1),
    ReduceLROnPlateau(factor=0.1, patience=4, min_lr=1e-5, verbose=1),
]
history = model.fit(x_train, y_train, validation_data=(x_valid, y_valid),
                    epochs=200, batch_size=32, callbacks=callbacks)
