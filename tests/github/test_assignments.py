from __future__ import annotations

import pytest

from pitstop.errors import PitstopError
from pitstop.github.assignments import (
    MATRIX_KEY,
    parse_assignments,
    parse_inputs,
    parse_vars,
)


def test_vars_and_inputs() -> None:
    assert parse_vars(["A=1", "A=2", "B="]) == {"A": "2", "B": ""}
    assert parse_inputs(["dry-run=true", "_x=1"]) == {"dry-run": "true", "_x": "1"}
    with pytest.raises(PitstopError, match="--var has an invalid name 'dry-run'"):
        parse_vars(["dry-run=true"])
    with pytest.raises(PitstopError, match="--input expects NAME=VALUE: 'x'"):
        parse_inputs(["x"])


@pytest.mark.parametrize("name", ["a.b", "1A", "", "A B"])
def test_github_refuses_these_variable_names(name: str) -> None:
    """GitHub: letters, digits and `_` only, not starting with a digit."""
    with pytest.raises(PitstopError, match="letters, digits and underscores"):
        parse_vars([f"{name}=1"])


@pytest.mark.parametrize("name", ["-x", "1x", "a.b"])
def test_github_refuses_these_input_ids(name: str) -> None:
    with pytest.raises(PitstopError, match="--input has an invalid name"):
        parse_inputs([f"{name}=1"])


def test_matrix_keys_are_any_name_and_redacted_values_stay_hidden() -> None:
    matrix = parse_assignments(["python-version=3.12", "os.name=x"], "--matrix", rule=MATRIX_KEY)
    assert matrix == {"python-version": "3.12", "os.name": "x"}
    with pytest.raises(PitstopError) as caught:
        parse_assignments(["BAD NAME=hunter2"], "--secret", redact=True)
    assert "hunter2" not in caught.value.render()
