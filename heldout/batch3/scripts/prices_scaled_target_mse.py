#!/usr/bin/env python
# coding: utf-8

# # House sales regression, features and target standardized

# In[1]:


import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras


# In[2]:


df = pd.read_csv("house_sales.csv")
X = df.drop(columns=["price"]).values
y = df["price"].values.reshape(-1, 1)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=7)

x_scaler = StandardScaler().fit(X_train)
y_scaler = StandardScaler().fit(y_train)
X_train, X_test = x_scaler.transform(X_train), x_scaler.transform(X_test)
y_train_s, y_test_s = y_scaler.transform(y_train), y_scaler.transform(y_test)


# In[3]:


model = keras.Sequential([
    keras.layers.Input(shape=(X_train.shape[1],)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse")
model.fit(X_train, y_train_s, epochs=150, batch_size=16, validation_split=0.1, verbose=0)


# In[4]:


pred = y_scaler.inverse_transform(model.predict(X_test))
print("MAE in dollars:", np.abs(pred - y_test).mean())
print("scaled test mse:", model.evaluate(X_test, y_test_s, verbose=0))
