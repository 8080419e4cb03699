# Action recognition on short clips: CNN per frame + LSTM over time.
# clips.npy: (n_clips, 16, 64, 64, 3) uint8, labels.npy: (n_clips,) ints 0..5
import numpy as np
from keras.models import Sequential
from keras.layers import TimeDistributed, Conv2D, MaxPooling2D, Flatten, LSTM, Dense, Dropout
from keras.utils import to_categorical
from keras.callbacks import EarlyStopping

FRAMES, H, W, C = 16, 64, 64, 3
NUM_CLASSES = 6

clips = np.load("data/clips.npy").astype("float32") / 255.0
labels = to_categorical(np.load("data/labels.npy"), NUM_CLASSES)

split = int(len(clips) * 0.8)
x_train, x_val = clips[:split], clips[split:]
y_train, y_val = labels[:split], labels[split:]

model = Sequential()
model.add(TimeDistributed(Conv2D(16, (3, 3), activation="relu"), input_shape=(FRAMES, H, W, C)))
model.add(TimeDistributed(MaxPooling2D((2, 2))))
model.add(TimeDistributed(Conv2D(32, (3, 3), activation="relu")))
model.add(TimeDistributed(MaxPooling2D((2, 2))))
model.add(TimeDistributed(Flatten()))
model.add(TimeDistributed(LSTM(64)))
model.add(Dropout(0.5))
model.add(Dense(64, activation="relu"))
model.add(Dense(NUM_CLASSES, activation="softmax"))

model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.summary()

model.fit(x_train, y_train, validation_data=(x_val, y_val), batch_size=8, epochs=30,
          callbacks=[EarlyStopping(patience=5)])
