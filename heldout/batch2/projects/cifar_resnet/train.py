import argparse

import numpy as np
from tensorflow import keras

from data import load_data
from models import build_model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--lr", type=float, default=0.05)
    args = ap.parse_args()

    train_ds, test_ds, (x_test, y_test) = load_data()
    model = build_model()
    schedule = keras.optimizers.schedules.CosineDecay(args.lr, decay_steps=args.epochs * 391)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule, momentum=0.9, nesterov=True),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(train_ds, epochs=args.epochs, validation_data=test_ds)

    probs = model.predict(x_test[:100])
    print("accuracy on 100 test images:", np.mean(probs.argmax(1) == y_test[:100].argmax(1)))
    print("one image:", model.predict(x_test[0][None, ...]).argmax())


if __name__ == "__main__":
    main()
