import numpy as np
import pandas as pd
from keras.models import Sequential
from keras.layers import Dense, LSTM
from sklearn.preprocessing import MinMaxScaler

df = pd.read_csv("stock_prices.csv")
features = df[["Open", "High", "Low", "Volume"]].values
target = df["Close"].values.reshape(-1, 1)

split = int(len(df) * 0.8)
x_scaler = MinMaxScaler().fit(features[:split])
y_scaler = MinMaxScaler().fit(target[:split])
X_train = x_scaler.transform(features[:split])
y_train = y_scaler.transform(target[:split])

model = Sequential()
model.add(Dense(64, activation='relu', input_dim=4))
model.add(LSTM(32))
model.add(Dense(1))
model.compile(loss='mse', optimizer='adam')
model.fit(X_train, y_train, epochs=50, batch_size=32)
