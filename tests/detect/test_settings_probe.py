"""Settings detection by execution: a real venv with Django from PyPI, a real subprocess that
imports the settings with a recording `os.environ`.

Every fixture project pins the same requirements, so the whole session shares one venv (the
cache is keyed by the lock contents)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from pitstop.commands.init import summary
from pitstop.detect import placeholders, settings_probe, settings_runner
from pitstop.detect.project import Project, detect
from pitstop.generate import ci
from tests.conftest import git

REQUIREMENTS = (
    "Django==5.2.1\ndjango-environ==0.12.0\npython-decouple==3.8\ndj-database-url==2.3.0\n"
)
MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "{module}")\n'
Files = dict[str, str]


@pytest.fixture(scope="session")
def probe_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("probe-cache")


@pytest.fixture
def probing(monkeypatch: pytest.MonkeyPatch, probe_cache: Path) -> Iterator[Path]:
    monkeypatch.setenv("PITSTOP_SETTINGS_PROBE", "on")
    monkeypatch.setenv(settings_probe.CACHE_VARIABLE, str(probe_cache))
    yield probe_cache


def project(root: Path, settings: dict[str, str], module: str = "site_cfg.settings") -> Project:
    files: Files = {
        "manage.py": MANAGE.format(module=module),
        "requirements.txt": REQUIREMENTS,
        ".python-version": "3.12\n",  # one interpreter, so one shared venv
        "site_cfg/__init__.py": "",
        **settings,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return detect(root)


def imports_under(found: Project, module: str, env: dict[str, str]) -> settings_probe.Report:
    """Import `module` exactly under `env` (no placeholders added) in the probe's venv."""
    python = settings_probe.environment(found.root, found.dependencies, found.python.newest)
    return settings_probe._import(python, found.root, module, env)


def assert_service_is_used(found: Project) -> None:
    """When the test job starts PostgreSQL, its settings under its env really talk to it."""
    job = ci.test_job(found)
    if "services" not in job:
        return
    env = {k: str(v) for k, v in ci.test_env(found).items() if "${{" not in str(v)}
    env |= ci.database_env(found) | settings_probe.CI_ENV
    report = imports_under(found, found.django.test_settings, env)
    assert report.error is None, report.error
    assert "postgres" in report.database["ENGINE"], "the service is started and never used"
    if found.database.service_port:
        assert job["services"]["postgres"]["ports"] == [  # type: ignore[index]
            f"{found.database.service_port}:5432"
        ]
        assert (report.database["HOST"], report.database["PORT"]) == (
            found.database.forced_host,
            found.database.forced_port,
        )


HEALTHCHECKS_STYLE = """\
import os
SECRET_KEY = os.getenv("SECRET_KEY", "not-secret")
DB = os.getenv("DB", "sqlite")
if DB == "postgres":
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.getenv("DB_NAME", "hc"), "USER": os.getenv("DB_USER", "postgres"),
        "PASSWORD": os.getenv("DB_PASSWORD", ""), "HOST": os.getenv("DB_HOST", ""),
        "PORT": os.getenv("DB_PORT", ""),
    }}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "hc.sqlite"}}
"""


def test_a_selector_variable_switches_the_tests_to_postgresql(
    probing: Path, tmp_path: Path
) -> None:
    found = project(tmp_path, {"site_cfg/settings.py": HEALTHCHECKS_STYLE})
    db = found.database
    assert (db.engine, db.confirmed, db.switch) == ("postgresql", True, (("DB", "postgres"),))
    assert db.style == "discrete"
    assert ci.test_env(found)["DB"] == "postgres"
    assert any("DB=postgres" in note for note in found.notes)
    assert_service_is_used(found)


FORCED_UNDER_CI = """\
import os
SECRET_KEY = "not-secret"
DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": os.environ.get("DB_NAME", "app"), "USER": os.environ.get("DB_USER", "postgres"),
    "PASSWORD": os.environ.get("DB_PASSWORD", "postgres"),
    "HOST": os.environ.get("DB_HOST", "localhost"), "PORT": os.environ.get("DB_PORT", "5432"),
}}
if "GITHUB_WORKFLOW" in os.environ:
    DATABASES["default"].update(HOST="127.0.0.1", PORT="5432")
"""


def test_a_host_forced_under_ci_gets_a_fixed_port(probing: Path, tmp_path: Path) -> None:
    found = project(tmp_path, {"site_cfg/settings.py": FORCED_UNDER_CI})
    db = found.database
    assert (db.forced_host, db.forced_port) == ("127.0.0.1", "5432")
    job = ci.test_job(found)
    assert job["services"]["postgres"]["ports"] == ["5432:5432"]  # type: ignore[index]
    steps = job["steps"]
    assert isinstance(steps, list)
    assert "Point the tests at the PostgreSQL service" not in [s.get("name") for s in steps]
    assert ci.test_env(found)["DB_HOST"] == "127.0.0.1"
    assert any("127.0.0.1:5432" in note for note in found.notes)
    assert_service_is_used(found)


def test_settings_that_follow_our_variables_keep_a_free_port(probing: Path, tmp_path: Path) -> None:
    unforced = FORCED_UNDER_CI.split("if ")[0]
    found = project(tmp_path, {"site_cfg/settings.py": unforced})
    assert found.database.service_port is None
    job = ci.test_job(found)
    assert job["services"]["postgres"]["ports"] == ["5432"]  # type: ignore[index]
    assert_service_is_used(found)


SQLITE_TESTS = {
    "site_cfg/settings/__init__.py": "",
    "site_cfg/settings/base.py": 'import dj_database_url\nSECRET_KEY = "x"\n'
    'DATABASES = {"default": dj_database_url.config(default="postgres://u:p@db:5432/app")}\n',
    "site_cfg/settings/dev.py": "from .base import *\n",
    "site_cfg/settings/test.py": "from .base import *\n"
    'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}\n',
}


def test_no_service_when_the_test_settings_never_reach_postgresql(
    probing: Path, tmp_path: Path
) -> None:
    found = project(tmp_path, SQLITE_TESTS, module="site_cfg.settings.dev")
    assert found.django.test_settings == "site_cfg.settings.test"
    assert (found.database.engine, found.database.confirmed) == ("sqlite", True)
    assert "services" not in ci.test_job(found)
    assert any("no PostgreSQL service" in note for note in found.notes)


def test_the_service_check_goes_red_when_the_tests_would_run_on_sqlite(
    probing: Path, tmp_path: Path
) -> None:
    """The guard above is real: wiring a service for SQLite test settings is caught."""
    found = project(tmp_path, SQLITE_TESTS, module="site_cfg.settings.dev")
    wired = replace(found, database=replace(found.database, engine="postgresql"))
    with pytest.raises(AssertionError, match="never used"):
        assert_service_is_used(wired)


ENVIRON_PRODUCTION = """\
import environ
env = environ.Env()
SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
CACHES = {"default": env.cache("CACHE_URL")}
ADMIN_URL = env("DJANGO_ADMIN_URL")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT")
CONN_MAX_AGE = env.int("CONN_MAX_AGE")
"""


def _production_report(found: Project) -> settings_probe.Report:
    """The production settings imported under exactly the django-checks job's env."""
    env = ci.production_env(found, {})
    names = ["SECRET_KEY", "DJANGO_SECRET_KEY", *env.pop("SECRET_KEY_NAMES", "").split()]
    env |= {name: "generated-" + "k" * 50 for name in names}  # what the SECRET_KEY step writes
    return imports_under(found, found.django.production_settings, env)


def test_django_environ_production_gets_a_placeholder_for_every_required_variable(
    probing: Path, tmp_path: Path
) -> None:
    settings = {
        "site_cfg/settings/__init__.py": "",
        "site_cfg/settings/base.py": 'SECRET_KEY = "dev"\n'
        'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}}\n',
        "site_cfg/settings/local.py": "from .base import *\n",
        "site_cfg/settings/production.py": ENVIRON_PRODUCTION,
    }
    found = project(tmp_path, settings, module="site_cfg.settings.local")
    assert found.django.production_settings == "site_cfg.settings.production"
    env = ci.production_env(found, {})
    assert env["DJANGO_ALLOWED_HOSTS"] == "localhost"
    assert env["DJANGO_SECURE_SSL_REDIRECT"] in {"False", "0"}
    assert env["CONN_MAX_AGE"] == "1"
    assert env["CACHE_URL"] == "locmemcache://"
    assert env["DATABASE_URL"].startswith("postgres://postgres:postgres@localhost")
    assert "DJANGO_SECRET_KEY" not in env  # generated and masked by the job, never fixed
    report = _production_report(found)
    assert report.error is None, report.error
    assert "postgres" in report.database["ENGINE"]


def test_production_env_from_text_alone_misses_what_execution_finds(
    tmp_path: Path,
) -> None:
    """Without the probe, the same project's django-checks env would not import: the red case."""
    settings = {
        "site_cfg/settings/__init__.py": "",
        "site_cfg/settings/local.py": 'SECRET_KEY = "dev"\n',
        "site_cfg/settings/production.py": ENVIRON_PRODUCTION,
    }
    found = project(tmp_path, settings, module="site_cfg.settings.local")
    assert any("not executed" in note for note in found.notes)
    assert "CONN_MAX_AGE" not in ci.production_env(found, {})


DECOUPLE = """\
from decouple import config, Csv
SECRET_KEY = config("SECRET_KEY")
DEBUG = config("DEBUG", cast=bool)
ALLOWED_HOSTS = config("ALLOWED_HOSTS", cast=Csv())
EMAIL_PORT = config("EMAIL_PORT", cast=int)
DEFAULT_FROM_EMAIL = config("DEFAULT_FROM_EMAIL")
DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": config("DB_NAME"), "USER": config("DB_USER"), "PASSWORD": config("DB_PASSWORD"),
    "HOST": config("DB_HOST"), "PORT": config("DB_PORT", cast=int),
}}
"""

DJ_DATABASE_URL = """\
import os
import dj_database_url
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = int(os.environ.get("DEBUG", "1"))
DATABASES = {"default": dj_database_url.config(conn_max_age=600)}
"""

CUSTOM_HELPER = """\
import os
from django.core.exceptions import ImproperlyConfigured

def get_env(name):
    try:
        return os.environ[name]
    except KeyError:
        raise ImproperlyConfigured(f"Set the {name} variable") from None

SECRET_KEY = get_env("SECRET_KEY")
SENTRY_DSN = get_env("SENTRY_DSN")
REDIS_URL = get_env("REDIS_URL")
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": get_env("PGDATABASE"),
    "HOST": os.environ.get("DB_HOST", "localhost"), "PORT": os.environ.get("DB_PORT", "5432")}}
"""


@pytest.mark.parametrize(
    ("settings", "required", "style"),
    [
        (DECOUPLE, {"DEBUG", "ALLOWED_HOSTS", "EMAIL_PORT", "DEFAULT_FROM_EMAIL"}, "discrete"),
        (DJ_DATABASE_URL, set(), "url"),
        (CUSTOM_HELPER, {"SENTRY_DSN", "REDIS_URL", "PGDATABASE"}, "discrete"),
    ],
    ids=["decouple", "dj-database-url", "custom-helper"],
)
def test_required_variables_are_found_by_execution(
    probing: Path, tmp_path: Path, settings: str, required: set[str], style: str
) -> None:
    found = project(tmp_path, {"site_cfg/settings.py": settings})
    assert any("executed" in note for note in found.notes), found.notes
    assert found.database.style == style
    assert required <= set(found.django.production_env)
    report = _production_report(found)
    assert report.error is None, report.error
    assert_service_is_used(found)


def test_without_production_settings_the_main_module_is_configured_by_env(
    probing: Path, tmp_path: Path
) -> None:
    settings = (
        "import os\n"
        'SECRET_KEY = os.environ.get("SECRET_KEY", "dev")\n'
        'DEBUG = os.environ.get("DEBUG", "1") == "1"\n'
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}\n'
    )
    found = project(tmp_path, {"site_cfg/settings.py": settings})
    assert (found.django.production_settings, found.django.production_found) == (
        "site_cfg.settings",
        False,
    )
    assert ci.production_env(found, {})["DEBUG"] == "0"
    assert "no production settings module" in summary(found)
    assert "services" not in ci.test_job(found)


DEPLOYMENT_SETTINGS = {
    "site_cfg/settings/__init__.py": "",
    "site_cfg/settings/dev.py": 'SECRET_KEY = "dev"\nDEBUG = True\n'
    'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}\n',
    "site_cfg/settings/docker.py": "from .dev import *\nDEBUG = False\n",
}


def test_settings_named_for_a_deployment_are_production(probing: Path, tmp_path: Path) -> None:
    found = project(tmp_path, DEPLOYMENT_SETTINGS, module="site_cfg.settings.dev")
    assert (found.django.production_settings, found.django.production_found) == (
        "site_cfg.settings.docker",
        True,
    )
    assert "executed site_cfg.settings.dev and site_cfg.settings.docker" in summary(found)


def test_deployment_settings_that_need_a_file_made_at_deploy_time_are_not_production(
    probing: Path, tmp_path: Path
) -> None:
    docker = DEPLOYMENT_SETTINGS["site_cfg/settings/docker.py"] + "from .local_settings import *\n"
    files = DEPLOYMENT_SETTINGS | {"site_cfg/settings/docker.py": docker}
    found = project(tmp_path, files, module="site_cfg.settings.dev")
    assert (found.django.production_settings, found.django.production_found) == (
        "site_cfg.settings.dev",
        False,
    )
    text = summary(found)
    assert "site_cfg.settings.docker could not be executed" in text
    assert "local_settings" in text and "the main settings serve as production" in text
    assert "executed site_cfg.settings.dev and site_cfg.settings.dev" in text


def test_settings_that_do_not_import_fall_back_and_say_so(probing: Path, tmp_path: Path) -> None:
    settings = "import not_installed_anywhere\n"
    found = project(tmp_path, {"site_cfg/settings.py": settings})
    assert "could not be executed" in summary(found)
    assert "not_installed_anywhere" in summary(found)
    assert found.database.confirmed is False


def test_an_environment_that_cannot_be_built_falls_back_and_say_so(
    probing: Path, tmp_path: Path
) -> None:
    missing = "this-package-does-not-exist-pitstop==0.0.1\n"
    found = project(
        tmp_path, {"site_cfg/settings.py": 'SECRET_KEY = "x"\n', "requirements.txt": missing}
    )
    assert "could not be executed" in summary(found)
    assert found.database.confirmed is False


def test_the_environment_is_cached_by_lock_contents(probing: Path, tmp_path: Path) -> None:
    found = project(tmp_path, {"site_cfg/settings.py": 'SECRET_KEY = "x"\n'})
    deps = found.dependencies
    built = settings_probe.environment(tmp_path, deps, found.python.newest)
    ready = built.parent.parent / "pitstop-ready"
    before = ready.stat()
    again = settings_probe.environment(tmp_path, deps, found.python.newest)
    assert again == built and ready.stat().st_ino == before.st_ino  # reused, not rebuilt
    assert ready.stat().st_mtime_ns >= before.st_mtime_ns  # and marked as recently used
    assert again.parent.parent.parent == probing / "settings-probe"
    # uv downloaded into pitstop's own cache, never into the user's ~/.cache/uv
    assert any((probing / "uv").iterdir())
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS + "# changed\n")
    changed = settings_probe._key(tmp_path, deps, found.python.newest)
    assert changed != settings_probe._key(tmp_path, deps, "3.99")
    assert changed != again.parent.parent.name


def test_the_runner_records_every_way_of_reading(probing: Path, tmp_path: Path) -> None:
    settings = (
        "import os\n"
        'a = os.environ["A_INDEX"]\n'
        'b = os.environ.get("B_GET")\n'
        'c = "C_IN" in os.environ\n'
        'd = os.getenv("D_GETENV")\n'
        'SECRET_KEY = "x"\n'
    )
    found = project(tmp_path, {"site_cfg/settings.py": settings})
    python = settings_probe.environment(found.root, found.dependencies, found.python.newest)
    probe = settings_probe.run(python, found.root, "site_cfg.settings", {})
    assert {"A_INDEX", "B_GET", "C_IN", "D_GETENV"} <= set(probe.read)
    assert probe.required == (("A_INDEX", "placeholder"),)


def test_probe_disabled_says_so(tmp_path: Path) -> None:
    found = project(tmp_path, {"site_cfg/settings.py": 'SECRET_KEY = "x"\n'})
    assert "not executed" in summary(found)


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("DJANGO_ALLOWED_HOSTS", "localhost"),
        ("DATABASE_URL", "postgres://postgres:postgres@localhost:5432/app"),
        ("CACHE_URL", "locmemcache://"),
        ("CELERY_BROKER_URL", "redis://localhost:6379/0"),
        ("DJANGO_DEBUG", "False"),
        ("USE_S3", "False"),
        ("DJANGO_SECRET_KEY", placeholders.PROBE_SECRET),
        ("SENTRY_DSN", ""),
        ("DEFAULT_FROM_EMAIL", "webmaster@localhost"),
        ("CSRF_TRUSTED_ORIGINS", "https://localhost"),
        ("SOMETHING", "placeholder"),
    ],
)
def test_placeholders_are_typed_by_name(name: str, first: str) -> None:
    assert placeholders.placeholder(name) == first
    assert len(set(placeholders.candidates(name))) == len(placeholders.candidates(name))


def test_secret_key_names() -> None:
    assert placeholders.is_secret_key("DJANGO_SECRET_KEY")
    assert not placeholders.is_secret_key("AWS_SECRET_ACCESS_KEY")


def test_an_ignored_local_env_file_does_not_hide_what_ci_misses(
    probing: Path, tmp_path: Path
) -> None:
    settings = (
        "from decouple import config\n"
        'SECRET_KEY = "x"\n'
        'API_TOKEN = config("API_TOKEN")\n'
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}\n'
    )
    found = project(tmp_path, {"site_cfg/settings.py": settings, ".gitignore": ".env\n"})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "initial")
    (tmp_path / ".env").write_text("API_TOKEN=a-real-token-on-this-laptop\n")
    found = detect(tmp_path)
    assert ("API_TOKEN", "placeholder") in found.django.production_placeholders
    assert "a-real-token" not in str(ci.production_env(found, {}))


def test_the_recording_environ_sees_each_kind_of_read() -> None:
    environ = settings_runner.RecordingEnviron({"SET": "1"})
    assert environ["SET"] == "1"
    assert environ.get("UNSET", "d") == "d"
    assert "UNSET_IN" not in environ
    assert environ.setdefault("DEFAULTED", "x") == "x"
    environ["WRITTEN"] = "w"
    del environ["WRITTEN"]
    assert (sorted(environ), len(environ), environ.copy()) == (
        ["DEFAULTED", "SET"],
        2,
        {"SET": "1", "DEFAULTED": "x"},
    )
    assert environ.reads == [
        ("SET", True),
        ("UNSET", False),
        ("UNSET_IN", False),
        ("DEFAULTED", False),
    ]


def test_the_runner_reports_an_import_failure(tmp_path: Path) -> None:
    """Run by pitstop's own Python, which has no Django: the report carries the error."""
    report = tmp_path / "report.json"
    argv = [sys.executable, str(settings_probe.RUNNER), str(tmp_path), "x.settings", str(report)]
    subprocess.run(argv, check=True, env={**os.environ, "PROBE_TEST": "1"})
    parsed = settings_probe.Report.parse(report.read_text())
    assert parsed.error is not None and "django" in parsed.error
    assert parsed.database == {}


def test_a_uv_project_is_installed_from_its_lock_with_every_group(
    probing: Path, tmp_path: Path
) -> None:
    pyproject = (
        '[project]\nname = "site-x"\nversion = "0"\nrequires-python = ">=3.12"\n'
        'dependencies = ["Django==5.2.1"]\n\n'
        '[dependency-groups]\ndev = ["dj-database-url==2.3.0"]\n'
    )
    settings = (
        'import dj_database_url\nSECRET_KEY = "x"\n'
        'DATABASES = {"default": dj_database_url.config()}\n'
    )
    files = {"pyproject.toml": pyproject, "site_cfg/settings.py": settings}
    for name, text in {**files, "site_cfg/__init__.py": "", ".python-version": "3.12\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "manage.py").write_text(MANAGE.format(module="site_cfg.settings"))
    # From elsewhere: a pyenv shim for uv would follow the project's .python-version.
    python = settings_probe._interpreter("3.12")
    argv = ["uv", "lock", "--quiet", "--project", str(tmp_path), "--python", python]
    subprocess.run(argv, cwd=probing, check=True)
    found = detect(tmp_path)
    assert found.dependencies.manager == "uv"
    assert (found.database.style, found.database.confirmed) == ("url", True), found.notes


def test_a_poetry_project_is_installed_from_its_pins(probing: Path, tmp_path: Path) -> None:
    lock = "".join(
        f'[[package]]\nname = "{name}"\nversion = "{version}"\n\n'
        for name, version in (("django", "5.2.1"), ("asgiref", "3.8.1"), ("sqlparse", "0.5.3"))
    )
    settings = (
        'SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n'
    )
    found = project(tmp_path, {"site_cfg/settings.py": settings, "poetry.lock": lock})
    assert found.dependencies.manager == "poetry"
    assert any("executed" in note for note in found.notes), found.notes
    assert found.database.engine == "sqlite"


def test_a_package_that_cannot_be_built_is_left_out_and_said(probing: Path, tmp_path: Path) -> None:
    broken = tmp_path / "vendor" / "broken-driver"
    broken.mkdir(parents=True)
    (broken / "setup.py").write_text("raise SystemExit('needs a system library')\n")
    requirements = REQUIREMENTS + f"broken-driver @ file://{broken}\n"
    settings = (
        'SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n'
    )
    found = project(tmp_path, {"site_cfg/settings.py": settings, "requirements.txt": requirements})
    assert any("executed without broken-driver" in note for note in found.notes), found.notes


def test_production_that_does_not_import_keeps_the_database_and_says_so(
    probing: Path, tmp_path: Path
) -> None:
    settings = {
        "site_cfg/settings/__init__.py": "",
        "site_cfg/settings/base.py": HEALTHCHECKS_STYLE,
        "site_cfg/settings/production.py": "from .base import *\nimport not_installed_anywhere\n",
    }
    found = project(tmp_path, settings, module="site_cfg.settings.base")
    assert found.database.switch == (("DB", "postgres"),)
    assert "production could not be executed" in summary(found)


def test_a_variable_required_only_with_debug_off_is_found(probing: Path, tmp_path: Path) -> None:
    settings = (
        "import os\n"
        'DEBUG = os.environ.get("DEBUG", "1") == "1"\n'
        'SECRET_KEY = "x"\n'
        "if not DEBUG:\n"
        '    EMAIL_HOST = os.environ["EMAIL_HOST"]\n'
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}\n'
    )
    found = project(tmp_path, {"site_cfg/settings.py": settings})
    env = ci.production_env(found, {})
    assert (env["DEBUG"], env["EMAIL_HOST"]) == ("0", "localhost")
    report = _production_report(found)
    assert report.error is None, report.error


def test_debug_off_is_spelled_the_way_strict_settings_accept(probing: Path, tmp_path: Path) -> None:
    """Settings that accept only "True"/"False" refuse "0": production gets "False"."""
    settings = (
        "import os\n"
        'value = os.getenv("DEBUG", "True")\n'
        'if value not in ("", "True", "False"):\n'
        '    raise ValueError(f"Unexpected value DEBUG={value}")\n'
        'DEBUG = value == "True"\n'
        'SECRET_KEY = "x"\n'
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}\n'
    )
    found = project(tmp_path, {"site_cfg/settings.py": settings})
    assert "production could not be executed" not in summary(found)
    env = ci.production_env(found, {})
    assert env["DEBUG"] == "False"
    report = imports_under(found, "site_cfg.settings", {"DEBUG": env["DEBUG"]})
    assert report.error is None, report.error


def test_only_the_most_recently_used_environments_are_kept(tmp_path: Path) -> None:
    for age, name in enumerate(["newest", "middle", "oldest"]):
        (tmp_path / name).mkdir()
        marker = tmp_path / name / "pitstop-ready"
        marker.write_text("ok\n")
        os.utime(marker, (1_000_000 - age * 100, 1_000_000 - age * 100))
    (tmp_path / "building.abc").mkdir()  # no marker: another init is building it
    removed = settings_probe.evict(tmp_path, keep=2)
    assert [p.name for p in removed] == ["oldest"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["building.abc", "middle", "newest"]


SRC_SETTINGS = """\
import os
from pathlib import Path

from site_cfg.paths import STATIC_NAME  # a module of src/: only with src/ on sys.path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["SITE_SECRET_KEY"]
INSTALLED_APPS = ["django.contrib.staticfiles", "talks"]
STATIC_ROOT = os.path.join(
    BASE_DIR, STATIC_NAME
)
"""


def test_settings_one_folder_down_are_executed_as_manage_py_runs_them(
    probing: Path, tmp_path: Path
) -> None:
    """pretalx's shape (src/manage.py): the settings import with src/ first on sys.path; the
    apps and the STATIC_ROOT they resolve to are recorded relative to the root."""
    files: Files = {
        "src/manage.py": MANAGE.format(module="site_cfg.settings"),
        "requirements.txt": REQUIREMENTS,
        ".python-version": "3.12\n",
        "src/site_cfg/__init__.py": "",
        "src/site_cfg/paths.py": 'STATIC_NAME = "static.dist"\n',
        "src/site_cfg/settings.py": SRC_SETTINGS,
        "src/talks/__init__.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = detect(tmp_path)
    assert "settings: executed site_cfg.settings and site_cfg.settings" in found.notes, found.notes
    assert found.django.apps == ("src/talks",)
    assert found.django.apps_source.startswith("executed INSTALLED_APPS")
    assert found.django.static_root == "src/static.dist"  # the text alone cannot say
    assert "SITE_SECRET_KEY" in found.django.production_env


FOLDER_SETTINGS = """\
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("SECRET_KEY", "tests-only")
DEBUG = os.environ.get("DEBUG", "0") == "1"
ALLOWED_HOSTS = ["localhost"]
INSTALLED_APPS = ["django.contrib.staticfiles"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": BASE_DIR / "data" / "db.sqlite3"}}
QUEUE = {"filename": os.path.join(BASE_DIR, "data", "tasks.sqlite3")}
LOGGING = {"version": 1, "handlers": {"file": {"class": "logging.NullHandler",
                                               "filename": str(BASE_DIR / "logs" / "app.log")}}}
UPLOADS = BASE_DIR / "media" / "uploads"  # media/ is committed (media/.gitkeep)
STATIC_ROOT = BASE_DIR / "staticfiles"  # at the root: collectstatic makes it
STATIC_URL = "/static/"  # absolute, but not a path in the project
BACKUPS = "/var/backups/site"  # outside the project: the deployment's, never created
"""


def test_folders_the_settings_write_into_are_those_a_clone_lacks(
    probing: Path, tmp_path: Path
) -> None:
    """linkding's shape: the database and a task queue under `data/`, which .gitignore keeps
    out of the repository; a clone has no `data/` and Django cannot even start."""
    (tmp_path / "data").mkdir()  # your own, with a dev database: not in a clone
    (tmp_path / "data/db.sqlite3").write_text("")
    (tmp_path / "media").mkdir()
    (tmp_path / "media/.gitkeep").write_text("")
    (tmp_path / ".gitignore").write_text("data/\n")
    git(tmp_path, "init", "-q")
    found = project(tmp_path, {"site_cfg/settings.py": FOLDER_SETTINGS})
    git(tmp_path, "add", "-A")
    found = detect(tmp_path)

    assert found.django.settings_folders == ("data", "logs")
    assert {"name": "Create the folders the settings write into", "run": "mkdir -p data logs"} in (
        ci.django_checks_job(found)["steps"]  # type: ignore[operator]
    )


PASSWORDLESS = """\
import os
SECRET_KEY = "not-secret"
DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": os.getenv("SHOP_DB_DATABASE", "shop"), "USER": os.getenv("SHOP_DB_USER", "shop"),
    "PASSWORD": os.getenv("SHOP_DB_PASSWORD", None),
    "HOST": os.getenv("SHOP_DB_HOST", "localhost"), "PORT": os.getenv("SHOP_DB_PORT", None),
}}
"""


def test_settings_that_connect_without_a_password_get_a_trusting_service(
    probing: Path, tmp_path: Path
) -> None:
    """linkding's shape: variables of its own, no password unless one is set; the service
    must accept the connection the settings make, or every test fails to connect."""
    found = project(tmp_path, {"site_cfg/settings.py": PASSWORDLESS})

    assert found.database.trust
    service = ci.postgres_service(found)["postgres"]
    assert service["env"]["POSTGRES_HOST_AUTH_METHOD"] == "trust"  # type: ignore[index]
    assert any("without a password" in note for note in found.notes), found.notes
    assert not project(tmp_path / "with", {"site_cfg/settings.py": FORCED_UNDER_CI}).database.trust
