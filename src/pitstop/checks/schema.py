"""JSON schema validation with check-jsonschema's vendored (offline) schemas."""

from __future__ import annotations

import json
import re

from pitstop.checks.base import Finding, Inputs, Result, run_tool, tool
from pitstop.checks.yamlpos import line_of

NAME = "schema"
UNEXPECTED = re.compile(r"^Additional properties are not allowed \('([^']+)' was unexpected\)")
SCHEMAS = {"workflow": "vendor.github-workflows", "dependabot": "vendor.dependabot"}


def run(inputs: Inputs) -> Result:
    exe = tool("check-jsonschema")
    if exe is None:
        return Result(NAME, not_checked="check-jsonschema not installed")
    findings: list[Finding] = []
    groups = [(SCHEMAS["workflow"], list(inputs.workflows))]
    if inputs.dependabot:
        groups.append((SCHEMAS["dependabot"], [inputs.dependabot]))
    for schema, files in groups:
        if files:
            findings += _validate(inputs, exe, schema, files)
    return Result(NAME, tuple(findings), files=len(inputs.all_files))


def _validate(inputs: Inputs, exe: str, schema: str, files: list[str]) -> list[Finding]:
    done = run_tool([exe, "-o", "json", "--builtin-schema", schema, *files], inputs.root)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return [Finding(NAME, files[0], 1, 1, f"check-jsonschema failed: {done.stderr.strip()}")]
    findings = []
    for error in report.get("errors", []):
        best = error.get("best_deep_match") or error
        path, message = best.get("path", "$"), best.get("message", error.get("message", ""))
        keys = _keys(path)
        unexpected = UNEXPECTED.match(message)
        if unexpected:  # at the unexpected key itself, not at its parent
            keys.append(unexpected[1])
        line, column = line_of(inputs.root / error["filename"], keys)
        findings.append(Finding(NAME, error["filename"], line, column, f"{path}: {message}"))
    for error in report.get("parse_errors", []):
        findings.append(
            Finding(
                NAME, error.get("filename", files[0]), 1, 1, error.get("message", "parse error")
            )
        )
    return findings


def _keys(path: str) -> list[str | int]:
    keys: list[str | int] = []
    for name, index in re.findall(r"\.([^.\[\]]+)|\[(\d+)\]", path):
        keys.append(int(index) if index else name)
    return keys
