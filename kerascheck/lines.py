"""Line breaks as Python counts them: ``\\n``, ``\\r\\n`` and a lone ``\\r`` (old Mac files).

Rows in findings, suppression comments, fixes and editor positions must all count lines the
way the parser does; ``str.splitlines`` also breaks at form feeds, ``\\x1c``..``\\x1e``,
``\\x85`` and ``\\u2028``, and counting ``\\n`` alone misses every line of an old Mac file.
"""

from __future__ import annotations

import re

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """``text`` split into lines, without their line breaks."""
    return LINE_BREAK.split(text)


def line_starts(text: str) -> list[int]:
    """The offset in ``text`` where each row starts (row 1 at offset 0)."""
    return [0, *(match.end() for match in LINE_BREAK.finditer(text))]


def count_breaks(text: str) -> tuple[int, int]:
    """How many line breaks ``text`` holds, and the offset just after the last (0 if none)."""
    if "\r" not in text:  # the common case, without a regular expression
        count = text.count("\n")
        return count, (text.rfind("\n") + 1 if count else 0)
    count = end = 0
    for match in LINE_BREAK.finditer(text):
        count, end = count + 1, match.end()
    return count, end
