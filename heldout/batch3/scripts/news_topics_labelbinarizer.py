# One topic per headline: LabelBinarizer gives one-hot rows, softmax is right here.
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import LabelBinarizer
from keras.models import Sequential
from keras.layers import Dense, Dropout, Input

headlines = [
    "central bank raises interest rates again", "striker signs record transfer deal",
    "new phone chip doubles battery life", "parliament passes budget after long debate",
    "stocks fall as inflation fears return", "home team wins the championship final",
    "startup unveils open source language model", "minister resigns over expenses scandal",
    "oil prices climb on supply worries", "injured captain misses the derby",
    "chipmaker reports record quarterly profit", "election date set for next spring",
]
topics = ["business", "sport", "tech", "politics", "business", "sport",
          "tech", "politics", "business", "sport", "tech", "politics"]

encoder = LabelBinarizer()
y = encoder.fit_transform(topics)
X = TfidfVectorizer().fit_transform(headlines).toarray().astype(np.float32)

model = Sequential([
    Input(shape=(X.shape[1],)),
    Dense(64, activation="relu"),
    Dropout(0.2),
    Dense(len(encoder.classes_), activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, epochs=80, batch_size=4, verbose=0)
print(encoder.inverse_transform(model.predict(X)))
