"""Generated files that differ from what `pitstop init` would write now."""

from __future__ import annotations

from pitstop.checks.base import Finding, Inputs, Result
from pitstop.detect._files import read_toml, table
from pitstop.errors import PitstopError
from pitstop.generate.config import load
from pitstop.generate.files import render_all
from pitstop.generate.writer import Policy, Status, plan

NAME = "drift"


def run(inputs: Inputs) -> Result:
    if not table(read_toml(inputs.root / "pyproject.toml"), "tool", "pitstop"):
        return Result(
            NAME, not_checked="no [tool.pitstop] in pyproject.toml: pitstop init never ran here"
        )
    try:
        project = load(inputs.root)
    except PitstopError as exc:
        return Result(NAME, not_checked=f"cannot detect the project: {exc.message}")
    generated = {p: e for p, e in render_all(project).items() if e[1] is Policy.GENERATED}
    findings = [
        Finding(NAME, c.path, 1, 1, _message(c.status))
        for c in plan(inputs.root, generated)
        if c.status is not Status.UNCHANGED
    ]
    return Result(NAME, tuple(findings), files=len(generated))


def _message(status: Status) -> str:
    if status is Status.CREATE:
        return "missing: pitstop init would create it"
    return "differs from what pitstop init would write now (pitstop init --dry-run shows the diff)"
