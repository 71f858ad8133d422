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
    return Tests(runner, _floor(root, pyproject), junit)


def _floor(root: Path, pyproject: dict[str, object]) -> int:
    value = table(pyproject, "tool", "coverage", "report").get("fail_under")
    if isinstance(value, int | float):
        return int(value)
    for name, section in ((".coveragerc", "report"), ("setup.cfg", "coverage:report")):
        parser = configparser.ConfigParser()
        try:
            parser.read_string(read_text(root / name) or "")
        except configparser.Error:
            continue
        if parser.has_option(section, "fail_under"):
            return int(float(parser.get(section, "fail_under")))
    return DEFAULT_FLOOR
