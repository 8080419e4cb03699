# Multi-label movie genre classification from the plot summary.
# predict() never gives me more than one genre above 0.5, and most movies get none.
import numpy as np
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.feature_extraction.text import TfidfVectorizer
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout

plots = [
    "a detective hunts a serial killer through the rainy city",
    "two friends fall in love during a summer road trip",
    "a haunted house terrorises a family after they move in",
    "astronauts fight an alien creature aboard their ship",
    "a cop and a thief team up for one last heist",
    "a lonely robot falls in love with a scientist",
    "a ghost helps a detective solve his own murder",
    "a comedian tries to win back his ex wife at a wedding",
    "soldiers escape from a prison camp across the desert",
    "a young wizard discovers a hidden world of magic",
    "a family road trip goes hilariously wrong",
    "aliens invade and a small town fights back",
    "a hacker uncovers a conspiracy inside the police force",
    "a knight and a dragon become unlikely friends",
    "a killer doll stalks children in a small town",
    "a couple of scientists build a time machine and fall in love",
]
genres = [
    ["crime", "thriller"], ["romance", "comedy"], ["horror"], ["scifi", "horror"],
    ["crime", "action"], ["scifi", "romance"], ["horror", "crime"], ["comedy", "romance"],
    ["action", "war"], ["fantasy"], ["comedy"], ["scifi", "action"],
    ["crime", "thriller"], ["fantasy", "comedy"], ["horror"], ["scifi", "romance"],
]

mlb = MultiLabelBinarizer()
y = mlb.fit_transform(genres)
vectorizer = TfidfVectorizer(max_features=500)
X = vectorizer.fit_transform(plots).toarray()
print(X.shape, y.shape, mlb.classes_)

model = Sequential()
model.add(Dense(128, activation='relu', input_shape=(X.shape[1],)))
model.add(Dropout(0.3))
model.add(Dense(len(mlb.classes_), activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])

model.fit(X, y, epochs=100, batch_size=4, verbose=0)
probs = model.predict(X)
print(mlb.inverse_transform((probs > 0.5).astype(int)))
