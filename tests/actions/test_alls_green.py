from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from pitstop.actions import alls_green
from pitstop.actions.base import ActionCall
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]


def needs(**results: str) -> str:
    return json.dumps({name: {"result": r, "outputs": {}} for name, r in results.items()})


@pytest.mark.parametrize(
    ("results", "failures", "skips", "expected"),
    [
        ({"test": "success", "lint": "success"}, "[]", "[]", "success"),
        ({"test": "failure", "lint": "success"}, "[]", "[]", "failure"),
        ({"test": "cancelled"}, "[]", "[]", "failure"),
        ({"test": "skipped"}, "[]", "[]", "failure"),
        ({"test": "failure", "lint": "success"}, '["test"]', "[]", "success"),
        ({"test": "failure", "lint": "success"}, "test, docs", "", "success"),
        ({"test": "skipped", "lint": "success"}, "[]", "test", "success"),
        ({"test": "failure", "lint": "success"}, "[]", '["test"]', "failure"),
        ({"test": "cancelled"}, "test", "test", "failure"),  # skips check still applies
    ],
)
def test_decision_follows_the_action(
    make_call: MakeCall, results: dict[str, str], failures: str, skips: str, expected: str
) -> None:
    inputs = {"jobs": needs(**results), "allowed-failures": failures, "allowed-skips": skips}
    result = alls_green.run(make_call("re-actors/alls-green@release/v1", inputs))
    assert result.outputs["result"] == expected
    assert result.outputs["success"] == str(expected == "success").lower()
    assert result.outputs["failure"] == str(expected == "failure").lower()
    assert result.conclusion == expected
    assert "Job statuses" in result.summary


def test_empty_jobs_fail(make_call: MakeCall) -> None:
    result = alls_green.run(make_call("re-actors/alls-green@v1", {"jobs": "{}"}))
    assert result.conclusion == "failure"
    assert "non-empty" in result.annotations[0].message


@pytest.mark.parametrize(
    ("inputs", "text"),
    [
        ({"jobs": "not json"}, "not JSON"),
        ({"jobs": "[1]"}, "job id -> "),
        ({"jobs": '{"a": "success"}'}, "job id -> "),
        ({}, "input required"),
        ({"jobs": "{}", "allowed-failure": "x"}, "unsupported input 'allowed-failure'"),
    ],
)
def test_bad_inputs(make_call: MakeCall, inputs: dict[str, str], text: str) -> None:
    with pytest.raises(PitstopError, match=text):
        alls_green.run(make_call("re-actors/alls-green@v1", inputs))


def test_names_parsing() -> None:
    assert alls_green.names('"one"') == ["one"]
    assert alls_green.names("a,,b") == ["a", "b"]
