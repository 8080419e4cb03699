"""Shared settings for the flower classifier."""

DATA_DIR = "data/flower_photos"
IMG_SIZE = (180, 180)
BATCH_SIZE = 32
EPOCHS = 20
SEED = 42
CHECKPOINT = "checkpoints/flowers.keras"
