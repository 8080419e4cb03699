import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(train_data, train_targets), (test_data, test_targets) = keras.datasets.boston_housing.load_data()

# feature-wise normalization (statistics from the training data only)
mean = train_data.mean(axis=0)
train_data -= mean
std = train_data.std(axis=0)
train_data /= std
test_data -= mean
test_data /= std


def build_model():
    model = keras.Sequential([
        layers.Dense(64, activation="relu", input_shape=(train_data.shape[1],)),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["accuracy"])
    return model


k = 4
num_val_samples = len(train_data) // k
all_scores = []
for i in range(k):
    print(f"Processing fold #{i}")
    val_data = train_data[i * num_val_samples: (i + 1) * num_val_samples]
    val_targets = train_targets[i * num_val_samples: (i + 1) * num_val_samples]
    partial_train_data = np.concatenate(
        [train_data[:i * num_val_samples], train_data[(i + 1) * num_val_samples:]], axis=0)
    partial_train_targets = np.concatenate(
        [train_targets[:i * num_val_samples], train_targets[(i + 1) * num_val_samples:]], axis=0)
    model = build_model()
    model.fit(partial_train_data, partial_train_targets, epochs=100, batch_size=16, verbose=0)
    val_mse, val_acc = model.evaluate(val_data, val_targets, verbose=0)
    all_scores.append(val_acc)

print("accuracy per fold:", all_scores, np.mean(all_scores))
