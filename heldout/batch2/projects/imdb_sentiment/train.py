import tensorflow as tf

from data import MAX_TOKENS, SEQ_LEN, make_datasets
from models import build_bilstm

train_ds, val_ds, test_ds, vectorize_layer = make_datasets()

model = build_bilstm(vocab_size=MAX_TOKENS, seq_len=SEQ_LEN)
model.compile(loss=tf.keras.losses.BinaryCrossentropy(),
              optimizer=tf.keras.optimizers.Adam(1e-4),
              metrics=["accuracy"])

history = model.fit(train_ds, validation_data=val_ds, epochs=10)
test_loss, test_acc = model.evaluate(test_ds)
print("Test Loss:", test_loss)
print("Test Accuracy:", test_acc)
