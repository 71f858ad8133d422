"""The project's own apps: from INSTALLED_APPS executed in the probe's real venv, and from the
files when the settings are not executed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.commands.init import summary
from pitstop.detect import apps, settings_probe
from pitstop.detect.project import Project, detect
from pitstop.detect.settings_probe import InstalledApp
from pitstop.generate.config import load
from tests.detect.test_settings_probe import (  # noqa: F401 - fixtures
    MANAGE,
    REQUIREMENTS,
    probe_cache,
    probing,
)

Files = dict[str, str]
APP_CONFIG = "from django.apps import AppConfig\nclass {cls}(AppConfig):\n    name = '{name}'\n"
MODELS = (
    "from django.db import models\nclass Thing(models.Model):\n    title = models.TextField()\n"
)
SETTINGS = 'SECRET_KEY = "not-secret"\nINSTALLED_APPS = {apps!r}\n'


def write(root: Path, files: Files) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def django_project(root: Path, files: Files, module: str) -> Project:
    base = {
        "manage.py": MANAGE.format(module=module),
        "requirements.txt": REQUIREMENTS,
        ".python-version": "3.12\n",
    }
    return detect(write(root, {**base, **files}))


# -- shapes of real projects, as files -------------------------------------------------------

# djangoproject.com: apps at the root, `docs` is an app (migrations), `contact` has neither
# apps.py nor models.py, a Sphinx shim and a scripts folder are not apps.
ROOT_APPS: Files = {
    "djangoproject/__init__.py": "",
    "djangoproject/settings.py": SETTINGS.format(
        apps=[
            "accounts",
            "contact",
            "docs",
            "django.contrib.auth",
            "django.contrib.contenttypes",
        ]
    ),
    "accounts/__init__.py": "",
    "accounts/models.py": MODELS,
    "contact/__init__.py": "",
    "contact/views.py": "def index(request):\n    return None\n",
    "docs/__init__.py": "",
    "docs/models.py": MODELS,
    "docs/migrations/__init__.py": "",
    "tools/__init__.py": "",
    "tools/apps.py": APP_CONFIG.format(cls="ToolsConfig", name="tools"),
}

# python-discord/site: the apps are pydis_site/apps/*, listed by AppConfig path.
NESTED_APPS: Files = {
    "pydis_site/__init__.py": "",
    "pydis_site/settings.py": SETTINGS.format(
        apps=[
            "pydis_site",
            "pydis_site.apps.api.apps.ApiConfig",
            "pydis_site.apps.home",
            "django.contrib.contenttypes",
        ]
    ),
    "pydis_site/apps/__init__.py": "",
    "pydis_site/apps/api/__init__.py": "",
    "pydis_site/apps/api/apps.py": APP_CONFIG.format(cls="ApiConfig", name="pydis_site.apps.api"),
    "pydis_site/apps/api/models.py": MODELS,
    "pydis_site/apps/home/__init__.py": "",
    "pydis_site/apps/home/migrations/__init__.py": "",
    "docs/conf.py": "project = 'site'\n",
}

# cookiecutter-django: settings in config/, apps in <project_slug>/<app>/; one app's models
# import a package that is not installed, so django.setup() fails and the list is read.
COOKIECUTTER: Files = {
    "config/__init__.py": "",
    "config/settings/__init__.py": "",
    "config/settings/base.py": SETTINGS.format(
        apps=["django.contrib.contenttypes", "myproject.users.apps.UsersConfig", "myproject.shop"]
    ),
    "config/settings/test.py": "from .base import *  # noqa\n",
    "myproject/__init__.py": "",
    "myproject/users/__init__.py": "",
    "myproject/users/apps.py": APP_CONFIG.format(cls="UsersConfig", name="myproject.users"),
    "myproject/users/models.py": "import not_installed_anywhere\n",
    "myproject/shop/__init__.py": "",
    "myproject/shop/models.py": MODELS,
}


# -- from the files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (ROOT_APPS, ("accounts", "docs", "tools")),
        (NESTED_APPS, ("pydis_site",)),
        (COOKIECUTTER, ("myproject",)),
        ({"manage.py": "", "mysite/__init__.py": "", "mysite/settings.py": ""}, (".",)),
    ],
)
def test_apps_from_the_files(tmp_path: Path, files: Files, expected: tuple[str, ...]) -> None:
    assert apps.from_files(write(tmp_path, files)) == expected


def test_docs_without_migrations_is_sphinx_not_an_app(tmp_path: Path) -> None:
    files = {"docs/__init__.py": "", "docs/models.py": MODELS, "blog/__init__.py": ""}
    assert apps.from_files(write(tmp_path, {**files, "blog/models.py": MODELS})) == ("blog",)


def test_a_folder_without_init_is_an_app_only_with_an_app_config(tmp_path: Path) -> None:
    write(tmp_path, {"scratch/models.py": MODELS, "ns/apps.py": APP_CONFIG})
    assert apps.from_files(tmp_path) == ("ns",)


def test_virtualenvs_hidden_and_private_folders_are_not_apps(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "env/pyvenv.cfg": "home = /usr/bin\n",
            "env/pkg/__init__.py": "",
            "env/pkg/models.py": MODELS,
            ".cache/app/models.py": MODELS,
            "_shim/__init__.py": "",
            "_shim/apps.py": APP_CONFIG,
            "node_modules/x/__init__.py": "",
            "node_modules/x/models.py": MODELS,
        },
    )
    assert apps.from_files(tmp_path) == (".",)


def test_installed_apps_outside_the_project_are_not_its_own(tmp_path: Path) -> None:
    inside = write(tmp_path / "p", {"blog/__init__.py": "", "config/__init__.py": ""})
    installed = [
        InstalledApp("django.contrib.auth", tmp_path / "venv/lib/site-packages/django/auth"),
        InstalledApp("vendored", inside / ".venv/lib/python3.12/site-packages/vendored"),
        InstalledApp("widgets", inside / "node_modules/widgets"),
        InstalledApp("blog", inside / "blog"),
        InstalledApp("config", inside / "config"),  # the settings package
        InstalledApp("missing", None),
        InstalledApp("accounts", inside / "accounts"),
    ]
    # in INSTALLED_APPS order: prove breaks the first
    assert apps.from_installed(installed, inside, "config.settings") == ("blog", "accounts")


def test_taskboard_keeps_its_apps() -> None:
    root = Path(__file__).parents[2] / "examples" / "taskboard"
    assert apps.from_files(root) == ("apps",)


def test_without_the_probe_init_says_the_apps_come_from_the_files(tmp_path: Path) -> None:
    found = django_project(tmp_path, ROOT_APPS, "djangoproject.settings")
    assert found.django.apps == ("accounts", "docs", "tools")
    assert "apps      accounts, docs, tools (from files)" in summary(found)


# -- executed --------------------------------------------------------------------------------


@pytest.mark.usefixtures("probing")
def test_root_apps_come_from_installed_apps(tmp_path: Path) -> None:
    found = django_project(tmp_path, ROOT_APPS, "djangoproject.settings")
    assert found.django.apps == ("accounts", "contact", "docs")  # not tools: not installed
    assert found.django.apps_source == "executed INSTALLED_APPS (django.setup())"
    assert "apps      accounts, contact, docs (from executed INSTALLED_APPS" in summary(found)


@pytest.mark.usefixtures("probing")
def test_nested_apps_are_covered_by_their_top_level_package(tmp_path: Path) -> None:
    found = django_project(tmp_path, NESTED_APPS, "pydis_site.settings")
    assert found.django.apps == ("pydis_site",)
    assert found.django.apps_source.startswith(apps.EXECUTED)


@pytest.mark.usefixtures("probing")
def test_an_app_that_does_not_load_still_resolves_from_the_list(tmp_path: Path) -> None:
    found = django_project(tmp_path, COOKIECUTTER, "config.settings.base")
    assert found.django.test_settings == "config.settings.test"
    assert found.django.apps == ("myproject",)
    assert found.django.apps_source == "executed INSTALLED_APPS (INSTALLED_APPS)"


@pytest.mark.usefixtures("probing")
def test_the_runner_reports_each_app_module_and_folder(tmp_path: Path) -> None:
    found = django_project(tmp_path, COOKIECUTTER, "config.settings.base")
    python = settings_probe.environment(found.root, found.dependencies, found.python.newest)
    resolved = settings_probe.installed_apps(python, found.root, "config.settings.test", {})
    by_module = {app.module: app.folder for app in resolved.apps}
    assert by_module["myproject.users"] == (tmp_path / "myproject" / "users").resolve()
    assert by_module["myproject.shop"] == (tmp_path / "myproject" / "shop").resolve()
    contenttypes = by_module["django.contrib.contenttypes"]
    assert contenttypes is not None and "site-packages" in contenttypes.parts


@pytest.mark.usefixtures("probing")
def test_only_third_party_apps_fall_back_to_the_files_and_say_so(tmp_path: Path) -> None:
    files = {
        "site_cfg/__init__.py": "",
        "site_cfg/settings.py": SETTINGS.format(apps=["django.contrib.contenttypes"]),
        "blog/__init__.py": "",
        "blog/models.py": MODELS,
    }
    found = django_project(tmp_path, files, "site_cfg.settings")
    assert (found.django.apps, found.django.apps_source) == (("blog",), apps.FILES)
    assert any("no INSTALLED_APPS entry lives in the project" in note for note in found.notes)


def test_apps_set_in_pyproject_are_said_to_be_yours(tmp_path: Path) -> None:
    files = {**ROOT_APPS, "pyproject.toml": '[tool.pitstop]\napps = ["accounts"]\n'}
    write(tmp_path, {"manage.py": MANAGE.format(module="djangoproject.settings"), **files})
    found = load(tmp_path)
    assert found.django.apps == ("accounts",)
    assert "apps      accounts (from [tool.pitstop] apps)" in summary(found)


@pytest.mark.usefixtures("probing")
def test_settings_that_do_not_import_give_no_apps(tmp_path: Path) -> None:
    found = django_project(tmp_path, COOKIECUTTER, "config.settings.base")
    python = settings_probe.environment(found.root, found.dependencies, found.python.newest)
    with pytest.raises(
        settings_probe.ProbeFailed, match=r"config\.settings\.nowhere does not import"
    ):
        settings_probe.installed_apps(python, found.root, "config.settings.nowhere", {})
