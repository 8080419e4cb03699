# Intro to TensorFlow, lesson 2 (Celsius to Fahrenheit), my version with more layers.
# The prediction for 100 degrees is 0.99 whatever I do.
import numpy as np
from tensorflow import keras

celsius_q = np.arange(-40, 100, 1.0)
fahrenheit_a = celsius_q * 1.8 + 32

for c, f in zip(celsius_q[:5], fahrenheit_a[:5]):
    print("{} degrees Celsius = {} degrees Fahrenheit".format(c, f))

model = keras.Sequential([
    keras.layers.Input(shape=(1,)),
    keras.layers.Dense(units=8, activation="relu"),
    keras.layers.Dense(units=8, activation="relu"),
    keras.layers.Dense(units=1, activation="sigmoid"),
])
model.compile(loss="mean_squared_error", optimizer=keras.optimizers.Adam(0.01))
history = model.fit(celsius_q, fahrenheit_a, epochs=500, verbose=False)
print("Finished training the model")
print(model.predict(np.array([100.0])))
