"""The version of each tool a generated step installs, for the oldest Python the project runs.

`NEWEST` are the releases pitstop pins by default; several need Python 3.10 or 3.11. A project
that still tests on an older Python gets, per tool, the newest release whose `Requires-Python`
admits that Python (read from PyPI's metadata on 1 Dec 2026), so that the same install step works
in every cell of its matrix, here and on GitHub.
"""

from __future__ import annotations

NEWEST = {
    "pytest": "9.2.0",
    "pytest-django": "4.14.0",
    "pytest-cov": "7.1.0",
    "coverage": "7.17.3",
    "black": "26.10.1",
    "ruff": "0.17.6",
    "mypy": "1.19.1",
    "bandit": "1.9.4",
    "djlint": "1.54.0",
    "pre-commit": "4.7.0",
    "psycopg": "3.3.9",
    "psycopg2-binary": "2.9.13",
    "django-stubs": "5.2.9",
    "pip-audit": "2.10.1",
    "poetry": "2.5.1",
    "pipenv": "2026.10.3",
    "pdm": "2.29.4",
    "uv": "0.13.9",
}
# oldest Python -> the tools whose NEWEST does not install on it, with the release that does
OLDER: dict[tuple[int, int], dict[str, str]] = {
    (3, 10): {"coverage": "7.16.2", "djlint": "1.46.4", "pre-commit": "4.6.2"},
    (3, 9): {
        "poetry": "2.2.1",
        "pipenv": "2025.0.4",
        "pdm": "2.26.9",
        "pip-audit": "2.9.0",
        "pytest": "8.4.2",
        "pytest-django": "4.11.1",
        "coverage": "7.10.7",
        "black": "25.11.0",
        "bandit": "1.8.6",
        "djlint": "1.36.4",
        "pre-commit": "4.3.0",
        "psycopg": "3.2.13",
        "psycopg2-binary": "2.9.12",
        "django-stubs": "5.1.3",
    },
    (3, 8): {
        "poetry": "1.8.5",
        "pipenv": "2024.4.1",
        "pdm": "2.20.1",
        "pip-audit": "2.7.3",
        "pytest": "8.3.5",
        "pytest-django": "4.11.1",
        "pytest-cov": "5.0.0",
        "coverage": "7.6.1",
        "black": "24.8.0",
        "mypy": "1.14.1",
        "bandit": "1.7.10",
        "djlint": "1.35.2",
        "pre-commit": "3.5.0",
        "psycopg": "3.2.13",
        "psycopg2-binary": "2.9.10",
        "django-stubs": "5.1.3",
    },
    (3, 7): {
        "poetry": "1.5.1",
        "pipenv": "2023.10.3",
        "pdm": "2.10.4",
        "pip-audit": "2.6.1",
        "pytest": "7.4.4",
        "pytest-django": "4.5.2",
        "pytest-cov": "4.1.0",
        "coverage": "7.2.7",
        "black": "23.3.0",
        "mypy": "1.4.1",
        "bandit": "1.7.5",
        "djlint": "1.19.16",
        "pre-commit": "2.21.0",
        "psycopg": "3.1.20",
        "psycopg2-binary": "2.9.9",
        "django-stubs": "4.2.0",
    },
}


def version(tool: str, python: str) -> str:
    """The release of `tool` to pin for a job whose oldest Python is `python` ("3.9")."""
    key = _minor(python)
    if key in OLDER:
        return OLDER[key].get(tool, NEWEST[tool])
    if key < min(OLDER):
        return OLDER[min(OLDER)].get(tool, NEWEST[tool])
    return NEWEST[tool]


def _minor(python: str) -> tuple[int, int]:
    parts = python.split(".")
    try:
        return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return (99, 0)  # not a version (an expression, "3.x"): the newest releases
