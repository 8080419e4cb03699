#!/usr/bin/env python
# coding: utf-8

# In[1]:


import numpy as np
from sklearn.utils import shuffle
from sklearn.datasets import load_digits
from keras.models import Sequential
from keras.layers import Dense, Input
from keras.utils import to_categorical


# In[2]:


digits = load_digits()
X = digits.data / 16.0
y = to_categorical(digits.target, 10)
X, y = shuffle(X, y, random_state=0)
split = int(0.8 * len(X))


# In[3]:


model = Sequential()
model.add(Input(shape=(64,)))
model.add(Dense(64, activation="relu"))
model.add(Dense(10, activation="softmax"))
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X[:split], y[:split], epochs=20, batch_size=32, validation_data=(X[split:], y[split:]))
