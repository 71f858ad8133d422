from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.generate import pins
from tests.conftest import SHAPES, Files, pitstop


def test_every_pin_is_a_full_sha_with_a_semver_comment() -> None:
    for action, pin in pins.PINS.items():
        assert pin.action == action
        assert re.fullmatch(r"[0-9a-f]{40}", pin.sha), action
        assert re.fullmatch(r"v\d+\.\d+\.\d+", pin.version), action
    assert re.fullmatch(r"v\d+\.\d+\.\d+", pins.TRIVY_VERSION)


def test_sub_actions_share_their_repository_pin() -> None:
    sha = pins.PINS["github/codeql-action"].sha
    assert pins.uses("github/codeql-action/upload-sarif") == (
        f"github/codeql-action/upload-sarif@{sha} # v4.31.9"
    )


def test_unknown_action_has_no_pin() -> None:
    with pytest.raises(PitstopError, match="no pin for someone/else"):
        pins.uses("someone/else")


def test_pins_command_prints_the_table() -> None:
    done = pitstop("pins")
    done.assert_success()
    for pin in pins.PINS.values():
        assert f"{pin.sha}  {pin.version}" in done.out
    assert "trivy (binary)" in done.out


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_generated_workflows_use_only_the_table(
    project: Callable[[Files], Path], shape: str
) -> None:
    root = project(SHAPES[shape])
    pitstop("init", "--no-preflight", root).assert_success()
    for path in (root / ".github/workflows").glob("*.yml"):
        for found in re.finditer(r"uses: ([^@\s]+)@(\S+) # (\S+)", path.read_text()):
            action, sha, version = found.groups()
            pin = pins.PINS["/".join(action.split("/")[:2])]
            assert (sha, version) == (pin.sha, pin.version)
