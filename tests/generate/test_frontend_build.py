"""A real django-tailwind-cli build by `pitstop run` of the generated frontend job: Django and
django-tailwind-cli from PyPI, the Tailwind CLI from npm at the version the settings pin, and
nothing downloaded from GitHub (this machine cannot reach it, so a download would fail)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import Files, git, pitstop, pitstop_process

pytestmark = pytest.mark.slow


def files(tailwind: str, package: str, source: str, django: str) -> Files:
    return {
        "manage.py": "import os, sys\n"
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")\n'
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(sys.argv)\n",
        "site_config/__init__.py": "",
        "site_config/settings.py": f"""\
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "only-for-tests"
INSTALLED_APPS = ["django.contrib.staticfiles", "django_tailwind_cli"]
TEMPLATES = [{{"BACKEND": "django.template.backends.django.DjangoTemplates",
              "DIRS": [BASE_DIR / "templates"]}}]
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "assets"]
STATIC_ROOT = BASE_DIR / "collected"
TAILWIND_CLI_VERSION = "{tailwind}"
TAILWIND_CLI_SRC_CSS = "frontend/source.css"
""",
        "site_config/wsgi.py": "application = None\n",
        "assets/.keep": "",
        "frontend/source.css": source,
        "templates/base.html": '<p class="text-red-500 underline">hi</p>\n',
        "requirements.txt": f"{django}\ndjango-tailwind-cli=={package}\n",
        "pyproject.toml": '[project]\nname = "site"\nrequires-python = ">=3.12"\n',
        # Tailwind 3 finds the classes through its config (django-tailwind-cli 2.x passes -c).
        "tailwind.config.js": 'module.exports = { content: ["./templates/**/*.html"] };\n',
    }


V4_SOURCE = '@import "tailwindcss";\n@source "../templates";\n'
V3_SOURCE = "@tailwind base;\n@tailwind components;\n@tailwind utilities;\n"


@pytest.mark.parametrize(
    ("tailwind", "package", "source", "django", "npm"),
    [
        ("4.1.11", "4.8.1", V4_SOURCE, "Django==5.2.19", "@tailwindcss/cli"),
        # django-tailwind-cli 2.x drives Tailwind 3 and supports Django up to 5.1
        ("3.4.17", "2.21.1", V3_SOURCE, "Django>=5.1,<5.2", "tailwindcss"),
    ],
)
def test_django_tailwind_cli_builds_with_the_npm_cli(
    project: Callable[[Files], Path],
    tmp_path: Path,
    tailwind: str,
    package: str,
    source: str,
    django: str,
    npm: str,
) -> None:
    root = project(files(tailwind, package, source, django))
    init = pitstop("init", "--no-preflight", root)
    init.assert_success()
    assert "manage.py tailwind build -> assets/css/tailwind.css" in init.out
    assert f"TAILWIND_CLI_VERSION {tailwind}" in init.out
    ci = YAML(typ="safe").load((root / ".github/workflows/ci.yml").read_text())
    names = [step["name"] for step in ci["jobs"]["frontend"]["steps"]]
    assert f"Install the Tailwind CLI from npm ({npm}@{tailwind})" in names
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pipeline")
    result = tmp_path / "result.json"
    done = pitstop_process(
        "run", "-C", root, root / ".github/workflows/ci.yml", "-j", "frontend",
        "--json", result, "--run-dir", tmp_path / "run", env={"PITSTOP_NETWORK": "offline"},
    )  # fmt: skip
    logs = "\n".join(p.read_text() for p in (tmp_path / "run/logs").glob("*.log"))
    if "Could not find a version" in logs or "ENOTFOUND" in logs:
        pytest.skip("PyPI or the npm registry is unreachable from here")
    assert done.code == 0, done.out + done.err + logs[-4000:]
    (job,) = json.loads(result.read_text())["jobs"]
    assert job["result"] == "success"
    assert f"the Tailwind CLI {tailwind} from npm ({npm})" in logs
    assert "releases/download" not in logs  # no standalone binary fetched
    css = (tmp_path / "run/jobs/ci-frontend/workspace/assets/css/tailwind.css").read_text()
    assert ".text-red-500" in css and ".underline" in css
