import numpy as np
import matplotlib.pyplot as plt
from tensorflow import keras
from tensorflow.keras import layers

(x_train, _), (x_test, _) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.astype("float32")[..., None] / 255.0
x_test = x_test.astype("float32")[..., None] / 255.0

noise = 0.3
x_train_noisy = np.clip(x_train + noise * np.random.normal(size=x_train.shape), 0.0, 1.0)
x_test_noisy = np.clip(x_test + noise * np.random.normal(size=x_test.shape), 0.0, 1.0)


def make_encoder(latent=32):
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(inputs)
    x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Flatten()(x)
    latent_vector = layers.Dense(latent)(x)
    return keras.Model(inputs, latent_vector, name="encoder")


def make_decoder(latent=32):
    inputs = keras.Input(shape=(latent,))
    x = layers.Dense(7 * 7 * 64, activation="relu")(inputs)
    x = layers.Reshape((7, 7, 64))(x)
    x = layers.Conv2DTranspose(64, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(x)
    outputs = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x)
    return keras.Model(inputs, outputs, name="decoder")


encoder = make_encoder()
decoder = make_decoder()
image = keras.Input(shape=(28, 28, 1))
autoencoder = keras.Model(image, decoder(encoder(image)), name="autoencoder")
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(
    x_train_noisy, x_train, epochs=10, batch_size=128, validation_data=(x_test_noisy, x_test)
)

denoised = autoencoder.predict(x_test_noisy[:8])
codes = encoder.predict(x_test[:1000])
fig, axes = plt.subplots(2, 8, figsize=(16, 4))
for i in range(8):
    axes[0, i].imshow(x_test_noisy[i, :, :, 0], cmap="gray")
    axes[1, i].imshow(denoised[i, :, :, 0], cmap="gray")
plt.savefig("denoised.png")
