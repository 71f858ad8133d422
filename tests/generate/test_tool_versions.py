"""Tool pins follow the oldest Python a project runs: every cell of its matrix can install them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from packaging.version import Version

from pitstop.generate import ci, config, tool_versions
from tests.conftest import POETRY_PROJECT, Files


def test_an_older_python_never_gets_a_newer_release() -> None:
    pythons = sorted(tool_versions.OLDER, reverse=True)
    for tool, newest in tool_versions.NEWEST.items():
        chosen = [
            Version(tool_versions.version(tool, f"{major}.{minor}")) for major, minor in pythons
        ]
        assert chosen == sorted(chosen, reverse=True), tool
        assert all(v <= Version(newest) for v in chosen), tool


def test_current_pythons_get_the_newest_releases() -> None:
    for python in ("3.11", "3.12", "3.13", "3.14", "${{ matrix.python }}"):
        assert tool_versions.version("poetry", python) == tool_versions.NEWEST["poetry"]
    assert tool_versions.version("poetry", "3.6") == tool_versions.OLDER[(3, 7)]["poetry"]


def _steps_text(job: dict[str, object]) -> str:
    steps = job["steps"]
    assert isinstance(steps, list)
    return "\n".join(str(step.get("run", "")) for step in steps)


def python_3_8_poetry_project() -> Files:
    """POETRY_PROJECT on Python 3.8 and 3.9, with a Django that supports them."""
    files = dict(POETRY_PROJECT)
    files["pyproject.toml"] = files["pyproject.toml"].replace(
        'python = "^3.12"', 'python = ">=3.8,<3.10"'
    )
    files["poetry.lock"] = files["poetry.lock"].replace('version = "5.2.1"', 'version = "3.2.25"')
    files["pyproject.toml"] += '\n[tool.poetry.group.dev.dependencies]\npytest = "*"\n'
    return files


def test_a_python_3_8_poetry_project_gets_tools_that_install_on_3_8(
    project: Callable[[Files], Path],
) -> None:
    old = config.load(project(python_3_8_poetry_project()))
    assert old.python.oldest == "3.8"
    install = _steps_text(ci.test_job(old))
    assert 'pip install "poetry==1.8.5"' in install
    assert "poetry==2.5.1" not in install
    assert "poetry install --no-interaction --no-root --all-extras --with dev\n" in install
    security = _steps_text(ci.security_job(old))
    assert "poetry==1.8.5" in security and "pip-audit==2.9.0" in security
    # pip-audit keeps its own venv (poetry 1.x pins its dependencies to older releases) and
    # audits the interpreter poetry's install put first on PATH
    assert '"$RUNNER_TEMP/pip-audit/bin/python" -m pip install "pip-audit==2.9.0"' in security
    assert security.rstrip().endswith(ci.ISOLATED_AUDIT)


def test_a_current_project_keeps_the_newest_pins(project: Callable[[Files], Path]) -> None:
    current = config.load(project(POETRY_PROJECT))
    assert f'"poetry=={tool_versions.NEWEST["poetry"]}"' in _steps_text(ci.test_job(current))
