import numpy as np
import keras
from keras import layers

seq_len, dim = 12, 32
inputs = keras.Input(shape=(seq_len, dim))
attn = layers.MultiHeadAttention(num_heads=4, key_dim=8)(inputs, inputs)
x = layers.LayerNormalization(epsilon=1e-6)(inputs + attn)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dense(32, activation="relu")(x)
outputs = layers.Dense(1, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

x_train = np.random.rand(512, seq_len, dim).astype("float32")
y_train = (x_train[:, :, 0].mean(axis=1) > 0.5).astype("int32")
model.fit(x_train, y_train, epochs=5, batch_size=32)
