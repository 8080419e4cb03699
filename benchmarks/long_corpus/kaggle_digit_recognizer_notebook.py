#!/usr/bin/env python
# coding: utf-8

# # Digit Recognizer: an ensemble of CNNs with data augmentation
#
# This notebook walks through loading the competition CSVs, a little EDA, preprocessing,
# a baseline MLP, a CNN, data augmentation with `ImageDataGenerator`, learning-rate
# annealing, an ensemble of CNNs and the submission file.

# In[1]:


import os
import gc
import time
import random
import warnings

import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns

from sklearn.model_selection import train_test_split
from sklearn.metrics import confusion_matrix, classification_report

import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.models import Sequential, Model
from tensorflow.keras.layers import (
    Dense,
    Dropout,
    Flatten,
    Conv2D,
    MaxPool2D,
    BatchNormalization,
    Input,
    GlobalAveragePooling2D,
    Activation,
)
from tensorflow.keras.optimizers import RMSprop, Adam
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.callbacks import ReduceLROnPlateau, LearningRateScheduler, EarlyStopping
from tensorflow.keras.utils import to_categorical

warnings.filterwarnings("ignore")
sns.set(style="white", context="notebook", palette="deep")
print(tf.__version__)


# In[2]:


SEED = 2
random.seed(SEED)
np.random.seed(SEED)
tf.random.set_seed(SEED)

INPUT_DIR = "../input/digit-recognizer"
OUTPUT_DIR = "."
EPOCHS = 30
BATCH_SIZE = 86
N_MODELS = 5


# ## 1. Data preparation
# ### 1.1 Load data

# In[3]:


train = pd.read_csv(os.path.join(INPUT_DIR, "train.csv"))
test = pd.read_csv(os.path.join(INPUT_DIR, "test.csv"))
print(train.shape, test.shape)
train.head()


# In[4]:


Y_train = train["label"]

# Drop 'label' column
X_train = train.drop(labels=["label"], axis=1)

# free some space
del train

g = sns.countplot(x=Y_train)
Y_train.value_counts()


# ### 1.2 Check for null and missing values

# In[5]:


# Check the data
X_train.isnull().any().describe()


# In[6]:


test.isnull().any().describe()


# ### 1.3 Some statistics on the pixels

# In[7]:


def pixel_statistics(frame):
    values = frame.values.astype("float32")
    return {
        "min": float(values.min()),
        "max": float(values.max()),
        "mean": float(values.mean()),
        "std": float(values.std()),
        "empty_columns": int((values.max(axis=0) == 0).sum()),
    }


def ink_per_digit(frame, labels):
    ink = (frame.values > 0).sum(axis=1)
    table = pd.DataFrame({"label": labels.values, "ink": ink})
    return table.groupby("label")["ink"].agg(["mean", "std", "min", "max"])


print(pixel_statistics(X_train))
print(ink_per_digit(X_train, Y_train))


# ### 1.4 Normalization

# In[8]:


# Normalize the data
X_train = X_train / 255.0
test = test / 255.0


# ### 1.5 Reshape

# In[9]:


# Reshape image in 3 dimensions (height = 28px, width = 28px , canal = 1)
X_train = X_train.values.reshape(-1, 28, 28, 1)
test = test.values.reshape(-1, 28, 28, 1)
print(X_train.shape, test.shape)


# ### 1.6 Label encoding

# In[10]:


# Encode labels to one hot vectors (ex : 2 -> [0,0,1,0,0,0,0,0,0,0])
Y_train = to_categorical(Y_train, num_classes=10)


# ### 1.7 Split training and validation set

# In[11]:


# Split the train and the validation set for the fitting
X_train, X_val, Y_train, Y_val = train_test_split(X_train, Y_train, test_size=0.1, random_state=SEED)


# In[12]:


def show_digits(images, labels, rows=3, cols=6, filename="digits.png"):
    fig, axes = plt.subplots(rows, cols, figsize=(2 * cols, 2 * rows))
    for index, ax in enumerate(axes.flat):
        ax.imshow(images[index][:, :, 0], cmap="gray")
        ax.set_title(int(np.argmax(labels[index])))
        ax.axis("off")
    fig.savefig(os.path.join(OUTPUT_DIR, filename))
    plt.close(fig)


show_digits(X_train, Y_train)


# ## 2. A baseline: a plain MLP
#
# Before any convolution, how far does a dense network on the flattened pixels get?

# In[13]:


def build_mlp(hidden=(512, 256), dropout=0.3):
    model = Sequential()
    model.add(Flatten(input_shape=(28, 28, 1)))
    for units in hidden:
        model.add(Dense(units, activation="relu"))
        model.add(Dropout(dropout))
    model.add(Dense(10, activation="softmax"))
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


mlp = build_mlp()
mlp.summary()


# In[14]:


mlp_history = mlp.fit(
    X_train, Y_train, batch_size=128, epochs=5, validation_data=(X_val, Y_val), verbose=2
)
mlp_loss, mlp_accuracy = mlp.evaluate(X_val, Y_val, verbose=0)
print(f"MLP validation accuracy: {mlp_accuracy:.4f}")


# ## 3. CNN
# ### 3.1 Define the model
#
# [[Conv2D->relu]*2 -> MaxPool2D -> Dropout]*2 -> Flatten -> Dense -> Dropout -> Out

# In[15]:


def build_cnn(dropout=0.25, dense_units=256):
    model = Sequential()

    model.add(Conv2D(filters=32, kernel_size=(5, 5), padding="Same", activation="relu", input_shape=(28, 28, 1)))
    model.add(Conv2D(filters=32, kernel_size=(5, 5), padding="Same", activation="relu"))
    model.add(MaxPool2D(pool_size=(2, 2)))
    model.add(Dropout(dropout))

    model.add(Conv2D(filters=64, kernel_size=(3, 3), padding="Same", activation="relu"))
    model.add(Conv2D(filters=64, kernel_size=(3, 3), padding="Same", activation="relu"))
    model.add(MaxPool2D(pool_size=(2, 2), strides=(2, 2)))
    model.add(Dropout(dropout))

    model.add(Flatten())
    model.add(Dense(dense_units, activation="relu"))
    model.add(Dropout(0.5))
    model.add(Dense(10, activation="softmax"))
    return model


# ### 3.2 Set the optimizer and annealer

# In[16]:


# Define the optimizer
optimizer = RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-08)

model = build_cnn()
# Compile the model
model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])


# In[17]:


# Set a learning rate annealer
learning_rate_reduction = ReduceLROnPlateau(monitor="val_accuracy", patience=3, verbose=1, factor=0.5, min_lr=0.00001)


# ### 3.3 Data augmentation

# In[18]:


datagen = ImageDataGenerator(
    featurewise_center=False,  # set input mean to 0 over the dataset
    samplewise_center=False,  # set each sample mean to 0
    featurewise_std_normalization=False,  # divide inputs by std of the dataset
    samplewise_std_normalization=False,  # divide each input by its std
    zca_whitening=False,  # apply ZCA whitening
    rotation_range=10,  # randomly rotate images in the range (degrees, 0 to 180)
    zoom_range=0.1,  # Randomly zoom image
    width_shift_range=0.1,  # randomly shift images horizontally (fraction of total width)
    height_shift_range=0.1,  # randomly shift images vertically (fraction of total height)
    horizontal_flip=False,  # randomly flip images
    vertical_flip=False,
)  # randomly flip images

datagen.fit(X_train)


# In[19]:


def show_augmented(generator, images, labels, count=12, filename="augmented.png"):
    batch_x, batch_y = next(generator.flow(images[:count], labels[:count], batch_size=count, shuffle=False))
    fig, axes = plt.subplots(2, count, figsize=(count * 1.5, 3))
    for index in range(count):
        axes[0, index].imshow(images[index][:, :, 0], cmap="gray")
        axes[1, index].imshow(batch_x[index][:, :, 0], cmap="gray")
        axes[0, index].axis("off")
        axes[1, index].axis("off")
    fig.savefig(os.path.join(OUTPUT_DIR, filename))
    plt.close(fig)


show_augmented(datagen, X_train, Y_train)


# In[20]:


# Fit the model
start = time.time()
history = model.fit(
    datagen.flow(X_train, Y_train, batch_size=BATCH_SIZE),
    epochs=EPOCHS,
    validation_data=(X_val, Y_val),
    verbose=2,
    steps_per_epoch=X_train.shape[0] // BATCH_SIZE,
    callbacks=[learning_rate_reduction],
)
print(f"training took {time.time() - start:.0f}s")


# ## 4. Evaluate the model
# ### 4.1 Training and validation curves

# In[21]:


def plot_curves(history, filename="curves.png"):
    fig, ax = plt.subplots(2, 1, figsize=(8, 8))
    ax[0].plot(history.history["loss"], color="b", label="Training loss")
    ax[0].plot(history.history["val_loss"], color="r", label="validation loss", axes=ax[0])
    ax[0].legend(loc="best", shadow=True)

    ax[1].plot(history.history["accuracy"], color="b", label="Training accuracy")
    ax[1].plot(history.history["val_accuracy"], color="r", label="Validation accuracy")
    ax[1].legend(loc="best", shadow=True)
    fig.savefig(os.path.join(OUTPUT_DIR, filename))
    plt.close(fig)


plot_curves(history)


# ### 4.2 Confusion matrix

# In[22]:


def plot_confusion_matrix(cm, classes, normalize=False, title="Confusion matrix", cmap=plt.cm.Blues, filename="confusion.png"):
    """
    This function prints and plots the confusion matrix.
    Normalization can be applied by setting `normalize=True`.
    """
    plt.figure(figsize=(8, 8))
    plt.imshow(cm, interpolation="nearest", cmap=cmap)
    plt.title(title)
    plt.colorbar()
    tick_marks = np.arange(len(classes))
    plt.xticks(tick_marks, classes, rotation=45)
    plt.yticks(tick_marks, classes)

    if normalize:
        cm = cm.astype("float") / cm.sum(axis=1)[:, np.newaxis]

    thresh = cm.max() / 2.0
    for i in range(cm.shape[0]):
        for j in range(cm.shape[1]):
            plt.text(j, i, cm[i, j], horizontalalignment="center", color="white" if cm[i, j] > thresh else "black")

    plt.tight_layout()
    plt.ylabel("True label")
    plt.xlabel("Predicted label")
    plt.savefig(os.path.join(OUTPUT_DIR, filename))
    plt.close()


# Predict the values from the validation dataset
Y_pred = model.predict(X_val)
# Convert predictions classes to one hot vectors
Y_pred_classes = np.argmax(Y_pred, axis=1)
# Convert validation observations to one hot vectors
Y_true = np.argmax(Y_val, axis=1)
# compute the confusion matrix
confusion_mtx = confusion_matrix(Y_true, Y_pred_classes)
# plot the confusion matrix
plot_confusion_matrix(confusion_mtx, classes=range(10))
print(classification_report(Y_true, Y_pred_classes, digits=4))


# ### 4.3 The most important errors

# In[23]:


def display_errors(errors_index, img_errors, pred_errors, obs_errors, filename="errors.png"):
    """This function shows 6 images with their predicted and real labels"""
    n = 0
    nrows = 2
    ncols = 3
    fig, ax = plt.subplots(nrows, ncols, sharex=True, sharey=True, figsize=(9, 6))
    for row in range(nrows):
        for col in range(ncols):
            error = errors_index[n]
            ax[row, col].imshow((img_errors[error]).reshape((28, 28)))
            ax[row, col].set_title("Predicted label :{}\nTrue label :{}".format(pred_errors[error], obs_errors[error]))
            n += 1
    fig.savefig(os.path.join(OUTPUT_DIR, filename))
    plt.close(fig)


# Errors are difference between predicted labels and true labels
errors = Y_pred_classes - Y_true != 0

Y_pred_classes_errors = Y_pred_classes[errors]
Y_pred_errors = Y_pred[errors]
Y_true_errors = Y_true[errors]
X_val_errors = X_val[errors]

# Probabilities of the wrong predicted numbers
Y_pred_errors_prob = np.max(Y_pred_errors, axis=1)

# Predicted probabilities of the true values in the error set
true_prob_errors = np.diagonal(np.take(Y_pred_errors, Y_true_errors, axis=1))

# Difference between the probability of the predicted label and the true label
delta_pred_true_errors = Y_pred_errors_prob - true_prob_errors

# Sorted list of the delta prob errors
sorted_dela_errors = np.argsort(delta_pred_true_errors)

# Top 6 errors
most_important_errors = sorted_dela_errors[-6:]

# Show the top 6 errors
display_errors(most_important_errors, X_val_errors, Y_pred_classes_errors, Y_true_errors)


# ## 5. A deeper CNN with batch normalization
#
# A second architecture with BatchNormalization after every convolution, trained with a
# step decay schedule instead of the plateau annealer.

# In[24]:


def conv_bn(x, filters, kernel_size=3, strides=1):
    x = Conv2D(filters, kernel_size, strides=strides, padding="same", use_bias=False)(x)
    x = BatchNormalization()(x)
    return Activation("relu")(x)


def build_bn_cnn(widths=(32, 64, 128), dropout=0.4):
    inputs = Input(shape=(28, 28, 1))
    x = inputs
    for width in widths:
        x = conv_bn(x, width)
        x = conv_bn(x, width)
        x = conv_bn(x, width, kernel_size=5, strides=2)
        x = Dropout(dropout)(x)
    x = GlobalAveragePooling2D()(x)
    x = Dense(128, activation="relu")(x)
    x = Dropout(dropout)(x)
    outputs = Dense(10, activation="softmax")(x)
    model = Model(inputs, outputs, name="bn_cnn")
    model.compile(optimizer=Adam(learning_rate=1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def step_decay(epoch, lr):
    return lr * 0.95 if epoch > 3 else lr


bn_model = build_bn_cnn()
bn_model.summary()


# In[25]:


bn_history = bn_model.fit(
    datagen.flow(X_train, Y_train, batch_size=64),
    epochs=EPOCHS,
    steps_per_epoch=X_train.shape[0] // 64,
    validation_data=(X_val, Y_val),
    callbacks=[LearningRateScheduler(step_decay), EarlyStopping(patience=6, restore_best_weights=True)],
    verbose=2,
)
plot_curves(bn_history, "bn_curves.png")
print("bn_cnn validation accuracy", bn_model.evaluate(X_val, Y_val, verbose=0)[1])


# ## 6. Ensemble of CNNs
#
# Train several CNNs on different random splits and average their softmax outputs.

# In[26]:


def train_member(index, X, Y, epochs=EPOCHS):
    X_part, X_hold, Y_part, Y_hold = train_test_split(X, Y, test_size=0.1, random_state=index)
    member = build_bn_cnn(dropout=0.3 + 0.05 * (index % 3))
    member.fit(
        datagen.flow(X_part, Y_part, batch_size=64),
        epochs=epochs,
        steps_per_epoch=X_part.shape[0] // 64,
        validation_data=(X_hold, Y_hold),
        callbacks=[LearningRateScheduler(step_decay)],
        verbose=0,
    )
    accuracy = member.evaluate(X_hold, Y_hold, verbose=0)[1]
    print(f"member {index}: holdout accuracy {accuracy:.4f}")
    return member, accuracy


def ensemble_predict(members, images, weights=None):
    weights = weights or [1.0] * len(members)
    total = np.zeros((images.shape[0], 10))
    for member, weight in zip(members, weights):
        total += weight * member.predict(images, verbose=0)
    return total / sum(weights)


members = []
accuracies = []
for index in range(N_MODELS):
    member, accuracy = train_member(index, X_train, Y_train)
    members.append(member)
    accuracies.append(accuracy)
    gc.collect()

ensemble_val = ensemble_predict(members, X_val, accuracies)
print("ensemble validation accuracy", (ensemble_val.argmax(axis=1) == Y_true).mean())


# In[27]:


def agreement_matrix(members, images):
    votes = np.stack([m.predict(images, verbose=0).argmax(axis=1) for m in members])
    size = len(members)
    matrix = np.zeros((size, size))
    for i in range(size):
        for j in range(size):
            matrix[i, j] = (votes[i] == votes[j]).mean()
    return matrix


plt.figure(figsize=(6, 5))
sns.heatmap(agreement_matrix(members, X_val[:2000]), annot=True, fmt=".3f")
plt.savefig(os.path.join(OUTPUT_DIR, "agreement.png"))
plt.close()


# ## 7. Test-time augmentation

# In[28]:


def tta_predict(members, images, generator, rounds=5):
    total = ensemble_predict(members, images)
    for round_index in range(rounds):
        augmented = next(generator.flow(images, batch_size=len(images), shuffle=False, seed=round_index))
        total += ensemble_predict(members, augmented)
    return total / (rounds + 1)


tta_val = tta_predict(members, X_val[:2000], datagen, rounds=3)
print("TTA validation accuracy", (tta_val.argmax(axis=1) == Y_true[:2000]).mean())


# ## 8. Submission

# In[29]:


# predict results
results = ensemble_predict(members, test, accuracies)

# select the index with the maximum probability
results = np.argmax(results, axis=1)

results = pd.Series(results, name="Label")

submission = pd.concat([pd.Series(range(1, 28001), name="ImageId"), results], axis=1)

submission.to_csv(os.path.join(OUTPUT_DIR, "cnn_mnist_datagen.csv"), index=False)
submission.head()


# In[30]:


def submission_report(submission):
    counts = submission["Label"].value_counts().sort_index()
    share = counts / counts.sum()
    return pd.DataFrame({"count": counts, "share": share.round(4)})


print(submission_report(submission))
for index, member in enumerate(members):
    member.save(os.path.join(OUTPUT_DIR, f"member_{index}.keras"))
