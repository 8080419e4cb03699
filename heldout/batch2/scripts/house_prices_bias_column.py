"""ML course, week 5: from the normal equation to a neural network.

Part 1 solves linear regression with the normal equation (which needs a
column of ones for the intercept). Part 2 trains a small Keras network on the
same design matrix.
"""
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras import layers

FEATURES = ["sqft_living", "bedrooms", "bathrooms", "floors", "yr_built", "condition"]
TARGET = "price"

df = pd.read_csv("kc_house_data.csv")
df = df.dropna(subset=FEATURES + [TARGET])

X = df[FEATURES].values
y = df[TARGET].values / 1e5

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)

scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

# ---------------------------------------------------------------- part 1
X_train_b = np.hstack([np.ones((X_train.shape[0], 1)), X_train])
X_test_b = np.hstack([np.ones((X_test.shape[0], 1)), X_test])

theta = np.linalg.pinv(X_train_b.T @ X_train_b) @ X_train_b.T @ y_train
pred_ne = X_test_b @ theta
print("normal equation RMSE:", np.sqrt(np.mean((pred_ne - y_test) ** 2)))


# ---------------------------------------------------------------- part 2
def build_network(n_inputs):
    inputs = keras.Input(shape=(n_inputs,))
    h = layers.Dense(64, activation="relu")(inputs)
    h = layers.Dense(32, activation="relu")(h)
    outputs = layers.Dense(1)(h)
    net = keras.Model(inputs, outputs)
    net.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
    return net


net = build_network(X_train.shape[1])
net.summary()
history = net.fit(X_train_b, y_train, validation_split=0.1, epochs=100, batch_size=32, verbose=0)

test_mse, test_mae = net.evaluate(X_test_b, y_test, verbose=0)
print("network RMSE:", np.sqrt(test_mse), "MAE:", test_mae)
