import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import TimeDistributed, Dense, LSTM
from tensorflow.keras.optimizers import SGD

frames = np.load("pose_sequences.npy") / 255.0   # (N, 50, 16) keypoint features
targets = np.load("pose_labels.npy")

model = Sequential()
model.add(TimeDistributed(Dense(32, activation='relu'), input_shape=(50, 16)))
model.add(LSTM(64))
model.add(Dense(5, activation='softmax'))

model.compile(loss='sparse_categorical_crossentropy',
              optimizer=SGD(learning_rate=5.0, momentum=0.9),
              metrics=['accuracy'])
model.fit(frames, targets, epochs=50, batch_size=32, validation_split=0.2)
