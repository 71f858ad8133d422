from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.services.diagnostics import mask, reported_at, tail
from pitstop.workflow.model import Position, Service


def test_mask_longest_first() -> None:
    assert mask("pw=abc abcd", ["abc", "abcd", ""]) == "pw=*** ***"


def test_reported_at_locates_and_masks(tmp_path: Path) -> None:
    workflow = tmp_path / "ci.yml"
    workflow.write_text("jobs:\n  t:\n    services:\n      db:\n        image: postgres\n")
    service = Service("db", "postgres", position=Position(str(workflow), 4, 7))
    with pytest.raises(PitstopError) as caught, reported_at(service, ["s3cret"]):
        raise PitstopError("bad s3cret", hint="not s3cret")
    rendered = caught.value.render()
    assert "bad ***" in rendered and "not ***" in rendered and "s3cret" not in rendered
    assert f"{workflow}:4:7" in rendered
    assert "      db:" in rendered


def test_tail(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    log.write_text("".join(f"{n}\n" for n in range(30)))
    assert tail(str(log), 2) == "28\n29"
    assert tail(str(tmp_path / "missing")) == ""
