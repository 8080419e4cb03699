"""Train a convolutional denoising autoencoder on MNIST."""
from data import load_data
from models import build_autoencoder

(noisy_train, x_train), (noisy_test, x_test) = load_data()
encoder, decoder, autoencoder = build_autoencoder()
autoencoder.summary()

autoencoder.fit(
    noisy_train,
    x_train,
    epochs=50,
    batch_size=128,
    shuffle=True,
    validation_data=(noisy_test, x_test),
)
autoencoder.save("denoiser.keras")

codes = encoder.predict(noisy_test[:10])
print("latent codes:", codes.shape)
