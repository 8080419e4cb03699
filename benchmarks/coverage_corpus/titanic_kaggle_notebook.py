#!/usr/bin/env python
# coding: utf-8

# # Titanic: a small neural network
# Feature engineering with pandas, then a Keras MLP.

# In[1]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
from keras.models import Sequential
from keras.layers import Dense, Dropout, BatchNormalization
from keras.callbacks import EarlyStopping


# In[2]:


train = pd.read_csv("../input/titanic/train.csv")
test = pd.read_csv("../input/titanic/test.csv")
train.head()


# In[3]:


def add_features(df):
    df = df.copy()
    df["Title"] = df["Name"].str.extract(r" ([A-Za-z]+)\.", expand=False)
    df["Title"] = df["Title"].replace(
        ["Lady", "Countess", "Capt", "Col", "Don", "Dr", "Major", "Rev", "Sir", "Jonkheer", "Dona"],
        "Rare",
    )
    df["Title"] = df["Title"].replace({"Mlle": "Miss", "Ms": "Miss", "Mme": "Mrs"})
    df["FamilySize"] = df["SibSp"] + df["Parch"] + 1
    df["IsAlone"] = (df["FamilySize"] == 1).astype(int)
    df["Age"] = df["Age"].fillna(df["Age"].median())
    df["Fare"] = df["Fare"].fillna(df["Fare"].median())
    df["Embarked"] = df["Embarked"].fillna("S")
    return df


train = add_features(train)
test = add_features(test)


# In[4]:


features = ["Pclass", "Sex", "Age", "Fare", "Embarked", "Title", "FamilySize", "IsAlone"]
full = pd.get_dummies(
    pd.concat([train[features], test[features]]), columns=["Sex", "Embarked", "Title", "Pclass"]
)
X = full.iloc[: len(train)].values.astype("float32")
X_submit = full.iloc[len(train) :].values.astype("float32")
y = train["Survived"].values


# In[5]:


X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_val = scaler.transform(X_val)
X_submit = scaler.transform(X_submit)


# In[6]:


model = Sequential()
model.add(Dense(64, activation="relu", input_dim=X_train.shape[1]))
model.add(BatchNormalization())
model.add(Dropout(0.3))
model.add(Dense(32, activation="relu"))
model.add(Dropout(0.3))
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.summary()


# In[7]:


history = model.fit(
    X_train,
    y_train,
    validation_data=(X_val, y_val),
    epochs=200,
    batch_size=32,
    callbacks=[EarlyStopping(patience=20, restore_best_weights=True)],
    verbose=0,
)
plt.plot(history.history["accuracy"])
plt.plot(history.history["val_accuracy"])
plt.show()


# In[8]:


print(model.evaluate(X_val, y_val))
predictions = (model.predict(X_submit) > 0.5).astype(int).ravel()
pd.DataFrame({"PassengerId": test["PassengerId"], "Survived": predictions}).to_csv(
    "submission.csv", index=False
)
