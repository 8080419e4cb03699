"""Inline suppression: which comments silence which codes, and what never does."""

from __future__ import annotations

import pytest

from kerascheck.diagnostics import Diagnostic, Position, Span
from kerascheck.suppression import (
    ALL,
    comment_of,
    ignores_file,
    is_suppressed,
    noqa_row,
    suppressed_codes,
)

LINE = 'model.add(Dense(1, activation="softmax"))'


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa",
        "# NOQA",
        "#noqa",
        "# noqa  because the tutorial says so",
        "# kerascheck: ignore",
        "#kerascheck:ignore",
        "# type: ignore  # noqa",
    ],
)
def test_blanket_directives_silence_every_code(comment: str) -> None:
    line = f"{LINE}  {comment}"
    assert suppressed_codes(line) == ALL
    assert is_suppressed(line, "KC205")
    assert is_suppressed(line, "KC101")


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa: KC205",
        "# noqa:KC205",
        "#noqa:KC205",
        "# noqa: KC201, KC205",
        "# noqa: KC201,KC205 the reason comes after the codes",
        "# noqa: E501 KC205",
        "# noqa: kc205",
        "# kerascheck: ignore[KC205]",
        "# kerascheck: ignore[KC201,KC205]",
        "# kerascheck: ignore[ KC201 , KC205 ]",
        "# kerascheck:ignore [KC205]",
        "# noqa: E501  # kerascheck: ignore[KC205]",
    ],
)
def test_directives_with_codes_silence_exactly_those(comment: str) -> None:
    line = f"{LINE}  {comment}"
    assert is_suppressed(line, "KC205")
    assert not is_suppressed(line, "KC206")


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa: KC2",  # prefixes do not match: exact codes only, like ruff
        "# noqa: KC2051",
        "# noqa: E501",
        "# noqa:",  # an empty list is not a blanket suppression
        "# noqa: no codes here",
        "# kerascheck: ignore[]",
        "# kerascheck: ignore[KC205",  # unclosed: a typo must not become a blanket
        "# kerascheck: ignore[not a code]",
        "# kerascheck: ignore-file",  # the file directive is not a line directive
        "# noqa-ish",
        "# kerascheck: ignored",
    ],
)
def test_malformed_or_other_directives_do_not_silence(comment: str) -> None:
    assert not is_suppressed(f"{LINE}  {comment}", "KC205")


@pytest.mark.parametrize(
    "line",
    [
        'x = "# noqa"',
        "x = '# noqa: KC205'",
        'x = f"{y} # kerascheck: ignore"',
        'x = """# noqa"""',
        "x = '''# kerascheck: ignore[KC205]'''",
        r'x = "escaped \" # noqa"',
        'x = "a" + "# noqa"',
        'doc = """starts a block # noqa',  # still inside the open string
    ],
)
def test_directives_inside_string_literals_do_not_count(line: str) -> None:
    assert not is_suppressed(line, "KC205")


def test_a_real_comment_after_a_string_with_a_hash_still_counts() -> None:
    line = 'x = "# not a comment"  # noqa: KC205'
    assert comment_of(line) == "# noqa: KC205"
    assert is_suppressed(line, "KC205")


def test_trailing_newline_is_tolerated() -> None:
    assert is_suppressed(f"{LINE}  # noqa: KC205\n", "KC205")
    assert is_suppressed(f"{LINE}  # noqa: KC205\r\n", "KC205")


def test_line_without_comment() -> None:
    assert comment_of(LINE) is None
    assert suppressed_codes(LINE) is None
    assert not is_suppressed(LINE, "KC205")


def test_ignore_file_on_its_own_line() -> None:
    text = "import keras\n# kerascheck: ignore-file\nmodel = keras.Sequential()\n"
    assert ignores_file(text)
    assert ignores_file("#kerascheck:ignore-file\n")
    assert ignores_file("    # KERASCHECK: ignore-file   \nx = 1\n")


@pytest.mark.parametrize(
    "text",
    [
        "import keras\n",
        'HELP = """\n# kerascheck: ignore-file\n"""\n',  # inside a string, not a comment
        "x = 1  # kerascheck: ignore-file\n",  # trailing comment: line-level only
        "# kerascheck: ignore-files\n",
        "# kerascheck: ignore\n",
    ],
)
def test_ignore_file_needs_a_comment_line(text: str) -> None:
    assert not ignores_file(text)


def test_ignore_file_in_a_file_that_does_not_tokenize() -> None:
    broken = "# kerascheck: ignore-file\ndef f(:\n    x = (\n"
    assert ignores_file(broken)
    assert not ignores_file("def f(:\n    x = (\n")


def test_noqa_row_is_the_first_row_of_the_span() -> None:
    diagnostic = Diagnostic("KC205", "m", span=Span(Position(4, 5), Position(6, 2)))
    assert noqa_row(diagnostic) == 4
    assert noqa_row(Diagnostic("KC205", "m")) is None
