from __future__ import annotations

import pytest

from pitstop.expressions import ExpressionError, evaluate


class Status:
    def __init__(self, success: bool, failure: bool, cancelled: bool) -> None:
        self._answers = (success, failure, cancelled)

    def success(self) -> bool:
        return self._answers[0]

    def failure(self) -> bool:
        return self._answers[1]

    def cancelled(self) -> bool:
        return self._answers[2]


CONTEXTS: dict[str, object] = {"list": [1, "Two", None, {"a": 1}], "obj": {"a": 1}}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("contains('Hello', 'ELL')", True),
        ("contains('Hello', 'x')", False),
        ("contains(list, 'two')", True),
        ("contains(list, '1')", True),
        ("contains(list, null)", True),
        ("contains(list, obj)", False),
        ("contains(obj, 'a')", False),
        ("contains('abc', list)", False),
        ("contains(fromJSON('[]'), 1)", False),
        ("startsWith('Hello', 'he')", True),
        ("startsWith(list, 'he')", False),
        ("startsWith('he', list)", False),
        ("endsWith('Hello', 'LO')", True),
        ("endsWith(obj, 'LO')", False),
        ("endsWith(12, 2)", True),
        ("format('{0} {1} {0}', 'a', 1.5)", "a 1.5 a"),
        ("format('{{{0}}}', true)", "{true}"),
        ("format('{0:x}', 7)", "7"),
        ("format('}}{{')", "}{"),
        ("format('no args')", "no args"),
        ("format('{0}', list)", "Array"),
        ("join(list)", "1,Two,,Object"),
        ("join(list, ' | ')", "1 | Two |  | Object"),
        ("join(list, obj)", "1,Two,,Object"),
        ("join('solo', '-')", "solo"),
        ("join(obj)", ""),
        ("toJSON(obj)", '{\n  "a": 1\n}'),
        ("toJSON('x')", '"x"'),
        ('fromJSON(\'{"b":1,"10":2,"2":3}\')', {"2": 3, "10": 2, "b": 1}),
        ("fromJSON(' [1, 2.5, \"x\"] ')", [1, 2.5, "x"]),
        ("fromJSON('12345678901234567890')", 1.2345678901234567e19),
        ("fromJSON('true')", True),
        ("case(false, 1, true, 2, 3)", 2),
        ("case(false, 1, 3)", 3),
        ("success()", True),
        ("always()", True),
        ("failure()", False),
        ("cancelled()", False),
    ],
)
def test_functions(expression: str, expected: object) -> None:
    assert evaluate(expression, CONTEXTS) == expected


def test_from_json_keeps_javascript_key_order() -> None:
    result = evaluate('fromJSON(\'{"b":1,"10":2,"2":3,"01":4}\')', {})
    assert isinstance(result, dict)
    assert list(result) == ["2", "10", "b", "01"]


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("fromJSON('')", "empty input"),
        ("fromJSON('NaN')", "Error parsing JSON"),
        ("fromJSON('{')", "Error parsing JSON"),
        ("fromJSON('[1,]')", "Error parsing JSON"),
        ("format('{0}')", "references more arguments than were supplied"),
        ("format('{x}', 1)", "The following format string is invalid: {x}"),
        ("format('{}', 1)", "The following format string is invalid"),
        ("case(1, 2, 3)", "case predicate must evaluate to a boolean value"),
    ],
)
def test_function_errors(expression: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message) as caught:
        evaluate(expression, {})
    assert caught.value.kind == "evaluation"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status(True, False, False), [True, False, False, True]),
        (Status(False, True, False), [False, True, False, True]),
        (Status(False, False, True), [False, False, True, True]),
    ],
)
def test_status_functions_ask_the_runner(status: Status, expected: list[bool]) -> None:
    answers = [evaluate(f"{name}()", {}, status) for name in ("success", "failure", "cancelled")]
    assert [*answers, evaluate("always()", {}, status)] == expected


def test_function_names_are_case_insensitive() -> None:
    assert evaluate("TOjson(1)", {}) == "1"
    assert evaluate("StartsWith('ab', 'A')", {}) is True
