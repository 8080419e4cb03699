"""kerascheck: a static linter for Keras model code and configs."""

from kerascheck import compiled

__version__ = "0.1.0"

compiled.install()  # before any kerascheck module defines its dataclasses
