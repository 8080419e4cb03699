"""Bank marketing: which product will the customer take? (4 classes)"""
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras.callbacks import ModelCheckpoint, EarlyStopping

CATEGORICAL = ["job", "marital", "education", "contact"]
NUMERIC = ["age", "balance", "duration", "campaign", "pdays", "previous"]


def load(path):
    df = pd.read_csv(path)
    df = df.dropna(subset=["product"])
    X = pd.get_dummies(df[CATEGORICAL + NUMERIC], columns=CATEGORICAL).astype("float32")
    y = pd.get_dummies(df["product"]).astype("float32")
    return X, y


def build_model(n_features, n_classes):
    model = keras.Sequential([
        keras.layers.Input(shape=(n_features,)),
        keras.layers.Dense(128, activation="relu", kernel_initializer="he_normal"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal"),
        keras.layers.Dense(n_classes, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


if __name__ == "__main__":
    X, y = load("bank_products.csv")
    X_train, X_test, y_train, y_test = train_test_split(X.values, y.values, test_size=0.2, random_state=7)
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

    model = build_model(X_train.shape[1], y_train.shape[1])
    callbacks = [
        ModelCheckpoint("best.keras", monitor="val_accuracy", save_best_only=True),
        EarlyStopping(monitor="val_loss", patience=8),
    ]
    model.fit(X_train, y_train, validation_split=0.15, epochs=100, batch_size=64, callbacks=callbacks)
    print("test:", model.evaluate(X_test, y_test, verbose=0))
    np.save("test_predictions.npy", model.predict(X_test))
