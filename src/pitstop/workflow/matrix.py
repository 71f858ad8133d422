"""`strategy.matrix` -> combinations, with GitHub's documented semantics.

1. The cartesian product of the dimensions, in the order the keys are written.
2. `exclude`: every combination that an entry matches (on the entry's keys only) is removed.
3. `include`: each entry extends every combination in which it overwrites none of the values
   of step 1 (values added by an earlier include may be overwritten); an entry that extends no
   combination is added as a new combination of its own.

Expressions (`${{ fromJSON(...) }}`) may stand for the whole matrix, a dimension, `include`,
`exclude`, an entry or a value; they are evaluated first, with the contexts given.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from pitstop.errors import PitstopError
from pitstop.expressions import ExpressionError, evaluate_value

MAX_COMBINATIONS = 256

Combination = Mapping[str, object]


def expand_matrix(matrix: object, contexts: Mapping[str, object]) -> tuple[Combination, ...]:
    """The combinations of a matrix (`None` is no matrix: one empty combination)."""
    if matrix is None:
        return (MappingProxyType({}),)
    table = _evaluated_table(matrix, contexts)
    dimensions = {
        key: _dimension(key, value)
        for key, value in table.items()
        if key not in {"include", "exclude"}
    }
    exclude = _entries(table.get("exclude"), "exclude")
    include = _entries(table.get("include"), "include")
    _check_size(dimensions)
    combinations = _product(dimensions)
    combinations = _apply_exclude(combinations, exclude, dimensions)
    combinations = _apply_include(combinations, include, dimensions)
    if not combinations:
        raise PitstopError(
            "the matrix produces no combinations",
            hint="every combination is excluded; remove an 'exclude' entry or add an 'include'",
        )
    if len(combinations) > MAX_COMBINATIONS:
        raise PitstopError(
            f"the matrix produces {len(combinations)} combinations; "
            f"GitHub allows at most {MAX_COMBINATIONS}",
            hint="split the job, or use 'exclude' to drop combinations",
        )
    return tuple(MappingProxyType(combination) for combination in combinations)


def _evaluate(value: object, contexts: Mapping[str, object], where: str) -> object:
    """Evaluate templates at any depth; values come back as plain dicts, lists and scalars."""
    if isinstance(value, str):
        if "${{" not in value:
            return value
        try:
            return _copy(evaluate_value(value, contexts))
        except ExpressionError as exc:
            raise PitstopError(
                f"cannot evaluate {where}: {exc.message}",
                hint="the matrix can use the github, inputs, vars and needs contexts",
            ) from None
    if isinstance(value, Mapping):
        return {str(key): _evaluate(item, contexts, where) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_evaluate(item, contexts, where) for item in value]
    return value


def _copy(value: object) -> object:
    """An expression's result as plain dicts and lists (never evaluated again)."""
    if isinstance(value, Mapping):
        return {str(key): _copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_copy(item) for item in value]
    return value


def _evaluated_table(matrix: object, contexts: Mapping[str, object]) -> dict[str, object]:
    table = _evaluate(matrix, contexts, "the matrix")
    if not isinstance(table, dict):
        raise PitstopError(
            f"the matrix must be a mapping, not {_kind(table)}",
            hint="write dimensions as 'name: [values]', or fromJSON() of an object",
        )
    return table


def _dimension(key: str, values: object) -> list[object]:
    if not isinstance(values, list):
        raise PitstopError(
            f"the matrix dimension {key!r} must be a list, not {_kind(values)}",
            hint=f"write '{key}: [a, b]'",
        )
    if not values:
        raise PitstopError(
            f"the matrix dimension {key!r} has no values", hint="list at least one value"
        )
    return values


def _entries(value: object, name: str) -> list[dict[str, object]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        raise PitstopError(
            f"matrix.{name} must be a list of mappings", hint=f"write '{name}: [{{key: value}}]'"
        )
    return value


def _check_size(dimensions: Mapping[str, Sequence[object]]) -> None:
    size = math.prod(len(values) for values in dimensions.values()) if dimensions else 0
    if size > 100 * MAX_COMBINATIONS:
        raise PitstopError(
            f"the matrix produces {size} combinations; GitHub allows at most {MAX_COMBINATIONS}",
            hint="split the job, or use fewer values per dimension",
        )


def _product(dimensions: Mapping[str, Sequence[object]]) -> list[dict[str, object]]:
    if not dimensions:
        return []
    keys = list(dimensions)
    return [
        dict(zip(keys, values, strict=True)) for values in itertools.product(*dimensions.values())
    ]


def _apply_exclude(
    combinations: list[dict[str, object]],
    exclude: Sequence[Mapping[str, object]],
    dimensions: Mapping[str, object],
) -> list[dict[str, object]]:
    for entry in exclude:
        for key in entry:
            if key not in dimensions:
                raise PitstopError(
                    f"matrix.exclude names {key!r}, which is not a dimension of the matrix",
                    hint="exclude entries may only use keys that are matrix dimensions",
                )
    return [
        combination
        for combination in combinations
        if not any(_matches(combination, entry) for entry in exclude)
    ]


def _matches(combination: Mapping[str, object], entry: Mapping[str, object]) -> bool:
    return all(key in combination and same(combination[key], value) for key, value in entry.items())


def _apply_include(
    combinations: list[dict[str, object]],
    include: Sequence[Mapping[str, object]],
    dimensions: Mapping[str, object],
) -> list[dict[str, object]]:
    originals = [dict(combination) for combination in combinations]
    added: list[dict[str, object]] = []
    for entry in include:
        extended = False
        for original, combination in zip(originals, combinations, strict=True):
            if all(
                key not in dimensions or same(original[key], value) for key, value in entry.items()
            ):
                combination.update(entry)
                extended = True
        if not extended:
            added.append(dict(entry))
    return combinations + added


def same(left: object, right: object) -> bool:
    """JSON equality: `1 == 1.0`, but `true != 1`, and objects compare by content."""
    return _canonical(left) == _canonical(right)


def _canonical(value: object) -> str:
    return json.dumps(_normal(value), sort_keys=True)


def _normal(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {str(key): _normal(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(item) for item in value]
    return value


def _kind(value: object) -> str:
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    return "a mapping"
