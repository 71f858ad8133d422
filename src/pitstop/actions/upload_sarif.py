"""github/codeql-action/upload-sarif, offline: validate the SARIF and collect its findings.

Honoured inputs:
- `sarif_file` (default `../results`, relative to the workspace): a `.sarif` file, or a
  folder whose `*.sarif` files are all read.
- `category`: shown with the findings.
- `checkout_path` (default the workspace): file paths in findings are shown relative to it.
- Accepted with no local effect: `ref`, `sha`, `token`, `matrix`, `wait-for-processing`.

A file must be JSON with `version: 2.1.0` and `runs`, each run with `tool.driver.name` and a
`results` list; anything else fails the step. Findings (rule, level, file:line, message)
become annotations (`error`, `warning`, `note` -> notice) and a summary table; findings do not
fail the step, as on GitHub. The upload gets the note "not verified (offline): upload to
GitHub code scanning". Output `sarif-id` is `local-` and the start of the files' digest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pitstop.actions import inputs
from pitstop.actions.base import ActionCall, ActionResult, Annotation

INPUTS = (
    "sarif_file",
    "checkout_path",
    "ref",
    "sha",
    "token",
    "matrix",
    "category",
    "wait-for-processing",
)
Level = Literal["error", "warning", "notice"]
LEVELS: dict[str, Level] = {
    "error": "error",
    "warning": "warning",
    "note": "notice",
    "none": "notice",
}
OFFLINE_NOTE = "not verified (offline): upload to GitHub code scanning"


class InvalidSarif(Exception):
    pass


@dataclass(frozen=True)
class Finding:
    rule: str
    level: Level
    file: str | None
    line: int | None
    message: str


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    target = (call.workspace / inputs.text(call, "sarif_file", "../results")).resolve()
    checkout = (call.workspace / inputs.text(call, "checkout_path", ".")).resolve()
    category = inputs.text(call, "category")
    result = ActionResult(notes=[OFFLINE_NOTE])
    files = sorted(target.rglob("*.sarif")) if target.is_dir() else [target]
    if not target.exists() or not files:
        return _fail(result, f"Path does not exist or holds no .sarif file: {target}")
    findings: list[Finding] = []
    for file in files:
        try:
            findings += read(file, checkout)
        except InvalidSarif as exc:
            return _fail(result, f"{file} is not valid SARIF: {exc}")
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    result.outputs["sarif-id"] = f"local-{digest[:16]}"
    for f in findings:
        result.annotations.append(Annotation(f.level, f.message, f.file, f.line, f.rule))
    label = f" (category {category})" if category else ""
    result.notes.append(f"upload-sarif: {len(findings)} finding(s) in {len(files)} file(s){label}")
    result.summary = _summary(findings, label)
    return result


def read(file: Path, checkout: Path) -> list[Finding]:
    try:
        sarif = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidSarif(f"not JSON ({exc})") from None
    if not isinstance(sarif, dict) or sarif.get("version") != "2.1.0":
        raise InvalidSarif("version must be 2.1.0")
    runs = sarif.get("runs")
    if not isinstance(runs, list):
        raise InvalidSarif("runs must be a list")
    return [finding for run in runs for finding in _run_findings(run, checkout)]


def _run_findings(run: Any, checkout: Path) -> list[Finding]:
    driver = run.get("tool", {}).get("driver", {}) if isinstance(run, dict) else {}
    if not isinstance(driver, dict) or not driver.get("name"):
        raise InvalidSarif("a run has no tool.driver.name")
    results = run.get("results")
    if not isinstance(results, list):
        raise InvalidSarif(f"the {driver['name']} run has no results list")
    defaults = {
        str(rule.get("id")): str(rule.get("defaultConfiguration", {}).get("level", "warning"))
        for rule in driver.get("rules", [])
        if isinstance(rule, dict)
    }
    return [_finding(item, defaults, checkout) for item in results]


def _finding(item: Any, defaults: dict[str, str], checkout: Path) -> Finding:
    if not isinstance(item, dict) or not isinstance(item.get("message"), dict):
        raise InvalidSarif("a result has no message")
    rule = str(item.get("ruleId") or item.get("rule", {}).get("id") or "unknown-rule")
    level = LEVELS.get(str(item.get("level") or defaults.get(rule, "warning")), "warning")
    message = str(item["message"].get("text") or item["message"].get("markdown") or "")
    file, line = _where(item, checkout)
    return Finding(rule, level, file, line, message)


def _where(item: dict[str, Any], checkout: Path) -> tuple[str | None, int | None]:
    locations = item.get("locations") or [{}]
    physical = locations[0].get("physicalLocation", {}) if isinstance(locations[0], dict) else {}
    uri = physical.get("artifactLocation", {}).get("uri")
    line = physical.get("region", {}).get("startLine")
    if isinstance(uri, str) and uri.startswith("file://"):
        path = Path(uri.removeprefix("file://"))
        uri = str(path.relative_to(checkout)) if path.is_relative_to(checkout) else str(path)
    return uri, line if isinstance(line, int) else None


def _fail(result: ActionResult, message: str) -> ActionResult:
    result.conclusion = "failure"
    result.annotations.append(Annotation("error", message))
    return result


def _summary(findings: list[Finding], label: str) -> str:
    lines = [
        f"### SARIF findings{label}",
        "",
        "| rule | level | where | message |",
        "|---|---|---|---|",
    ]
    for f in findings:
        where = f"{f.file}:{f.line}" if f.file and f.line else f.file or ""
        lines.append(f"| {f.rule} | {f.level} | {where} | {f.message.replace('|', '/')} |")
    return "\n".join(lines) + "\n"
