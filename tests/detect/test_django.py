"""Where the Django project keeps its settings: the production module by name, the Django
folder (the root, or the one folder below it that holds manage.py), and a clear error when
there is no such folder, several, or a `startproject` template."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.detect import django
from pitstop.errors import PitstopError

MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cfg.settings.dev")\n'


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.mark.parametrize(
    ("files", "production", "found"),
    [
        ({"docker.py": "from .base import *\nDEBUG = False\n"}, "site_cfg.settings.docker", True),
        (  # a name that says production wins over one that says where it runs
            {"docker.py": "DEBUG = False\n", "prod.py": "DEBUG = False\n"},
            "site_cfg.settings.prod",
            True,
        ),
        # a docker module for local work is not production: the main settings serve
        ({"docker.py": "DEBUG = True\n"}, "site_cfg.settings.dev", False),
        ({"heroku.py": 'DEBUG = os.getenv("DEBUG") == "1"\n'}, "site_cfg.settings.dev", False),
    ],
)
def test_production_settings_named_for_a_deployment(
    tmp_path: Path, files: dict[str, str], production: str, found: bool
) -> None:
    package = {f"site_cfg/settings/{name}": text for name, text in files.items()}
    write(tmp_path, {"manage.py": MANAGE, "site_cfg/settings/dev.py": "DEBUG = True\n", **package})
    detected = django.detect(tmp_path)
    assert (detected.production_settings, detected.production_found) == (production, found)


def test_manage_py_one_folder_down_is_the_django_folder(tmp_path: Path) -> None:
    """pretalx's shape: settings, apps, templates and the static root are found in src/ and
    recorded relative to the root; the pytest config is read at the root."""
    write(
        tmp_path,
        {
            "src/manage.py": MANAGE,
            "src/site_cfg/__init__.py": "",
            "src/site_cfg/settings/__init__.py": "",
            "src/site_cfg/settings/dev.py": 'STATIC_ROOT = BASE_DIR / "collected"\n',
            "src/site_cfg/settings/production.py": 'SECRET_KEY = env("SITE_SECRET")\n',
            "src/talks/__init__.py": "",
            "src/talks/models.py": "",
            "src/templates/base.html": "",
            "node_modules/x/manage.py": "",  # not the project's
            "pyproject.toml": '[tool.pytest.ini_options]\nDJANGO_SETTINGS_MODULE = "site_cfg.t"\n',
        },
    )
    detected = django.detect(tmp_path)
    assert (detected.base, detected.manage) == ("src", "src/manage.py")
    assert detected.production_settings == "site_cfg.settings.production"
    assert detected.production_env == ("SITE_SECRET",)
    assert detected.test_settings == "site_cfg.t"
    assert detected.apps == ("src/talks",)
    assert (detected.templates, detected.static_root) == ("src/templates", "src/collected")
    assert detected.module_file("site_cfg.settings.dev") == "src/site_cfg/settings/dev"
    settings = django.settings_paths(tmp_path, detected)
    assert tmp_path / "src/site_cfg/settings/production.py" in settings


def test_a_root_manage_py_keeps_paths_as_they_were(tmp_path: Path) -> None:
    write(tmp_path, {"manage.py": MANAGE, "templates/a.html": "", "other/manage.py": MANAGE})
    detected = django.detect(tmp_path)
    assert (detected.base, detected.manage, detected.templates) == ("", "manage.py", "templates")
    assert detected.module_file("site_cfg.settings") == "site_cfg/settings"


def test_two_folders_with_manage_py_are_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path, {"backend/manage.py": MANAGE, "legacy/manage.py": MANAGE})
    with pytest.raises(PitstopError) as caught:
        django.detect(tmp_path)
    assert caught.value.message.endswith("; found backend/manage.py, legacy/manage.py")
    assert caught.value.hint is not None
    assert "one manage.py" in caught.value.hint and ".github/workflows/" in caught.value.hint


def test_a_startproject_template_is_pointed_at(tmp_path: Path) -> None:
    manage = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ project_name }}.s")\n'
    write(tmp_path, {"backend/manage.py": manage})
    with pytest.raises(PitstopError, match="startproject --template") as caught:
        django.detect(tmp_path)
    location = caught.value.location
    assert location is not None and (location.line, location.column) == (2, 50)
    assert caught.value.hint is not None and caught.value.hint.startswith("create a project")


def test_no_manage_py_anywhere(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="does not look like a Django project"):
        django.detect(tmp_path)
