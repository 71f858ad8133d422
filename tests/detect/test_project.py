from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.detect.project import detect
from pitstop.errors import PitstopError
from tests.conftest import PIP_PROJECT, POETRY_PROJECT, UV_PROJECT, Files


def test_pip_project(project: Callable[[Files], Path]) -> None:
    found = detect(project(PIP_PROJECT))
    assert found.name == "mysite"
    assert found.python.versions == ("3.12", "3.13")
    assert found.python.source == "requires-python"
    deps = found.dependencies
    assert (deps.manager, deps.lock_files, deps.hashed) == ("pip", ("requirements.txt",), False)
    assert deps.pinned("Django") == "5.2.1"
    assert found.django.settings == found.django.test_settings == "mysite.settings"
    assert found.django.production_settings == "mysite.settings"
    assert found.django.apps == ("polls",)
    assert found.django.static_root == "collected"
    assert found.database.version == "15"
    assert found.database.style == "discrete"
    assert found.database.env() == {
        "DB_HOST": "localhost",
        "DB_NAME": "mysite",
        "DB_PASSWORD": "postgres",
        "DB_PORT": "5432",
        "DB_USER": "postgres",
    }
    assert (found.tests.runner, found.tests.coverage_floor) == ("pytest", 70)
    assert [(item.name, item.version) for item in found.linters] == [("black", "25.1.0")]
    assert found.precommit.config is None
    assert found.frontend is None
    assert found.default_branch == "main"


def test_uv_project(project: Callable[[Files], Path]) -> None:
    found = detect(project(UV_PROJECT))
    assert found.python.versions == ("3.11", "3.12")
    assert found.dependencies.manager == "uv"
    assert found.dependencies.lock_files == ("uv.lock",)
    assert found.database.style == "url"
    assert found.database.version == "16"
    assert found.tests.runner == "django"
    assert found.tests.coverage_floor == 85
    assert not found.tests.junit
    assert [(item.name, item.version, item.in_lock) for item in found.linters] == [
        ("ruff", "0.11.9", True),
        ("mypy", "1.15.0", True),
    ]
    assert found.precommit.config == ".pre-commit-config.yaml"
    assert found.precommit.remote
    assert found.django.wsgi == "config.wsgi"


def test_poetry_tailwind_project(project: Callable[[Files], Path]) -> None:
    found = detect(project(POETRY_PROJECT))
    assert found.name == "blog"
    assert found.dependencies.manager == "poetry"
    assert found.django.settings == "blog.settings.dev"
    assert found.django.test_settings == "blog.settings.test"
    assert found.django.production_settings == "blog.settings.production"
    assert found.django.production_env == ("ALLOWED_HOSTS", "SECRET_KEY")
    assert found.django.templates == "templates"
    assert found.django.wsgi == "blog.wsgi"
    assert found.django.apps == ("articles",)
    assert found.tests.runner == "pytest"
    assert {item.name: item.version for item in found.linters} == {
        "bandit": "1.8.3",
        "djlint": "1.36.4",
    }
    front = found.frontend
    assert front is not None
    assert front.node_version == "22"
    assert front.lock == "package-lock.json"
    assert front.tailwind_input == "./assets/app.css"
    assert front.output == "blog/static/css/app.css"


def test_not_a_django_project(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match=r"no manage\.py"):
        detect(tmp_path)


def test_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="not a directory"):
        detect(tmp_path / "missing")


def test_broken_pyproject_is_a_located_error(project: Callable[[Files], Path]) -> None:
    root = project({**PIP_PROJECT, "pyproject.toml": '[project]\nname = "x\n'})
    with pytest.raises(PitstopError) as caught:
        detect(root)
    assert caught.value.location is not None
    assert caught.value.location.line == 2
