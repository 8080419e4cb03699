#!/usr/bin/env python
# coding: utf-8

# # Store Sales - Time Series Forecasting
#
# A long competition notebook: exploratory analysis, calendar and holiday features, lag and
# rolling features per store/family, a LightGBM-free neural baseline (MLP on tabular
# features), an LSTM on per-series windows, a 1D CNN, a small ensemble, validation by time
# split, error analysis per family, and the submission.

# In[1]:


import os
import gc
import json
import math
import time
import random
import warnings
from datetime import datetime, timedelta
from collections import defaultdict

import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns

from sklearn.preprocessing import StandardScaler, OneHotEncoder, LabelEncoder
from sklearn.metrics import mean_squared_log_error, mean_absolute_error

import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, callbacks, optimizers, losses

warnings.filterwarnings("ignore")
pd.set_option("display.max_columns", 100)
plt.style.use("seaborn-v0_8-whitegrid")


# In[2]:


SEED = 42
DATA_DIR = "/kaggle/input/store-sales-time-series-forecasting"
OUT_DIR = "/kaggle/working"
HORIZON = 16
WINDOW = 56
LAGS = [1, 7, 14, 28]
ROLLING = [7, 14, 28]
BATCH_SIZE = 512
EPOCHS = 40
VALID_DAYS = 16


def seed_everything(seed=SEED):
    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)


seed_everything()


# ## 1. Loading

# In[3]:


def read(name, **kwargs):
    path = os.path.join(DATA_DIR, name)
    frame = pd.read_csv(path, **kwargs)
    print(f"{name}: {frame.shape}")
    return frame


train = read("train.csv", parse_dates=["date"])
test = read("test.csv", parse_dates=["date"])
stores = read("stores.csv")
oil = read("oil.csv", parse_dates=["date"])
holidays = read("holidays_events.csv", parse_dates=["date"])
transactions = read("transactions.csv", parse_dates=["date"])


# In[4]:


def memory_usage(frame):
    return frame.memory_usage(deep=True).sum() / 1024**2


def reduce_memory(frame, verbose=True):
    start = memory_usage(frame)
    for column in frame.columns:
        kind = frame[column].dtype
        if kind == object or str(kind).startswith("datetime"):
            continue
        low, high = frame[column].min(), frame[column].max()
        if str(kind).startswith("int"):
            for candidate in (np.int8, np.int16, np.int32):
                if low > np.iinfo(candidate).min and high < np.iinfo(candidate).max:
                    frame[column] = frame[column].astype(candidate)
                    break
        else:
            frame[column] = frame[column].astype(np.float32)
    end = memory_usage(frame)
    if verbose:
        print(f"memory {start:.1f} MB -> {end:.1f} MB ({100 * (start - end) / start:.0f}% less)")
    return frame


train = reduce_memory(train)
test = reduce_memory(test)


# ## 2. Exploratory analysis

# In[5]:


def plot_total_sales(frame, filename="total_sales.png"):
    daily = frame.groupby("date")["sales"].sum()
    fig, ax = plt.subplots(figsize=(16, 4))
    daily.plot(ax=ax)
    daily.rolling(28).mean().plot(ax=ax, linewidth=3)
    ax.set_title("Total sales per day and 28-day mean")
    fig.savefig(os.path.join(OUT_DIR, filename))
    plt.close(fig)


def plot_family_share(frame, filename="families.png"):
    share = frame.groupby("family")["sales"].sum().sort_values(ascending=False)
    share = share / share.sum()
    fig, ax = plt.subplots(figsize=(10, 10))
    sns.barplot(x=share.values, y=share.index, ax=ax)
    ax.set_title("Share of sales per product family")
    fig.savefig(os.path.join(OUT_DIR, filename))
    plt.close(fig)


def plot_weekday_profile(frame, filename="weekday.png"):
    profile = frame.assign(weekday=frame["date"].dt.dayofweek).groupby("weekday")["sales"].mean()
    fig, ax = plt.subplots(figsize=(8, 4))
    profile.plot(kind="bar", ax=ax)
    ax.set_xticklabels(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], rotation=0)
    fig.savefig(os.path.join(OUT_DIR, filename))
    plt.close(fig)


def zero_series(frame, min_days=56):
    recent = frame[frame["date"] >= frame["date"].max() - timedelta(days=min_days)]
    totals = recent.groupby(["store_nbr", "family"])["sales"].sum()
    return totals[totals == 0].index.tolist()


plot_total_sales(train)
plot_family_share(train)
plot_weekday_profile(train)
dead = zero_series(train)
print(f"{len(dead)} store/family series sold nothing in the last 8 weeks")


# In[6]:


def oil_filled(oil_frame, start, end):
    days = pd.DataFrame({"date": pd.date_range(start, end)})
    merged = days.merge(oil_frame, on="date", how="left")
    merged["dcoilwtico"] = merged["dcoilwtico"].interpolate(limit_direction="both")
    merged["oil_change_7"] = merged["dcoilwtico"].pct_change(7).fillna(0.0)
    return merged


oil_daily = oil_filled(oil, train["date"].min(), test["date"].max())
fig, ax = plt.subplots(figsize=(16, 3))
oil_daily.set_index("date")["dcoilwtico"].plot(ax=ax)
fig.savefig(os.path.join(OUT_DIR, "oil.png"))
plt.close(fig)


# ## 3. Calendar and holiday features

# In[7]:


def national_holidays(frame):
    frame = frame[frame["transferred"] == False]  # noqa: E712 (as in the competition data)
    national = frame[frame["locale"] == "National"][["date", "type"]].drop_duplicates("date")
    national["is_national_holiday"] = 1
    national["is_bridge"] = (national["type"] == "Bridge").astype(int)
    national["is_work_day"] = (national["type"] == "Work Day").astype(int)
    return national.drop(columns=["type"])


def regional_holidays(frame, store_frame):
    regional = frame[frame["locale"] == "Regional"][["date", "locale_name"]]
    regional = regional.rename(columns={"locale_name": "state"})
    regional["is_regional_holiday"] = 1
    local = frame[frame["locale"] == "Local"][["date", "locale_name"]]
    local = local.rename(columns={"locale_name": "city"})
    local["is_local_holiday"] = 1
    return regional.drop_duplicates(["date", "state"]), local.drop_duplicates(["date", "city"])


def calendar_features(frame):
    frame = frame.copy()
    date = frame["date"]
    frame["dayofweek"] = date.dt.dayofweek
    frame["day"] = date.dt.day
    frame["month"] = date.dt.month
    frame["year"] = date.dt.year
    frame["dayofyear"] = date.dt.dayofyear
    frame["is_month_start"] = date.dt.is_month_start.astype(int)
    frame["is_month_end"] = date.dt.is_month_end.astype(int)
    frame["is_payday"] = ((frame["day"] == 15) | date.dt.is_month_end).astype(int)
    frame["sin_week"] = np.sin(2 * np.pi * frame["dayofweek"] / 7)
    frame["cos_week"] = np.cos(2 * np.pi * frame["dayofweek"] / 7)
    frame["sin_year"] = np.sin(2 * np.pi * frame["dayofyear"] / 365.25)
    frame["cos_year"] = np.cos(2 * np.pi * frame["dayofyear"] / 365.25)
    earthquake = pd.Timestamp("2016-04-16")
    frame["after_earthquake"] = ((date >= earthquake) & (date < earthquake + timedelta(days=30))).astype(int)
    return frame


def attach_holidays(frame, holiday_frame, store_frame):
    frame = frame.merge(store_frame, on="store_nbr", how="left")
    frame = frame.merge(national_holidays(holiday_frame), on="date", how="left")
    regional, local = regional_holidays(holiday_frame, store_frame)
    frame = frame.merge(regional, on=["date", "state"], how="left")
    frame = frame.merge(local, on=["date", "city"], how="left")
    for column in ("is_national_holiday", "is_bridge", "is_work_day", "is_regional_holiday", "is_local_holiday"):
        frame[column] = frame[column].fillna(0).astype(np.int8)
    return frame


# In[8]:


full = pd.concat([train, test], ignore_index=True)
full = calendar_features(full)
full = attach_holidays(full, holidays, stores)
full = full.merge(oil_daily, on="date", how="left")
full = full.sort_values(["store_nbr", "family", "date"]).reset_index(drop=True)
print(full.shape)
full.head()


# ## 4. Lag and rolling features

# In[9]:


def add_lags(frame, target="sales", lags=LAGS, horizon=HORIZON):
    grouped = frame.groupby(["store_nbr", "family"])[target]
    for lag in lags:
        frame[f"lag_{lag + horizon}"] = grouped.shift(lag + horizon)
    return frame


def add_rolling(frame, target="sales", windows=ROLLING, horizon=HORIZON):
    grouped = frame.groupby(["store_nbr", "family"])[target]
    shifted = grouped.shift(horizon)
    for window in windows:
        frame[f"roll_mean_{window}"] = shifted.groupby([frame["store_nbr"], frame["family"]]).transform(
            lambda s: s.rolling(window, min_periods=1).mean()
        )
        frame[f"roll_std_{window}"] = shifted.groupby([frame["store_nbr"], frame["family"]]).transform(
            lambda s: s.rolling(window, min_periods=2).std()
        )
    return frame


def add_promotion_features(frame):
    grouped = frame.groupby(["store_nbr", "family"])["onpromotion"]
    frame["promo_roll_7"] = grouped.transform(lambda s: s.rolling(7, min_periods=1).sum())
    frame["promo_next_7"] = grouped.transform(lambda s: s[::-1].rolling(7, min_periods=1).sum()[::-1])
    frame["log_promo"] = np.log1p(frame["onpromotion"])
    return frame


full["sales"] = np.log1p(full["sales"])
full = add_lags(full)
full = add_rolling(full)
full = add_promotion_features(full)
full = reduce_memory(full)
gc.collect()


# In[10]:


CATEGORICAL = ["store_nbr", "family", "city", "state", "type", "cluster"]
NUMERIC = [
    "dayofweek",
    "day",
    "month",
    "dayofyear",
    "is_month_start",
    "is_month_end",
    "is_payday",
    "sin_week",
    "cos_week",
    "sin_year",
    "cos_year",
    "after_earthquake",
    "is_national_holiday",
    "is_bridge",
    "is_work_day",
    "is_regional_holiday",
    "is_local_holiday",
    "dcoilwtico",
    "oil_change_7",
    "log_promo",
    "promo_roll_7",
    "promo_next_7",
] + [f"lag_{lag + HORIZON}" for lag in LAGS] + [f"roll_mean_{w}" for w in ROLLING] + [f"roll_std_{w}" for w in ROLLING]


def encode_categoricals(frame, columns=CATEGORICAL):
    encoders = {}
    for column in columns:
        encoder = LabelEncoder()
        frame[column + "_id"] = encoder.fit_transform(frame[column].astype(str))
        encoders[column] = encoder
    return frame, encoders


full, encoders = encode_categoricals(full)
cardinalities = {column: len(encoder.classes_) for column, encoder in encoders.items()}
print(cardinalities)


# ## 5. Time split

# In[11]:


def time_split(frame, valid_days=VALID_DAYS):
    labelled = frame[frame["id"].notna() & frame["sales"].notna()]
    last = labelled["date"].max()
    cut = last - timedelta(days=valid_days)
    fit_part = labelled[(labelled["date"] <= cut) & (labelled["date"] >= pd.Timestamp("2015-01-01"))]
    valid_part = labelled[labelled["date"] > cut]
    submit_part = frame[frame["sales"].isna()]
    return fit_part, valid_part, submit_part


fit_part, valid_part, submit_part = time_split(full)
print(len(fit_part), len(valid_part), len(submit_part))


# In[12]:


def numeric_matrix(frame, scaler=None, columns=NUMERIC):
    values = frame[columns].fillna(0.0).values.astype("float32")
    if scaler is None:
        scaler = StandardScaler().fit(values)
    return scaler.transform(values).astype("float32"), scaler


def categorical_inputs(frame, columns=CATEGORICAL):
    return {column: frame[column + "_id"].values.astype("int32") for column in columns}


x_fit_numeric, numeric_scaler = numeric_matrix(fit_part)
x_valid_numeric, _ = numeric_matrix(valid_part, numeric_scaler)
x_submit_numeric, _ = numeric_matrix(submit_part, numeric_scaler)
y_fit = fit_part["sales"].values.astype("float32")
y_valid = valid_part["sales"].values.astype("float32")
print(x_fit_numeric.shape, x_valid_numeric.shape)


# ## 6. An MLP with entity embeddings

# In[13]:


def embedding_size(cardinality):
    return int(min(50, round(1.6 * cardinality**0.56)))


def build_mlp(numeric_width, cardinalities, hidden=(512, 256, 128), dropout=0.2):
    numeric_input = keras.Input(shape=(numeric_width,), name="numeric")
    embedded = []
    cat_inputs = []
    for column, cardinality in cardinalities.items():
        cat_input = keras.Input(shape=(1,), name=column, dtype="int32")
        vector = layers.Embedding(cardinality + 1, embedding_size(cardinality), name=f"emb_{column}")(cat_input)
        embedded.append(layers.Flatten()(vector))
        cat_inputs.append(cat_input)
    x = layers.Concatenate()([numeric_input] + embedded)
    for units in hidden:
        x = layers.Dense(units)(x)
        x = layers.BatchNormalization()(x)
        x = layers.Activation("swish")(x)
        x = layers.Dropout(dropout)(x)
    output = layers.Dense(1, name="log_sales")(x)
    model = keras.Model([numeric_input] + cat_inputs, output, name="entity_mlp")
    model.compile(optimizer=optimizers.Adam(1e-3), loss="mse", metrics=[keras.metrics.RootMeanSquaredError(name="rmse")])
    return model


def mlp_inputs(numeric, frame):
    inputs = {"numeric": numeric}
    inputs.update(categorical_inputs(frame))
    return inputs


mlp = build_mlp(x_fit_numeric.shape[1], cardinalities)
mlp.summary()


# In[14]:


def standard_callbacks(name, patience=5):
    return [
        callbacks.EarlyStopping(monitor="val_rmse", patience=patience, restore_best_weights=True),
        callbacks.ReduceLROnPlateau(monitor="val_rmse", factor=0.5, patience=2, min_lr=1e-5),
        callbacks.ModelCheckpoint(os.path.join(OUT_DIR, f"{name}.keras"), monitor="val_rmse", save_best_only=True),
        callbacks.CSVLogger(os.path.join(OUT_DIR, f"{name}_log.csv")),
    ]


start = time.time()
mlp_history = mlp.fit(
    mlp_inputs(x_fit_numeric, fit_part),
    y_fit,
    validation_data=(mlp_inputs(x_valid_numeric, valid_part), y_valid),
    epochs=EPOCHS,
    batch_size=BATCH_SIZE * 4,
    callbacks=standard_callbacks("mlp"),
    verbose=2,
)
print(f"MLP trained in {time.time() - start:.0f}s")


# In[15]:


def rmsle_from_log(y_true_log, y_pred_log):
    y_pred_log = np.clip(y_pred_log, 0, None)
    return float(np.sqrt(np.mean((y_pred_log - y_true_log) ** 2)))


def plot_learning(history, name):
    fig, ax = plt.subplots(1, 2, figsize=(14, 4))
    ax[0].plot(history.history["loss"], label="train")
    ax[0].plot(history.history["val_loss"], label="valid")
    ax[0].set_title(f"{name} loss")
    ax[0].legend()
    ax[1].plot(history.history["rmse"], label="train")
    ax[1].plot(history.history["val_rmse"], label="valid")
    ax[1].set_title(f"{name} RMSE (log1p sales)")
    ax[1].legend()
    fig.savefig(os.path.join(OUT_DIR, f"{name}_learning.png"))
    plt.close(fig)


mlp_valid = mlp.predict(mlp_inputs(x_valid_numeric, valid_part), batch_size=8192).ravel()
print("MLP valid RMSLE:", rmsle_from_log(y_valid, mlp_valid))
plot_learning(mlp_history, "mlp")


# ## 7. Sequence models on per-series windows

# In[16]:


def series_matrix(frame, value="sales"):
    pivot = frame.pivot_table(index=["store_nbr", "family"], columns="date", values=value, aggfunc="sum")
    return pivot.fillna(0.0)


def exogenous_matrix(frame, column):
    pivot = frame.pivot_table(index=["store_nbr", "family"], columns="date", values=column, aggfunc="mean")
    return pivot.fillna(0.0)


labelled = full[full["sales"].notna()]
sales_matrix = series_matrix(labelled)
promo_matrix = exogenous_matrix(labelled, "log_promo")
holiday_matrix = exogenous_matrix(labelled, "is_national_holiday")
print(sales_matrix.shape)


# In[17]:


def make_windows(sales, promo, holiday, window=WINDOW, horizon=HORIZON, stride=7, last_day=None):
    last_day = sales.shape[1] if last_day is None else last_day
    xs, ys = [], []
    for end in range(window, last_day - horizon + 1, stride):
        block = np.stack(
            [sales[:, end - window : end], promo[:, end - window : end], holiday[:, end - window : end]], axis=-1
        )
        xs.append(block)
        ys.append(sales[:, end : end + horizon])
    return np.concatenate(xs).astype("float32"), np.concatenate(ys).astype("float32")


sales_values = sales_matrix.values
promo_values = promo_matrix.values
holiday_values = holiday_matrix.values
cut_day = sales_values.shape[1] - VALID_DAYS
x_seq_fit, y_seq_fit = make_windows(sales_values, promo_values, holiday_values, last_day=cut_day)
x_seq_valid = np.stack(
    [
        sales_values[:, cut_day - WINDOW : cut_day],
        promo_values[:, cut_day - WINDOW : cut_day],
        holiday_values[:, cut_day - WINDOW : cut_day],
    ],
    axis=-1,
).astype("float32")
y_seq_valid = sales_values[:, cut_day : cut_day + HORIZON].astype("float32")
print(x_seq_fit.shape, y_seq_fit.shape, x_seq_valid.shape, y_seq_valid.shape)


# In[18]:


def build_lstm(window=WINDOW, features=3, horizon=HORIZON, units=128):
    model = keras.Sequential(name="seq_lstm")
    model.add(layers.Input(shape=(window, features)))
    model.add(layers.LSTM(units, return_sequences=True))
    model.add(layers.Dropout(0.2))
    model.add(layers.LSTM(units // 2))
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(horizon))
    model.compile(optimizer=optimizers.Adam(5e-4), loss=losses.Huber(), metrics=[keras.metrics.RootMeanSquaredError(name="rmse")])
    return model


def build_cnn(window=WINDOW, features=3, horizon=HORIZON, filters=64):
    inputs = keras.Input(shape=(window, features))
    x = inputs
    for dilation in (1, 2, 4, 8):
        residual = x
        x = layers.Conv1D(filters, 3, padding="causal", dilation_rate=dilation, activation="relu")(x)
        x = layers.Conv1D(filters, 3, padding="causal", dilation_rate=dilation)(x)
        if residual.shape[-1] != filters:
            residual = layers.Conv1D(filters, 1)(residual)
        x = layers.Activation("relu")(layers.Add()([x, residual]))
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(horizon)(x)
    model = keras.Model(inputs, outputs, name="seq_cnn")
    model.compile(optimizer="adam", loss="mse", metrics=[keras.metrics.RootMeanSquaredError(name="rmse")])
    return model


sequence_models = {"lstm": build_lstm(), "cnn": build_cnn()}
sequence_predictions = {}
for name, model in sequence_models.items():
    model.summary()
    history = model.fit(
        x_seq_fit,
        y_seq_fit,
        validation_data=(x_seq_valid, y_seq_valid),
        epochs=EPOCHS,
        batch_size=BATCH_SIZE,
        callbacks=standard_callbacks(name),
        verbose=2,
    )
    plot_learning(history, name)
    sequence_predictions[name] = model.predict(x_seq_valid, batch_size=2048)
    print(name, "valid RMSLE:", rmsle_from_log(y_seq_valid, sequence_predictions[name]))


# ## 8. Ensemble

# In[19]:


def series_frame(predictions, index, dates):
    frame = pd.DataFrame(predictions, index=index, columns=dates)
    frame = frame.stack().rename("pred").reset_index()
    frame.columns = ["store_nbr", "family", "date", "pred"]
    return frame


valid_dates = sales_matrix.columns[cut_day : cut_day + HORIZON]
blend_parts = [series_frame(p, sales_matrix.index, valid_dates) for p in sequence_predictions.values()]
blend = blend_parts[0].copy()
blend["pred"] = np.mean([part["pred"].values for part in blend_parts], axis=0)
valid_scored = valid_part[["store_nbr", "family", "date", "sales"]].copy()
valid_scored["mlp"] = mlp_valid
valid_scored = valid_scored.merge(blend.rename(columns={"pred": "seq"}), on=["store_nbr", "family", "date"], how="left")
valid_scored["seq"] = valid_scored["seq"].fillna(valid_scored["mlp"])


def best_weight(frame, steps=21):
    scores = {}
    for w in np.linspace(0, 1, steps):
        blended = w * frame["mlp"] + (1 - w) * frame["seq"]
        scores[round(float(w), 2)] = rmsle_from_log(frame["sales"].values, blended.values)
    best = min(scores, key=scores.get)
    return best, scores


weight, weight_scores = best_weight(valid_scored)
print("best MLP weight", weight, "RMSLE", weight_scores[weight])
plt.figure(figsize=(8, 4))
plt.plot(list(weight_scores), list(weight_scores.values()))
plt.xlabel("weight of the MLP")
plt.ylabel("valid RMSLE")
plt.savefig(os.path.join(OUT_DIR, "blend.png"))
plt.close()


# ## 9. Error analysis

# In[20]:


def error_by(frame, column, prediction="blend"):
    grouped = frame.groupby(column)
    table = grouped.apply(lambda g: rmsle_from_log(g["sales"].values, g[prediction].values))
    return table.sort_values(ascending=False)


valid_scored["blend"] = weight * valid_scored["mlp"] + (1 - weight) * valid_scored["seq"]
family_errors = error_by(valid_scored, "family")
store_errors = error_by(valid_scored, "store_nbr")
print(family_errors.head(10))
print(store_errors.head(10))

fig, ax = plt.subplots(figsize=(10, 10))
family_errors.plot(kind="barh", ax=ax)
ax.set_title("Validation RMSLE per family")
fig.savefig(os.path.join(OUT_DIR, "family_errors.png"))
plt.close(fig)


# In[21]:


def plot_worst_series(frame, count=6, filename="worst_series.png"):
    worst = frame.groupby(["store_nbr", "family"]).apply(lambda g: np.abs(g["sales"] - g["blend"]).mean())
    worst = worst.sort_values(ascending=False).head(count).index
    fig, axes = plt.subplots(count, 1, figsize=(12, 3 * count))
    for ax, (store, family) in zip(axes, worst):
        part = frame[(frame["store_nbr"] == store) & (frame["family"] == family)]
        ax.plot(part["date"], np.expm1(part["sales"]), label="actual")
        ax.plot(part["date"], np.expm1(part["blend"]), label="blend")
        ax.set_title(f"store {store} / {family}")
        ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(OUT_DIR, filename))
    plt.close(fig)


plot_worst_series(valid_scored)


# ## 10. Refit on everything and predict the test period

# In[22]:


def refit_mlp(frame, epochs):
    numeric, scaler = numeric_matrix(frame)
    model = build_mlp(numeric.shape[1], cardinalities)
    model.fit(mlp_inputs(numeric, frame), frame["sales"].values.astype("float32"), epochs=epochs, batch_size=BATCH_SIZE * 4, verbose=2)
    return model, scaler


labelled_recent = labelled[labelled["date"] >= pd.Timestamp("2015-01-01")]
best_epochs = int(np.argmin(mlp_history.history["val_rmse"])) + 1
final_mlp, final_scaler = refit_mlp(labelled_recent, best_epochs)
submit_numeric, _ = numeric_matrix(submit_part, final_scaler)
submit_mlp = final_mlp.predict(mlp_inputs(submit_numeric, submit_part), batch_size=8192).ravel()


# In[23]:


last_window = np.stack(
    [sales_values[:, -WINDOW:], promo_values[:, -WINDOW:], holiday_values[:, -WINDOW:]], axis=-1
).astype("float32")
test_dates = pd.date_range(test["date"].min(), periods=HORIZON)
submit_parts = []
for name, model in sequence_models.items():
    model.fit(np.concatenate([x_seq_fit, x_seq_valid]), np.concatenate([y_seq_fit, y_seq_valid]), epochs=3, batch_size=BATCH_SIZE, verbose=0)
    submit_parts.append(series_frame(model.predict(last_window), sales_matrix.index, test_dates))
submit_seq = submit_parts[0].copy()
submit_seq["pred"] = np.mean([part["pred"].values for part in submit_parts], axis=0)


# In[24]:


submission = submit_part[["id", "store_nbr", "family", "date"]].copy()
submission["mlp"] = submit_mlp
submission = submission.merge(submit_seq.rename(columns={"pred": "seq"}), on=["store_nbr", "family", "date"], how="left")
submission["seq"] = submission["seq"].fillna(submission["mlp"])
submission["sales"] = np.expm1(np.clip(weight * submission["mlp"] + (1 - weight) * submission["seq"], 0, None))
for store, family in dead:
    submission.loc[(submission["store_nbr"] == store) & (submission["family"] == family), "sales"] = 0.0
submission["id"] = submission["id"].astype(int)
submission[["id", "sales"]].to_csv(os.path.join(OUT_DIR, "submission.csv"), index=False)
print(submission[["id", "sales"]].describe())


# In[25]:


summary = {
    "mlp_valid_rmsle": rmsle_from_log(y_valid, mlp_valid),
    "sequence_valid_rmsle": {name: rmsle_from_log(y_seq_valid, p) for name, p in sequence_predictions.items()},
    "blend_weight": weight,
    "blend_valid_rmsle": weight_scores[weight],
    "dead_series": len(dead),
    "created": datetime.now().isoformat(timespec="seconds"),
}
with open(os.path.join(OUT_DIR, "summary.json"), "w") as fobj:
    json.dump(summary, fobj, indent=2)
print(json.dumps(summary, indent=2))
