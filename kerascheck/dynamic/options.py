"""What the user asked the dynamic checks to do, and within which budgets.

One frozen dataclass so that the CLI, the config file and the tests all describe a run the
same way; every number here is a ``[tool.kerascheck.dynamic]`` key (see ``CONFIG_KEYS``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

#: Seconds the worker needs besides training: starting Python, importing TensorFlow, building.
STARTUP_SECONDS = 60.0
#: Seconds per trained model besides the training budget: compiling, evaluating, gradients.
PER_MODEL_SECONDS = 30.0


@dataclass(frozen=True)
class DynamicOptions:
    instantiate: bool = True
    train_check: bool = False
    input_shape: tuple[int | None, ...] | None = None  # per sample, without the batch axis
    data: str | None = None  # an .npz file with arrays ``x`` and ``y`` to train on
    max_steps: int = 200
    max_seconds: float = 20.0
    timeout_seconds: float | None = None  # the whole worker; None: derived from the budgets
    memory_mb: int = 4096
    seed: int = 0
    batch_size: int | None = None  # None: the script's literal batch_size, else 32
    #: KC903: the loss must fall by at least this fraction of its first value
    static_loss_threshold: float = 0.05
    #: KC905: gradient norms outside [vanishing, exploding] are reported
    vanishing_gradient: float = 1e-7
    exploding_gradient: float = 1e3
    #: KC906: accuracy within this margin of the majority-class share is "chance"
    chance_margin: float = 0.05

    def timeout_for(self, trained_models: int) -> float:
        """The worker's wall-clock limit: explicit, or enough for every model's budget."""
        if self.timeout_seconds is not None:
            return self.timeout_seconds
        return STARTUP_SECONDS + trained_models * (self.max_seconds + PER_MODEL_SECONDS)

    def __post_init__(self) -> None:
        for name in ("max_steps", "memory_mb"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        for name in ("max_seconds", "static_loss_threshold", "chance_margin"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative, got {getattr(self, name)}")
        if self.timeout_seconds is not None and self.timeout_seconds <= 0:
            raise ValueError(f"timeout_seconds must be positive, got {self.timeout_seconds}")
        if not 0 < self.vanishing_gradient < self.exploding_gradient:
            raise ValueError("need 0 < vanishing_gradient < exploding_gradient")
        if self.data is not None:
            if not os.path.isfile(self.data):
                raise ValueError(f"--data: no such file: {self.data}")
            object.__setattr__(self, "data", os.path.abspath(self.data))


#: ``[tool.kerascheck.dynamic]`` key -> DynamicOptions field, for the config loader.
CONFIG_KEYS: dict[str, str] = {
    "max-steps": "max_steps",
    "max-seconds": "max_seconds",
    "timeout": "timeout_seconds",
    "memory-mb": "memory_mb",
    "seed": "seed",
    "batch-size": "batch_size",
    "static-loss-threshold": "static_loss_threshold",
    "vanishing-gradient": "vanishing_gradient",
    "exploding-gradient": "exploding_gradient",
    "chance-margin": "chance_margin",
}


def parse_input_shape(text: str) -> tuple[int | None, ...]:
    """``"20,1"`` -> ``(20, 1)``; ``"None,8"`` or ``"?,8"`` leave a dimension open."""
    dims: list[int | None] = []
    for part in text.replace("(", "").replace(")", "").split(","):
        part = part.strip()
        if not part:
            continue
        if part in ("None", "?", "none"):
            dims.append(None)
            continue
        try:
            value = int(part)
        except ValueError:
            raise ValueError(
                f"--input-shape: {part!r} is not an integer (expected e.g. 20,1)"
            ) from None
        if value <= 0:
            raise ValueError(f"--input-shape: dimensions must be positive, got {value}")
        dims.append(value)
    if not dims:
        raise ValueError("--input-shape: give the per-sample shape, e.g. 20,1")
    return tuple(dims)
