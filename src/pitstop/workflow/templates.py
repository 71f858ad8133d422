"""The seam between the workflow loader and `pitstop.expressions`.

The loader checks the syntax of every `${{ }}` template and every `if:` condition, and the
matrix expansion evaluates templates. Both go through this module so that the rest of the
package needs only three small functions: `template_problems`, `condition_problem` and
`evaluate_value`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_WHOLE_TEMPLATE = re.compile(r"^\s*\$\{\{(.*)\}\}\s*$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Problem:
    """A syntax error at a 0-based offset into the checked text."""

    message: str
    offset: int
    length: int = 1


@dataclass(frozen=True, slots=True)
class Span:
    """One `${{ expr }}` in a string: its 0-based start, end (exclusive) and inner text."""

    start: int
    end: int
    expression: str

    @property
    def expression_offset(self) -> int:
        return self.start + 3


def _api(name: str) -> Callable[..., Any]:
    module = importlib.import_module("pitstop.expressions")
    function: Callable[..., Any] = getattr(module, name)
    return function


def _expression_error() -> type[Exception]:
    module = importlib.import_module("pitstop.expressions")
    error: type[Exception] = module.ExpressionError
    return error


def find_spans(text: str) -> tuple[list[Span], Problem | None]:
    """The `${{ }}` spans of `text`; `}}` inside a '...' string literal does not close one."""
    spans: list[Span] = []
    position = 0
    while (start := text.find("${{", position)) >= 0:
        end = _closing(text, start + 3)
        if end < 0:
            return spans, Problem("unclosed '${{': no matching '}}'", start, 3)
        spans.append(Span(start, end + 2, text[start + 3 : end]))
        position = end + 2
    return spans, None


def _closing(text: str, index: int) -> int:
    in_string = False
    while index < len(text):
        char = text[index]
        if char == "'":
            in_string = not in_string  # '' inside a string toggles twice: an escaped quote
        elif not in_string and text.startswith("}}", index):
            return index
        index += 1
    return -1


def _syntax_problem(expression: str, offset: int) -> Problem | None:
    if not expression.strip():
        return Problem("empty expression", offset)
    try:
        check = _api("check_syntax")
    except AttributeError:  # pragma: no cover - until the expression parser has landed
        return None
    try:
        check(expression)
    except _expression_error() as exc:
        column = getattr(exc, "column", None)
        at = offset + (column - 1 if isinstance(column, int) and column > 0 else 0)
        message = getattr(exc, "message", None) or str(exc)
        return Problem(f"invalid expression: {message}", at)
    return None


def template_problems(text: str) -> Problem | None:
    """The first syntax problem among the `${{ }}` templates of `text`, or None."""
    if "${{" not in text:
        return None
    spans, unclosed = find_spans(text)
    for span in spans:
        problem = _syntax_problem(span.expression, span.expression_offset)
        if problem is not None:
            return problem
    return unclosed


def condition_problem(condition: str) -> Problem | None:
    """`if:` is an expression with or without `${{ }}` around it."""
    if "${{" in condition:
        return template_problems(condition)
    return _syntax_problem(condition, 0)


def evaluate_value(value: object, contexts: Mapping[str, object]) -> object:
    """A string that is one whole `${{ }}` keeps its type; other strings are interpolated."""
    if not isinstance(value, str) or "${{" not in value:
        return value
    whole = _WHOLE_TEMPLATE.match(value)
    if whole is not None and "${{" not in whole.group(1) and "}}" not in whole.group(1):
        return _api("evaluate")(whole.group(1), contexts)
    return _api("interpolate")(value, contexts)


def expression_error() -> type[Exception]:
    """The `ExpressionError` class, for callers that catch evaluation failures."""
    return _expression_error()
