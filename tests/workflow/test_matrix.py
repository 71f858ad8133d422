from __future__ import annotations

import pytest

from pitstop.errors import PitstopError
from pitstop.workflow.matrix import MAX_COMBINATIONS, expand_matrix, same


def combos(matrix: object, contexts: dict[str, object] | None = None) -> list[dict[str, object]]:
    return [dict(combination) for combination in expand_matrix(matrix, contexts or {})]


def test_no_matrix_is_one_empty_combination() -> None:
    assert combos(None) == [{}]


def test_the_product_follows_key_order() -> None:
    assert combos({"os": ["ubuntu", "windows"], "version": [10, 12]}) == [
        {"os": "ubuntu", "version": 10},
        {"os": "ubuntu", "version": 12},
        {"os": "windows", "version": 10},
        {"os": "windows", "version": 12},
    ]


def test_githubs_include_example() -> None:
    # GitHub docs, "Expanding or adding matrix configurations".
    matrix = {
        "fruit": ["apple", "pear"],
        "animal": ["cat", "dog"],
        "include": [
            {"color": "green"},
            {"color": "pink", "animal": "cat"},
            {"fruit": "apple", "shape": "circle"},
            {"fruit": "banana"},
            {"fruit": "banana", "animal": "cat"},
        ],
    }
    assert combos(matrix) == [
        {"fruit": "apple", "animal": "cat", "color": "pink", "shape": "circle"},
        {"fruit": "apple", "animal": "dog", "color": "green", "shape": "circle"},
        {"fruit": "pear", "animal": "cat", "color": "pink"},
        {"fruit": "pear", "animal": "dog", "color": "green"},
        {"fruit": "banana"},
        {"fruit": "banana", "animal": "cat"},
    ]


def test_githubs_include_extends_one_combination() -> None:
    # GitHub docs: `os: windows-latest, node: 16` gets `npm: 6` only.
    matrix = {
        "os": ["windows-latest", "ubuntu-latest"],
        "node": [14, 16],
        "include": [{"os": "windows-latest", "node": 16, "npm": 6}],
    }
    result = combos(matrix)
    assert len(result) == 4
    assert result[1] == {"os": "windows-latest", "node": 16, "npm": 6}
    assert all("npm" not in combination for index, combination in enumerate(result) if index != 1)


def test_githubs_exclude_example_is_a_partial_match() -> None:
    matrix = {
        "os": ["macos-latest", "windows-latest"],
        "version": [12, 14, 16],
        "environment": ["staging", "production"],
        "exclude": [
            {"os": "macos-latest", "version": 12, "environment": "production"},
            {"os": "windows-latest", "version": 16},
        ],
    }
    result = combos(matrix)
    assert len(result) == 12 - 1 - 2
    assert {"os": "windows-latest", "version": 16, "environment": "staging"} not in result


def test_include_only_adds_each_entry() -> None:
    matrix = {"include": [{"site": "production", "datacenter": "site-a"}, {"site": "staging"}]}
    assert combos(matrix) == [{"site": "production", "datacenter": "site-a"}, {"site": "staging"}]


def test_include_after_exclude_can_bring_a_combination_back() -> None:
    matrix = {
        "os": ["a", "b"],
        "exclude": [{"os": "b"}],
        "include": [{"os": "b", "extra": True}],
    }
    assert combos(matrix) == [{"os": "a"}, {"os": "b", "extra": True}]


def test_object_values_compare_by_content() -> None:
    matrix = {
        "config": [{"py": "3.12", "db": "pg"}, {"py": "3.13", "db": "pg"}],
        "exclude": [{"config": {"db": "pg", "py": "3.13"}}],
    }
    assert combos(matrix) == [{"config": {"py": "3.12", "db": "pg"}}]


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [(1, 1.0, True), (True, 1, False), ("1", 1, False), ({"a": [1]}, {"a": [1.0]}, True)],
)
def test_json_equality(left: object, right: object, equal: bool) -> None:
    assert same(left, right) is equal


def test_fromjson_for_the_whole_matrix_a_dimension_and_a_value() -> None:
    contexts: dict[str, object] = {
        "inputs": {"matrix": '{"os": ["a", "b"]}', "versions": "[1, 2]", "extra": "x"},
        "github": {"event_name": "push"},
        "vars": {},
    }
    assert combos("${{ fromJSON(inputs.matrix) }}", contexts) == [{"os": "a"}, {"os": "b"}]
    assert combos({"v": "${{ fromJSON(inputs.versions) }}"}, contexts) == [{"v": 1}, {"v": 2}]
    assert combos({"v": ["${{ inputs.extra }}-1", "${{ github.event_name }}"]}, contexts) == [
        {"v": "x-1"},
        {"v": "push"},
    ]
    assert combos({"include": "${{ fromJSON('[{\"a\": 1}]') }}"}, contexts) == [{"a": 1}]


def test_over_256_combinations_is_an_error() -> None:
    with pytest.raises(PitstopError, match="257 combinations; GitHub allows at most 256"):
        expand_matrix({"a": list(range(257))}, {})
    assert len(expand_matrix({"a": list(range(16)), "b": list(range(16))}, {})) == MAX_COMBINATIONS


def test_a_huge_product_is_refused_before_it_is_built() -> None:
    with pytest.raises(PitstopError, match="at most 256"):
        expand_matrix({key: list(range(10)) for key in "abcdefgh"}, {})


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ({"a": [1], "exclude": [{"a": 1}]}, "no combinations"),
        ({"a": 1}, "must be a list, not a number"),
        ({"a": []}, "has no values"),
        ("${{ fromJSON('[1]') }}", "must be a mapping, not a list"),
        ("${{ 'x' }}", "must be a mapping, not a string"),
        ({"a": [1], "include": [1]}, "must be a list of mappings"),
        ({"a": [1], "exclude": [{"b": 1}]}, "not a dimension"),
        ({"a": "${{ fromJSON('nope') }}"}, "cannot evaluate"),
        ({"a": "${{ true }}"}, "not a boolean"),
        ({"a": "${{ null }}"}, "not null"),
        ({"a": "${{ fromJSON('{}') }}"}, "not a mapping"),
    ],
)
def test_bad_matrices(matrix: object, message: str) -> None:
    with pytest.raises(PitstopError, match=message):
        expand_matrix(matrix, {})
