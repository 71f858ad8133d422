from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest

from pitstop.errors import PitstopError
from pitstop.expressions.functions import NoFailures
from pitstop.runner import evaluation
from pitstop.workflow.model import ExpressionValue, LiteralValue, Position, Value

CONTEXTS: dict[str, object] = {"matrix": {"n": 3, "flag": True}, "env": {}, "github": {}}


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (True, "true"), (False, "false"), (3.0, "3"), (3.5, "3.5"), ([1, "a"], '[1, "a"]'),
     ({"k": 1}, '{"k": 1}'), ("x", "x"), (7, "7")],
)  # fmt: skip
def test_values_become_strings_as_github_does(value: object, text: str) -> None:
    assert evaluation.as_string(value) == text


def test_nested_values_are_evaluated_at_every_depth() -> None:
    items: dict[str, Value] = {"list": ("${{ matrix.n }}", "plain"), "flag": "${{ matrix.flag }}"}
    raw = MappingProxyType(items)
    assert evaluation.value(raw, CONTEXTS, None, "with") == {"list": [3, "plain"], "flag": True}
    assert evaluation.strings(raw, CONTEXTS, None, "with") == {
        "list": '[3, "plain"]',
        "flag": "true",
    }


def test_booleans_and_numbers_from_expressions() -> None:
    assert evaluation.boolean(ExpressionValue("${{ matrix.flag }}"), CONTEXTS, None, "x") is True
    assert evaluation.boolean(ExpressionValue("${{ 'TRUE' }}"), CONTEXTS, None, "x") is True
    assert evaluation.boolean(ExpressionValue("${{ matrix.n }}"), CONTEXTS, None, "x") is False
    assert evaluation.number(None, CONTEXTS, None, "t") is None
    assert evaluation.number(LiteralValue(2), CONTEXTS, None, "t") == 2.0
    assert evaluation.number(ExpressionValue("${{ matrix.n }}"), CONTEXTS, None, "t") == 3.0


def test_errors_point_at_the_workflow_line(tmp_path: Path) -> None:
    workflow = tmp_path / "ci.yml"
    workflow.write_text("jobs:\n  a:\n    timeout-minutes: ${{ 'soon' }}\n")
    position = Position(str(workflow), 3, 5)
    with pytest.raises(PitstopError) as caught:
        evaluation.number(ExpressionValue("${{ 'soon' }}"), CONTEXTS, position, "timeout-minutes")
    assert caught.value.location is not None and caught.value.location.line == 3
    assert "timeout-minutes: ${{ 'soon' }}" in caught.value.render()
    with pytest.raises(PitstopError, match="not a number"):
        evaluation.number(ExpressionValue("${{ 'soon' }}"), CONTEXTS, None, "timeout-minutes")
    with pytest.raises(PitstopError) as bad_if:
        evaluation.condition("fromJSON('{')", CONTEXTS, NoFailures(), position)
    assert bad_if.value.message.startswith("if: ")
    with pytest.raises(PitstopError) as bad_value:
        evaluation.value("${{ fromJSON('[') }}", CONTEXTS, None, "env.X")
    assert bad_value.value.location is not None  # the expression's own location


@pytest.mark.parametrize("literal", [True, False])
def test_a_literal_boolean_is_its_value_and_never_evaluated(literal: bool) -> None:
    assert evaluation.boolean(LiteralValue(literal), {}, None, "x") is literal


def test_an_expression_boolean_is_evaluated_where_it_is_used(tmp_path: Path) -> None:
    workflow = tmp_path / "ci.yml"
    workflow.write_text("jobs:\n  a:\n    continue-on-error: ${{ matrix.x.y( }}\n")
    raw = ExpressionValue("${{ matrix.x.y( }}")
    with pytest.raises(PitstopError) as caught:
        evaluation.boolean(raw, CONTEXTS, Position(str(workflow), 3, 5), "continue-on-error")
    assert caught.value.location is not None and caught.value.location.line == 3
    assert caught.value.message.startswith("continue-on-error: ")
