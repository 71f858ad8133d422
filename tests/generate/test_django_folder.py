"""A Django project one folder below the repository root (`src/manage.py`): every generated
`manage.py` command runs `python src/manage.py` from the root, and the paths that come from
the settings (the static root, the apps, the templates) carry the folder. A project with
manage.py at the root is generated exactly as before (tests/commands, tests/examples)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pitstop.detect.project import Project
from pitstop.generate import ci, config, deploy, deploy_script, security
from tests.conftest import Files

SETTINGS = """\
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent  # src/
SECRET_KEY = os.environ.get("SECRET_KEY", "tests-only-not-a-secret")
DEBUG = os.environ.get("DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")
INSTALLED_APPS = ["django.contrib.staticfiles", "talks"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
ROOT_URLCONF = "conference.urls"
WSGI_APPLICATION = "conference.wsgi.application"
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "collected"
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
"""

# A conference site kept in src/: requirements and pyproject at the root, `manage.py test`.
SRC_PROJECT: Files = {
    "src/manage.py": "import os\nimport sys\n\n"
    'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")\n'
    "from django.core.management import execute_from_command_line\n\n"
    "execute_from_command_line(sys.argv)\n",
    "src/conference/__init__.py": "",
    "src/conference/settings.py": SETTINGS,
    "src/conference/urls.py": "urlpatterns: list[object] = []\n",
    "src/conference/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\n"
    "application = get_wsgi_application()\n",
    "src/talks/__init__.py": "",
    "src/talks/models.py": "",
    "src/talks/static/talks/site.css": "body { margin: 0; }\n",
    "src/talks/tests.py": "from django.test import SimpleTestCase\n\n\n"
    "class TalkTests(SimpleTestCase):\n"
    "    def test_sum(self):\n        self.assertEqual(1 + 1, 2)\n",
    "src/templates/base.html": "<html></html>\n",
    "requirements.txt": "Django==5.2.17\ncoverage==7.16.2\n",
    "pyproject.toml": '[project]\nname = "conference"\nrequires-python = ">=3.11"\n',
}


def runs(job: Any) -> list[str]:
    return [str(step["run"]) for step in job["steps"] if "run" in step]


def uploads(job: Any) -> list[str]:
    return [step["with"]["path"] for step in job["steps"] if step.get("name", "").startswith("Up")]


def loaded(project: Callable[[Files], Path], files: Files = SRC_PROJECT) -> Project:
    return config.load(project(files))


def test_the_project_is_found_in_src(project: Callable[[Files], Path]) -> None:
    dj = loaded(project).django
    assert (dj.base, dj.manage, dj.apps) == ("src", "src/manage.py", ("src/talks",))
    assert (dj.static_root, dj.templates) == ("src/collected", "src/templates")


def test_ci_runs_manage_py_in_src_and_uploads_its_static_root(
    project: Callable[[Files], Path],
) -> None:
    found = loaded(project)
    jobs = ci.jobs(found)
    test = runs(jobs["test"])
    assert "python src/manage.py makemigrations --check --dry-run" in test
    coverage = "python -m coverage run --branch --source=src/talks src/manage.py test --noinput src"
    assert coverage + "\n" in "\n".join(test)  # discovery starts in src/, not at the root
    checks = runs(jobs["django-checks"])
    assert "python src/manage.py check --deploy --fail-level WARNING" in checks
    assert "python src/manage.py collectstatic --noinput" in checks
    assert uploads(jobs["django-checks"]) == ["src/collected"]
    release = ci.release_step(found)
    assert str(release["env"]["RELEASE_EXTRA"]).split()[0] == "src/collected"  # type: ignore[index]
    assert not any(" manage.py" in run for job in jobs.values() for run in runs(job))


def test_sharded_test_labels_are_modules_of_the_django_folder(
    project: Callable[[Files], Path],
) -> None:
    script = ci.test_script(replace(loaded(project), test_shards=2))
    assert 'sed -e "s#^src/##" -e "s/\\.py$//" -e "s#/#.#g"' in script
    assert "--source=src/talks src/manage.py test --noinput $labels" in script


def test_linters_get_the_folders_inside_src(project: Callable[[Files], Path]) -> None:
    files = {**SRC_PROJECT, "requirements.txt": "Django==5.2.1\nbandit==1.8.3\ndjlint==1.36.4\n"}
    files["pyproject.toml"] += (
        '\n[tool.bandit]\nskips = ["B101"]\n\n[tool.djlint]\nprofile = "django"\n'
    )
    found = loaded(project, files)
    assert ci.linter_command(found, "bandit") == "bandit -c pyproject.toml -r src/talks"
    assert ci.linter_command(found, "djlint") == "djlint src/templates --lint"
    bandit = security.bandit_steps(found)[1]
    assert str(bandit["run"]).startswith("bandit -c pyproject.toml -r src/talks -f sarif")


def test_the_deploy_runs_manage_py_in_src(project: Callable[[Files], Path]) -> None:
    found = loaded(project)
    assert "python src/manage.py collectstatic --noinput" in runs(deploy.build_job(found))
    script = deploy_script.render(found)
    assert ".venv/bin/python src/manage.py migrate --noinput" in script
    assert ".venv/bin/python src/manage.py runserver --noreload" in script  # no server locked
    assert "WARNING: no WSGI/ASGI server is locked" in script


def test_the_deploy_smoke_start_imports_the_app_from_src(project: Callable[[Files], Path]) -> None:
    files = {**SRC_PROJECT, "requirements.txt": "Django==5.2.1\ngunicorn==23.0.0\n"}
    script = deploy_script.render(loaded(project, files))
    assert (
        'PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}" .venv/bin/gunicorn '
        'conference.wsgi:application --bind "127.0.0.1:$port" &' in script
    )
    assert "WARNING" not in script


def test_pytest_without_the_folder_on_its_path_is_said(project: Callable[[Files], Path]) -> None:
    pytest_config = '\n[tool.pytest.ini_options]\nDJANGO_SETTINGS_MODULE = "conference.settings"\n'
    files = {**SRC_PROJECT, "pyproject.toml": SRC_PROJECT["pyproject.toml"] + pytest_config}
    notes = loaded(project, files).notes
    assert any('no pythonpath = "src"' in note for note in notes), notes
    files["pyproject.toml"] += 'pythonpath = ["./src/"]\n'
    assert not any("pythonpath" in note for note in loaded(project, files).notes)
