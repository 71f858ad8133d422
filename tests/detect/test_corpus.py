"""Detection on the corpus fixtures: the shapes of real Django projects nobody here wrote.

Each fixture under tests/fixtures/corpus/<name>/ reproduces, in our own words, what matters for
detection in one real project (bench/corpus.toml names it; ORIGIN.md says what was modelled).
The assertions are what a senior Django engineer would say about that project. Where today's
detection is wrong, the single assertion is marked xfail(strict=True) with what is wrong, so
it flips the day the fix lands. As everywhere in tests/, the settings are not executed
(PITSTOP_SETTINGS_PROBE=off, tests/conftest.py): these are the text-based answers, the ones
init falls back to when a project cannot be installed to probe its settings.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from pitstop.detect.extensions import names
from pitstop.detect.project import Project, detect
from pitstop.generate._steps import install

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
INCLUDE = re.compile(r"^\s*-r\s+(\S+)", re.M)
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)", re.M)


@functools.cache
def found(name: str) -> Project:
    return detect(CORPUS / name)


def installed_packages(name: str, job: str = "test") -> set[str]:
    """Package names the job's generated pip install steps install: the pinned tools, and the
    files read with `-r`, following their includes."""
    project = found(name)
    runs = " ".join(str(step.get("run", "")) for step in install(project, job))
    files = [project.root / f for f in re.findall(r"-r\s+(\S+)", runs)]
    # the pinned tools the job installs beside the files: "psycopg[binary]==3.3.9"
    names = {m.lower() for m in re.findall(r'"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==', runs)}
    while files:
        path = files.pop()
        text = path.read_text(encoding="utf-8")
        names |= {m.lower() for m in REQUIREMENT.findall(text)}
        files += [path.parent / include for include in INCLUDE.findall(text)]
    return names


def test_every_fixture_has_its_origin() -> None:
    fixtures = [path for path in CORPUS.iterdir() if path.is_dir()]
    assert len(fixtures) >= 9
    for fixture in fixtures:
        origin = (fixture / "ORIGIN.md").read_text(encoding="utf-8")
        assert "Commit:" in origin and "Licence:" in origin and "text our own" in origin
        assert len([p for p in fixture.rglob("*") if p.is_file()]) < 30


# healthchecks: one env-configured settings module, a DB switch, apps in the `hc` package.


def test_healthchecks_settings_and_runner() -> None:
    project = found("healthchecks")
    assert project.django.settings == "hc.settings"
    assert project.django.test_settings == project.django.production_settings == "hc.settings"
    assert project.tests.runner == "django"
    assert project.database.engine == "postgresql"
    assert project.dependencies.manager == "pip"


def test_healthchecks_apps() -> None:
    assert found("healthchecks").django.apps == ("hc",)


def test_healthchecks_tests_get_django() -> None:
    assert "django" in installed_packages("healthchecks")


def test_healthchecks_production_install() -> None:
    assert found("healthchecks").dependencies.prod_lock == "requirements.txt"


def test_healthchecks_python_versions_follow_django() -> None:
    assert found("healthchecks").python.versions == ("3.12", "3.13")


def test_healthchecks_database_switch() -> None:
    assert found("healthchecks").database.env().get("DB") == "postgres"


# bakerydemo: a Wagtail site with a requirements chain and a settings package.


def test_bakerydemo_detection() -> None:
    project = found("bakerydemo")
    assert project.python.versions == ("3.12",)
    assert project.dependencies.dev_lock == "requirements/development.txt"
    assert project.dependencies.prod_lock in ("requirements.txt", "requirements/production.txt")
    assert project.django.settings == "bakerydemo.settings.dev"
    assert project.django.production_settings == "bakerydemo.settings.production"
    assert (project.database.style, project.database.version) == ("url", "18")
    assert project.tests.runner == "django"
    assert project.frontend is None  # package.json only lints: nothing to build


def test_bakerydemo_test_settings() -> None:
    assert found("bakerydemo").django.test_settings == "bakerydemo.settings.test"


def test_bakerydemo_apps() -> None:
    assert found("bakerydemo").django.apps == ("bakerydemo",)


def test_bakerydemo_tests_get_the_postgres_driver() -> None:
    assert "psycopg" in installed_packages("bakerydemo")


# styleguide: config/django settings, requirements/local.txt for tools, a forced CI database.


def test_styleguide_detection() -> None:
    project = found("styleguide")
    assert project.django.settings == "config.django.base"
    assert project.django.test_settings == "config.django.test"
    assert project.django.production_settings == "config.django.production"
    assert project.dependencies.prod_lock in ("requirements.txt", "requirements/base.txt")
    assert project.tests.runner == "pytest"
    assert project.database.version == "14"


def test_styleguide_dev_install() -> None:
    assert found("styleguide").dependencies.dev_lock == "requirements/local.txt"
    assert {"pytest", "ruff", "mypy"} <= installed_packages("styleguide")


def test_styleguide_python_from_runtime_txt() -> None:
    assert found("styleguide").python.versions == ("3.12",)


def test_styleguide_database_forced_under_github_workflow() -> None:
    assert found("styleguide").database.name == "github_actions"


def test_styleguide_apps() -> None:
    assert found("styleguide").django.apps == ("styleguide_example",)


# learnmusic: cookiecutter-django requirements chain beside an empty uv project.


def test_learnmusic_detection() -> None:
    project = found("learnmusic")
    assert project.python.versions == ("3.12", "3.13")
    assert project.django.settings == "config.settings.local"
    assert project.django.production_settings == "config.settings.production"
    assert project.django.apps == ("intervals",)
    assert project.database.engine == "sqlite"
    assert project.tests.runner == "pytest"
    assert project.frontend is None  # package.json only runs jest


def test_learnmusic_installs_the_requirements_chain() -> None:
    deps = found("learnmusic").dependencies
    assert (deps.manager, deps.dev_lock) == ("pip", "requirements/local.txt")


def test_learnmusic_test_settings() -> None:
    assert found("learnmusic").django.test_settings == "config.settings.test"


# djangoproject: uv dependency groups, apps at the root (one is called docs), two databases.


def test_djangoproject_detection() -> None:
    project = found("djangoproject")
    assert project.dependencies.manager == "uv"
    assert project.python.versions == ("3.12",)
    assert project.django.settings == "djangoproject.settings.dev"
    assert project.django.production_settings == "djangoproject.settings.prod"
    assert (project.database.engine, project.database.version) == ("postgresql", "17")
    assert project.tests.runner == "django"


def test_djangoproject_extension_from_its_migration() -> None:
    assert names(found("djangoproject").extensions) == ("pg_trgm",)


def test_djangoproject_apps() -> None:
    assert found("djangoproject").django.apps == ("blog", "docs", "tracdb")


def test_djangoproject_database_is_not_a_url() -> None:
    assert found("djangoproject").database.style != "url"


# pydis-site: uv groups, DJANGO_SETTINGS_MODULE set through a dict in manage.py.


def test_pydis_site_detection() -> None:
    project = found("pydis-site")
    assert project.dependencies.manager == "uv"
    assert project.python.versions == ("3.13",)
    assert (project.database.style, project.database.version) == ("url", "15")
    assert project.tests.runner == "django"


def test_pydis_site_settings() -> None:
    project = found("pydis-site")
    assert project.django.settings == "pydis_site.settings"
    assert project.django.wsgi == "pydis_site.wsgi"


def test_pydis_site_apps() -> None:
    assert found("pydis-site").django.apps == ("pydis_site",)


# vinta-boilerplate: the Django project lives in backend/.


def test_vinta_boilerplate_backend_folder_is_the_django_folder() -> None:
    """The fixture is the template with its placeholders filled in (a project made from it):
    manage.py one folder down, the packaging and frontend at the root. The real tree, with
    `{{project_name}}` in manage.py, stays a clear error (tests/detect/test_django.py)."""
    project = found("vinta-boilerplate")
    assert project.django.base == "backend"
    assert project.django.settings == "project_name.settings.test"
    assert project.django.apps == ("backend/users",)
    assert project.dependencies.manager == "poetry"


# pretalx: Django in src/ (src/manage.py, src/pretalx/), uv and pytest config at the root.


def test_pretalx_django_folder_is_src() -> None:
    dj = found("pretalx").django
    assert (dj.base, dj.manage) == ("src", "src/manage.py")
    assert dj.settings == dj.production_settings == "pretalx.settings"
    assert dj.test_settings == "pretalx.common.settings.test_settings"
    assert dj.apps == ("src/pretalx",)
    assert dj.wsgi == "pretalx.wsgi"


def test_pretalx_packaging_and_tests_are_read_at_the_root() -> None:
    project = found("pretalx")
    assert project.dependencies.manager == "uv"
    assert project.python.versions[0] == "3.13"
    assert (project.tests.runner, project.tests.coverage_floor) == ("pytest", 100)
    assert not any("pythonpath" in note for note in project.notes)  # its config has it


@pytest.mark.xfail(
    strict=True,
    reason="from the text alone: STATIC_ROOT is computed over several lines; executing the "
    "settings (off in tests) finds src/static.dist",
)
def test_pretalx_static_root() -> None:
    assert found("pretalx").django.static_root == "src/static.dist"


# torre: a UTF-16 requirements.txt, settings that force the database under GITHUB_WORKFLOW.


def test_torre_detection() -> None:
    project = found("torre")
    assert project.django.settings == "config.settings"
    assert project.django.apps == ("account",)
    assert project.tests.runner == "django"
    assert project.database.engine == "postgresql"


def test_torre_pins_from_utf16_requirements() -> None:
    assert found("torre").dependencies.pinned("Django") == "3.2.9"


def test_torre_database_forced_under_github_workflow() -> None:
    assert found("torre").database.name == "github_actions"


def test_torre_python_versions_follow_django() -> None:
    assert set(found("torre").python.versions) <= {"3.8", "3.9", "3.10"}


# tagboard: Python 3.14 only, django-tailwind theme app, pytest --ds in addopts.


def test_tagboard_detection() -> None:
    project = found("tagboard")
    assert project.dependencies.manager == "uv"
    assert project.django.settings == "config.settings.local"
    assert project.django.production_settings == "config.settings.production"
    assert project.django.apps == ("tesys_tagboard",)
    assert project.tests.runner == "pytest"


def test_tagboard_python() -> None:
    assert found("tagboard").python.versions == ("3.14",)


def test_tagboard_test_settings() -> None:
    assert found("tagboard").django.test_settings == "config.settings.test"


def test_tagboard_tailwind_theme_build() -> None:
    frontend = found("tagboard").frontend
    assert frontend is not None and frontend.build_script == "build"


def test_tagboard_postgres_version() -> None:
    assert found("tagboard").postgres.version == "17"


# pinry: poetry with a private source, Django 2.2, a Vue SPA in a subfolder.


def test_pinry_detection() -> None:
    project = found("pinry")
    assert project.dependencies.manager == "poetry"
    assert project.django.settings == "pinry.settings.development"
    assert project.django.apps == ("core",)
    assert project.tests.runner == "django"


def test_pinry_production_settings() -> None:
    assert found("pinry").django.production_settings == "pinry.settings.docker"


def test_pinry_python_versions_follow_django() -> None:
    assert set(found("pinry").python.versions) <= {"3.7", "3.8", "3.9"}


def test_pinry_frontend_in_a_subfolder() -> None:
    frontend = found("pinry").frontend
    assert frontend is not None and frontend.build_script == "build"


# myresume: django-tailwind-cli (Tailwind 3) on Poetry, no database, no tests.


def test_myresume_detection() -> None:
    project = found("myresume")
    assert project.dependencies.manager == "poetry"  # requirements.txt only pins Poetry itself
    assert project.django.settings == "myresume.settings"
    assert project.django.apps == ("myresume",)
    assert "3.12" in project.python.versions and "3.11" not in project.python.versions
    frontend = project.frontend
    assert frontend is not None and frontend.kind == "django-tailwind-cli"
    assert frontend.tailwind_cli is not None
    assert (frontend.tailwind_cli.version, frontend.tailwind_cli.npm_package) == (
        "3.4.0",
        "tailwindcss",
    )


def test_myresume_tailwind_input() -> None:
    frontend = found("myresume").frontend
    assert frontend is not None and frontend.tailwind_input == "myresume/assets-src/css/main.css"


def test_myresume_tailwind_output() -> None:
    frontend = found("myresume").frontend
    assert frontend is not None and frontend.output == "myresume/staticfiles/css/main.css"


def test_myresume_needs_no_database_server() -> None:
    assert found("myresume").database.engine == "none"  # `DATABASES = {}`: not even SQLite


# wagtail-guide: Poetry groups, apps/ package, dj-database-url with a SQLite default.


def test_wagtail_guide_detection() -> None:
    project = found("wagtail-guide")
    assert project.dependencies.manager == "poetry"
    assert project.django.settings == "apps.guide.settings.dev"
    assert project.django.production_settings == "apps.guide.settings.production"
    assert project.django.test_settings == "apps.guide.settings.test"
    assert project.django.apps == ("apps",)
    assert project.tests.runner == "django"
    assert project.python.versions == ("3.11",)
    assert project.database.version == "17"
    frontend = project.frontend
    assert frontend is not None and frontend.build_script == "build"
    assert frontend.node_version == "24"


def test_wagtail_guide_database_is_postgresql() -> None:
    assert found("wagtail-guide").database.engine == "postgresql"


def test_wagtail_guide_frontend_output() -> None:
    frontend = found("wagtail-guide").frontend
    assert frontend is not None and frontend.output == "apps/frontend/static"


def test_text_decisions_about_the_test_database_are_said() -> None:
    assert any("force 127.0.0.1:5432" in note for note in found("torre").notes)
    assert any("DB=postgres" in note for note in found("healthchecks").notes)


# wger: uv with a dev group, a settings/ package at the root, apps in wger/, Django 6.


def test_wger_detection() -> None:
    project = found("wger")
    assert project.dependencies.manager == "uv"
    assert project.python.versions == ("3.12", "3.13", "3.14")
    assert project.django.manage == "manage.py"
    assert project.django.test_settings == "settings.ci"  # the project's own workflow says so
    assert project.django.production_settings == "settings.main"
    assert project.django.apps == ("wger",)
    assert project.tests.runner == "django"
    assert names(project.extensions) == ("btree_gin", "pg_trgm")
    assert project.uncompiled_catalogs == ("wger/locale/de/LC_MESSAGES/django.po",)
    assert project.frontend is None  # package.json compiles Sass, but has no build script
    assert [linter.name for linter in project.linters] == ["ruff"]


@pytest.mark.xfail(
    strict=True,
    reason="from the text alone: the engine comes from settings.main's DJANGO_DB_* variables; "
    "settings.ci hardcodes SQLite, which executing the settings (init's path) finds",
)
def test_wger_tests_run_on_sqlite() -> None:
    assert found("wger").database.engine == "sqlite"
