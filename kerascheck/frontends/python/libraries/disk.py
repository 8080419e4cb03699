"""Readers of other libraries (scipy, h5py, imageio, scikit-image): raw data (OpenCV's
``cv2.imread`` and PIL's ``Image.open``, with their shapes, are in ``opencv`` and ``pillow``)."""

from __future__ import annotations

from kerascheck.frontends.python import arrays
from kerascheck.frontends.python.callargs import CallArgs, Handler, InterpreterState
from kerascheck.frontends.python.values import Value


def _read(interp: InterpreterState, name: str, args: CallArgs) -> Value:
    return arrays.from_disk(args)


#: by fully qualified name
FUNCTIONS: dict[str, Handler] = dict.fromkeys(
    (
        "scipy.io.loadmat",
        "h5py.File",
        "imageio.imread",
        "imageio.v2.imread",
        "skimage.io.imread",
    ),
    _read,
)
