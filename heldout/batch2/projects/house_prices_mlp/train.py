"""Fit the MLP on the Kaggle training file and write predictions for the test file."""
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from features import NUMERIC, load_frame, to_arrays
from models import build_model

df = load_frame("data/train.csv")
X, y = to_arrays(df)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=1)

scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_val = scaler.transform(X_val)

model = build_model(n_features=X_train.shape[1])
model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=200, batch_size=32, verbose=0)
print("val rmse (log):", model.evaluate(X_val, y_val, verbose=0)[1])

test = load_frame("data/test.csv")
X_test = scaler.transform(test[NUMERIC].values.astype("float32"))
pred = np.expm1(model.predict(X_test).ravel())
pd.DataFrame({"Id": test["Id"], "SalePrice": pred}).to_csv("submission.csv", index=False)

one_house = X_test[0]
print("first house:", np.expm1(model.predict(one_house.reshape(1, -1))[0, 0]))
