from __future__ import annotations

from collections.abc import Callable

import pytest

from pitstop.actions import inputs
from pitstop.actions.base import ActionCall
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]


def test_unknown_inputs_name_the_input_action_position_and_the_supported_ones(
    make_call: MakeCall,
) -> None:
    call = make_call("actions/setup-python@v5  # v5.3.0", {"pyhton": "3", "zz": "1"})
    with pytest.raises(PitstopError) as caught:
        inputs.check_inputs(call, ("python-version", "cache"))
    rendered = caught.value.render()
    assert "actions/setup-python: unsupported input 'pyhton', 'zz'" in rendered
    assert f"{call.position.file}:4:9" in rendered
    assert "4 |       - uses: some/action@v1" in rendered
    assert "honours: python-version, cache" in rendered


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("True", True), ("FALSE", False), ("", None), ("  false ", False)],
)
def test_booleans(make_call: MakeCall, value: str, expected: bool | None) -> None:
    call = make_call("a/b@v1", {"flag": value})
    assert inputs.boolean(call, "flag", default=None) is expected  # type: ignore[arg-type]


def test_not_a_boolean(make_call: MakeCall) -> None:
    with pytest.raises(PitstopError, match="not a boolean: 'yes'"):
        inputs.boolean(make_call("a/b@v1", {"flag": "yes"}), "flag", False)


def test_text_lines_required(make_call: MakeCall) -> None:
    call = make_call("a/b@v1", {"path": "  one\n\n two \n", "blank": "  "})
    assert inputs.lines(call, "path") == ["one", "two"]
    assert inputs.text(call, "blank", "d") == "d"
    assert inputs.required(call, "path") == "one\n\n two"
    with pytest.raises(PitstopError, match="input required and not supplied: blank"):
        inputs.required(call, "blank")


@pytest.mark.parametrize(
    ("uses", "name"),
    [
        ("actions/checkout@v4", "actions/checkout"),
        ("actions/cache/restore@abc  # v4", "actions/cache/restore"),
        ("owner/repo", "owner/repo"),
    ],
)
def test_action_name(uses: str, name: str) -> None:
    assert inputs.action_name(uses) == name
