"""The runner's one door to the expression language: errors point at the workflow file.

Each function evaluates a value written at `position` in a workflow; an `ExpressionError`
comes back as a PitstopError naming the file, the line and the quoted line.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping

from pitstop import expressions
from pitstop.errors import Location, PitstopError
from pitstop.expressions import StatusFunctions
from pitstop.workflow import limits
from pitstop.workflow.model import (
    BoolOrExpression,
    LiteralValue,
    NumberOrExpression,
    Position,
    Value,
)


@functools.lru_cache(maxsize=1024)
def location(position: Position) -> Location:
    """The location of `position`, its line quoted (the file is read once per position)."""
    return Location.in_file(position.file, position.line, position.column)


def _located(exc: PitstopError, position: Position | None, what: str) -> PitstopError:
    if position is None:
        return exc
    return PitstopError(f"{what}: {exc.message}", location=location(position), hint=exc.hint)


def text(
    template: str, contexts: Mapping[str, object], position: Position | None, what: str
) -> str:
    """A string with its `${{ }}` templates replaced."""
    try:
        return expressions.interpolate(template, contexts)
    except PitstopError as exc:
        raise _located(exc, position, what) from None


def value(
    raw: Value, contexts: Mapping[str, object], position: Position | None, what: str
) -> object:
    """A YAML value with every template evaluated (a whole `${{ x }}` keeps x's type)."""
    try:
        return _value(raw, contexts)
    except PitstopError as exc:
        raise _located(exc, position, what) from None


def _value(raw: Value, contexts: Mapping[str, object]) -> object:
    if isinstance(raw, str):
        return expressions.evaluate_value(raw, contexts)
    if isinstance(raw, tuple):
        return [_value(item, contexts) for item in raw]
    if isinstance(raw, Mapping):
        return {key: _value(item, contexts) for key, item in raw.items()}
    return raw


def as_string(result: object) -> str:
    """A value as GitHub turns it into an env var or an input: true -> "true", None -> ""."""
    if result is None:
        return ""
    if isinstance(result, bool):
        return "true" if result else "false"
    if isinstance(result, float) and result.is_integer():
        return str(int(result))
    if isinstance(result, (list, tuple, Mapping)):
        return json.dumps(result, default=list)
    return str(result)


def strings(
    raw: Mapping[str, Value],
    contexts: Mapping[str, object],
    position: Position | None,
    what: str,
) -> dict[str, str]:
    """An `env:` or `with:` mapping, evaluated, every value a string."""
    return {
        key: as_string(value(item, contexts, position, f"{what}.{key}"))
        for key, item in raw.items()
    }


def condition(
    if_: str | None,
    contexts: Mapping[str, object],
    status: StatusFunctions,
    position: Position | None,
) -> bool:
    """GitHub's `if:`: absent means `success()`; no status function means `success() && (...)`."""
    try:
        return expressions.evaluate_if(if_, contexts, status)
    except PitstopError as exc:
        raise _located(exc, position, "if") from None


def boolean(
    raw: BoolOrExpression,
    contexts: Mapping[str, object],
    position: Position | None,
    what: str,
) -> bool:
    """`continue-on-error`, `fail-fast`, `cancel-in-progress`: a literal, or an expression
    whose value is true when it is `true` or the string "true" (any case)."""
    if isinstance(raw, LiteralValue):
        return raw.value
    result = value(raw.text, contexts, position, what)
    return result is True or (isinstance(result, str) and result.lower() == "true")


def number(
    raw: NumberOrExpression | None,
    contexts: Mapping[str, object],
    position: Position | None,
    what: str,
) -> float | None:
    """`timeout-minutes`, `max-parallel`: a literal number or an expression."""
    if raw is None or isinstance(raw, LiteralValue):
        return None if raw is None else float(raw.value)
    result = value(raw.text, contexts, position, what)
    try:
        return float(str(result))
    except ValueError:
        location = (
            None
            if position is None
            else Location.in_file(position.file, position.line, position.column)
        )
        raise PitstopError(f"{what}: {result!r} is not a number", location=location) from None


def minutes(
    raw: NumberOrExpression | None,
    contexts: Mapping[str, object],
    position: Position | None,
    what: str,
) -> float | None:
    """`timeout-minutes`: a number or an expression whose value must be a usable limit."""
    result = number(raw, contexts, position, what)
    problem = None if result is None else limits.minutes_problem(result)
    if problem is None:
        return result
    location_ = None if position is None else location(position)
    raise PitstopError(f"{what} {problem}", location=location_, hint=limits.HINT)
