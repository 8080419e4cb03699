#!/usr/bin/env python
# coding: utf-8

# # MNIST three ways: CNN on raw 28x28, MLP on flat vectors, custom loop

# In[1]:


import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


# In[2]:


(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
print(x_train.shape)  # (60000, 28, 28)


# In[3]:


# CNN: Keras adds the trailing channel axis of size 1 by itself
cnn = keras.Sequential()
cnn.add(layers.Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28, 1)))
cnn.add(layers.MaxPooling2D((2, 2)))
cnn.add(layers.Conv2D(64, (3, 3), activation="relu"))
cnn.add(layers.MaxPooling2D((2, 2)))
cnn.add(layers.Flatten())
cnn.add(layers.Dense(64, activation="relu"))
cnn.add(layers.Dense(10, activation="softmax"))
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
cnn.fit(x_train, y_train, epochs=3, batch_size=128, validation_split=0.1)
print(cnn.evaluate(x_test, y_test, verbose=0))


# In[4]:


print(np.argmax(cnn.predict(x_test[:1])), y_test[0])
print(np.argmax(cnn.predict(x_test[0][np.newaxis])), y_test[0])
print(cnn.predict_on_batch(x_test[10:20]).shape)


# In[5]:


# MLP on flattened vectors
n_pixels = int(np.prod(x_train.shape[1:]))
x_train_flat = x_train.reshape(len(x_train), n_pixels)
x_test_flat = np.reshape(x_test, (-1, n_pixels))

mlp_in = keras.Input(shape=(n_pixels,))
h = layers.Dense(256, activation="relu")(mlp_in)
h = layers.Dropout(0.2)(h)
mlp_out = layers.Dense(10, activation="softmax")(h)
mlp = keras.Model(mlp_in, mlp_out)
mlp.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
mlp.fit(x_train_flat, y_train, epochs=3, batch_size=128)
mlp.evaluate(x_test_flat, y_test)
print(mlp.predict(x_test_flat[0:1]))


# In[6]:


# The same CNN trained with a custom loop over a tf.data pipeline
x_train_c = np.expand_dims(x_train, -1)
y_train_c = y_train.astype("int64")
ds = tf.data.Dataset.from_tensor_slices((x_train_c, y_train_c)).shuffle(1024).batch(64)

loop_model = keras.Sequential([
    keras.Input(shape=list(x_train.shape[1:]) + [1]),
    layers.Conv2D(16, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10),
])
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam(1e-3)

for step, (xb, yb) in enumerate(ds.take(200)):
    with tf.GradientTape() as tape:
        logits = loop_model(xb, training=True)
        loss = loss_fn(yb, logits)
    grads = tape.gradient(loss, loop_model.trainable_variables)
    optimizer.apply_gradients(zip(grads, loop_model.trainable_variables))
    if step % 50 == 0:
        print(step, float(loss))


# In[7]:


loop_model.compile(optimizer=optimizer, loss=loss_fn, metrics=["accuracy"])
for _ in range(5):
    idx = np.random.randint(0, len(x_train_c), 32)
    print(loop_model.train_on_batch(x_train_c[idx], y_train_c[idx]))
print(np.argmax(loop_model.predict(x_test[0].reshape(1, 28, 28, 1))), y_test[0])
