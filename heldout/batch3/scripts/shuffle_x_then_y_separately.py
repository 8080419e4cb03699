#!/usr/bin/env python
# coding: utf-8

# # Digits (8x8) with a small dense network

# In[1]:


import numpy as np
import matplotlib.pyplot as plt
from tensorflow import keras


# In[2]:


X = np.load("digits_scaled.npy")
y = np.load("digits_labels.npy")
print(X.shape, y.shape, X.min(), X.max())


# In[3]:


# shuffle before the train / validation split
np.random.shuffle(X)
np.random.shuffle(y)

X_train, X_val = X[:120], X[120:]
y_train, y_val = y[:120], y[120:]


# In[4]:


model = keras.Sequential([
    keras.layers.Input(shape=(8, 8)),
    keras.layers.Flatten(),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=60, validation_data=(X_val, y_val), verbose=0)


# In[5]:


plt.plot(history.history["accuracy"], label="train")
plt.plot(history.history["val_accuracy"], label="val")
plt.legend()
plt.show()
