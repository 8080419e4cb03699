import numpy as np
from tensorflow.keras import Sequential
from tensorflow.keras.layers import GRU, Dense, Dropout

SEQ_LEN = 30
N_FEATURES = 4

X = np.random.normal(0, 1, (500, SEQ_LEN, N_FEATURES))
y = np.random.randint(0, 2, size=(500,))

model = Sequential([
    GRU(32, return_sequences=True, input_shape=(SEQ_LEN, N_FEATURES)),
    Dropout(0.2),
    Dense(1, activation='sigmoid'),
])
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X, y, epochs=10, batch_size=32)
