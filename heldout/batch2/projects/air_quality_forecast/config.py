CSV_PATH = "data/AirQualityUCI.csv"
FEATURES = ["T", "RH", "AH"]
TARGET = "CO(GT)"
WINDOW = 24          # hours of history per sample
BATCH_SIZE = 64
TRAIN_FRACTION = 0.8
EPOCHS = 30
