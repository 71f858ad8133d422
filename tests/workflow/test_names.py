from __future__ import annotations

import pytest

from pitstop.workflow.names import display_name, render


@pytest.mark.parametrize(
    ("name", "combination", "expected"),
    [
        (None, {}, "test"),
        (None, {"python": "3.12", "db": "postgres"}, "test (3.12, postgres)"),
        ("Tests", {"python": "3.12"}, "Tests (3.12)"),
        (None, {"v": 3.0, "flag": True, "none": None, "empty": ""}, "test (3, true)"),
        (None, {"cfg": {"os": "linux", "arch": ["x64", "arm"]}}, "test (linux, x64, arm)"),
        ("Py ${{ matrix.python }}", {"python": "3.12"}, "Py 3.12"),
        ("${{ matrix.n }}", {"n": 2}, "2"),
    ],
)
def test_display_names_as_github(
    name: str | None, combination: dict[str, object], expected: str
) -> None:
    assert display_name("test", name, combination, {}) == expected


@pytest.mark.parametrize(("value", "text"), [(None, ""), (False, "false"), (3.5, "3.5"), (7, "7")])
def test_render(value: object, text: str) -> None:
    assert render(value) == text
