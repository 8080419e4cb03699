"""Forecast the next hour's CO concentration from the last day of weather."""
from config import EPOCHS
from data import make_datasets, read_frame
from models import build_lstm


def main():
    df = read_frame()
    train_ds, test_ds = make_datasets(df)
    model = build_lstm()
    model.summary()
    model.fit(train_ds, epochs=EPOCHS)
    mse, mae = model.evaluate(test_ds)
    print(f"test MAE: {mae:.3f} mg/m^3")


if __name__ == "__main__":
    main()
