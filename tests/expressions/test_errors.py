from __future__ import annotations

import pytest

from pitstop.errors import Location, PitstopError
from pitstop.expressions import ExpressionError, evaluate


def error_of(expression: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        evaluate(expression, {"a": 1})
    return caught.value


def test_is_a_pitstop_error_rendered_with_a_caret() -> None:
    error = error_of("a == ")
    assert isinstance(error, PitstopError)
    assert error.render().splitlines()[-2:] == ["1 | a == ", "  |   ^^"]


def test_multi_line_expressions_locate_the_line() -> None:
    error = error_of("a == 1 &&\n  b")
    assert error.column == 13
    assert error.location == Location("<expression>", 2, 3, "  b")


def test_shifted_and_relocated() -> None:
    error = error_of("a ==")
    shifted = error.shifted(10, "run: ${{ a == }}")
    assert shifted.column == error.column + 10
    assert shifted.message == error.message and shifted.kind == error.kind
    where = Location("ci.yml", 7, 12, "        run: ${{ a == }}")
    moved = error.relocated(where)
    assert moved.location == where and moved.column == error.column
    assert "ci.yml:7:12" in moved.render()
