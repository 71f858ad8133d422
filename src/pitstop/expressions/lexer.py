"""The lexer: an expression string -> a list of tokens, GitHub's rules for boundaries."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from pitstop.expressions.errors import ExpressionError
from pitstop.expressions.values import parse_number

MAX_EXPRESSION_LENGTH = 21000


class TokenType(enum.Enum):
    LEFT_PAREN = "("
    RIGHT_PAREN = ")"
    LEFT_BRACKET = "["
    RIGHT_BRACKET = "]"
    COMMA = ","
    DOT = "."
    BANG = "!"
    BANG_EQUAL = "!="
    EQUAL_EQUAL = "=="
    GREATER = ">"
    GREATER_EQUAL = ">="
    LESS = "<"
    LESS_EQUAL = "<="
    AND = "&&"
    OR = "||"
    STAR = "*"
    NUMBER = "number"
    STRING = "string"
    IDENTIFIER = "identifier"
    TRUE = "true"
    FALSE = "false"
    NULL = "null"
    EOF = "end of expression"


@dataclass(frozen=True, slots=True)
class Token:
    type: TokenType
    lexeme: str
    offset: int  # 0-based index of the first character in the expression
    value: object = None

    @property
    def column(self) -> int:
        return self.offset + 1

    def display(self) -> str:
        """How GitHub quotes the token in an error message."""
        if self.type is TokenType.EOF:
            return "EOF"
        if self.type is TokenType.STRING:
            return str(self.value)
        return self.lexeme


_SINGLE = {
    "(": TokenType.LEFT_PAREN,
    ")": TokenType.RIGHT_PAREN,
    "[": TokenType.LEFT_BRACKET,
    "]": TokenType.RIGHT_BRACKET,
    ",": TokenType.COMMA,
    "*": TokenType.STAR,
}
# An operator character, the character that doubles it, and the two token types.
_PAIRED = {
    "!": ("=", TokenType.BANG_EQUAL, TokenType.BANG),
    "<": ("=", TokenType.LESS_EQUAL, TokenType.LESS),
    ">": ("=", TokenType.GREATER_EQUAL, TokenType.GREATER),
}
# These characters are only legal doubled; alone they are lexed as an (illegal) identifier.
_DOUBLED = {"=": TokenType.EQUAL_EQUAL, "&": TokenType.AND, "|": TokenType.OR}
_KEYWORDS = {
    "true": (TokenType.TRUE, True),
    "false": (TokenType.FALSE, False),
    "null": (TokenType.NULL, None),
    "NaN": (TokenType.NUMBER, float("nan")),
    "Infinity": (TokenType.NUMBER, float("inf")),
}
_AFTER_DOT_IS_PROPERTY = {
    TokenType.IDENTIFIER,
    TokenType.RIGHT_BRACKET,
    TokenType.RIGHT_PAREN,
    TokenType.STAR,
}
_BOUNDARY = set("([)],.!><=&|")
_SKIPPED = set(" \r\t\n")
# JavaScript's `\s`: the characters that end a number or an identifier.
JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_WHITESPACE = set(JS_WHITESPACE)


def is_boundary(char: str) -> bool:
    return char in _BOUNDARY or char in _WHITESPACE


def is_legal_identifier(text: str) -> bool:
    if not text or not (text[0].isascii() and (text[0].isalpha() or text[0] == "_")):
        return False
    return all(c.isascii() and (c.isalnum() or c in "_-") for c in text[1:])


class Lexer:
    """Splits one expression into tokens; raises `ExpressionError(kind="lexing")`."""

    def __init__(self, expression: str) -> None:
        self.text = expression
        self.offset = 0
        self.start = 0
        self.tokens: list[Token] = []

    def lex(self) -> list[Token]:
        if len(self.text) > MAX_EXPRESSION_LENGTH:
            raise ExpressionError(
                f"Exceeded max expression length {MAX_EXPRESSION_LENGTH}",
                kind="lexing",
                column=1,
                expression=self.text,
            )
        while self.offset < len(self.text):
            self.start = self.offset
            self._token(self._next())
        self.tokens.append(Token(TokenType.EOF, "", len(self.text)))
        return self.tokens

    def _token(self, char: str) -> None:
        if char in _SKIPPED:
            return
        if char in _SINGLE:
            self._add(_SINGLE[char])
        elif char in _PAIRED:
            second, double, single = _PAIRED[char]
            self._add(double if self._match(second) else single)
        elif char in _DOUBLED:
            if self._match(char):
                self._add(_DOUBLED[char])
            else:
                self._identifier()
        elif char == ".":
            if self._previous() in _AFTER_DOT_IS_PROPERTY:
                self._add(TokenType.DOT)
            else:
                self._number()
        elif char in "+-" or "0" <= char <= "9":
            self._number()
        elif char == "'":
            self._string()
        else:
            self._identifier()

    def _next(self) -> str:
        char = self.text[self.offset]
        self.offset += 1
        return char

    def _peek(self, ahead: int = 0) -> str:
        index = self.offset + ahead
        return self.text[index] if index < len(self.text) else "\0"

    def _match(self, expected: str) -> bool:
        if self._peek() == expected and self.offset < len(self.text):
            self.offset += 1
            return True
        return False

    def _previous(self) -> TokenType:
        return self.tokens[-1].type if self.tokens else TokenType.EOF

    def _lexeme(self) -> str:
        return self.text[self.start : self.offset]

    def _add(self, token_type: TokenType, value: object = None) -> None:
        self.tokens.append(Token(token_type, self._lexeme(), self.start, value))

    def _error(self, symbol: str) -> ExpressionError:
        return ExpressionError(
            f"Unexpected symbol: '{symbol}'. Located at position {self.start + 1} "
            f"within expression: {self.text}",
            kind="lexing",
            column=self.start + 1,
            expression=self.text,
            length=max(len(symbol.split("\n")[0]), 1),
        )

    def _number(self) -> None:
        while self.offset < len(self.text) and (
            not is_boundary(self._peek()) or self._peek() == "."
        ):
            self.offset += 1
        value = parse_number(self._lexeme())
        if value != value:  # NaN: not a number literal
            raise self._error(self._lexeme())
        self._add(TokenType.NUMBER, value)

    def _string(self) -> None:
        while self.offset < len(self.text) and (self._peek() != "'" or self._peek(1) == "'"):
            if self._peek() == "'":
                self.offset += 1  # the first quote of an escaped ''
            self.offset += 1
        if self.offset >= len(self.text):
            raise self._error(self.text[self.start :])
        self.offset += 1
        self._add(TokenType.STRING, self.text[self.start + 1 : self.offset - 1].replace("''", "'"))

    def _identifier(self) -> None:
        while self.offset < len(self.text) and not is_boundary(self._peek()):
            self.offset += 1
        lexeme = self._lexeme()
        if self._previous() is not TokenType.DOT and lexeme in _KEYWORDS:
            token_type, value = _KEYWORDS[lexeme]
            self._add(token_type, value)
            return
        if not is_legal_identifier(lexeme):
            raise self._error(lexeme)
        self._add(TokenType.IDENTIFIER)


def tokenize(expression: str) -> list[Token]:
    return Lexer(expression).lex()
