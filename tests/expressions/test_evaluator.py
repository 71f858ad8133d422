from __future__ import annotations

import pytest

from pitstop.expressions import ExpressionError, evaluate
from pitstop.expressions.evaluator import MAX_MEMORY_BYTES

CONTEXTS: dict[str, object] = {
    "github": {"ref": "refs/heads/main", "Event": {"Commits": [{"id": "a"}, {"id": "b"}]}},
    "matrix": {"python": "3.12", "n": 2},
    "items": [10, [20, 21], {"k": "v"}],
    "objs": {"x": {"name": "a"}, "y": {"name": "b"}, "z": {"other": 1}},
    "nothing": None,
}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("github.REF", "refs/heads/main"),
        ("github['ref']", "refs/heads/main"),
        ("github.event.commits.*.id", ["a", "b"]),
        ("github.event.commits[*].id", ["a", "b"]),
        ("github.event.commits[1].ID", "b"),
        ("github.event.commits['1'].id", "b"),
        ("github.event.commits[1.9].id", "b"),
        ("github.event.commits[-1]", None),
        ("github.event.commits[5]", None),
        ("github.missing.deeper", None),
        ("objs.*.name", ["a", "b"]),
        ("objs.*.*", ["a", "b", 1]),
        ("items.*[0]", [20]),
        ("items[*].k", ["v"]),
        ("nothing.*", []),
        ("nothing.x", None),
        ("matrix.n", 2),
        ("matrix.python == '3.12'", True),
        ("matrix.python == 3.12", True),
        ("'' || 'fallback'", "fallback"),
        ("0 && 'never'", 0),
        ("1 && 'last'", "last"),
        ("null || 0 || ''", ""),
        ("!items", False),
        ("!nothing", True),
        ("1 < 2 == true", True),
        ("'B' > 'a'", True),
        ("'a' >= 'A'", True),
        ("2 <= 1", False),
        ("items == items", True),
        ("items != items", False),
        ("fromJSON('[1]') == fromJSON('[1]')", False),
        ("(github).ref", "refs/heads/main"),
        ("toJSON(objs.*.name)[0]", None),
        ("fromJSON('{\"a\":[1,2]}').a[1]", 2),
        ("", None),
    ],
)
def test_evaluate(expression: str, expected: object) -> None:
    assert evaluate(expression, CONTEXTS) == expected


def test_results_are_plain_python() -> None:
    result = evaluate("github.event.commits.*.id", CONTEXTS)
    assert type(result) is list
    assert evaluate("1.0", {}) == 1 and isinstance(evaluate("1.0", {}), int)
    assert evaluate("0.5", {}) == 0.5


def test_the_index_is_evaluated_before_the_target() -> None:
    with pytest.raises(ExpressionError, match="invalid"):
        evaluate("toJSON(nothing)[format('{')]", CONTEXTS)


def test_memory_limit() -> None:
    big = "x" * (MAX_MEMORY_BYTES // 4)
    evaluate("format('{0}', b)", {"b": big})
    with pytest.raises(ExpressionError, match="maximum allowed memory") as caught:
        evaluate("format('{0}{0}{0}', b)", {"b": big})
    assert caught.value.kind == "evaluation"
    assert caught.value.column == 1


def test_evaluation_errors_point_at_the_function() -> None:
    with pytest.raises(ExpressionError) as caught:
        evaluate("1 == fromJSON('{')", {})
    assert caught.value.kind == "evaluation"
    assert caught.value.column == 6
    assert "Error parsing JSON when evaluating fromJson" in caught.value.message
