#!/usr/bin/env python
# coding: utf-8

# # Plant disease classification (PlantVillage subset)

# In[1]:


import os
import numpy as np
import tensorflow as tf
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras import layers, models


# In[2]:


base_dir = "../input/plantvillage/PlantVillage"
IMG = 128
BATCH = 32
classes = sorted(os.listdir(base_dir))
print(len(classes), "classes")


# In[3]:


datagen = ImageDataGenerator(rescale=1.0 / 255, validation_split=0.2,
                             rotation_range=20, horizontal_flip=True)
train_gen = datagen.flow_from_directory(base_dir, target_size=(IMG, IMG), batch_size=BATCH,
                                        subset="training", seed=42)
val_gen = datagen.flow_from_directory(base_dir, target_size=(IMG, IMG), batch_size=BATCH,
                                      subset="validation", seed=42)
print(train_gen.class_indices)


# In[4]:


model = models.Sequential([
    layers.Input(shape=(IMG, IMG, 3)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(128, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.GlobalAveragePooling2D(),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.4),
    layers.Dense(len(classes), activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()


# In[5]:


history = model.fit(train_gen, validation_data=val_gen, epochs=15)


# In[6]:


loss, acc = model.evaluate(val_gen)
print(f"validation accuracy: {acc:.3f}")
