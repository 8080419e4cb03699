"""``--format json-lines``: one JSON object per line, the same objects as ``--format json``.

A stream that tools can read line by line (``jq -c``, log shippers) without waiting for the
closing bracket of a list. With ``--statistics``, one line per code instead.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from kerascheck.diagnostics import Diagnostic
from kerascheck.reporters.json import statistics, to_dict

if TYPE_CHECKING:
    from kerascheck.reporters import ReportOptions


def report(diagnostics: Sequence[Diagnostic], out: TextIO, options: ReportOptions) -> None:
    if options.statistics:
        objects = statistics(diagnostics, options.unsafe_fixes)
    else:
        objects = [to_dict(diagnostic) for diagnostic in diagnostics]
    for item in objects:
        out.write(json.dumps(item) + "\n")
