"""The parser: tokens -> syntax tree, by recursive descent with GitHub's precedence.

From loosest to tightest: `||`, `&&`, `==` `!=`, `<` `<=` `>` `>=`, `!`, then property access
(`.name`, `.*`, `[index]`, `[*]`) on a context, a function call or a parenthesised group, then
literals. Context names and function names are checked here, as GitHub does.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from typing import TypeAlias

from pitstop.expressions import ast
from pitstop.expressions.errors import ExpressionError
from pitstop.expressions.functions import FUNCTIONS
from pitstop.expressions.lexer import Token, TokenType, tokenize

MAX_DEPTH = 50

_Level: TypeAlias = Callable[[], ast.Node]

_EQUALITY = (TokenType.EQUAL_EQUAL, TokenType.BANG_EQUAL)
_ORDERING = (TokenType.GREATER, TokenType.GREATER_EQUAL, TokenType.LESS, TokenType.LESS_EQUAL)
_LITERALS = (TokenType.TRUE, TokenType.FALSE, TokenType.NULL, TokenType.NUMBER, TokenType.STRING)


class Parser:
    """Parses one expression. `contexts` are the allowed context names (None allows any)."""

    def __init__(self, expression: str, contexts: Collection[str] | None = None) -> None:
        self.text = expression
        self.tokens = tokenize(expression)
        self.position = 0
        self.depth = 0
        self.contexts = None if contexts is None else {name.lower() for name in contexts}

    def parse(self) -> ast.Node | None:
        """The tree, or None for an empty expression."""
        if self._at_end():
            return None
        node = self._expression()
        if not self._at_end():
            raise self._error("Unexpected symbol", self._peek())
        return node

    # One method per precedence level, loosest first.

    def _expression(self) -> ast.Node:
        self._enter()
        try:
            return self._logical_or()
        finally:
            self.depth -= 1

    def _logical_or(self) -> ast.Node:
        return self._logical(TokenType.OR, self._logical_and)

    def _logical_and(self) -> ast.Node:
        return self._logical(TokenType.AND, self._equality)

    def _logical(self, operator: TokenType, operand: _Level) -> ast.Node:
        first = operand()
        if not self._check(operator):
            return first
        token = self._peek()
        self._enter()
        try:
            operands = [first]
            while self._match(operator):
                operands.append(operand())
        finally:
            self.depth -= 1
        return ast.Logical(operator.value, tuple(operands), token.column)

    def _equality(self) -> ast.Node:
        return self._binary(_EQUALITY, self._comparison)

    def _comparison(self) -> ast.Node:
        return self._binary(_ORDERING, self._unary)

    def _binary(self, operators: tuple[TokenType, ...], operand: _Level) -> ast.Node:
        node = operand()
        while self._match(*operators):
            token = self._previous()
            node = ast.Comparison(token.type.value, node, operand(), token.column)
        return node

    def _unary(self) -> ast.Node:
        if not self._match(TokenType.BANG):
            return self._index()
        token = self._previous()
        self._enter()
        operand = self._unary()
        self.depth -= 1
        return ast.Not(operand, token.column)

    def _index(self) -> ast.Node:
        node = self._call()
        if not isinstance(node, ast.Grouping | ast.FunctionCall | ast.ContextAccess):
            return node
        entered = 0
        try:
            while True:
                if self._match(TokenType.LEFT_BRACKET):
                    node = self._bracket(node)
                    self._enter()
                    entered += 1
                elif self._match(TokenType.DOT):
                    self._enter()
                    entered += 1
                    node = self._property(node)
                else:
                    return node
        finally:
            self.depth -= entered

    def _bracket(self, target: ast.Node) -> ast.Node:
        opening = self._previous()
        index: ast.Node | ast.Star
        if self._match(TokenType.STAR):
            index = ast.Star(self._previous().column)
        else:
            index = self._expression()
        self._consume(TokenType.RIGHT_BRACKET)
        return ast.IndexAccess(target, index, opening.column)

    def _property(self, target: ast.Node) -> ast.Node:
        dot = self._previous()
        if self._match(TokenType.IDENTIFIER):
            name = self._previous()
            return ast.IndexAccess(target, ast.Literal(name.lexeme, name.column), dot.column)
        if self._match(TokenType.STAR):
            return ast.IndexAccess(target, ast.Star(self._previous().column), dot.column)
        raise self._error("Unexpected symbol", self._peek())

    def _call(self) -> ast.Node:
        if not self._check(TokenType.IDENTIFIER):
            return self._primary()
        name = self._advance()
        if not self._match(TokenType.LEFT_PAREN):
            if self.contexts is not None and name.lexeme.lower() not in self.contexts:
                raise self._error("Unrecognized named-value", name)
            return ast.ContextAccess(name.lexeme, name.column)
        args: list[ast.Node] = []
        while not self._match(TokenType.RIGHT_PAREN):
            args.append(self._expression())
            if not self._check(TokenType.RIGHT_PAREN):
                self._consume(TokenType.COMMA)
        self._check_function(name, len(args))
        return ast.FunctionCall(name.lexeme, tuple(args), name.column)

    def _check_function(self, name: Token, count: int) -> None:
        function = FUNCTIONS.get(name.lexeme.lower())
        if function is None:
            raise self._error("Unrecognized function", name)
        if count < function.min_args:
            raise self._error("Too few parameters supplied", name)
        if count > function.max_args:
            raise self._error("Too many parameters supplied", name)
        if function.odd_args and count % 2 == 0:
            raise self._error(
                "Even number of parameters supplied, requires an odd number of parameters", name
            )

    def _primary(self) -> ast.Node:
        if self._match(*_LITERALS):
            token = self._previous()
            return ast.Literal(token.value, token.column)
        if self._match(TokenType.LEFT_PAREN):
            opening = self._previous()
            inner = self._expression()
            if self._at_end():
                raise self._error("Unexpected end of expression", self._previous())
            self._consume(TokenType.RIGHT_PAREN)
            return ast.Grouping(inner, opening.column)
        if self._at_end():
            raise self._error("Unexpected end of expression", self._previous())
        raise self._error("Unexpected symbol", self._peek())

    # Token stream helpers.

    def _peek(self) -> Token:
        return self.tokens[self.position]

    def _previous(self) -> Token:
        return self.tokens[self.position - 1]

    def _at_end(self) -> bool:
        return self._peek().type is TokenType.EOF

    def _check(self, token_type: TokenType) -> bool:
        return self._peek().type is token_type

    def _advance(self) -> Token:
        if not self._at_end():
            self.position += 1
        return self._previous()

    def _match(self, *token_types: TokenType) -> bool:
        if self._peek().type in token_types:
            self._advance()
            return True
        return False

    def _consume(self, token_type: TokenType) -> None:
        if not self._match(token_type):
            raise self._error("Unexpected symbol", self._peek())

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._error(f"Exceeded max expression depth {MAX_DEPTH}", self._peek())

    def _error(self, description: str, token: Token) -> ExpressionError:
        return ExpressionError(
            f"{description}: '{token.display()}'. Located at position {token.column} "
            f"within expression: {self.text}",
            kind="parsing",
            column=token.column,
            expression=self.text,
            length=max(len(token.lexeme), 1),
        )


def parse(expression: str, contexts: Collection[str] | None = None) -> ast.Node | None:
    """The tree of `expression`; trees are immutable, so parses are cached."""
    names = None if contexts is None else frozenset(name.lower() for name in contexts)
    return _parse_cached(expression, names)


@functools.lru_cache(maxsize=4096)
def _parse_cached(expression: str, contexts: frozenset[str] | None) -> ast.Node | None:
    return Parser(expression, contexts).parse()
