"""Every bad example in rules/KCnnn.toml triggers its rule at its line; every good one does not."""

from __future__ import annotations

import pytest

from kerascheck.catalogue import Example, Rule, load_catalogue
from kerascheck.engine import lint_source

#: static rules only: the dynamic rules' (KC9xx) examples run in tests/test_dynamic.py
CASES = [
    pytest.param(rule, example, id=f"{code}-{example.kind}-{index}")
    for code, rule in load_catalogue().items()
    if not rule.dynamic
    for index, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule: Rule, example: Example) -> None:
    source = example.code.encode(example.encoding)
    found = [d for d in lint_source(source, f"{rule.code.lower()}_example.py").diagnostics]
    rows = [d.span.start.row for d in found if d.code == rule.code and d.span is not None]
    if example.kind == "bad":
        assert rows, f"{rule.code} did not fire on its bad example; found {[d.code for d in found]}"
        if example.line is not None:
            assert example.line in rows, (
                f"{rule.code} fired at rows {rows}, expected {example.line}"
            )
    else:
        assert not rows, f"{rule.code} fired on its good example at rows {rows}"


def test_every_rule_has_a_check_or_is_produced_by_the_engine() -> None:
    from kerascheck.checks import CHECKS

    engine_codes = {"KC001", "KC002"}
    static = {code for code, rule in load_catalogue().items() if not rule.dynamic}
    assert static - engine_codes == set(CHECKS)


def test_dynamic_rules_are_the_kc9xx_codes() -> None:
    dynamic = {code for code, rule in load_catalogue().items() if rule.dynamic}
    assert dynamic == {f"KC90{n}" for n in range(1, 7)}
