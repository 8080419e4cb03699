"""kerascheck: a static linter for Keras model code and configs."""

__version__ = "0.1.0"
