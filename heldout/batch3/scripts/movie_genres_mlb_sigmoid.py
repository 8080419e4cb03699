"""Multi-label genre tagging: one sigmoid per genre, binary cross-entropy."""
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import MultiLabelBinarizer
from tensorflow import keras
from tensorflow.keras import layers

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
]
genres = [
    ["crime", "thriller"], ["romance", "comedy"], ["horror"], ["scifi", "horror"],
    ["crime", "action"], ["scifi", "romance"], ["horror", "crime"], ["comedy", "romance"],
    ["action", "war"], ["fantasy"], ["comedy"], ["scifi", "action"],
]

mlb = MultiLabelBinarizer()
labels = mlb.fit_transform(genres)
tfidf = TfidfVectorizer(max_features=300)
features = tfidf.fit_transform(plots).toarray()


def build_tagger(n_features, n_tags):
    inputs = keras.Input(shape=(n_features,))
    x = layers.Dense(128, activation="relu")(inputs)
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(n_tags, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy",
                  metrics=[keras.metrics.BinaryAccuracy(threshold=0.5)])
    return model


model = build_tagger(features.shape[1], len(mlb.classes_))
model.fit(features, labels, epochs=100, batch_size=4, verbose=0)
print(mlb.inverse_transform((model.predict(features) > 0.5).astype(int)))
