"""libcst helpers for call arguments that follow the layout the user already chose.

Adding ``return_sequences=True`` to ``LSTM(32)`` gives ``LSTM(32, return_sequences=True)``;
to a call written one argument per line (with or without a trailing comma, with comments
after the arguments) it adds one more line in the same style, and every comment stays on the
line it was written on.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

_SPACE = cst.SimpleWhitespace(" ")
_NOTHING = cst.SimpleWhitespace("")


def keyword_arg(call: cst.Call, name: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def has_star(call: cst.Call) -> bool:
    """``*args`` / ``**kwargs``: which names the call passes is not known."""
    return any(arg.star for arg in call.args)


def keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    """``name=value`` written the PEP 8 way (no spaces around ``=``)."""
    return cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=_NOTHING, whitespace_after=_NOTHING),
    )


def with_arguments(call: cst.Call, extra: Sequence[cst.Arg]) -> cst.Call:
    """``call`` with ``extra`` appended after its last argument, in the call's own layout.

    The appended arguments keep the commas written between them (and the comments there);
    the last one takes over how the call ended: a trailing comma, or the comment and line
    break before the closing bracket.
    """
    if not extra:
        return call
    block = [
        arg if isinstance(arg.comma, cst.Comma) else arg.with_changes(comma=_comma(_SPACE))
        for arg in extra[:-1]
    ]
    final = extra[-1]
    args = list(call.args)
    if not args:
        return call.with_changes(args=[*block, final.with_changes(comma=cst.MaybeSentinel.DEFAULT)])
    last = args[-1]
    separator = _separator(call, args)
    trailing = last.comma if isinstance(last.comma, cst.Comma) else None
    if trailing is not None:
        # ``f(a,)`` / one argument per line with a trailing comma: the new arguments take
        # over the trailing comma and what follows it; ``a`` gets the usual separator.
        final = final.with_changes(comma=trailing.with_changes(whitespace_before=_NOTHING))
        last = last.with_changes(comma=_comma(separator))
        return call.with_changes(args=[*args[:-1], last, *block, final])
    after = last.whitespace_after_arg
    if isinstance(after, cst.ParenthesizedWhitespace):
        # ``value  # comment\n)``: the comment stays after ``value,``; the new arguments go
        # on lines of their own and the closing bracket keeps its line.
        comma = _comma(after.with_changes(indent=_indent(separator), last_line=_last(separator)))
        closing = cst.ParenthesizedWhitespace(
            first_line=cst.TrailingWhitespace(),
            empty_lines=[],
            indent=after.indent,
            last_line=after.last_line,
        )
        final = final.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=closing)
    else:
        comma = _comma(separator)
        final = final.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=after)
    last = last.with_changes(comma=comma, whitespace_after_arg=_NOTHING)
    return call.with_changes(args=[*args[:-1], last, *block, final])


def _separator(call: cst.Call, args: list[cst.Arg]) -> cst.BaseParenthesizableWhitespace:
    """The whitespace the call already puts before an argument, without its comments."""
    if len(args) >= 2 and isinstance(args[-2].comma, cst.Comma):
        before = args[-2].comma.whitespace_after
    else:
        before = call.whitespace_before_args
    if isinstance(before, cst.ParenthesizedWhitespace):
        return cst.ParenthesizedWhitespace(
            first_line=cst.TrailingWhitespace(),
            empty_lines=[],
            indent=before.indent,
            last_line=before.last_line,
        )
    return _SPACE


def _comma(after: cst.BaseParenthesizableWhitespace) -> cst.Comma:
    return cst.Comma(whitespace_before=_NOTHING, whitespace_after=after)


def _indent(separator: cst.BaseParenthesizableWhitespace) -> bool:
    return separator.indent if isinstance(separator, cst.ParenthesizedWhitespace) else True


def _last(separator: cst.BaseParenthesizableWhitespace) -> cst.SimpleWhitespace:
    if isinstance(separator, cst.ParenthesizedWhitespace):
        return separator.last_line
    return _NOTHING
