"""The test files a project's runner collects: a defect put anywhere else is never run.

pytest collects the files matching `python_files` (default `test_*.py` and `*_test.py`; with
pytest-django projects often add `tests.py`); `manage.py test` (unittest discovery) collects
`test*.py`, and only the methods of `TestCase` classes.
"""

from __future__ import annotations

import configparser
import fnmatch
from pathlib import Path

from pitstop.detect._files import read_text, read_toml, table
from pitstop.prove import source

PYTEST_DEFAULT = ("test_*.py", "*_test.py")
UNITTEST_DEFAULT = ("test*.py",)
# Where pytest reads its ini options, in its own order of precedence.
INI_FILES = (("pytest.ini", "pytest"), ("tox.ini", "pytest"), ("setup.cfg", "tool:pytest"))


def patterns(root: Path, runner: str) -> tuple[str, ...]:
    if runner == "django":
        return UNITTEST_DEFAULT
    return _pytest_python_files(root) or PYTEST_DEFAULT


def _pytest_python_files(root: Path) -> tuple[str, ...]:
    ini = read_text(root / "pytest.ini")
    if ini is not None:
        return _from_ini(ini, "pytest")
    value = table(read_toml(root / "pyproject.toml"), "tool", "pytest", "ini_options").get(
        "python_files"
    )
    if value is not None:
        return tuple(value) if isinstance(value, list) else tuple(str(value).split())
    for name, section in INI_FILES[1:]:
        text = read_text(root / name)
        if text is not None and (found := _from_ini(text, section)):
            return found
    return ()


def _from_ini(text: str, section: str) -> tuple[str, ...]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return ()
    if not parser.has_option(section, "python_files"):
        return ()
    return tuple(parser.get(section, "python_files").split())


def test_files(root: Path, runner: str) -> list[Path]:
    """The files the runner collects that define a test, sorted."""
    wanted = patterns(root, runner)
    return [
        path
        for path in source.walk(root)
        if any(fnmatch.fnmatch(path.name, pattern) for pattern in wanted)
        and "def test" in path.read_text(encoding="utf-8", errors="replace")
    ]
