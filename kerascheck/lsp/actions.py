"""The text edits behind the server's code actions, in code points, without any LSP types.

"Disable KC201 for this line" adds ``  # noqa: KC201`` to the line that can silence the
finding (its first line, where the engine looks), or merges the code into a ``# noqa: ...``
or ``# kerascheck: ignore[...]`` comment that is already there. An edit is only offered
when the edited line really silences the code, judged by the same parser the engine uses:
a line that ends inside an open string or with a backslash continuation gets none, since a
comment there would change the program or not be a comment at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kerascheck.diagnostics import Fix
from kerascheck.suppression import comment_of, is_suppressed

_CODE = r"[A-Za-z]+[0-9]+"
_NOQA_WITH_CODES = re.compile(
    rf"#\s*noqa(?![\w-])\s*:\s*(?P<codes>{_CODE}(?:[\s,]+{_CODE})*)", re.IGNORECASE
)
_IGNORE_WITH_CODES = re.compile(
    rf"#\s*kerascheck\s*:\s*ignore\s*\[\s*(?P<codes>{_CODE}(?:\s*,\s*{_CODE})*)\s*,?\s*\]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LineEdit:
    """Replace code points ``start:end`` of one line (0-based, end exclusive) with ``text``."""

    start: int
    end: int
    text: str

    def apply(self, line: str) -> str:
        return line[: self.start] + self.text + line[self.end :]


def noqa_edit(line: str, code: str) -> LineEdit | None:
    """The edit that silences ``code`` on ``line`` (a line without its line break), or None."""
    if line.rstrip().endswith("\\"):
        return None
    edit = _merge_into_comment(line, code) or _append_comment(line, code)
    if not is_suppressed(edit.apply(line), code):
        return None
    return edit


def disable_title(code: str) -> str:
    return f"Disable {code} for this line"


def fix_title(code: str, fix: Fix) -> str:
    """ruff's wording: the fix's message, the rule, and a warning for unsafe fixes."""
    unsafe = " (unsafe)" if fix.applicability != "safe" else ""
    return f"{fix.message} ({code}){unsafe}"


def _merge_into_comment(line: str, code: str) -> LineEdit | None:
    comment = comment_of(line)
    if comment is None:
        return None
    offset = len(line.rstrip("\r\n")) - len(comment)
    for pattern in (_NOQA_WITH_CODES, _IGNORE_WITH_CODES):
        match = pattern.search(comment)
        if match is not None:
            end = offset + match.end("codes")
            return LineEdit(end, end, f", {code}")
    return None


def _append_comment(line: str, code: str) -> LineEdit:
    content = line.rstrip()
    return LineEdit(len(content), len(line), f"  # noqa: {code}")
