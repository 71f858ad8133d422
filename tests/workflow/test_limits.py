from __future__ import annotations

import pytest

from pitstop.workflow.model import ExpressionValue, LiteralValue
from tests.workflow.conftest import Failer, Loader

BAD_MINUTES = [
    (".inf", "is infinite"),
    ("-.inf", "is infinite"),
    (".nan", "is not a number"),
    ("1e308", "exceeds GitHub's limit"),
    ("7201", "exceeds GitHub's limit"),
    ("-1", "must be greater than 0"),
    ("0", "must be greater than 0"),
    ("soon", "a number or a ${{ }} expression"),
]


def job_timeout(value: str) -> str:
    head = "on: push\njobs:\n  a:\n    runs-on: x\n"
    return f"{head}    timeout-minutes: {value}\n    steps:\n      - run: echo\n"


def step_timeout(value: str) -> str:
    head = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n"
    return f"{head}      - run: echo\n        timeout-minutes: {value}\n"


@pytest.mark.parametrize(("value", "message"), BAD_MINUTES)
def test_a_job_timeout_that_is_not_a_finite_positive_number_is_located(
    fail: Failer, value: str, message: str
) -> None:
    error = fail(job_timeout(value))
    assert "'timeout-minutes'" in error.message and message in error.message
    assert error.location is not None
    assert (error.location.line, error.location.column) == (5, 22)
    assert error.location.source_line == f"    timeout-minutes: {value}"
    assert error.hint


@pytest.mark.parametrize(("value", "message"), BAD_MINUTES)
def test_a_step_timeout_that_is_not_a_finite_positive_number_is_located(
    fail: Failer, value: str, message: str
) -> None:
    error = fail(step_timeout(value))
    assert message in error.message
    assert error.location is not None
    assert (error.location.line, error.location.column) == (7, 26)
    assert error.render().splitlines()[3] == f"7 |         timeout-minutes: {value}"


@pytest.mark.parametrize("value", ["0.5", "360", "7200", "${{ inputs.minutes }}"])
def test_usable_timeouts_and_expressions_load(load: Loader, value: str) -> None:
    workflow = load(job_timeout(value))
    minutes = workflow.jobs["a"].timeout_minutes
    assert minutes in (
        LiteralValue(0.5),
        LiteralValue(360),
        LiteralValue(7200),
        ExpressionValue(value),
    )
