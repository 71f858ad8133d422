from __future__ import annotations

import pytest

from pitstop.expressions import ast, check_syntax
from pitstop.expressions.errors import ExpressionError
from pitstop.expressions.parser import MAX_DEPTH, parse


def shape(node: ast.Node | ast.Star | None) -> object:
    """A compact picture of a tree, to assert precedence."""
    if isinstance(node, ast.Literal):
        return node.value
    if isinstance(node, ast.ContextAccess):
        return node.name
    if isinstance(node, ast.Star):
        return "*"
    if isinstance(node, ast.IndexAccess):
        return ("[]", shape(node.target), shape(node.index))
    if isinstance(node, ast.FunctionCall):
        return (node.name, *map(shape, node.args))
    if isinstance(node, ast.Not):
        return ("!", shape(node.operand))
    if isinstance(node, ast.Comparison):
        return (node.operator, shape(node.left), shape(node.right))
    if isinstance(node, ast.Logical):
        return (node.operator, *map(shape, node.operands))
    if isinstance(node, ast.Grouping):
        return ("()", shape(node.inner))
    return None


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("a || b && c", ("||", "a", ("&&", "b", "c"))),
        ("a && b || c", ("||", ("&&", "a", "b"), "c")),
        ("a == b && c", ("&&", ("==", "a", "b"), "c")),
        ("a < b == c", ("==", ("<", "a", "b"), "c")),
        ("!a < b", ("<", ("!", "a"), "b")),
        ("!!a", ("!", ("!", "a"))),
        ("a || b || c", ("||", "a", "b", "c")),
        ("a == b != c", ("!=", ("==", "a", "b"), "c")),
        ("(a || b) && c", ("&&", ("()", ("||", "a", "b")), "c")),
        ("a.b[c].*", ("[]", ("[]", ("[]", "a", "b"), "c"), "*")),
        ("a[*].x", ("[]", ("[]", "a", "*"), "x")),
        ("toJSON(a)[0]", ("[]", ("toJSON", "a"), 0.0)),
        ("", None),
        ("   ", None),
    ],
)
def test_precedence(expression: str, expected: object) -> None:
    assert shape(parse(expression)) == expected


@pytest.mark.parametrize(
    ("expression", "message", "column"),
    [
        ("1 <", "Unexpected end of expression: '<'", 3),
        ("(1", "Unexpected end of expression: '1'", 2),
        ("1 2", "Unexpected symbol: '2'", 3),
        ("a.1", "Unexpected symbol: '1'", 3),
        ("'x'[0]", "Unexpected symbol: '['", 4),
        ("f(1 2)", "Unexpected symbol: '2'", 5),
        ("nosuch(1)", "Unrecognized function: 'nosuch'", 1),
        ("contains(1)", "Too few parameters supplied: 'contains'", 1),
        ("toJSON(1, 2)", "Too many parameters supplied: 'toJSON'", 1),
        ("case(true, 1, false, 2)", "Even number of parameters supplied", 1),
        ("a\n && b", "Unrecognized named-value: 'b'", 7),
    ],
)
def test_parse_errors(expression: str, message: str, column: int) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(expression, contexts=["a"])
    assert caught.value.kind == "parsing"
    assert message in caught.value.message
    assert caught.value.column == column


def test_depth_limit() -> None:
    parse("(" * (MAX_DEPTH - 1) + "1" + ")" * (MAX_DEPTH - 1))
    with pytest.raises(ExpressionError, match=f"Exceeded max expression depth {MAX_DEPTH}"):
        parse("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH)


def test_context_names_are_case_insensitive() -> None:
    parse("GitHub.ref", contexts=["github"])


def test_check_syntax_accepts_any_context_unless_told() -> None:
    check_syntax("anything.at.all == 1")
    check_syntax("hashFiles('x') && success()", contexts=["github"])
    with pytest.raises(ExpressionError, match="Unrecognized named-value"):
        check_syntax("secrets.X", contexts=["github", "env"])
    with pytest.raises(ExpressionError):
        check_syntax("a ==")
