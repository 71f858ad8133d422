"""Recognising and checking coverage reports: Cobertura XML, JaCoCo XML, lcov, coverage JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

# File names codecov's search picks up (a subset of its list).
SEARCH_PATTERNS = (
    "coverage*.xml",
    "cobertura*.xml",
    "jacoco*.xml",
    "lcov.info",
    "*.lcov",
    "coverage*.json",
    "coverage-final.json",
)
SKIPPED_FOLDERS = {".git", "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__"}


class InvalidReport(Exception):
    pass


def describe(file: Path) -> str:
    """What the report is (`cobertura, line-rate 0.87`); InvalidReport when it is not one."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidReport(f"cannot read it: {exc}") from None
    if file.suffix == ".xml":
        return _xml(text)
    if file.suffix == ".json":
        return _json(text)
    return _lcov(text)


def _xml(text: str) -> str:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InvalidReport(f"not well-formed XML ({exc})") from None
    if root.tag == "coverage":
        rate = root.get("line-rate")
        try:
            return f"cobertura, line-rate {float(rate or '')}"
        except ValueError:
            raise InvalidReport("a <coverage> report without a numeric line-rate") from None
    if root.tag == "report" and root.find("counter") is not None:
        return "jacoco"
    raise InvalidReport(f"an XML document with root <{root.tag}>, not a coverage report")


def _json(text: str) -> str:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidReport(f"not valid JSON ({exc})") from None
    if isinstance(data, dict):
        totals = data.get("totals")
        if isinstance(totals, dict) and "percent_covered" in totals:
            return f"coverage.py JSON, {float(totals['percent_covered']):.1f}% covered"
        if data and all(isinstance(v, dict) and "statementMap" in v for v in data.values()):
            return "istanbul JSON"
    raise InvalidReport("JSON that is neither coverage.py's nor istanbul's report")


def _lcov(text: str) -> str:
    lines = text.splitlines()
    files = sum(1 for line in lines if line.startswith("SF:"))
    if files and any(line.strip() == "end_of_record" for line in lines):
        return f"lcov, {files} source file(s)"
    raise InvalidReport("not an lcov report (no SF: ... end_of_record)")


def search(root: Path) -> list[Path]:
    found: set[Path] = set()
    for pattern in SEARCH_PATTERNS:
        for path in root.rglob(pattern):
            relative = path.relative_to(root).parts
            if path.is_file() and not SKIPPED_FOLDERS.intersection(relative):
                found.add(path)
    return sorted(found)
