"""Job display names as GitHub shows them: `test (3.12, postgres)`."""

from __future__ import annotations

from collections.abc import Mapping

from pitstop.expressions import evaluate_value


def display_name(
    job_id: str,
    name: str | None,
    combination: Mapping[str, object],
    contexts: Mapping[str, object],
) -> str:
    """The job's `name` (interpolated) or its id, with the matrix values in parentheses.

    A `name` with a `${{ }}` template gets no suffix: it is expected to show the matrix
    values itself. Null and empty values are left out of the suffix, as GitHub does.
    """
    if name is not None and "${{" in name:
        result = evaluate_value(name, {**contexts, "matrix": dict(combination)})
        return render(result)
    base = name if name is not None else job_id
    values = [text for value in combination.values() for text in _leaves(value) if text != ""]
    return f"{base} ({', '.join(values)})" if values else base


def _leaves(value: object) -> list[str]:
    if isinstance(value, Mapping):
        return [text for item in value.values() for text in _leaves(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _leaves(item)]
    return [render(value)]


def render(value: object) -> str:
    """A value as text, the way GitHub converts it to a string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
