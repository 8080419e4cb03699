#!/usr/bin/env python
# coding: utf-8

# # Machine state from six (already normalised) sensor channels

# In[1]:


import pandas as pd
from sklearn.model_selection import train_test_split
import tensorflow as tf


# In[2]:


df = pd.read_csv("sensor_scaled.csv")
print(df.describe())


# In[3]:


X = df.drop(columns=["id", "label"]).values.astype("float32")
y = df["label"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y,
                                                    random_state=0)


# In[4]:


model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(6,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=80, batch_size=16, verbose=0)
print(model.evaluate(X_test, y_test, verbose=0))
