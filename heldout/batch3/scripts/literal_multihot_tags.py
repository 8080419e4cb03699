# minimal example for my question: photo tagging, several tags per photo
# tags: [beach, sunset, people, city]
# loss goes down to ~1.39 and then stays there forever
import numpy as np
import tensorflow as tf

X_train = np.array([
    [0.9, 0.8, 0.1, 0.2, 0.0, 0.1],
    [0.8, 0.1, 0.9, 0.1, 0.2, 0.0],
    [0.1, 0.9, 0.0, 0.8, 0.1, 0.2],
    [0.0, 0.1, 0.8, 0.9, 0.0, 0.1],
    [0.7, 0.9, 0.2, 0.1, 0.1, 0.0],
    [0.9, 0.2, 0.8, 0.0, 0.1, 0.1],
    [0.2, 0.8, 0.1, 0.9, 0.0, 0.0],
    [0.1, 0.0, 0.9, 0.8, 0.2, 0.1],
], dtype="float32")
y_train = np.array([
    [1, 1, 0, 0],
    [1, 0, 1, 0],
    [0, 1, 0, 1],
    [0, 0, 1, 1],
    [1, 1, 0, 0],
    [1, 0, 1, 0],
    [0, 1, 0, 1],
    [0, 0, 1, 1],
], dtype="float32")

inputs = tf.keras.Input(shape=(6,))
hidden = tf.keras.layers.Dense(16, activation="relu")(inputs)
outputs = tf.keras.layers.Dense(4, activation="softmax")(hidden)
model = tf.keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.01),
              loss="categorical_crossentropy")
model.fit(X_train, y_train, epochs=300, verbose=0)
print(model.predict(X_train).round(2))
