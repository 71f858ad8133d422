"""Bad input never escapes as anything but an `ExpressionError` that knows its column."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from pitstop.expressions import (
    ExpressionError,
    check_syntax,
    evaluate,
    evaluate_if,
    evaluate_value,
    interpolate,
)

from .grammar import CONTEXTS, EXPRESSIONS


class Running:
    def success(self) -> bool:
        return True

    def failure(self) -> bool:
        return False

    def cancelled(self) -> bool:
        return False


def assert_fails_cleanly(text: str, action: Callable[[], object]) -> None:
    try:
        action()
    except ExpressionError as exc:
        assert 1 <= exc.column <= len(exc.expression) + 1
        assert exc.kind in ("lexing", "parsing", "evaluation")
        assert exc.location is not None
        assert exc.render().startswith("error: ")


TOKENS = st.sampled_from(
    [
        *["(", ")", "[", "]", ",", ".", "*", "!", "==", "!=", "<", ">=", "&&", "||", "'", "''"],
        *["github", "env.NUM", "1", "-", "+", ".5", "0x", "e", "format", "fromJSON", " ", "\n"],
        *["${{", "}}", "true", "null", "NaN", "=", "&", "|", "@", "é", "😀"],
    ]
)
TOKEN_SOUP = st.lists(TOKENS, max_size=20).map("".join)
ANY_TEXT = st.text(max_size=40)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(ANY_TEXT, TOKEN_SOUP, EXPRESSIONS))
def test_evaluate_fails_only_with_expression_errors(text: str) -> None:
    assert_fails_cleanly(text, lambda: evaluate(text, CONTEXTS))
    assert_fails_cleanly(text, lambda: check_syntax(text))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(ANY_TEXT, TOKEN_SOUP, EXPRESSIONS.map(lambda e: "a ${{ " + e + " }} b")))
def test_templates_fail_only_with_expression_errors(text: str) -> None:
    assert_fails_cleanly(text, lambda: interpolate(text, CONTEXTS))
    assert_fails_cleanly(text, lambda: evaluate_value(text, CONTEXTS))
    assert_fails_cleanly(text, lambda: evaluate_if(text, CONTEXTS, Running()))
