"""How the tests run (pytest-django or `manage.py test`) and the coverage floor.

With manage.py a folder down (`src/manage.py`), pytest still runs at the root; pytest-django
looks for manage.py only in its arguments' folders, their parents and the working
directory, so the settings import only when the pytest config puts that folder on
`sys.path` (`pythonpath = "src"`). Without it, init says so (`folder_note`).
"""

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


# Where pytest reads its ini options, in its own order of precedence (pyproject.toml's table
# is read separately).
PYTEST_INI = (("pytest.ini", "pytest"), ("setup.cfg", "tool:pytest"), ("tox.ini", "pytest"))


def folder_note(root: Path, base: str, runner: str) -> str | None:
    """A note when pytest would not find the Django folder `base` on its own."""
    if runner != "pytest" or not base or base in _pytest_pythonpath(root):
        return None
    return (
        f'tests: manage.py is in {base}/ and the pytest config has no pythonpath = "{base}": '
        "pytest runs at the repository root, where the settings may not import; add it to "
        "[tool.pytest.ini_options] (or set [tool.pitstop] test-runner)"
    )


def _pytest_pythonpath(root: Path) -> set[str]:
    """The folders pytest's `pythonpath` option adds, as written ("./src/" is "src")."""
    value = table(read_toml(root / "pyproject.toml"), "tool", "pytest", "ini_options").get(
        "pythonpath"
    )
    if value is None:
        for name, section in PYTEST_INI:
            parser = configparser.ConfigParser(interpolation=None)
            try:
                parser.read_string(read_text(root / name) or "")
            except configparser.Error:
                continue
            if parser.has_option(section, "pythonpath"):
                value = parser.get(section, "pythonpath")
                break
    words = value if isinstance(value, list) else str(value or "").split()
    return {str(word).removeprefix("./").rstrip("/") for word in words}
