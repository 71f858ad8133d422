"""Every `uses:` of a remote action is pinned to a full 40-hex commit SHA."""

from __future__ import annotations

import re

from pitstop.checks.base import Finding, Inputs, Result

NAME = "pinning"
USES = re.compile(r"^(\s*(?:-\s+)?uses:\s*)['\"]?([^\s'\"#]+)")
PINNED = re.compile(r"[^@]+@[0-9a-f]{40}")


def run(inputs: Inputs) -> Result:
    findings = []
    for name in inputs.workflows:
        text = (inputs.root / name).read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            found = USES.match(line)
            if found is None:
                continue
            target = found[2]
            if target.startswith(("./", "docker://")) or PINNED.fullmatch(target):
                continue
            findings.append(
                Finding(
                    NAME,
                    name,
                    number,
                    len(found[1]) + 1,
                    f"{target} is not pinned to a full commit SHA (see `pitstop pins`)",
                )
            )
    return Result(NAME, tuple(findings), files=len(inputs.workflows))
