"""What the IR builders share while one config is read: the IR, the places, the notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from kerascheck.diagnostics import Diagnostic
from kerascheck.frontends.config.limits import MAX_LAYER_DEPTH
from kerascheck.frontends.config.places import Places
from kerascheck.ir import ModuleIR


class ConfigError(Exception):
    """The config cannot be turned into IR (nested too deeply ...); the message is for KC002."""


@dataclass
class BuildContext:
    ir: ModuleIR
    places: Places
    #: findings about the file itself (a Lambda's bytecode left unread), reported with the rest
    notes: list[Diagnostic] = field(default_factory=list)

    def enter(self, depth: int, path: str) -> int:
        """The depth one level down; refuses configs nested beyond any real model."""
        if depth + 1 > MAX_LAYER_DEPTH:
            raise ConfigError(
                f"layers are nested more than {MAX_LAYER_DEPTH} levels deep (at {path}); "
                "no real model wraps layers this deeply"
            )
        return depth + 1
