"""1-D convolutional denoiser for single-lead ECG segments (1,000 samples).

The encoder pads 1000 -> 1024 so that three poolings divide evenly; the
decoder mirrors it with transposed convolutions and upsampling and crops
back to 1000. Leads are stored lead-major, so the arrays are permuted to
(time, channel) inside the model.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

SEG = 1000

clean = np.load("ecg/clean_segments.npy").reshape(-1, 1, SEG)   # (n, lead, time)
noisy = np.load("ecg/noisy_segments.npy").reshape(-1, 1, SEG)
scale = np.abs(clean).max()
clean, noisy = clean / scale, noisy / scale

n_val = len(clean) // 10
x_train, y_train = noisy[n_val:], clean[n_val:].transpose(0, 2, 1)   # targets (n, time, 1)
x_val, y_val = noisy[:n_val], clean[:n_val].transpose(0, 2, 1)

inp = keras.Input(shape=(1, SEG))
x = layers.Permute((2, 1))(inp)                                      # (1000, 1)
x = layers.ZeroPadding1D(padding=12)(x)                              # 1024
x = layers.Conv1D(16, 9, padding="same", activation="relu")(x)
x = layers.MaxPooling1D(2)(x)                                        # 512
x = layers.SeparableConv1D(32, 9, padding="same", activation="relu")(x)
x = layers.MaxPooling1D(2)(x)                                        # 256
x = layers.SeparableConv1D(64, 9, padding="same", activation="relu")(x)
x = layers.MaxPooling1D(2)(x)                                        # 128
x = layers.Conv1DTranspose(64, 9, strides=2, padding="same", activation="relu")(x)   # 256
x = layers.UpSampling1D(2)(x)                                        # 512
x = layers.Conv1D(32, 9, padding="same", activation="relu")(x)
x = layers.Conv1DTranspose(16, 9, strides=2, padding="same", activation="relu")(x)   # 1024
x = layers.Cropping1D(cropping=12)(x)                                # 1000
out = layers.Conv1D(1, 9, padding="same", activation="tanh")(x)

model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="mse")
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=30, batch_size=32)

one = noisy[0]                     # (1, 1000)
print(model.predict(one[None]).shape)
