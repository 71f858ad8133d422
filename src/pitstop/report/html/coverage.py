"""Coverage XML (`coverage xml`, `pytest --cov-report=xml`; Cobertura format): the total,
each file, and the floor (`fail_under`) the project sets, when it sets one."""

from __future__ import annotations

import configparser
import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileCoverage:
    path: str
    percent: float


@dataclass(frozen=True)
class CoverageReport:
    path: str
    percent: float
    files: tuple[FileCoverage, ...]
    floor: float | None  # fail_under / --cov-fail-under, None when the project has none


def is_coverage(root: ET.Element) -> bool:
    return root.tag == "coverage" and root.get("line-rate") is not None


def parse(root: ET.Element, path: str, floor: float | None) -> CoverageReport:
    files = {
        cls.get("filename", ""): _percent(cls.get("line-rate"))
        for cls in root.iter("class")
        if cls.get("filename")
    }
    return CoverageReport(
        path=path,
        percent=_percent(root.get("line-rate")),
        files=tuple(FileCoverage(name, pct) for name, pct in sorted(files.items())),
        floor=floor,
    )


def _percent(rate: str | None) -> float:
    try:
        return round(float(rate or 0) * 100, 1)
    except ValueError:
        return 0.0


FAIL_UNDER = re.compile(r"--(?:cov-)?fail-under[= ](\d+(?:\.\d+)?)")


def floor(workspace: Path, log_text: str) -> float | None:
    """The floor: `--cov-fail-under=N`/`--fail-under N` in the log, else the project's config.
    A 0 is no floor (the tests' step turns the config's off, and a gate of its own applies
    the floor): the last non-zero one counts."""
    floors = [float(match) for match in FAIL_UNDER.findall(log_text)]
    applied = [value for value in floors if value > 0]
    if applied:
        return applied[-1]
    return _from_pyproject(workspace / "pyproject.toml") or _from_ini(workspace)


def _from_pyproject(path: Path) -> float | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("tool", {}).get("coverage", {}).get("report", {}).get("fail_under")
    return float(value) if isinstance(value, int | float) else None


def _from_ini(workspace: Path) -> float | None:
    for name, section in ((".coveragerc", "report"), ("setup.cfg", "coverage:report")):
        parser = configparser.ConfigParser()
        try:
            parser.read(workspace / name, encoding="utf-8")
            return parser.getfloat(section, "fail_under")
        except (configparser.Error, ValueError):
            continue
    return None
