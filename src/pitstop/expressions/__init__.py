"""GitHub Actions' `${{ }}` expression language: lexer -> parser -> AST -> evaluator.

Public API (the contract other packages rely on):

- `evaluate(expression, contexts) -> object`: evaluate one expression (no `${{ }}`).
- `check_syntax(expression) -> None`: raise `ExpressionError` if it does not parse.
- `interpolate(template, contexts) -> str`: replace each `${{ expr }}` in a string.
- `find_templates(text) -> list[TemplateSpan]`: the `${{ }}` spans of a string.
- `evaluate_if(condition, contexts, status) -> bool`: GitHub's `if:` semantics.
- `StatusFunctions`: the small interface `success()/failure()/cancelled()/always()` ask.
- `ExpressionError`: raised on syntax or evaluation errors; carries `.column` (1-based).
"""

from __future__ import annotations
