"""Which dependency manager, files, groups and extras a project has, and what each provides."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.detect import dependencies
from pitstop.detect import tests as tests_detect
from pitstop.errors import PitstopError
from tests.detect.test_aspects import write

COOKIECUTTER = {
    "requirements/base.txt": "Django==5.2.1\ndjango-environ==0.12.0\n",
    "requirements/local.txt": "-r base.txt\npytest==8.3.5\npytest-django==4.11.1\n",
    "requirements/production.txt": "-r base.txt\ngunicorn==23.0.0\npsycopg[c]==3.2.9\n",
}

UV_PYPROJECT = """\
[project]
name = "shop"
dependencies = ["Django>=5.2", "dj-database-url"]

[project.optional-dependencies]
postgres = ["psycopg[binary]>=3.2"]
docs = ["sphinx"]

[dependency-groups]
test = ["pytest-django>=4.9"]
lint = ["ruff"]
dev = [{include-group = "test"}, {include-group = "lint"}, "ipython"]
"""

UV_LOCK = """\
version = 1

[[package]]
name = "django"
version = "5.2.1"
dependencies = [{ name = "asgiref" }, { name = "sqlparse" }]

[[package]]
name = "asgiref"
version = "3.8.1"

[[package]]
name = "pytest-django"
version = "4.11.1"
dependencies = [{ name = "pytest" }]

[[package]]
name = "pytest"
version = "8.3.5"
"""


def test_cookiecutter_chain(tmp_path: Path) -> None:
    deps = dependencies.detect(write(tmp_path, COOKIECUTTER))
    assert deps.manager == "pip"
    roles = {f.path: f.role for f in deps.files}
    assert roles == {
        "requirements/base.txt": "base",
        "requirements/local.txt": "dev",
        "requirements/production.txt": "production",
    }
    assert deps.main == {"django", "django-environ", "gunicorn", "psycopg"}
    assert deps.pinned("psycopg") == "3.2.9"
    assert (deps.prod_lock, deps.dev_lock) == (
        "requirements/production.txt",
        "requirements/local.txt",
    )
    assert not deps.hashed


def test_in_file_is_dropped_when_compiled_but_kept_alone(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.in": "django\n",
            "requirements.txt": "django==5.2.1\n",
            "requirements-dev.in": "pytest\n",
        },
    )
    deps = dependencies.detect(tmp_path)
    assert deps.lock_files == ("requirements-dev.in", "requirements.txt")


def test_broken_chain_stops_detection(tmp_path: Path) -> None:
    write(tmp_path, {"requirements-dev.txt": "-r requirements/base.txt\n"})
    with pytest.raises(PitstopError, match="which does not exist"):
        dependencies.detect(tmp_path)


def test_uv_groups_extras_and_lock_closure(tmp_path: Path) -> None:
    deps = dependencies.detect(
        write(tmp_path, {"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK})
    )
    assert deps.manager == "uv"
    sections = {(s.kind, s.name): s for s in deps.sections}
    assert set(sections) == {
        ("group", "dev"),
        ("group", "lint"),
        ("group", "test"),
        ("extra", "postgres"),
        ("extra", "docs"),
    }
    assert sections["group", "dev"].names == {"pytest-django", "pytest", "ruff", "ipython"}
    assert sections["extra", "postgres"].production
    assert not sections["group", "dev"].production
    assert deps.main == {"django", "asgiref", "sqlparse", "dj-database-url"}
    assert deps.pinned("pytest") == "8.3.5"


def test_include_group_cycle_is_an_error(tmp_path: Path) -> None:
    pyproject = '[dependency-groups]\na = [{include-group = "b"}]\nb = [{include-group = "a"}]\n'
    write(tmp_path, {"pyproject.toml": pyproject, "uv.lock": "version = 1\n"})
    with pytest.raises(PitstopError) as caught:
        dependencies.detect(tmp_path)
    assert "includes itself" in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.line == 3  # where b includes a again


def test_poetry_groups_and_extras(tmp_path: Path) -> None:
    pyproject = """\
[tool.poetry.dependencies]
python = "^3.12"
Django = "^5.2"
psycopg = { version = "^3.2", optional = true }

[tool.poetry.extras]
pg = ["psycopg"]

[tool.poetry.group.test.dependencies]
pytest-django = "^4.9"

[tool.poetry.group.docs]
optional = true

[tool.poetry.group.docs.dependencies]
sphinx = "*"
"""
    lock = (
        '[[package]]\nname = "pytest-django"\nversion = "4.11.1"\n\n'
        '[package.dependencies]\npytest = ">=7"\n'
    )
    deps = dependencies.detect(write(tmp_path, {"pyproject.toml": pyproject, "poetry.lock": lock}))
    assert deps.manager == "poetry"
    assert {s.name for s in deps.sections} == {"test", "docs", "pg"}
    test = next(s for s in deps.sections if s.name == "test")
    assert test.names == {"pytest-django", "pytest"}
    assert "django" in deps.main and "python" not in deps.main


def test_pdm_lock(tmp_path: Path) -> None:
    pyproject = (
        '[project]\ndependencies = ["django"]\n\n'
        '[tool.pdm.dev-dependencies]\ntest = ["pytest-django"]\n'
    )
    lock = '[[package]]\nname = "django"\nversion = "5.2.1"\ndependencies = ["asgiref>=3.8"]\n'
    deps = dependencies.detect(write(tmp_path, {"pyproject.toml": pyproject, "pdm.lock": lock}))
    assert (deps.manager, deps.lock_files) == ("pdm", ("pdm.lock",))
    assert deps.main == {"django", "asgiref"}
    assert [s.name for s in deps.sections] == ["test"]


def test_an_unpinned_pytest_django_makes_a_pytest_project(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "Django>=5.2\npytest-django>=4.9\n"})
    deps = dependencies.detect(tmp_path)
    assert deps.pinned("pytest-django") is None
    assert tests_detect.detect(tmp_path, deps).runner == "pytest"


def test_a_uv_lock_of_a_pyproject_declaring_nothing_yields_to_requirements(
    tmp_path: Path,
) -> None:
    files = {
        **COOKIECUTTER,
        "pyproject.toml": '[project]\nname = "site"\nrequires-python = ">=3.12"\n',
        "uv.lock": 'version = 1\n\n[[package]]\nname = "site"\nversion = "0"\n',
    }
    assert dependencies.detect(write(tmp_path, files)).manager == "pip"
    files["pyproject.toml"] += 'dependencies = ["django"]\n'
    assert dependencies.detect(write(tmp_path / "declared", files)).manager == "uv"
