"""Dataset loading: one sub-folder per flower species."""
import tensorflow as tf

from config import BATCH_SIZE, DATA_DIR, IMG_SIZE, SEED


def load_datasets(data_dir=DATA_DIR):
    train_ds, val_ds = tf.keras.utils.image_dataset_from_directory(
        data_dir,
        validation_split=0.2,
        subset="both",
        seed=SEED,
        image_size=IMG_SIZE,
        batch_size=BATCH_SIZE,
    )
    class_names = train_ds.class_names
    train_ds = train_ds.cache().shuffle(1000).prefetch(tf.data.AUTOTUNE)
    val_ds = val_ds.cache().prefetch(tf.data.AUTOTUNE)
    return train_ds, val_ds, class_names
