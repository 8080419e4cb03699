"""What a check function receives: the module IR, the settings, and cached shape inference."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kerascheck.ir import Model, ModuleIR
from kerascheck.settings import Settings

if TYPE_CHECKING:
    from kerascheck.shapes import ShapeMap


@dataclass
class CheckContext:
    module: ModuleIR
    settings: Settings = field(default_factory=Settings)
    _shapes: dict[int, ShapeMap] = field(default_factory=dict, repr=False)

    def shapes(self, model: Model) -> ShapeMap:
        """Static shapes of ``model`` (built on its first data when it declares no input),
        computed once per model and shared by every check."""
        cached = self._shapes.get(model.uid)
        if cached is None:
            from kerascheck.shapes.built import model_shapes

            cached = self._shapes[model.uid] = model_shapes(model)
        return cached
