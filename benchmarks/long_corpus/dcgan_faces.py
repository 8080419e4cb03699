"""
Title: DCGAN to generate face images
Description: A simple DCGAN trained using `fit()` by overriding `train_step`, and the
same GAN trained with a hand-written loop, on CelebA-like image folders.
"""

import os
import time
import glob
import gdown
from zipfile import ZipFile

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
import matplotlib.pyplot as plt

IMAGE_SIZE = 64
LATENT_DIM = 128
BATCH_SIZE = 32
EPOCHS = 1  # In practice, use ~100 epochs
DATA_DIR = "celeba_gan"

"""
## Prepare CelebA data
"""


def download_celeba(output_dir=DATA_DIR):
    os.makedirs(output_dir, exist_ok=True)
    url = "https://drive.google.com/uc?id=1O7m1010EJjLE5QxLZiM9Fpjs7Oj6e684"
    output = os.path.join(output_dir, "data.zip")
    if not os.path.exists(output):
        gdown.download(url, output, quiet=True)
        with ZipFile(output, "r") as zipobj:
            zipobj.extractall(output_dir)
    return output_dir


def make_dataset(folder, image_size=IMAGE_SIZE, batch_size=BATCH_SIZE):
    dataset = keras.utils.image_dataset_from_directory(
        folder, label_mode=None, image_size=(image_size, image_size), batch_size=batch_size
    )
    dataset = dataset.map(lambda x: x / 255.0)
    return dataset


def show_first(dataset, filename="first_face.png"):
    for x in dataset:
        plt.axis("off")
        plt.imshow((x.numpy() * 255).astype("int32")[0])
        break
    plt.savefig(filename)
    plt.close()


"""
## Create the discriminator

It maps a 64x64 image to a binary classification score.
"""


def build_discriminator(image_size=IMAGE_SIZE):
    discriminator = keras.Sequential(
        [
            keras.Input(shape=(image_size, image_size, 3)),
            layers.Conv2D(64, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2D(128, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2D(128, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Flatten(),
            layers.Dropout(0.2),
            layers.Dense(1, activation="sigmoid"),
        ],
        name="discriminator",
    )
    return discriminator


"""
## Create the generator

It mirrors the discriminator, replacing `Conv2D` layers with `Conv2DTranspose` layers.
"""


def build_generator(latent_dim=LATENT_DIM):
    generator = keras.Sequential(
        [
            keras.Input(shape=(latent_dim,)),
            layers.Dense(8 * 8 * 128),
            layers.Reshape((8, 8, 128)),
            layers.Conv2DTranspose(128, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2DTranspose(256, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2DTranspose(512, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2D(3, kernel_size=5, padding="same", activation="sigmoid"),
        ],
        name="generator",
    )
    return generator


"""
## Override `train_step`
"""


class GAN(keras.Model):
    def __init__(self, discriminator, generator, latent_dim):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim
        self.seed_generator = keras.random.SeedGenerator(1337)

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.loss_fn = loss_fn
        self.d_loss_metric = keras.metrics.Mean(name="d_loss")
        self.g_loss_metric = keras.metrics.Mean(name="g_loss")

    @property
    def metrics(self):
        return [self.d_loss_metric, self.g_loss_metric]

    def train_step(self, real_images):
        # Sample random points in the latent space
        batch_size = tf.shape(real_images)[0]
        random_latent_vectors = keras.random.normal(
            shape=(batch_size, self.latent_dim), seed=self.seed_generator
        )

        # Decode them to fake images
        generated_images = self.generator(random_latent_vectors)

        # Combine them with real images
        combined_images = tf.concat([generated_images, real_images], axis=0)

        # Assemble labels discriminating real from fake images
        labels = tf.concat([tf.ones((batch_size, 1)), tf.zeros((batch_size, 1))], axis=0)
        # Add random noise to the labels - important trick!
        labels += 0.05 * tf.random.uniform(tf.shape(labels))

        # Train the discriminator
        with tf.GradientTape() as tape:
            predictions = self.discriminator(combined_images)
            d_loss = self.loss_fn(labels, predictions)
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))

        # Sample random points in the latent space
        random_latent_vectors = keras.random.normal(
            shape=(batch_size, self.latent_dim), seed=self.seed_generator
        )

        # Assemble labels that say "all real images"
        misleading_labels = tf.zeros((batch_size, 1))

        # Train the generator (note that we should *not* update the weights
        # of the discriminator)!
        with tf.GradientTape() as tape:
            predictions = self.discriminator(self.generator(random_latent_vectors))
            g_loss = self.loss_fn(misleading_labels, predictions)
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))

        # Update metrics
        self.d_loss_metric.update_state(d_loss)
        self.g_loss_metric.update_state(g_loss)
        return {
            "d_loss": self.d_loss_metric.result(),
            "g_loss": self.g_loss_metric.result(),
        }


"""
## Create a callback that periodically saves generated images
"""


class GANMonitor(keras.callbacks.Callback):
    def __init__(self, num_img=3, latent_dim=128, folder="generated"):
        super().__init__()
        self.num_img = num_img
        self.latent_dim = latent_dim
        self.folder = folder
        self.seed_generator = keras.random.SeedGenerator(42)

    def on_epoch_end(self, epoch, logs=None):
        os.makedirs(self.folder, exist_ok=True)
        random_latent_vectors = keras.random.normal(
            shape=(self.num_img, self.latent_dim), seed=self.seed_generator
        )
        generated_images = self.model.generator(random_latent_vectors)
        generated_images *= 255
        generated_images = generated_images.numpy()
        for i in range(self.num_img):
            img = keras.utils.array_to_img(generated_images[i])
            img.save(os.path.join(self.folder, "generated_img_%03d_%d.png" % (epoch, i)))


"""
## A hand-written loop, for comparison
"""


def make_steps(generator, discriminator, latent_dim):
    loss_fn = keras.losses.BinaryCrossentropy()
    d_optimizer = keras.optimizers.Adam(learning_rate=0.0001)
    g_optimizer = keras.optimizers.Adam(learning_rate=0.0001)

    @tf.function
    def train_step(real_images):
        batch_size = tf.shape(real_images)[0]
        noise = tf.random.normal((batch_size, latent_dim))
        with tf.GradientTape() as d_tape:
            fake = generator(noise, training=True)
            real_scores = discriminator(real_images, training=True)
            fake_scores = discriminator(fake, training=True)
            d_loss = loss_fn(tf.ones_like(real_scores), real_scores) + loss_fn(
                tf.zeros_like(fake_scores), fake_scores
            )
        d_grads = d_tape.gradient(d_loss, discriminator.trainable_weights)
        d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_weights))

        noise = tf.random.normal((batch_size, latent_dim))
        with tf.GradientTape() as g_tape:
            fake_scores = discriminator(generator(noise, training=True), training=True)
            g_loss = loss_fn(tf.ones_like(fake_scores), fake_scores)
        g_grads = g_tape.gradient(g_loss, generator.trainable_weights)
        g_optimizer.apply_gradients(zip(g_grads, generator.trainable_weights))
        return d_loss, g_loss

    return train_step


def custom_loop(dataset, epochs, latent_dim=LATENT_DIM, log_every=100):
    generator = build_generator(latent_dim)
    discriminator = build_discriminator()
    train_step = make_steps(generator, discriminator, latent_dim)
    history = {"d_loss": [], "g_loss": []}
    for epoch in range(epochs):
        start = time.time()
        for step, real_images in enumerate(dataset):
            d_loss, g_loss = train_step(real_images)
            if step % log_every == 0:
                print(f"epoch {epoch} step {step}: d={float(d_loss):.3f} g={float(g_loss):.3f}")
        history["d_loss"].append(float(d_loss))
        history["g_loss"].append(float(g_loss))
        print(f"epoch {epoch} took {time.time() - start:.1f}s")
    return generator, history


def plot_losses(history, filename="gan_losses.png"):
    plt.figure(figsize=(8, 4))
    for key, values in history.items():
        plt.plot(values, label=key)
    plt.legend()
    plt.xlabel("epoch")
    plt.savefig(filename)
    plt.close()


def make_gif(folder="generated", filename="progress.gif"):
    import imageio

    frames = [imageio.imread(path) for path in sorted(glob.glob(os.path.join(folder, "*_0.png")))]
    if frames:
        imageio.mimsave(filename, frames, duration=0.5)
    return len(frames)


"""
## Train the end-to-end model
"""

if __name__ == "__main__":
    folder = download_celeba()
    dataset = make_dataset(folder)
    show_first(dataset)

    discriminator = build_discriminator()
    discriminator.summary()
    generator = build_generator()
    generator.summary()

    gan = GAN(discriminator=discriminator, generator=generator, latent_dim=LATENT_DIM)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(learning_rate=0.0001),
        g_optimizer=keras.optimizers.Adam(learning_rate=0.0001),
        loss_fn=keras.losses.BinaryCrossentropy(),
    )

    history = gan.fit(
        dataset, epochs=EPOCHS, callbacks=[GANMonitor(num_img=10, latent_dim=LATENT_DIM)]
    )
    plot_losses(history.history)
    print("frames:", make_gif())

    loop_generator, loop_history = custom_loop(dataset.take(50), epochs=1)
    plot_losses(loop_history, "loop_losses.png")
