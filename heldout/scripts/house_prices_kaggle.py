#!/usr/bin/env python
# coding: utf-8

# # House Prices - simple Keras baseline

# In[1]:


import pandas as pd
import numpy as np
from sklearn.model_selection import train_test_split
from keras.models import Sequential
from keras.layers import Dense


# In[2]:


train = pd.read_csv('../input/house-prices/train.csv')
print(train.shape)
train.head()


# In[3]:


train = train.drop(['Id'], axis=1)
numeric = train.select_dtypes(include=[np.number]).columns
train[numeric] = train[numeric].fillna(train[numeric].median())
train = pd.get_dummies(train, columns=['MSZoning', 'Street', 'LotShape'])
train = train.select_dtypes(include=[np.number, bool])

X = train.drop('SalePrice', axis=1).values.astype('float32')
y = train['SalePrice'].values

X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=0)


# In[4]:


model = Sequential()
model.add(Dense(128, input_dim=X_train.shape[1], activation='relu'))
model.add(Dense(64, activation='relu'))
model.add(Dense(1, activation='linear'))

model.compile(loss='mean_absolute_error', optimizer='adam', metrics=['accuracy'])


# In[5]:


model.fit(X_train, y_train, epochs=100, batch_size=32, validation_split=0.1)


# In[6]:


loss, acc = model.evaluate(X_val, y_val)
print('val MAE', loss, 'val acc', acc)
