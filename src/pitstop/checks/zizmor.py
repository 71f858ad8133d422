"""zizmor's offline audits (template injection, unpinned uses, permissions, ...)."""

from __future__ import annotations

import json
from typing import Any

from pitstop.checks.base import Finding, Inputs, Result, run_tool, tool

NAME = "zizmor"


def run(inputs: Inputs) -> Result:
    exe = tool("zizmor")
    if exe is None:
        return Result(NAME, not_checked="zizmor not installed")
    files = list(inputs.all_files)
    if not files:
        return Result(NAME)
    done = run_tool([exe, "--offline", "--no-progress", "--format", "json", *files], inputs.root)
    try:
        report = json.loads(done.stdout or "[]")
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, list) or done.returncode not in (0, *range(10, 15)):
        detail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Result(NAME, not_checked=f"zizmor failed (exit {done.returncode}): {detail}")
    findings = tuple(_finding(item) for item in report if not item.get("ignored"))
    return Result(NAME, findings, files=len(files))


def _finding(item: dict[str, Any]) -> Finding:
    primary = next(
        (loc for loc in item["locations"] if loc["symbolic"].get("kind") == "Primary"),
        item["locations"][0],
    )
    key = primary["symbolic"]["key"]
    local = key.get("Local", {}) if isinstance(key, dict) else {}
    file = local.get("verbatim_path") or local.get("given_path") or "?"
    point = primary["concrete"]["location"]["start_point"]
    severity = item["determinations"]["severity"].lower()
    annotation = primary["symbolic"].get("annotation", "")
    message = f"{item['ident']} ({severity}): {item['desc']}; {annotation}".rstrip("; ")
    return Finding(NAME, file, point["row"] + 1, point["column"] + 1, message, rule=item["ident"])
