import numpy as np
import pandas as pd
from sklearn.preprocessing import MinMaxScaler
from keras.models import Sequential
from keras.layers import LSTM, Dense, Dropout
from keras.callbacks import EarlyStopping, ReduceLROnPlateau

LOOK_BACK = 48

df = pd.read_csv("household_power.csv", index_col="datetime", parse_dates=True)
load = df["Global_active_power"].astype("float32").values.reshape(-1, 1)

n_train = int(len(load) * 0.8)
train, test = load[:n_train], load[n_train:]

scaler = MinMaxScaler()
train = scaler.fit_transform(train)
test = scaler.transform(test)


def to_supervised(series, look_back=LOOK_BACK):
    X, y = [], []
    for i in range(look_back, len(series)):
        X.append(series[i - look_back:i, 0])
        y.append(series[i, 0])
    X = np.array(X)
    return X.reshape(X.shape[0], X.shape[1], 1), np.array(y)


X_train, y_train = to_supervised(train)
X_test, y_test = to_supervised(test)

model = Sequential()
model.add(LSTM(64, return_sequences=True, input_shape=(LOOK_BACK, 1)))
model.add(Dropout(0.2))
model.add(LSTM(32))
model.add(Dropout(0.2))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")

callbacks = [EarlyStopping(patience=5, restore_best_weights=True), ReduceLROnPlateau(factor=0.5, patience=2)]
model.fit(X_train, y_train, epochs=50, batch_size=256, validation_data=(X_test, y_test), callbacks=callbacks)
