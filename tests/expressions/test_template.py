from __future__ import annotations

import pytest

from pitstop.expressions import (
    ExpressionError,
    TemplateSpan,
    evaluate_if,
    evaluate_value,
    find_templates,
    interpolate,
)

CONTEXTS: dict[str, object] = {
    "github": {"ref": "refs/heads/main", "event_name": "push"},
    "matrix": {"python": 3.1, "list": [1, "a"], "obj": {"k": None}, "flag": False},
    "env": {"EMPTY": ""},
}


class Status:
    def __init__(self, success: bool = True, failure: bool = False) -> None:
        self._success, self._failure = success, failure

    def success(self) -> bool:
        return self._success

    def failure(self) -> bool:
        return self._failure

    def cancelled(self) -> bool:
        return False


def test_find_templates() -> None:
    text = "a ${{ x }} b ${{ '}}' }}c"
    spans = find_templates(text)
    assert spans == [TemplateSpan(2, 10, " x "), TemplateSpan(13, 24, " '}}' ")]
    assert text[spans[1].start : spans[1].end] == "${{ '}}' }}"
    assert text[spans[0].expression_offset :].startswith(" x }}")
    assert find_templates("no templates { } $ {{") == []


def test_unclosed_template_is_an_error_at_its_start() -> None:
    with pytest.raises(ExpressionError, match="not closed") as caught:
        find_templates("ok ${{ x }} then ${{ 'y }}")
    assert caught.value.column == 18
    assert caught.value.kind == "parsing"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("ref=${{ github.ref }}", "ref=refs/heads/main"),
        ("${{ null }}|${{ true }}|${{ false }}", "|true|false"),
        ("py${{ matrix.python }}", "py3.1"),
        ("${{ 1e21 }} ${{ -0 }} ${{ 0.30000000000000004 }}", "1e+21 0 0.3"),
        ("${{ matrix.list }}", '[\n  1,\n  "a"\n]'),
        ("${{ matrix.obj }}", '{\n  "k": null\n}'),
        ("plain text", "plain text"),
        ("${{ github.event_name }}-${{ github.event_name }}", "push-push"),
    ],
)
def test_interpolate(template: str, expected: str) -> None:
    assert interpolate(template, CONTEXTS) == expected


def test_interpolation_errors_point_into_the_template() -> None:
    with pytest.raises(ExpressionError) as caught:
        interpolate("echo ${{ github.ref == }}", CONTEXTS)
    assert caught.value.column == 21  # the dangling ==
    assert caught.value.expression == "echo ${{ github.ref == }}"
    assert "Unexpected end of expression" in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${{ fromJSON('[1,2]') }}", [1, 2]),
        ("  ${{ matrix.flag }}  ", False),
        ("${{ matrix.python }}", 3.1),
        ("${{ 3 }}", 3),
        ("v${{ 3 }}", "v3"),
        ("${{ 1 }}${{ 2 }}", "12"),
        ("no template", "no template"),
    ],
)
def test_evaluate_value(text: str, expected: object) -> None:
    result = evaluate_value(text, CONTEXTS)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("condition", "success", "failure", "expected"),
    [
        ("github.event_name == 'push'", True, False, True),
        ("github.event_name == 'push'", False, True, False),
        ("${{ github.event_name == 'push' }}", True, False, True),
        ("  ${{ github.event_name == 'pull_request' }}  ", True, False, False),
        ("always()", False, True, True),
        ("failure()", False, True, True),
        ("failure() || success()", True, False, True),
        ("!cancelled()", False, True, True),
        ("ALWAYS() && github.ref == 'x'", False, True, False),
        ("", True, False, True),
        ("", False, True, False),
        ("env.EMPTY", True, False, False),
        ("${{ false }} && true", True, False, True),  # a string, so truthy: GitHub's gotcha
    ],
)
def test_evaluate_if(condition: str, success: bool, failure: bool, expected: bool) -> None:
    assert evaluate_if(condition, CONTEXTS, Status(success, failure)) is expected


@pytest.mark.parametrize(("condition", "expected"), [(None, True), (True, True), (False, False)])
def test_evaluate_if_takes_yaml_scalars(condition: bool | None, expected: bool) -> None:
    assert evaluate_if(condition, CONTEXTS, Status()) is expected
    assert evaluate_if(condition, CONTEXTS, Status(success=False)) is False


def test_evaluate_if_skips_the_expression_after_a_failure() -> None:
    # `success() && (...)`: the right-hand side is never evaluated, so no error.
    assert evaluate_if("fromJSON('')", CONTEXTS, Status(success=False)) is False
    with pytest.raises(ExpressionError):
        evaluate_if("fromJSON('')", CONTEXTS, Status())


def test_evaluate_if_errors_point_into_the_condition() -> None:
    with pytest.raises(ExpressionError) as caught:
        evaluate_if("${{ github.ref == }}", CONTEXTS, Status())
    assert caught.value.column == 16
