from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pitstop.commands.init import summary
from pitstop.detect.project import detect
from pitstop.generate import config
from tests.conftest import (
    PIP_PROJECT,
    POETRY_PROJECT,
    SHAPES,
    UV_PROJECT,
    Files,
    make_repo,
    pitstop,
    pitstop_process,
)

GENERATED = (
    ".github/workflows/ci.yml",
    ".github/workflows/deploy.yml",
    ".github/workflows/security.yml",
    ".github/dependabot.yml",
    ".github/rulesets/main.json",
    "scripts/deploy.sh",
)


def load(root: Path, name: str) -> Any:
    return YAML(typ="safe").load((root / name).read_text())


def snapshot(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in (*GENERATED, "pyproject.toml")}


def steps_run(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_pip_project_workflows(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    ci = load(root, ".github/workflows/ci.yml")
    assert set(ci["jobs"]) == {
        "test",
        "quality",
        "security",
        "django-checks",
        "build",
        "ci-success",
    }
    test = ci["jobs"]["test"]
    assert test["strategy"]["matrix"]["python"] == ["3.12", "3.13"]
    assert test["services"]["postgres"]["image"] == "postgres:15"
    assert test["env"]["DB_HOST"] == "localhost"
    assert "python -m pip install -r requirements.txt" in steps_run(test)
    assert "--cov=polls" in steps_run(test)
    # the floor is a gate of its own, after the tests
    assert "coverage report --fail-under=70" in steps_run(test)
    assert "--cov-fail-under=0" in steps_run(test)  # the config's floor is the gate's too
    assert steps_run(ci["jobs"]["quality"]).endswith("black --check --diff .")
    assert ci["jobs"]["ci-success"]["needs"] == [
        "test",
        "quality",
        "security",
        "django-checks",
        "build",
    ]
    deps = load(root, ".github/dependabot.yml")
    # the project's lock, pip-audit's lock in .github/requirements/, the actions
    assert [(u["package-ecosystem"], u["directory"]) for u in deps["updates"]] == [
        ("pip", "/"),
        ("pip", "/.github"),
        ("github-actions", "/"),
    ]


def test_uv_project_workflows(project: Callable[[Files], Path]) -> None:
    root = project(UV_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    ci = load(root, ".github/workflows/ci.yml")
    assert set(ci["jobs"]) == {
        "test",
        "quality",
        "pre-commit",
        "security",
        "django-checks",
        "build",
        "ci-success",
    }
    test = ci["jobs"]["test"]
    assert test["strategy"]["matrix"]["python"] == ["3.11", "3.12"]
    point = next(s for s in test["steps"] if s.get("name", "").startswith("Point the tests"))
    assert (
        'echo "DATABASE_URL=postgres://postgres:postgres@localhost:$SERVICE_PORT/' in point["run"]
    )
    script = steps_run(test)
    assert "uv sync --locked" in script
    assert "manage.py test" in script
    assert "coverage report --fail-under=85" in script
    assert any("astral-sh/setup-uv@" in str(s.get("uses")) for s in test["steps"])
    precommit = ci["jobs"]["pre-commit"]
    names = [step["name"] for step in precommit["steps"]]
    assert "[network] Install the pre-commit hook environments" in names
    assert "hashFiles('.pre-commit-config.yaml')" in str(precommit["steps"])
    deps = load(root, ".github/dependabot.yml")
    assert deps["updates"][0]["package-ecosystem"] == "uv"


def test_poetry_tailwind_workflows(project: Callable[[Files], Path]) -> None:
    root = project(POETRY_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    ci = load(root, ".github/workflows/ci.yml")
    assert "frontend" in ci["jobs"]
    front = ci["jobs"]["frontend"]
    node = next(s for s in front["steps"] if "setup-node" in str(s.get("uses")))
    assert node["with"] == {
        "node-version": "22",
        "cache": "npm",
        "cache-dependency-path": "package-lock.json",
    }
    assert "npm ci" in steps_run(front)
    checks = ci["jobs"]["django-checks"]
    assert checks["needs"] == ["frontend"]
    assert checks["env"]["DJANGO_SETTINGS_MODULE"] == "blog.settings.production"
    assert checks["env"]["ALLOWED_HOSTS"] == "localhost"
    assert "check --deploy --fail-level WARNING" in steps_run(checks)
    assert "poetry install" in steps_run(ci["jobs"]["test"])
    quality = steps_run(ci["jobs"]["quality"])
    assert "bandit -c pyproject.toml -r articles" in quality
    assert "djlint templates --lint" in quality
    build = ci["jobs"]["build"]
    assert build["needs"] == ["test", "quality", "frontend", "django-checks"]
    release = next(s for s in build["steps"] if "RELEASE_EXTRA" in s.get("env", {}))
    assert release["env"]["RELEASE_EXTRA"] == "staticfiles blog/static/css/app.css poetry.lock"
    deploy_sh = (root / "scripts/deploy.sh").read_text()
    assert ".venv/bin/gunicorn blog.wsgi:application" in deploy_sh
    assert "poetry install --only main" in deploy_sh
    deps = load(root, ".github/dependabot.yml")
    ecosystems = [u["package-ecosystem"] for u in deps["updates"]]
    assert ecosystems == ["pip", "npm", "pip", "github-actions"]


def test_the_three_shapes_give_different_workflows(
    project: Callable[[Files], Path], tmp_path: Path
) -> None:
    texts = set()
    for name, files in SHAPES.items():
        root = tmp_path / name
        make_repo(root, files)
        pitstop("init", "--no-preflight", root).assert_success()
        texts.add((root / ".github/workflows/ci.yml").read_text())
    assert len(texts) == 3


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_rerun_is_byte_identical(project: Callable[[Files], Path], shape: str) -> None:
    root = project(SHAPES[shape])
    pitstop("init", "--no-preflight", root).assert_success()
    first = snapshot(root)
    again = pitstop("init", "--no-preflight", root)
    again.assert_success()
    assert snapshot(root) == first
    assert "created" not in again.out and "updated" not in again.out


def test_edited_file_is_kept_without_force(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    ci = root / ".github/workflows/ci.yml"
    edited = ci.read_text().replace("timeout-minutes: 30", "timeout-minutes: 45")
    ci.write_text(edited)
    kept = pitstop("init", "--no-preflight", root)
    assert kept.code == 1
    assert "kept      .github/workflows/ci.yml" in kept.out
    assert "-    timeout-minutes: 45\n+    timeout-minutes: 30" in kept.out
    assert "--force" in kept.out
    assert ci.read_text() == edited
    forced = pitstop("init", "--no-preflight", "--force", root)
    forced.assert_success()
    assert "timeout-minutes: 30" in ci.read_text()


def test_the_projects_own_ci_workflow_stops_init_until_forced(
    project: Callable[[Files], Path],
) -> None:
    own = "name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: []\n"
    root = project({**PIP_PROJECT, ".github/workflows/ci.yml": own})
    pyproject = (root / "pyproject.toml").read_text()
    kept = pitstop("init", "--no-preflight", root)
    assert kept.code == 1
    assert (
        "kept      .github/workflows/ci.yml: the project's own, not written by pitstop" in kept.out
    )
    assert "nothing written" in kept.out and "--force" in kept.out
    assert "not written .github/workflows/deploy.yml" in kept.out
    assert (root / ".github/workflows/ci.yml").read_text() == own
    assert not (root / ".github/workflows/deploy.yml").exists()
    assert (root / "pyproject.toml").read_text() == pyproject
    pitstop("init", "--no-preflight", "--force", root).assert_success()
    assert (root / ".github/workflows/deploy.yml").is_file()
    assert "ci-success" in (root / ".github/workflows/ci.yml").read_text()


def test_unedited_file_follows_a_changed_setting(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace("coverage-floor = 70", "coverage-floor = 90")
    )
    done = pitstop("init", "--no-preflight", root)
    done.assert_success()
    assert "updated   .github/workflows/ci.yml" in done.out
    assert "coverage report --fail-under=90" in (root / ".github/workflows/ci.yml").read_text()


def test_dry_run_prints_the_diff_and_writes_nothing(project: Callable[[Files], Path]) -> None:
    root = project(POETRY_PROJECT)
    before = (root / "pyproject.toml").read_text()
    done = pitstop("init", "--no-preflight", "--dry-run", root)
    done.assert_success()
    assert "+++ b/.github/workflows/ci.yml" in done.out
    assert "+[tool.pitstop]" in done.out
    assert "dry run: nothing written" in done.out
    assert not (root / ".github").exists()
    assert (root / "pyproject.toml").read_text() == before


def test_existing_deploy_script_is_never_overwritten(project: Callable[[Files], Path]) -> None:
    root = project({**PIP_PROJECT, "scripts/deploy.sh": "#!/bin/sh\necho mine\n"})
    pitstop("init", "--no-preflight", "--force", root).assert_success()
    assert (root / "scripts/deploy.sh").read_text() == "#!/bin/sh\necho mine\n"


def test_records_detected_values_in_pyproject(project: Callable[[Files], Path]) -> None:
    root = project(UV_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    text = (root / "pyproject.toml").read_text()
    assert text.startswith(UV_PROJECT["pyproject.toml"])
    for line in (
        'python = ["3.11", "3.12"]',
        'test-runner = "django"',
        "coverage-floor = 85",
        'postgres = "16"',
        "test-shards = 1",
        'command = "scripts/deploy.sh ARTIFACT ENVIRONMENT"',
    ):
        assert line in text


def test_not_a_django_project_is_a_user_error(tmp_path: Path) -> None:
    done = pitstop_process("init", "--no-preflight", tmp_path)
    assert done.code == 1
    assert "no manage.py" in done.err
    assert "Traceback" not in done.err


SQLITE_PROJECT: Files = {
    "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
    "shop/__init__.py": "",
    "shop/settings.py": (
        "import os\n"
        'DEBUG = os.environ.get("DEBUG", "1") == "1"\n'
        'ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")\n'
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}\n'
    ),
    "catalog/__init__.py": "",
    "catalog/models.py": "",
    "requirements.txt": "Django==5.2.19\ncoverage==7.17.5\n",
    "pyproject.toml": '[project]\nname = "shop"\nrequires-python = ">=3.12"\n',
}


def test_a_sqlite_project_gets_no_database_service(project: Callable[[Files], Path]) -> None:
    root = project(SQLITE_PROJECT)
    outcome = pitstop("init", "--no-preflight", root)
    outcome.assert_success()
    assert "database  sqlite (no service)" in outcome.out
    ci = load(root, ".github/workflows/ci.yml")
    assert "services" not in ci["jobs"]["test"]
    # One settings module serves production too: its DEBUG switch is turned off for the checks.
    checks = ci["jobs"]["django-checks"]
    assert checks["env"] == {
        "DJANGO_SETTINGS_MODULE": "shop.settings",
        "ALLOWED_HOSTS": "localhost",
        "DEBUG": "0",
    }


def test_summary_says_what_each_job_installs(project: Callable[[Files], Path]) -> None:
    files = {k: v for k, v in PIP_PROJECT.items() if k != "requirements.txt"}
    files |= {
        "requirements/base.txt": "Django==5.2.1\n",
        "requirements/local.txt": "-r base.txt\npytest-django==4.11.1\nblack==25.1.0\n",
        "requirements/production.txt": "-r base.txt\npsycopg==3.2.9\n",
    }
    outcome = pitstop("init", "--no-preflight", project(files))
    outcome.assert_success()
    deps = next(line for line in outcome.out.splitlines() if line.startswith("deps"))
    assert deps == (
        "deps      pip: test: requirements/local.txt + pytest-cov==7.1.0 + "
        "psycopg[binary]==3.2.9; quality: requirements/local.txt; "
        "django-checks, deploy: requirements/production.txt"
    )


def test_summary_says_why_python_and_postgres_and_which_extensions(
    project: Callable[[Files], Path],
) -> None:
    files = {
        **PIP_PROJECT,
        "requirements.txt": PIP_PROJECT["requirements.txt"].replace("5.2.1", "6.0.1"),
        "pyproject.toml": '[project]\nname = "mysite"\n',
        "runtime.txt": "python-3.14.0\n",
        ".python-version": "3.11\n",
        "docker-compose.yml": "services:\n  db:\n    image: postgres:17\n",
        ".github/workflows/old.yml": "jobs:\n  t:\n    services:\n      pg:\n"
        "        image: postgres:15\n",
        "polls/migrations/__init__.py": "",
        "polls/migrations/0001_search.py": "from django.contrib.postgres.operations import "
        "TrigramExtension\noperations = [TrigramExtension(), CreateExtension('vector')]\n",
    }
    out = summary(detect(project(files)))
    assert "python    3.14 (from .python-version + runtime.txt)\n" in out
    assert "          - dropped 3.11: Django 6.0.1 (locked) supports Python 3.12-3.14\n" in out
    assert "database  postgresql 17 via discrete\n" in out
    assert "          - 17 from docker-compose.yml\n" in out
    assert "          - docker-compose.yml (17) chosen over .github/workflows/old.yml (15)\n" in out
    assert "extensions pg_trgm (polls/migrations/0001_search.py:2), vector (polls/" in out
    assert "          - vector is not in the postgres:17 image: CI's service needs an image" in out


def test_summary_says_when_a_recorded_matrix_no_longer_fits(
    project: Callable[[Files], Path],
) -> None:
    files = {
        **PIP_PROJECT,
        "requirements.txt": PIP_PROJECT["requirements.txt"].replace("5.2.1", "6.0.1"),
        "pyproject.toml": '[project]\nname = "mysite"\n\n[tool.pitstop]\n'
        'python = ["3.11", "3.12"]\npostgres = "14"\n',
    }
    out = summary(config.load(project(files)))
    assert "python    3.11, 3.12 (from pyproject)\n" in out
    assert (
        "          - set in [tool.pitstop]; detection would choose 3.12, 3.13 (from default)\n"
        in out
    )
    assert "          - dropped 3.11: Django 6.0.1 (locked) supports Python 3.12-3.14\n" in out
    assert "          - 14 set in [tool.pitstop] (detected 15)\n" in out
