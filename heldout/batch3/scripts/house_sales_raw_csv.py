"""Predict sale prices (in units of 100k) from the county export."""
import pandas as pd
from sklearn.model_selection import train_test_split
from tensorflow import keras

df = pd.read_csv("house_sales.csv")
X = df[["sqft", "bedrooms", "bathrooms", "year_built", "lot_size"]].values.astype("float32")
y = df["price"].values / 100000.0

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)

model = keras.Sequential([
    keras.layers.Input(shape=(5,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
model.fit(X_train, y_train, epochs=200, batch_size=16, verbose=0)
print("test mse, mae:", model.evaluate(X_test, y_test, verbose=0))
