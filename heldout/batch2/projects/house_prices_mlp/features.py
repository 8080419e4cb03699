"""Column selection for the Ames house-price data."""
import numpy as np
import pandas as pd

NUMERIC = ["OverallQual", "GrLivArea", "GarageCars", "TotalBsmtSF", "FullBath", "YearBuilt",
           "YearRemodAdd", "LotArea"]
TARGET = "SalePrice"


def load_frame(path="data/train.csv"):
    df = pd.read_csv(path)
    df[NUMERIC] = df[NUMERIC].fillna(df[NUMERIC].median())
    return df


def to_arrays(df):
    X = df[NUMERIC].values.astype("float32")
    y = np.log1p(df[TARGET].values).astype("float32")
    return X, y
