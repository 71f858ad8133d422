"""How the tests run (pytest-django or `manage.py test`) and the coverage floor."""

from __future__ import annotations

import configparser
from dataclasses import dataclass
from pathlib import Path

from pitstop.detect._files import read_text, read_toml, table
from pitstop.detect.dependencies import Dependencies

DEFAULT_FLOOR = 70


@dataclass(frozen=True)
class Tests:
    runner: str  # "pytest" or "django"
    coverage_floor: int
    junit: bool  # whether the runner can write JUnit XML
    # coverage's own `[run] source`, when the project sets it: then CI measures what the project
    # measures (no --source / --cov=APP that would override it, and change the total)
    coverage_source: tuple[str, ...] = ()


def detect(root: Path, deps: Dependencies) -> Tests:
    pyproject = read_toml(root / "pyproject.toml")
    uses_pytest = bool(
        deps.declared("pytest-django")
        or table(pyproject, "tool", "pytest", "ini_options")
        or (root / "pytest.ini").is_file()
        or (root / "conftest.py").is_file()
    )
    runner = "pytest" if uses_pytest else "django"
    junit = runner == "pytest" or deps.declared("unittest-xml-reporting")
    return Tests(runner, _floor(root, pyproject), junit, _source(root, pyproject))


def _floor(root: Path, pyproject: dict[str, object]) -> int:
    value = table(pyproject, "tool", "coverage", "report").get("fail_under")
    if isinstance(value, int | float):
        return int(value)
    found = _coverage_option(root, "report", "fail_under")
    return int(float(found)) if found is not None else DEFAULT_FLOOR


def _source(root: Path, pyproject: dict[str, object]) -> tuple[str, ...]:
    value = table(pyproject, "tool", "coverage", "run").get("source")
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    found = _coverage_option(root, "run", "source") or ""
    return tuple(item.strip() for item in found.replace(",", "\n").splitlines() if item.strip())


def _coverage_option(root: Path, section: str, option: str) -> str | None:
    """An option of coverage's ini-style config files, in coverage's own order."""
    for name, prefix in ((".coveragerc", ""), ("setup.cfg", "coverage:"), ("tox.ini", "coverage:")):
        parser = configparser.ConfigParser()
        try:
            parser.read_string(read_text(root / name) or "")
        except configparser.Error:
            continue
        if parser.has_option(prefix + section, option):
            return parser.get(prefix + section, option)
    return None
