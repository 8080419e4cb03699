import pandas as pd
from sklearn.preprocessing import LabelEncoder, StandardScaler
from sklearn.model_selection import train_test_split
from keras import layers, models, optimizers
from keras.utils import to_categorical

df = pd.read_csv("iris.csv")
X = df[["sepal_length", "sepal_width", "petal_length", "petal_width"]].values
encoder = LabelEncoder()
y = to_categorical(encoder.fit_transform(df["species"]))

X = StandardScaler().fit_transform(X)

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y)

model = models.Sequential()
model.add(layers.Dense(16, activation="relu", input_shape=(4,)))
model.add(layers.Dense(16, activation="relu"))
model.add(layers.Dense(3))

model.compile(optimizer=optimizers.Adam(learning_rate=0.01),
              loss="categorical_crossentropy",
              metrics=["accuracy"])
model.fit(X_train, y_train, epochs=200, batch_size=8, verbose=0)
print(model.evaluate(X_test, y_test))
