#!/usr/bin/env python
# coding: utf-8

# # House sales: quick Keras regression

# In[1]:


import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from keras import layers, models


# In[2]:


df = pd.read_csv("house_sales.csv")
df.describe()


# In[3]:


features = ["sqft", "bedrooms", "bathrooms", "year_built", "lot_size"]
X = df[features].values
y = df["price"].values

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)


# In[4]:


inputs = layers.Input(shape=(len(features),))
x = layers.Dense(64, activation="relu")(inputs)
x = layers.Dense(32, activation="relu")(x)
outputs = layers.Dense(1, activation="tanh")(x)
model = models.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mae")


# In[5]:


model.fit(X_train, y_train, epochs=100, batch_size=16, validation_split=0.1)
print(model.evaluate(X_test, y_test))
