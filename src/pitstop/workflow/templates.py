"""The seam between the workflow loader and `pitstop.expressions`: syntax problems as offsets.

The loader checks every `${{ }}` template and every `if:` condition; a problem is reported as
a message and a 0-based offset into the checked string, which the loader turns into a file
position.
"""

from __future__ import annotations

from dataclasses import dataclass

from pitstop.expressions import ExpressionError, check_syntax, find_templates


@dataclass(frozen=True, slots=True)
class Problem:
    """A syntax error at a 0-based offset into the checked text."""

    message: str
    offset: int
    length: int = 1


def _syntax_problem(expression: str, offset: int) -> Problem | None:
    if not expression.strip():
        return Problem("empty expression: '${{ }}' needs an expression inside", max(offset - 3, 0))
    try:
        check_syntax(expression)
    except ExpressionError as exc:
        return Problem(f"invalid expression: {exc.message}", offset + max(exc.column - 1, 0))
    return None


def template_problems(text: str) -> Problem | None:
    """The first syntax problem among the `${{ }}` templates of `text`, or None."""
    if "${{" not in text:
        return None
    try:
        spans = find_templates(text)
    except ExpressionError as exc:
        return Problem(f"invalid expression: {exc.message}", max(exc.column - 1, 0), 3)
    for span in spans:
        problem = _syntax_problem(span.expression, span.expression_offset)
        if problem is not None:
            return problem
    return None


def condition_problem(condition: str) -> Problem | None:
    """`if:` is an expression with or without `${{ }}` around it."""
    if "${{" in condition:
        return template_problems(condition)
    if not condition.strip():
        return None  # `if: ""` is allowed: an empty condition means success()
    return _syntax_problem(condition, 0)
