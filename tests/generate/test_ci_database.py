"""The test job's database wiring and the django-checks env, from a detected project whose
database and settings records say what executing the settings found (see
tests/detect/test_settings_probe.py for the probe itself)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from pitstop.detect import django as django_detect
from pitstop.detect import placeholders
from pitstop.detect.project import Project, detect
from pitstop.generate import ci
from tests.conftest import PIP_PROJECT, UV_PROJECT, make_repo


@pytest.fixture
def discrete(tmp_path: Path) -> Project:
    return detect(make_repo(tmp_path, PIP_PROJECT))


def test_a_forced_host_and_port_get_a_fixed_mapping(discrete: Project) -> None:
    db = replace(
        discrete.database,
        forced_host="127.0.0.1",
        forced_port="5432",
        name="github_actions",
        user="ci",
        password="ci-pass",
    )
    project = replace(discrete, database=db)
    job = ci.test_job(project)
    service = job["services"]["postgres"]  # type: ignore[index]
    assert service["ports"] == ["5432:5432"]
    assert service["env"] == {
        "POSTGRES_USER": "ci",
        "POSTGRES_PASSWORD": "ci-pass",
        "POSTGRES_DB": "github_actions",
    }
    env = ci.test_env(project)
    assert (env["DB_HOST"], env["DB_PORT"], env["DB_NAME"]) == (
        "127.0.0.1",
        "5432",
        "github_actions",
    )
    names = [step.get("name") for step in job["steps"]]  # type: ignore[attr-defined]
    assert "Point the tests at the PostgreSQL service" not in names


def test_a_free_port_is_read_from_the_service(discrete: Project) -> None:
    job = ci.test_job(discrete)
    assert job["services"]["postgres"]["ports"] == ["5432"]  # type: ignore[index]
    assert "DB_PORT" not in ci.test_env(discrete)
    step = ci.service_env_step(discrete)
    assert 'echo "DB_PORT=$SERVICE_PORT" >> "$GITHUB_ENV"' in str(step["run"])


def test_the_database_switch_and_required_test_variables_reach_the_test_job(
    tmp_path: Path,
) -> None:
    found = detect(make_repo(tmp_path, UV_PROJECT))
    project = replace(
        found,
        database=replace(found.database, switch=(("DB", "postgres"),)),
        django=replace(found.django, test_env=(("SENTRY_DSN", ""),)),
    )
    env = ci.test_env(project)
    assert (env["DB"], env["SENTRY_DSN"]) == ("postgres", "")
    assert ci.database_env(project)["DB"] == "postgres"
    assert ci.production_env(project, {})["DB"] == "postgres"


def test_no_service_and_no_database_variables_for_sqlite(discrete: Project) -> None:
    project = replace(discrete, database=replace(discrete.database, engine="sqlite"))
    assert "services" not in ci.test_job(project)
    assert not any(name.startswith("DB_") for name in ci.test_env(project))


def test_production_env_uses_the_accepted_placeholders_and_never_a_secret(
    discrete: Project,
) -> None:
    accepted = (
        ("DJANGO_SECRET_KEY", "probe-only"),
        ("APP_SECRET_KEY", "probe-only"),
        ("DJANGO_ALLOWED_HOSTS", "localhost"),
        ("CACHE_URL", "locmemcache://"),
        ("DJANGO_DEBUG", "0"),
    )
    project = replace(
        discrete,
        django=replace(
            discrete.django,
            production_env=tuple(name for name, _ in accepted),
            production_placeholders=accepted,
        ),
    )
    env = ci.production_env(project, {"DJANGO_ALLOWED_HOSTS": "example.org"})
    assert "probe-only" not in env.values()
    assert env["SECRET_KEY_NAMES"] == "APP_SECRET_KEY"
    assert (env["DJANGO_ALLOWED_HOSTS"], env["CACHE_URL"]) == ("example.org", "locmemcache://")


def test_the_secret_key_step_writes_every_secret_name(tmp_path: Path) -> None:
    github_env = tmp_path / "github_env"
    env = {**os.environ, "GITHUB_ENV": str(github_env), "SECRET_KEY_NAMES": "APP_SECRET_KEY"}
    done = subprocess.run(
        ["bash", "-e", "-c", ci.SECRET_KEY], env=env, capture_output=True, text=True, check=True
    )
    written = dict(line.split("=", 1) for line in github_env.read_text().splitlines())
    assert set(written) == {"SECRET_KEY", "DJANGO_SECRET_KEY", "APP_SECRET_KEY"}
    assert len(set(written.values())) == 1 and len(written["SECRET_KEY"]) > 40
    assert f"::add-mask::{written['SECRET_KEY']}" in done.stdout


@pytest.mark.parametrize(
    ("files", "manage", "test", "production", "found"),
    [
        (
            ["config/settings/__init__.py", "config/settings/local.py", "config/settings/test.py"],
            "config.settings.local",
            "config.settings.test",
            "config.settings.local",
            False,
        ),
        (
            ["config/settings/__init__.py", "config/settings/test.py", "config/settings/prod.py"],
            "config.settings",
            "config.settings.test",
            "config.settings.prod",
            True,
        ),
        (
            ["mysite/settings.py", "mysite/settings_test.py", "mysite/tests.py"],
            "mysite.settings",
            "mysite.settings_test",
            "mysite.settings",
            False,
        ),
        (
            ["mysite/settings.py", "mysite/tests.py", "mysite/production.py"],
            "mysite.settings",
            "mysite.settings",
            "mysite.production",
            True,
        ),
    ],
)
def test_test_and_production_settings_modules(
    tmp_path: Path, files: list[str], manage: str, test: str, production: str, found: bool
) -> None:
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    text = f'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "{manage}")\n'
    (tmp_path / "manage.py").write_text(text)
    dj = django_detect.detect(tmp_path)
    assert (dj.test_settings, dj.production_settings, dj.production_found) == (
        test,
        production,
        found,
    )


def test_settings_named_in_a_dict_in_manage_py(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text(
        'DEFAULTS = {"DJANGO_SETTINGS_MODULE": "site_x.settings"}\n'
    )
    assert django_detect.detect(tmp_path).settings == "site_x.settings"


@pytest.mark.parametrize(
    "read",
    ['env.list("DJANGO_ALLOWED_HOSTS")', 'config("DJANGO_ALLOWED_HOSTS", cast=Csv())'],
)
def test_without_execution_environ_and_decouple_names_still_get_placeholders(
    tmp_path: Path, read: str
) -> None:
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite/settings.py").write_text(f"ALLOWED_HOSTS = {read}\n")
    text = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n'
    (tmp_path / "manage.py").write_text(text)
    found = detect(tmp_path)
    assert ci.production_env(found, {})["DJANGO_ALLOWED_HOSTS"] == "localhost"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", '[tool.pytest.ini_options]\naddopts = "-q --ds=site_x.settings.test"\n'),
        (
            "pyproject.toml",
            '[tool.pytest.ini_options]\naddopts = ["--ds", "site_x.settings.test"]\n',
        ),
        ("pytest.ini", "[pytest]\naddopts = --reuse-db --ds=site_x.settings.test\n"),
    ],
)
def test_pytest_ds_option_names_the_test_settings(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    text = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_x.settings.local")\n'
    (tmp_path / "manage.py").write_text(text)
    assert django_detect.detect(tmp_path).test_settings == "site_x.settings.test"


def test_a_second_database_url_gets_its_own_database_on_the_service(discrete: Project) -> None:
    url = placeholders.placeholder("DATABASE_URL")
    project = replace(
        discrete, django=replace(discrete.django, test_env=(("METRICS_DB_URL", url),))
    )
    assert "METRICS_DB_URL" not in ci.test_env(project)  # it carries the free host port
    script = str(ci.service_env_step(project)["run"])
    name = f"{discrete.database.name}_metrics_db_url"
    expected = f"METRICS_DB_URL=postgres://postgres:postgres@localhost:$SERVICE_PORT/{name}"
    assert expected in script
