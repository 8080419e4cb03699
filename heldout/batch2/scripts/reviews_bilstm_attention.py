#!/usr/bin/env python
# coding: utf-8

# # Product review rating (1-5 stars) - BiLSTM + attention

# In[1]:


import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras.utils import to_categorical
from tensorflow.keras.layers import Input, Embedding, SpatialDropout1D, Bidirectional, LSTM
from tensorflow.keras.layers import Attention, Dense, Dropout
from tensorflow.keras.models import Model
from tensorflow.keras.callbacks import EarlyStopping


# In[2]:


df = pd.read_csv("../input/amazon-reviews/reviews.csv")
df = df.dropna(subset=["reviewText", "overall"])
df["overall"] = df["overall"].astype(int) - 1
df.head()


# In[3]:


max_features = 30000
maxlen = 150

tok = Tokenizer(num_words=max_features, oov_token="<unk>")
tok.fit_on_texts(df["reviewText"])
X = pad_sequences(tok.texts_to_sequences(df["reviewText"]), maxlen=maxlen)
y = to_categorical(df["overall"].values, num_classes=5)

X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.1, random_state=2020)


# In[4]:


inp = Input(shape=(maxlen,))
x = Embedding(max_features, 128)(inp)
x = SpatialDropout1D(0.2)(x)
x = Bidirectional(LSTM(64, return_sequences=True))(x)
x = Attention()([x, x])
x = Dense(64, activation="relu")(x)
x = Dropout(0.3)(x)
out = Dense(5, activation="softmax")(x)

model = Model(inputs=inp, outputs=out)
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.summary()


# In[5]:


es = EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
model.fit(X_train, y_train, batch_size=256, epochs=8, validation_data=(X_val, y_val), callbacks=[es])
