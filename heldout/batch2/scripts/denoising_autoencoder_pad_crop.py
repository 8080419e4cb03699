"""Denoising autoencoders for MNIST digits: an encoder and a decoder model,
stacked into one autoencoder by calling them like layers.

Version A pads 28 -> 32 so that three 2x poolings divide evenly, and crops the
reconstruction back to 28. Version B uses strided convolutions and
transposed convolutions (28 -> 14 -> 7 -> 14 -> 28).
"""
import numpy as np
from keras.datasets import mnist
from keras.layers import (Input, Conv2D, MaxPooling2D, UpSampling2D, ZeroPadding2D,
                          Cropping2D, Conv2DTranspose)
from keras.models import Model

(x_train, _), (x_test, _) = mnist.load_data()
x_train = x_train.astype("float32")[..., None] / 255.0
x_test = x_test.astype("float32")[..., None] / 255.0

noise_factor = 0.4
x_train_noisy = np.clip(x_train + noise_factor * np.random.normal(size=x_train.shape), 0.0, 1.0)
x_test_noisy = np.clip(x_test + noise_factor * np.random.normal(size=x_test.shape), 0.0, 1.0)


def build_encoder():
    inp = Input(shape=(28, 28, 1))
    x = ZeroPadding2D(padding=2)(inp)                              # 32x32
    x = Conv2D(32, (3, 3), activation="relu", padding="same")(x)
    x = MaxPooling2D((2, 2), padding="same")(x)                    # 16
    x = Conv2D(16, (3, 3), activation="relu", padding="same")(x)
    x = MaxPooling2D((2, 2), padding="same")(x)                    # 8
    x = Conv2D(8, (3, 3), activation="relu", padding="same")(x)
    code = MaxPooling2D((2, 2), padding="same")(x)                 # 4x4x8
    return Model(inp, code, name="encoder")


def build_decoder(latent_shape):
    inp = Input(shape=latent_shape)
    x = Conv2D(8, (3, 3), activation="relu", padding="same")(inp)
    x = UpSampling2D((2, 2))(x)                                    # 8
    x = Conv2D(16, (3, 3), activation="relu", padding="same")(x)
    x = UpSampling2D((2, 2))(x)                                    # 16
    x = Conv2D(32, (3, 3), activation="relu", padding="same")(x)
    x = UpSampling2D((2, 2))(x)                                    # 32
    x = Cropping2D(cropping=((2, 2), (2, 2)))(x)                   # 28
    out = Conv2D(1, (3, 3), activation="sigmoid", padding="same")(x)
    return Model(inp, out, name="decoder")


encoder = build_encoder()
decoder = build_decoder(encoder.output.shape[1:])

inputs = Input(shape=(28, 28, 1))
autoencoder = Model(inputs, decoder(encoder(inputs)), name="autoencoder_a")
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(x_train_noisy, x_train, epochs=20, batch_size=128, shuffle=True,
                validation_data=(x_test_noisy, x_test))

codes = encoder.predict(x_test_noisy[:10])
reconstructions = decoder.predict(codes)
print(codes.shape, reconstructions.shape)


# ---- version B
def build_strided():
    inp = Input(shape=(28, 28, 1))
    x = Conv2D(32, 3, strides=2, activation="relu", padding="same")(inp)     # 14
    x = Conv2D(64, 3, strides=2, activation="relu", padding="same")(x)       # 7
    x = Conv2DTranspose(64, 3, strides=2, activation="relu", padding="same")(x)   # 14
    x = Conv2DTranspose(32, 3, strides=2, activation="relu", padding="same")(x)   # 28
    out = Conv2D(1, 3, activation="sigmoid", padding="same")(x)
    return Model(inp, out, name="autoencoder_b")


autoencoder_b = build_strided()
autoencoder_b.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder_b.fit(x_train_noisy, x_train, epochs=20, batch_size=128,
                  validation_data=(x_test_noisy, x_test))
denoised = autoencoder_b.predict(x_test_noisy[:16])
print(denoised.shape)
