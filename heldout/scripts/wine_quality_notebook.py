#!/usr/bin/env python
# coding: utf-8

# # Wine quality regression
# Raw features, the network normalizes them itself with a BatchNormalization input layer.

# In[1]:


import pandas as pd
import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, BatchNormalization, Dropout


# In[2]:


wine = pd.read_csv("winequality-red.csv", sep=";")
wine.describe()


# In[3]:


X = wine.drop("quality", axis=1)
y = wine["quality"].astype("float32")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=1)


# In[4]:


model = Sequential([
    BatchNormalization(input_shape=(11,)),
    Dense(64, activation="relu"),
    Dropout(0.1),
    Dense(64, activation="relu"),
    Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])


# In[5]:


history = model.fit(X_train, y_train, epochs=150, batch_size=32, validation_split=0.2, verbose=0)
print(model.evaluate(X_test, y_test))


# In[6]:


pd.DataFrame(history.history)[["loss", "val_loss"]].plot()
plt.show()
