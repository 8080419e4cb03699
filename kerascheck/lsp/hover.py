"""What a hover over a finding shows: the finding, then its rule's documentation.

The documentation is the rule catalogue's (``rules/KCnnn.toml``), the text ``kerascheck rule
KCnnn`` prints: what the rule does, why it matters, an example and what to write instead.
It travels inside the hover, so it works wherever the editor runs, with no link to follow.
"""

from __future__ import annotations

from collections.abc import Sequence

from kerascheck.catalogue import UnknownRuleError, get_rule, render_rule, render_rule_markdown
from kerascheck.diagnostics import Diagnostic


def hover_text(diagnostics: Sequence[Diagnostic], *, markdown: bool = True) -> str:
    """The findings under the cursor, each followed by its rule's documentation (once)."""
    parts: list[str] = []
    documented: set[str] = set()
    for diagnostic in diagnostics:
        severity = f" [{diagnostic.severity}]" if diagnostic.severity is not None else ""
        code = f"**{diagnostic.code}**" if markdown else diagnostic.code
        parts.append(f"{code}{severity} {diagnostic.message}")
        if diagnostic.code in documented:
            continue
        documented.add(diagnostic.code)
        try:
            rule = get_rule(diagnostic.code)
        except UnknownRuleError:
            continue
        parts.append(render_rule_markdown(rule) if markdown else render_rule(rule))
    separator = "\n\n---\n\n" if markdown else "\n\n"
    return separator.join(part.strip() for part in parts) + "\n"
