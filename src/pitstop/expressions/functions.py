"""The function table: name -> arity and implementation, GitHub's built-ins and status checks.

Names are case-insensitive (the table is keyed by the lower-case name). Each implementation
receives the `Invocation` (contexts and runner status) and the evaluated arguments, and raises
`FunctionError` for an evaluation error.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from pitstop.expressions import hashfiles
from pitstop.expressions.values import (
    JS_WHITESPACE,
    Kind,
    as_array,
    coerce_string,
    fold,
    is_primitive,
    kind_of,
    loose_equals,
    to_json,
)

MAX_ARGUMENTS = 255


class FunctionError(Exception):
    """An evaluation error inside a function; the evaluator adds the position."""


class StatusFunctions(Protocol):
    """The runner's answer to `success()`, `failure()` and `cancelled()` (`always()` is true)."""

    def success(self) -> bool: ...

    def failure(self) -> bool: ...

    def cancelled(self) -> bool: ...


class NoFailures:
    """The status outside a run: nothing has failed and nothing is cancelled."""

    def success(self) -> bool:
        return True

    def failure(self) -> bool:
        return False

    def cancelled(self) -> bool:
        return False


@dataclass(frozen=True)
class Invocation:
    contexts: Mapping[str, object]
    status: StatusFunctions


Implementation = Callable[[Invocation, Sequence[object]], object]


@dataclass(frozen=True)
class Function:
    name: str
    min_args: int
    max_args: int
    call: Implementation
    odd_args: bool = False


def _contains(_: Invocation, args: Sequence[object]) -> object:
    search, item = args
    if is_primitive(search):
        return is_primitive(item) and coerce_string(item).lower() in coerce_string(search).lower()
    array = as_array(search)
    return array is not None and any(loose_equals(item, element) for element in array)


def _starts_with(_: Invocation, args: Sequence[object]) -> object:
    text, prefix = args
    if not (is_primitive(text) and is_primitive(prefix)):
        return False
    return fold(coerce_string(text)).startswith(fold(coerce_string(prefix)))


def _ends_with(_: Invocation, args: Sequence[object]) -> object:
    text, suffix = args
    if not (is_primitive(text) and is_primitive(suffix)):
        return False
    return fold(coerce_string(text)).endswith(fold(coerce_string(suffix)))


def _format(_: Invocation, args: Sequence[object]) -> object:
    template = coerce_string(args[0])
    out: list[str] = []
    index = 0
    while index < len(template):
        left = template.find("{", index)
        right = template.find("}", index)
        if left >= 0 and (right < 0 or right > left):
            if template[left + 1 : left + 2] == "{":  # escaped {{
                out.append(template[index : left + 1])
                index = left + 2
                continue
            argument = _argument_index(template, left + 1) if right > left + 1 else None
            if argument is None:
                raise FunctionError(f"The following format string is invalid: {template}")
            if argument + 1 > len(args) - 1:
                raise FunctionError(
                    "The following format string references more arguments than were "
                    f"supplied: {template}"
                )
            out.append(template[index:left])
            out.append(coerce_string(args[1 + argument]))
            index = right + 1
        elif right >= 0:
            if template[right + 1 : right + 2] != "}":
                raise FunctionError(f"The following format string is invalid: {template}")
            out.append(template[index : right + 1])  # escaped }}
            index = right + 2
        else:
            out.append(template[index:])
            break
    return "".join(out)


def _argument_index(template: str, start: int) -> int | None:
    """The number right after a `{` (any format specifier after it is ignored, as GitHub does)."""
    end = start
    while end < len(template) and "0" <= template[end] <= "9":
        end += 1
    return int(template[start:end]) if end > start else None


def _join(_: Invocation, args: Sequence[object]) -> object:
    items = args[0]
    if is_primitive(items):
        return coerce_string(items)
    array = as_array(items)
    if array is None:
        return ""
    separator = ","
    if len(args) > 1 and is_primitive(args[1]):
        separator = coerce_string(args[1])
    return separator.join(coerce_string(item) for item in array)


def _to_json(_: Invocation, args: Sequence[object]) -> object:
    return to_json(args[0])


def _from_json(_: Invocation, args: Sequence[object]) -> object:
    text = coerce_string(args[0])
    if not text.strip(JS_WHITESPACE):
        raise FunctionError("empty input")
    try:
        return json.loads(
            text,
            parse_int=_json_int,
            parse_constant=_reject_constant,
            object_pairs_hook=_json_object,
        )
    except (ValueError, RecursionError) as exc:
        raise FunctionError(f"Error parsing JSON when evaluating fromJson: {exc}") from None


def _json_int(text: str) -> int | float:
    return int(text) if len(text.lstrip("-")) <= 15 else float(text)


def _reject_constant(text: str) -> object:
    raise ValueError(f"{text} is not JSON")


def _json_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """JavaScript's property order: integer-like keys first, ascending, then the rest."""
    merged = dict(pairs)
    indexes = sorted((k for k in merged if _is_array_index(k)), key=int)
    if not indexes:
        return merged
    ordered = {k: merged[k] for k in indexes}
    ordered.update((k, v) for k, v in merged.items() if k not in ordered)
    return ordered


def _is_array_index(key: str) -> bool:
    return key.isascii() and key.isdigit() and str(int(key)) == key and int(key) < 2**32 - 1


def _case(_: Invocation, args: Sequence[object]) -> object:
    for predicate, result in zip(args[:-1:2], args[1:-1:2], strict=True):
        if kind_of(predicate) is not Kind.BOOLEAN:
            raise FunctionError("case predicate must evaluate to a boolean value")
        if predicate:
            return result
    return args[-1]


def _hash_files(invocation: Invocation, args: Sequence[object]) -> object:
    github = invocation.contexts.get("github")
    workspace = github.get("workspace") if isinstance(github, Mapping) else None
    patterns = [coerce_string(arg) for arg in args]
    try:
        return hashfiles.hash_files(patterns, workspace if isinstance(workspace, str) else None)
    except (OSError, hashfiles.HashFilesError) as exc:
        raise FunctionError(f"hashFiles('{', '.join(patterns)}') failed: {exc}") from None


def _success(invocation: Invocation, _: Sequence[object]) -> object:
    return invocation.status.success()


def _failure(invocation: Invocation, _: Sequence[object]) -> object:
    return invocation.status.failure()


def _cancelled(invocation: Invocation, _: Sequence[object]) -> object:
    return invocation.status.cancelled()


def _always(_: Invocation, __: Sequence[object]) -> object:
    return True


STATUS_FUNCTIONS = frozenset({"success", "failure", "cancelled", "always"})

FUNCTIONS: dict[str, Function] = {
    function.name.lower(): function
    for function in (
        Function("contains", 2, 2, _contains),
        Function("startsWith", 2, 2, _starts_with),
        Function("endsWith", 2, 2, _ends_with),
        Function("format", 1, MAX_ARGUMENTS, _format),
        Function("join", 1, 2, _join),
        Function("toJSON", 1, 1, _to_json),
        Function("fromJSON", 1, 1, _from_json),
        Function("case", 3, 2**53, _case, odd_args=True),
        Function("hashFiles", 1, MAX_ARGUMENTS, _hash_files),
        Function("success", 0, 0, _success),
        Function("failure", 0, 0, _failure),
        Function("cancelled", 0, 0, _cancelled),
        Function("always", 0, 0, _always),
    )
}
