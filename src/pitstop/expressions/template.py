"""Templates: `${{ }}` spans inside strings, interpolation, whole-value templates and `if:`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pitstop.expressions import ast
from pitstop.expressions.errors import ExpressionError
from pitstop.expressions.evaluator import Evaluator
from pitstop.expressions.functions import STATUS_FUNCTIONS, StatusFunctions
from pitstop.expressions.parser import parse
from pitstop.expressions.values import Kind, coerce_string, is_truthy, kind_of, plain, to_json

OPEN = "${{"
CLOSE = "}}"


@dataclass(frozen=True, slots=True)
class TemplateSpan:
    """One `${{ expression }}` in a string: `text[start:end]` is the whole span."""

    start: int
    end: int
    expression: str  # the text between `${{` and `}}`, unstripped

    @property
    def expression_offset(self) -> int:
        """Where `expression` starts in the string."""
        return self.start + len(OPEN)


def find_templates(text: str) -> list[TemplateSpan]:
    """Every `${{ }}` span, in order; a `}}` inside a '...' string literal does not close."""
    spans: list[TemplateSpan] = []
    start = text.find(OPEN)
    while start >= 0:
        end = _closing(text, start + len(OPEN))
        if end < 0:
            raise ExpressionError(
                "The expression is not closed. An unescaped ${{ sequence was found, "
                "but the closing }} sequence was not found.",
                kind="parsing",
                column=start + 1,
                expression=text,
                hint="close it with }}",
            )
        spans.append(TemplateSpan(start, end + len(CLOSE), text[start + len(OPEN) : end]))
        start = text.find(OPEN, end + len(CLOSE))
    return spans


def _closing(text: str, index: int) -> int:
    in_string = False
    while index < len(text):
        if text[index] == "'":
            in_string = not in_string
        elif not in_string and text.startswith(CLOSE, index):
            return index
        index += 1
    return -1


def evaluate_in(
    text: str,
    span: TemplateSpan,
    contexts: Mapping[str, object],
    status: StatusFunctions | None = None,
) -> object:
    """Evaluate one span; errors point into `text`."""
    try:
        node = parse(span.expression, contexts)
        return Evaluator(span.expression, contexts, status).evaluate(node)
    except ExpressionError as exc:
        raise exc.shifted(span.expression_offset, text) from None


def embedded_string(value: object) -> str:
    """A value as it reads once embedded in a string: objects and arrays as JSON."""
    if kind_of(value) in (Kind.ARRAY, Kind.OBJECT):
        return to_json(value)
    return coerce_string(value)


def interpolate(
    text: str, contexts: Mapping[str, object], status: StatusFunctions | None = None
) -> str:
    out: list[str] = []
    position = 0
    for span in find_templates(text):
        out.append(text[position : span.start])
        out.append(embedded_string(evaluate_in(text, span, contexts, status)))
        position = span.end
    out.append(text[position:])
    return "".join(out)


def single_template(text: str) -> TemplateSpan | None:
    """The span when `text` (ignoring surrounding whitespace) is exactly one `${{ }}`."""
    spans = find_templates(text)
    if len(spans) != 1:
        return None
    span = spans[0]
    if text[: span.start].strip() or text[span.end :].strip():
        return None
    return span


def evaluate_value(
    text: str, contexts: Mapping[str, object], status: StatusFunctions | None = None
) -> object:
    span = single_template(text)
    if span is None:
        return interpolate(text, contexts, status) if OPEN in text else text
    return plain(evaluate_in(text, span, contexts, status))


def uses_status_function(node: ast.Node | None) -> bool:
    if node is None:
        return False
    return any(
        isinstance(n, ast.FunctionCall) and n.name.lower() in STATUS_FUNCTIONS
        for n in ast.walk(node)
    )


def evaluate_if(
    condition: str | bool | None,
    contexts: Mapping[str, object],
    status: StatusFunctions,
) -> bool:
    """GitHub's `if:`: an implicit `${{ }}`, and `success() &&` unless a status check is used."""
    if condition is None or condition is True or condition is False:
        return status.success() and condition is not False
    span = single_template(condition)
    expression, offset = condition, 0
    if span is not None:
        expression, offset = span.expression, span.expression_offset
    elif OPEN in condition:
        # A string with templates inside is a string: true when it is not empty.
        return status.success() and interpolate(condition, contexts, status) != ""
    try:
        node = parse(expression, contexts)
        if not uses_status_function(node) and not status.success():
            return False
        return is_truthy(Evaluator(expression, contexts, status).evaluate(node) if node else True)
    except ExpressionError as exc:
        raise exc.shifted(offset, condition) from None
