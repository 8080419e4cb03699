import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow.keras import Input, Model
from tensorflow.keras.layers import Dense, Dropout

df = pd.read_csv("Churn_Modelling.csv")
X = df.iloc[:, 3:13]
X = pd.get_dummies(X, columns=["Geography", "Gender"], drop_first=True).astype("float32")
y = df["Exited"]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
sc = StandardScaler()
X_train = sc.fit_transform(X_train)
X_test = sc.transform(X_test)

inputs = Input(shape=(X_train.shape[1],))
x = Dense(32)(inputs)
x = Dense(16, activation="relu")(x)
x = Dropout(0.1)(x)
outputs = Dense(1, activation="softmax")(x)

classifier = Model(inputs=inputs, outputs=outputs)
classifier.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
classifier.fit(X_train, y_train, batch_size=10, epochs=100)

y_pred = (classifier.predict(X_test) > 0.5)
print((y_pred.ravel() == y_test.values).mean())
