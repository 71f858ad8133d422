from __future__ import annotations

import math

import pytest

from pitstop.expressions.errors import ExpressionError
from pitstop.expressions.lexer import MAX_EXPRESSION_LENGTH, TokenType, tokenize


def types(expression: str) -> list[TokenType]:
    return [token.type for token in tokenize(expression)]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("a.b", [TokenType.IDENTIFIER, TokenType.DOT, TokenType.IDENTIFIER]),
        ("a.*", [TokenType.IDENTIFIER, TokenType.DOT, TokenType.STAR]),
        ("a[0]", [TokenType.IDENTIFIER, TokenType.LEFT_BRACKET, TokenType.NUMBER]),
        ("!a != b", [TokenType.BANG, TokenType.IDENTIFIER, TokenType.BANG_EQUAL]),
        ("1 <= 2 >= 3", [TokenType.NUMBER, TokenType.LESS_EQUAL, TokenType.NUMBER]),
        ("x && y || z", [TokenType.IDENTIFIER, TokenType.AND, TokenType.IDENTIFIER]),
        ("true false null", [TokenType.TRUE, TokenType.FALSE, TokenType.NULL]),
        ("a.true", [TokenType.IDENTIFIER, TokenType.DOT, TokenType.IDENTIFIER]),
        ("f(x, 'y')", [TokenType.IDENTIFIER, TokenType.LEFT_PAREN, TokenType.IDENTIFIER]),
    ],
)
def test_token_types(expression: str, expected: list[TokenType]) -> None:
    assert types(expression)[: len(expected)] == expected
    assert types(expression)[-1] is TokenType.EOF


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("0x1F", 31.0),
        ("0o17", 15.0),
        ("-.5", -0.5),
        ("+2", 2.0),
        ("1e3", 1000.0),
        ("Infinity", math.inf),
        ("-Infinity", -math.inf),
        ("'it''s'", "it's"),
        ("'a''b''c'", "a'b'c"),
        ("''", ""),
    ],
)
def test_literal_values(literal: str, value: object) -> None:
    assert tokenize(literal)[0].value == value


def test_nan_is_a_number_token() -> None:
    token = tokenize("NaN")[0]
    assert token.type is TokenType.NUMBER
    assert isinstance(token.value, float) and math.isnan(token.value)


@pytest.mark.parametrize(
    ("expression", "column", "symbol"),
    [
        ("1 = 2", 3, "="),
        ("a & b", 3, "&"),
        ("a |b", 3, "|b"),
        ("'open", 1, "'open"),
        ("1 == 0xZ", 6, "0xZ"),
        ("1 + 2", 3, "+"),
        ("x @y", 3, "@y"),
        ("\u00a0", 1, "\u00a0"),
        ("1.2.3", 1, "1.2.3"),
    ],
)
def test_lexing_errors_point_at_the_symbol(expression: str, column: int, symbol: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        tokenize(expression)
    assert caught.value.kind == "lexing"
    assert caught.value.column == column
    assert f"Unexpected symbol: '{symbol}'" in caught.value.message


def test_too_long_expression_is_refused() -> None:
    with pytest.raises(ExpressionError, match="Exceeded max expression length"):
        tokenize("1" * (MAX_EXPRESSION_LENGTH + 1))


def test_token_display_names_eof_and_strings() -> None:
    tokens = tokenize("'s'")
    assert tokens[0].display() == "s"
    assert tokens[-1].display() == "EOF"
