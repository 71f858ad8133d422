"""Where the Django project keeps its settings: the production module by name, and a clear
error when manage.py is not at the repository root."""

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


def test_manage_py_in_a_subfolder_is_named_not_used(tmp_path: Path) -> None:
    write(tmp_path, {"backend/manage.py": MANAGE, "node_modules/x/manage.py": ""})
    with pytest.raises(PitstopError) as caught:
        django.detect(tmp_path)
    assert caught.value.message.endswith("; found backend/manage.py")  # not node_modules'
    assert caught.value.hint is not None
    assert "backend/" in caught.value.hint and ".github/workflows/" in caught.value.hint


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
