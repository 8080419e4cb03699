from tensorflow import keras
from tensorflow.keras import layers, regularizers


def build_model(n_features, hidden=(128, 64), l2=1e-4):
    inputs = keras.Input(shape=(n_features,), name="features")
    x = inputs
    for units in hidden:
        x = layers.Dense(units, activation="relu", kernel_regularizer=regularizers.l2(l2))(x)
        x = layers.BatchNormalization()(x)
    outputs = layers.Dense(1, name="log_price")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse",
                  metrics=[keras.metrics.RootMeanSquaredError(name="rmse")])
    return model
