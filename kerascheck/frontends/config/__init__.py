"""The config frontend: saved Keras models (``to_json()`` files, ``.keras`` archives, ``.h5``).

A saved config is turned into the same IR as Python source, so every architecture and
optimizer rule works on it unchanged. Nothing here imports Keras, loads a model, or reads a
Lambda layer's code: configs are data, read as data. The readers live in ``readers``.
"""
