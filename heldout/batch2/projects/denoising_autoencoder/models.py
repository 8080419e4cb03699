from tensorflow import keras
from tensorflow.keras import layers


def build_encoder(input_shape=(28, 28, 1)):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(32, 3, activation="relu", padding="same")(inputs)
    x = layers.MaxPooling2D(2, padding="same")(x)       # 14
    x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
    x = layers.MaxPooling2D(2, padding="same")(x)       # 7
    x = layers.Conv2D(16, 3, activation="relu", padding="same")(x)
    encoded = layers.MaxPooling2D(2, padding="same")(x) # 4
    return keras.Model(inputs, encoded, name="encoder")


def build_decoder(latent_shape=(4, 4, 16)):
    inputs = keras.Input(shape=latent_shape)
    x = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
    x = layers.UpSampling2D(2)(x)                        # 8
    x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
    x = layers.UpSampling2D(2)(x)                        # 16
    x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
    x = layers.UpSampling2D(2)(x)                        # 32
    decoded = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
    return keras.Model(inputs, decoded, name="decoder")


def build_autoencoder():
    encoder = build_encoder()
    decoder = build_decoder()
    inputs = keras.Input(shape=(28, 28, 1))
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    return encoder, decoder, autoencoder
