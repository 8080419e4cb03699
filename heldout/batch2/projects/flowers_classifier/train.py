"""Train the flower classifier.

    python train.py [--epochs N]
"""
import argparse
import os

from tensorflow import keras

from config import CHECKPOINT, EPOCHS
from data import load_datasets
from models import build_model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args()

    train_ds, val_ds, class_names = load_datasets()
    model = build_model(num_classes=len(class_names))
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.summary()

    os.makedirs(os.path.dirname(CHECKPOINT), exist_ok=True)
    callbacks = [
        keras.callbacks.ModelCheckpoint(CHECKPOINT, save_best_only=True),
        keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True),
    ]
    model.fit(train_ds, validation_data=val_ds, epochs=args.epochs, callbacks=callbacks)
    loss, acc = model.evaluate(val_ds)
    print(f"validation accuracy: {acc:.3f}")


if __name__ == "__main__":
    main()
