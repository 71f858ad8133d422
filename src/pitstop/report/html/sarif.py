"""SARIF (zizmor, CodeQL, bandit, semgrep): one finding per result."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Finding:
    tool: str
    rule: str
    level: str
    message: str
    location: str  # file:line, or "" when the result names none


def read(path: Path) -> list[Finding]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(document, dict):
        return []
    return [finding for run in _list(document.get("runs")) for finding in _findings(run)]


def _findings(run: dict[str, Any]) -> list[Finding]:
    tool = str(run.get("tool", {}).get("driver", {}).get("name", "?"))
    return [
        Finding(
            tool=tool,
            rule=str(result.get("ruleId", "")),
            level=str(result.get("level", "warning")),
            message=str(result.get("message", {}).get("text", "")),
            location=_location(result),
        )
        for result in _list(run.get("results"))
    ]


def _location(result: dict[str, Any]) -> str:
    for location in _list(result.get("locations")):
        physical = location.get("physicalLocation", {})
        uri = physical.get("artifactLocation", {}).get("uri", "")
        line = physical.get("region", {}).get("startLine")
        return f"{uri}:{line}" if line else str(uri)
    return ""


def _list(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
