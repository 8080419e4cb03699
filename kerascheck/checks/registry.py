"""The table of check functions: one function per rule code, registered by decorator."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kerascheck.checks.context import CheckContext
from kerascheck.diagnostics import Diagnostic

CheckFunction = Callable[[CheckContext], Iterable[Diagnostic]]

CHECKS: dict[str, CheckFunction] = {}


def check(code: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register ``function`` as the one check for ``code``."""

    def register(function: CheckFunction) -> CheckFunction:
        if code in CHECKS:
            raise RuntimeError(f"{code} is registered twice")
        CHECKS[code] = function
        return function

    return register
