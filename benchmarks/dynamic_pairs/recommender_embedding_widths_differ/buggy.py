import numpy as np
from keras import layers, Model

users = layers.Input(shape=(1,), name="user")
items = layers.Input(shape=(1,), name="item")
user_vec = layers.Flatten()(layers.Embedding(1000, 32)(users))
item_vec = layers.Flatten()(layers.Embedding(500, 16)(items))
score = layers.Dot(axes=1)([user_vec, item_vec])
rating = layers.Dense(1)(score)
model = Model([users, items], rating)
model.compile(optimizer="adam", loss="mse")

u = np.random.randint(0, 1000, size=(2000, 1))
i = np.random.randint(0, 500, size=(2000, 1))
r = ((u % 5) + (i % 5)).astype("float32")
model.fit([u, i], r, epochs=5, batch_size=64)
