from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout
from tensorflow.keras.callbacks import ModelCheckpoint
import matplotlib.pyplot as plt

IMG_SIZE = (150, 150)
BATCH_SIZE = 20

train_datagen = ImageDataGenerator(rescale=1./255, rotation_range=40, width_shift_range=0.2,
                                   height_shift_range=0.2, shear_range=0.2, zoom_range=0.2,
                                   horizontal_flip=True)
test_datagen = ImageDataGenerator(rescale=1./255)

train_generator = train_datagen.flow_from_directory('data/train', target_size=IMG_SIZE,
                                                    batch_size=BATCH_SIZE, class_mode='binary')
validation_generator = test_datagen.flow_from_directory('data/validation', target_size=IMG_SIZE,
                                                        batch_size=BATCH_SIZE, class_mode='binary')

model = Sequential()
model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(150, 150, 3)))
model.add(MaxPooling2D((2, 2)))
model.add(Conv2D(64, (3, 3), activation='relu'))
model.add(MaxPooling2D((2, 2)))
model.add(Conv2D(128, (3, 3), activation='relu'))
model.add(MaxPooling2D((2, 2)))
model.add(Flatten())
model.add(Dropout(0.5))
model.add(Dense(512, activation='relu'))
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy', optimizer='rmsprop', metrics=['acc'])

checkpoint = ModelCheckpoint('cats_and_dogs.keras', save_best_only=True)
history = model.fit(train_generator, steps_per_epoch=100, epochs=30,
                    validation_data=validation_generator, validation_steps=50,
                    callbacks=[checkpoint])

acc = history.history['acc']
val_acc = history.history['val_acc']
plt.plot(acc, 'bo', label='Training acc')
plt.plot(val_acc, 'b', label='Validation acc')
plt.legend()
plt.savefig('accuracy.png')
