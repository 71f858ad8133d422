"""The test job: it measures what the project measures, with the assets its templates need."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pitstop.generate import ci, config
from tests.conftest import PIP_PROJECT, POETRY_PROJECT, UV_PROJECT, Files


def test_a_coveragerc_source_list_is_not_overridden(project: Callable[[Files], Path]) -> None:
    files = {**UV_PROJECT, ".coveragerc": "[run]\nsource =\n    shop\n    config\n"}
    loaded = config.load(project(files))
    assert loaded.tests.coverage_source == ("shop", "config")
    script = ci.test_script(loaded)
    assert "python -m coverage run --branch manage.py test --noinput\n" in script
    assert "--source" not in script


def test_pyproject_source_makes_pytest_cov_read_it(project: Callable[[Files], Path]) -> None:
    files = dict(PIP_PROJECT)
    files["pyproject.toml"] += '\n[tool.coverage.run]\nsource = ["polls", "mysite"]\n'
    loaded = config.load(project(files))
    assert loaded.tests.coverage_source == ("polls", "mysite")
    assert "python -m pytest --cov --cov-branch" in ci.test_script(loaded)


def test_without_a_source_list_the_apps_are_measured(project: Callable[[Files], Path]) -> None:
    loaded = config.load(project(UV_PROJECT))
    assert loaded.tests.coverage_source == ()
    assert "coverage run --branch --source=shop manage.py test" in ci.test_script(loaded)


def test_templates_that_read_a_build_manifest_get_the_built_assets_in_the_tests(
    project: Callable[[Files], Path],
) -> None:
    files = dict(POETRY_PROJECT)  # a Tailwind build beside the templates
    plain = config.load(project(files))
    assert "needs" not in ci.test_job(plain)
    files["poetry.lock"] += '\n[[package]]\nname = "django-manifest-loader"\nversion = "1.0.0"\n'
    loader = config.load(project(files))
    job = ci.test_job(loader)
    assert job["needs"] == ["frontend"]
    steps = job["steps"]
    assert isinstance(steps, list)
    download = next(s for s in steps if s.get("name") == "Download frontend-assets")
    assert download["with"] == {"name": "frontend-assets", "path": "blog/static/css"}


def test_an_old_pythons_audit_runs_on_a_python_pip_audit_supports(
    project: Callable[[Files], Path],
) -> None:
    files = {
        **PIP_PROJECT,
        "pyproject.toml": '[project]\nname = "old"\nrequires-python = "<3.10"\n',
    }
    files["requirements.txt"] = "Django==3.2.25\n"
    old = config.load(project(files))
    assert old.python.newest == "3.9"
    setup = ci.security_job(old)["steps"]
    assert isinstance(setup, list)
    assert setup[1]["with"] == {"python-version": ci.AUDIT_PYTHON}
    assert ci.audit_python(config.load(project(PIP_PROJECT))) == "3.13"
