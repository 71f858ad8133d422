from __future__ import annotations

import math
from collections import OrderedDict
from types import MappingProxyType

import pytest

from pitstop.expressions.values import (
    FilteredArray,
    Kind,
    coerce_string,
    compare,
    format_number,
    is_truthy,
    js_number,
    kind_of,
    lookup,
    loose_equals,
    parse_number,
    plain,
    to_json,
    to_number,
)


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0.0, "0"),
        (-0.0, "0"),
        (1.0, "1"),
        (-1.5, "-1.5"),
        (0.1 + 0.2, "0.3"),  # rounded to 15 decimals first
        (1 / 3, "0.333333333333333"),
        (123456789.123456789, "123456789.12345679"),
        (1e-16, "0"),
        (1e20, "100000000000000000000"),
        (1e21, "1e+21"),
        (2.5e-7, "2.5e-7"),
        (2.5e-16, "0"),
        (math.inf, "Infinity"),
        (-math.inf, "-Infinity"),
        (math.nan, "NaN"),
        (2**-16, "0.000015258789063"),  # a tie rounds up, as JavaScript's toFixed
    ],
)
def test_format_number(number: float, text: str) -> None:
    assert format_number(number) == text


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1e21, "1e+21"),
        (1.5e-7, "1.5e-7"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (123e18, "123000000000000000000"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (5e-324, "5e-324"),
        (-2.5, "-2.5"),
        (math.nan, "NaN"),
        (-0.0, "0"),
    ],
)
def test_js_number(number: float, text: str) -> None:
    assert js_number(number) == text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("", 0.0),
        ("  12  ", 12.0),
        ("\u00a012\ufeff", 12.0),
        ("0x10", 16.0),
        ("0B11", 3.0),
        ("0o7", 7.0),
        ("1.", 1.0),
        ("-.5e1", -5.0),
        ("+Infinity", math.inf),
        ("-Infinity", -math.inf),
        ("0x" + "f" * 300, math.inf),
    ],
)
def test_parse_number(text: str, number: float) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["abc", "1_000", "inf", "nan", "-0x1", "0x", "1e", ".", "\u0661"])
def test_parse_number_rejects(text: str) -> None:
    assert math.isnan(parse_number(text))


@pytest.mark.parametrize(
    ("value", "number"),
    [(None, 0.0), (True, 1.0), (False, 0.0), (3, 3.0), ("2", 2.0), ([], math.nan), ({}, math.nan)],
)
def test_to_number(value: object, number: float) -> None:
    result = to_number(value)
    assert result == number or (math.isnan(result) and math.isnan(number))


@pytest.mark.parametrize(
    ("value", "truthy"),
    [
        (None, False),
        (False, False),
        (0, False),
        (math.nan, False),
        ("", False),
        (True, True),
        (-1, True),
        ("0", True),
        ([], True),
        ({}, True),
    ],
)
def test_truthiness(value: object, truthy: bool) -> None:
    assert is_truthy(value) is truthy


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (True, "true"), (False, "false"), (2, "2"), ("s", "s"), ([1], "Array")],
)
def test_coerce_string(value: object, text: str) -> None:
    assert coerce_string(value) == text
    assert coerce_string({}) == "Object"


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        ("abc", "ABC", True),
        (1, "1", True),
        (1, " 0x1 ", True),
        (True, 1, True),
        (True, "1", True),
        (None, 0, True),
        (None, "", True),
        (None, False, True),
        (math.nan, math.nan, False),
        ("a", 1, False),
        ([], [], False),
        ({}, {}, False),
        ([], 0, False),
        ("\u0131", "I", False),  # dotless i is not folded
    ],
)
def test_loose_equality(left: object, right: object, equal: bool) -> None:
    assert loose_equals(left, right) is equal


def test_objects_are_equal_only_to_themselves() -> None:
    shared: dict[str, object] = {}
    assert loose_equals(shared, shared)


@pytest.mark.parametrize(
    ("left", "right", "order"),
    [
        (1, 2, -1),
        ("b", "A", 1),
        ("a", "A", 0),
        (True, False, 1),
        (None, None, 0),
        ("10", 9, 1),
        (math.nan, 1, None),
        ([], [], None),
        ("\U0001f600", "\uffff", -1),  # UTF-16 order, as GitHub compares
    ],
)
def test_compare(left: object, right: object, order: int | None) -> None:
    assert compare(left, right) == order


def test_lookup_is_case_insensitive_and_first_wins() -> None:
    assert lookup({"Foo": 1, "foo": 2}, "FOO") == (True, 1)
    assert lookup({}, "x") == (False, None)


def test_to_json_matches_javascript() -> None:
    assert to_json({"a": [1, 2.5, None, True], "A": 3, "b": {}}) == (
        '{\n  "a": [\n    1,\n    2.5,\n    null,\n    true\n  ],\n  "b": {}\n}'
    )
    assert to_json([math.nan, math.inf, 1e21], indent="") == "[null,null,1e+21]"
    assert to_json('q"\\\n\x01\u2028\ud800é') == '"q\\"\\\\\\n\\u0001\u2028\\ud800é"'
    assert to_json([]) == "[]"


def test_kind_of_rejects_foreign_objects() -> None:
    assert kind_of((1, 2)) is Kind.ARRAY
    with pytest.raises(TypeError):
        kind_of(object())


def test_plain() -> None:
    assert plain(FilteredArray([1])) == [1]
    assert type(plain(FilteredArray([1]))) is list
    assert plain(2.0) == 2 and isinstance(plain(2.0), int)
    assert plain(2.5) == 2.5
    assert isinstance(plain(1e300), float)


class Name(str):
    pass


def test_kind_of_accepts_subclasses_and_other_mappings() -> None:
    assert kind_of(MappingProxyType({"a": 1})) is Kind.OBJECT
    assert kind_of(OrderedDict(a=1)) is Kind.OBJECT
    assert kind_of(Name("x")) is Kind.STRING
    assert kind_of(FilteredArray()) is Kind.ARRAY
    with pytest.raises(TypeError):
        to_json(object())
