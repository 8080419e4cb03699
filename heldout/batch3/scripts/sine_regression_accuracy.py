# Fitting sin(3x) with a small MLP. The loss goes down nicely but accuracy stays at 0.0??
import numpy as np
import keras

x = np.random.uniform(-1.0, 1.0, size=(2000, 1)).astype("float32")
y = np.sin(3.0 * x)

model = keras.Sequential(
    [
        keras.layers.Input(shape=(1,)),
        keras.layers.Dense(64, activation="tanh"),
        keras.layers.Dense(64, activation="tanh"),
        keras.layers.Dense(1),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss=keras.losses.MeanSquaredError(),
    metrics=["accuracy"],
)
model.fit(x, y, epochs=50, batch_size=32, validation_split=0.2)
