"""Bounds on what a saved config may cost to read: a hostile file gets KC002, not our memory.

One place for the numbers, so that the tests and the messages quote the same limits.
"""

from __future__ import annotations

MB = 1024 * 1024

#: Largest saved model (``.keras``, ``.h5``) read at all: such files are read whole (the zip's
#: directory sits at its end, HDF5 attributes anywhere), so this bounds the memory a run
#: needs; a model with more weights than this is reported unread (an info KC002).
MAX_MODEL_FILE_BYTES = 512 * MB
#: Largest model config (a ``.json`` file, ``config.json`` in an archive, an ``.h5`` attribute).
MAX_CONFIG_BYTES = 20 * MB
#: Deepest nesting of JSON objects and arrays; real Keras configs stay far below 100.
MAX_JSON_DEPTH = 512
#: Deepest nesting of layers (wrappers and models inside models).
MAX_LAYER_DEPTH = 32
#: Deepest nesting of lists kept as parameter values (``padding=((1, 1), (2, 2))``).
MAX_VALUE_DEPTH = 8

#: Archive limits: a ``.keras`` file holds three members; weights make it large, not numerous.
MAX_MEMBERS = 1000
MAX_TOTAL_UNCOMPRESSED = 200 * MB
MAX_COMPRESSION_RATIO = 200
#: Members smaller than this cannot be bombs, whatever their ratio (tiny files compress oddly).
RATIO_FLOOR_BYTES = 1 * MB
#: Upper bound on the central directory, from the member limit (an entry is 46 bytes + name).
MAX_CENTRAL_DIRECTORY = MAX_MEMBERS * 1024
#: Chunk size of the bounded reads.
READ_CHUNK = 64 * 1024

#: The child process that reads ``.h5`` attributes with HDF5's C library: its wall-clock
#: limit and its address-space cap. A healthy model takes about 0.4 s there (mostly the
#: import of h5py); the cap holds the largest saved model read (MAX_MODEL_FILE_BYTES) plus
#: h5py, and no more.
HDF5_SECONDS = 15.0
HDF5_MEMORY_BYTES = MAX_MODEL_FILE_BYTES + 512 * MB
