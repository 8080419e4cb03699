"""Static shape inference over the IR: every node's output shape, and the layers that cannot
take their input (the material of KC203, KC210 and, for recurrent stacks, KC201).

Pure Python over the IR; Keras semantics are re-stated here (and checked against real Keras
in the tests' comments), never imported.
"""

from kerascheck.shapes import (  # noqa: F401  (register the rules)
    attention,
    core,
    preprocessing,
    recurrent,
    spatial,
    tensor_compute,
    tensor_layout,
    tensor_ops,
)
from kerascheck.shapes.common import format_shape
from kerascheck.shapes.infer import ShapeMap, ShapeProblem, declared_shape, infer_shapes

__all__ = ["ShapeMap", "ShapeProblem", "declared_shape", "format_shape", "infer_shapes"]
