import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras import layers


def build_ecg_model(n_steps=187, n_classes=5):
    inp = keras.Input(shape=(n_steps, 1))
    x = layers.Conv1D(32, 5, activation="relu")(inp)
    x = layers.MaxPooling1D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Conv1D(64, 5, activation="relu")(x)
    x = layers.GlobalAveragePooling1D()(x)
    out = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inp, out)


if __name__ == "__main__":
    data = np.loadtxt("mitbih_train.csv", delimiter=",")
    X = data[:, :-1]
    y = data[:, -1].astype(int)

    scaler = StandardScaler()
    scaler.fit(X)
    X = scaler.transform(X)[..., np.newaxis]

    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.1, stratify=y)

    model = build_ecg_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(X_train, y_train, epochs=10, batch_size=128, validation_data=(X_val, y_val))
