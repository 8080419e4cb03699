"""Train the forecasters: python train.py --model lstm"""

import argparse

from data import FEATURES, load_readings, make_windows, split
from models import build_cnn, build_lstm
from tensorflow import keras

LOOKBACK = 48

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="lstm", choices=["lstm", "cnn"])
parser.add_argument("--epochs", type=int, default=20)
args = parser.parse_args()

df = load_readings()
x, y, stats = make_windows(df, lookback=LOOKBACK)
(x_train, y_train), (x_val, y_val) = split(x, y)

if args.model == "lstm":
    model = build_lstm(LOOKBACK, len(FEATURES))
else:
    model = build_cnn(LOOKBACK, len(FEATURES))

model.fit(
    x_train,
    y_train,
    validation_data=(x_val, y_val),
    epochs=args.epochs,
    batch_size=64,
    callbacks=[keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)],
)
print("validation MAE:", model.evaluate(x_val, y_val, verbose=0)[1] * stats[1][0])
model.save(f"{args.model}_forecaster.keras")
