"""
Title: Variational AutoEncoder
Description: Convolutional Variational AutoEncoder (VAE) trained on MNIST digits, with a
custom train_step, latent space plots, interpolation and a reconstruction report.
"""

import os
import argparse
import numpy as np
import tensorflow as tf
import keras
from keras import ops
from keras import layers
import matplotlib.pyplot as plt

LATENT_DIM = 2
IMAGE_SHAPE = (28, 28, 1)
OUTPUT_DIR = "vae_outputs"

"""
## Create a sampling layer
"""


class Sampling(layers.Layer):
    """Uses (z_mean, z_log_var) to sample z, the vector encoding a digit."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(1337)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = ops.shape(z_mean)[0]
        dim = ops.shape(z_mean)[1]
        epsilon = keras.random.normal(shape=(batch, dim), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


"""
## Build the encoder
"""


def build_encoder(latent_dim=LATENT_DIM):
    encoder_inputs = keras.Input(shape=IMAGE_SHAPE)
    x = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(encoder_inputs)
    x = layers.Conv2D(64, 3, activation="relu", strides=2, padding="same")(x)
    x = layers.Flatten()(x)
    x = layers.Dense(16, activation="relu")(x)
    z_mean = layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
    z = Sampling()([z_mean, z_log_var])
    encoder = keras.Model(encoder_inputs, [z_mean, z_log_var, z], name="encoder")
    return encoder


"""
## Build the decoder
"""


def build_decoder(latent_dim=LATENT_DIM):
    latent_inputs = keras.Input(shape=(latent_dim,))
    x = layers.Dense(7 * 7 * 64, activation="relu")(latent_inputs)
    x = layers.Reshape((7, 7, 64))(x)
    x = layers.Conv2DTranspose(64, 3, activation="relu", strides=2, padding="same")(x)
    x = layers.Conv2DTranspose(32, 3, activation="relu", strides=2, padding="same")(x)
    decoder_outputs = layers.Conv2DTranspose(1, 3, activation="sigmoid", padding="same")(x)
    decoder = keras.Model(latent_inputs, decoder_outputs, name="decoder")
    return decoder


"""
## Define the VAE as a `Model` with a custom `train_step`
"""


class VAE(keras.Model):
    def __init__(self, encoder, decoder, beta=1.0, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder
        self.beta = beta
        self.total_loss_tracker = keras.metrics.Mean(name="total_loss")
        self.reconstruction_loss_tracker = keras.metrics.Mean(name="reconstruction_loss")
        self.kl_loss_tracker = keras.metrics.Mean(name="kl_loss")

    @property
    def metrics(self):
        return [
            self.total_loss_tracker,
            self.reconstruction_loss_tracker,
            self.kl_loss_tracker,
        ]

    def compute_losses(self, data):
        z_mean, z_log_var, z = self.encoder(data)
        reconstruction = self.decoder(z)
        reconstruction_loss = ops.mean(
            ops.sum(
                keras.losses.binary_crossentropy(data, reconstruction),
                axis=(1, 2),
            )
        )
        kl_loss = -0.5 * (1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var))
        kl_loss = ops.mean(ops.sum(kl_loss, axis=1))
        total_loss = reconstruction_loss + self.beta * kl_loss
        return total_loss, reconstruction_loss, kl_loss

    def train_step(self, data):
        with tf.GradientTape() as tape:
            total_loss, reconstruction_loss, kl_loss = self.compute_losses(data)
        grads = tape.gradient(total_loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        self.total_loss_tracker.update_state(total_loss)
        self.reconstruction_loss_tracker.update_state(reconstruction_loss)
        self.kl_loss_tracker.update_state(kl_loss)
        return {
            "loss": self.total_loss_tracker.result(),
            "reconstruction_loss": self.reconstruction_loss_tracker.result(),
            "kl_loss": self.kl_loss_tracker.result(),
        }

    def test_step(self, data):
        total_loss, reconstruction_loss, kl_loss = self.compute_losses(data)
        self.total_loss_tracker.update_state(total_loss)
        self.reconstruction_loss_tracker.update_state(reconstruction_loss)
        self.kl_loss_tracker.update_state(kl_loss)
        return {m.name: m.result() for m in self.metrics}


"""
## Train the VAE
"""


def load_digits():
    (x_train, _), (x_test, y_test) = keras.datasets.mnist.load_data()
    mnist_digits = np.concatenate([x_train, x_test], axis=0)
    mnist_digits = np.expand_dims(mnist_digits, -1).astype("float32") / 255
    x_test = np.expand_dims(x_test, -1).astype("float32") / 255
    return mnist_digits, x_test, y_test


class KLAnnealing(keras.callbacks.Callback):
    """Raise beta from 0 to its final value over the first epochs."""

    def __init__(self, final_beta=1.0, warmup_epochs=5):
        super().__init__()
        self.final_beta = final_beta
        self.warmup_epochs = warmup_epochs

    def on_epoch_begin(self, epoch, logs=None):
        fraction = min(1.0, (epoch + 1) / self.warmup_epochs)
        self.model.beta = self.final_beta * fraction


class SampleGrid(keras.callbacks.Callback):
    def __init__(self, every=10, output_dir=OUTPUT_DIR):
        super().__init__()
        self.every = every
        self.output_dir = output_dir

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every == 0:
            plot_latent_space(self.model, n=10, filename=f"grid_{epoch + 1:03d}.png")


"""
## Display a grid of sampled digits
"""


def plot_latent_space(vae, n=30, figsize=15, filename="latent_space.png"):
    # display a n*n 2D manifold of digits
    digit_size = 28
    scale = 1.0
    figure = np.zeros((digit_size * n, digit_size * n))
    # linearly spaced coordinates corresponding to the 2D plot
    # of digit classes in the latent space
    grid_x = np.linspace(-scale, scale, n)
    grid_y = np.linspace(-scale, scale, n)[::-1]

    for i, yi in enumerate(grid_y):
        for j, xi in enumerate(grid_x):
            z_sample = np.array([[xi, yi]])
            x_decoded = vae.decoder.predict(z_sample, verbose=0)
            digit = x_decoded[0].reshape(digit_size, digit_size)
            figure[
                i * digit_size : (i + 1) * digit_size,
                j * digit_size : (j + 1) * digit_size,
            ] = digit

    plt.figure(figsize=(figsize, figsize))
    start_range = digit_size // 2
    end_range = n * digit_size + start_range
    pixel_range = np.arange(start_range, end_range, digit_size)
    sample_range_x = np.round(grid_x, 1)
    sample_range_y = np.round(grid_y, 1)
    plt.xticks(pixel_range, sample_range_x)
    plt.yticks(pixel_range, sample_range_y)
    plt.xlabel("z[0]")
    plt.ylabel("z[1]")
    plt.imshow(figure, cmap="Greys_r")
    plt.savefig(os.path.join(OUTPUT_DIR, filename))
    plt.close()


"""
## Display how the latent space clusters different digit classes
"""


def plot_label_clusters(vae, data, labels, filename="clusters.png"):
    # display a 2D plot of the digit classes in the latent space
    z_mean, _, _ = vae.encoder.predict(data, verbose=0)
    plt.figure(figsize=(12, 10))
    plt.scatter(z_mean[:, 0], z_mean[:, 1], c=labels)
    plt.colorbar()
    plt.xlabel("z[0]")
    plt.ylabel("z[1]")
    plt.savefig(os.path.join(OUTPUT_DIR, filename))
    plt.close()


def interpolate(vae, first, second, steps=10):
    """Decode the straight line between the codes of two images."""
    z_first = vae.encoder.predict(first[None], verbose=0)[0]
    z_second = vae.encoder.predict(second[None], verbose=0)[0]
    alphas = np.linspace(0.0, 1.0, steps)
    codes = np.stack([(1 - a) * z_first[0] + a * z_second[0] for a in alphas])
    return vae.decoder.predict(codes, verbose=0)


def plot_interpolation(images, filename="interpolation.png"):
    fig, axes = plt.subplots(1, len(images), figsize=(2 * len(images), 2))
    for ax, image in zip(axes, images):
        ax.imshow(image[:, :, 0], cmap="gray")
        ax.axis("off")
    fig.savefig(os.path.join(OUTPUT_DIR, filename))
    plt.close(fig)


def reconstruction_report(vae, x_test, y_test):
    _, _, z = vae.encoder.predict(x_test, verbose=0)
    reconstructed = vae.decoder.predict(z, verbose=0)
    errors = ((reconstructed - x_test) ** 2).mean(axis=(1, 2, 3))
    per_digit = {}
    for digit in range(10):
        mask = y_test == digit
        per_digit[digit] = float(errors[mask].mean()) if mask.any() else float("nan")
    worst = int(max(per_digit, key=per_digit.get))
    print("mean squared reconstruction error per digit:")
    for digit, value in per_digit.items():
        marker = " <- worst" if digit == worst else ""
        print(f"  {digit}: {value:.5f}{marker}")
    return per_digit


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--beta", type=float, default=1.0)
    return parser.parse_args()


if __name__ == "__main__":
    args = parse_args()
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    mnist_digits, x_test, y_test = load_digits()

    encoder = build_encoder()
    encoder.summary()
    decoder = build_decoder()
    decoder.summary()

    vae = VAE(encoder, decoder, beta=args.beta)
    vae.compile(optimizer=keras.optimizers.Adam())
    vae.fit(
        mnist_digits,
        epochs=args.epochs,
        batch_size=args.batch_size,
        callbacks=[KLAnnealing(args.beta), SampleGrid()],
    )

    plot_latent_space(vae)
    plot_label_clusters(vae, x_test, y_test)
    plot_interpolation(interpolate(vae, x_test[0], x_test[1]))
    reconstruction_report(vae, x_test, y_test)
    encoder.save(os.path.join(OUTPUT_DIR, "encoder.keras"))
    decoder.save(os.path.join(OUTPUT_DIR, "decoder.keras"))
