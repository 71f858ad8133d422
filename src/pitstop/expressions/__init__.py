"""GitHub Actions' `${{ }}` expression language: lexer -> parser -> AST -> evaluator.

Public API (the contract other packages rely on):

- `evaluate(expression, contexts) -> object`: evaluate one expression (no `${{ }}`).
- `check_syntax(expression) -> None`: raise `ExpressionError` if it does not parse.
- `interpolate(template, contexts) -> str`: replace each `${{ expr }}` in a string.
- `find_templates(text) -> list[TemplateSpan]`: the `${{ }}` spans of a string.
- `evaluate_if(condition, contexts, status) -> bool`: GitHub's `if:` semantics.
- `StatusFunctions`: the small interface `success()/failure()/cancelled()/always()` ask.
- `evaluate_value(text, contexts) -> object`: a whole-value template keeps its type.
- `ExpressionError`: raised on syntax or evaluation errors; carries `.column` (1-based).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from pitstop.expressions.errors import ExpressionError
from pitstop.expressions.evaluator import Evaluator
from pitstop.expressions.functions import StatusFunctions
from pitstop.expressions.parser import parse
from pitstop.expressions.template import (
    TemplateSpan,
    evaluate_if,
    evaluate_value,
    find_templates,
    interpolate,
)
from pitstop.expressions.values import plain

__all__ = [
    "ExpressionError",
    "StatusFunctions",
    "TemplateSpan",
    "check_syntax",
    "evaluate",
    "evaluate_if",
    "evaluate_value",
    "find_templates",
    "interpolate",
]


def evaluate(
    expression: str,
    contexts: Mapping[str, object],
    status: StatusFunctions | None = None,
) -> object:
    """Evaluate one expression; only the names in `contexts` are known contexts."""
    node = parse(expression, contexts)
    return plain(Evaluator(expression, contexts, status).evaluate(node))


def check_syntax(expression: str, contexts: Collection[str] | None = None) -> None:
    """Raise `ExpressionError` unless `expression` parses (any context name when None)."""
    parse(expression, contexts)
