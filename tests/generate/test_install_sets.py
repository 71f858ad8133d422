"""Per-job install sets and the install steps rendered from them, one project shape at a time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pitstop.detect.project import Project, detect
from pitstop.generate import ci, install_sets
from pitstop.generate._steps import THIS_PYTHON, install
from tests.conftest import SETTINGS_BASE, Files
from tests.detect.test_aspects import write
from tests.detect.test_dependencies import COOKIECUTTER, UV_LOCK, UV_PYPROJECT

POSTGRES = SETTINGS_BASE + 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n'
DJANGO: Files = {
    "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_.settings")\n',
    "site_/__init__.py": "",
    "site_.settings": POSTGRES,
    "polls/__init__.py": "",
    "polls/tests.py": "def test_nothing():\n    assert True\n",
}
PYTEST = {"pytest.ini": "[pytest]\n"}


def project(tmp_path: Path, files: Files) -> Project:
    return detect(write(tmp_path, {**DJANGO, **files}))


def runs(project: Project, job: str) -> str:
    return "\n".join(str(step.get("run", "")) for step in install(project, job))


def test_cookiecutter_tests_get_local_and_a_pinned_driver_from_production(tmp_path: Path) -> None:
    found = project(tmp_path, {**COOKIECUTTER, **PYTEST})
    test = install_sets.for_job(found, "test")
    assert test.files == ("requirements/local.txt",)
    assert test.tools == ("pytest-cov==7.1.0", "psycopg[binary]==3.2.9")
    assert runs(found, "test") == (
        "python -m pip install -r requirements/local.txt\n"
        'python -m pip install "pytest-cov==7.1.0" "psycopg[binary]==3.2.9"'
    )
    checks = install_sets.for_job(found, "django-checks")
    assert (checks.files, checks.tools) == (("requirements/production.txt",), ())
    assert runs(found, "deploy") == "python -m pip install -r requirements/production.txt"


def test_dev_file_without_r_is_installed_with_the_base_file(tmp_path: Path) -> None:
    files = {
        "requirements.txt": "Django==5.2.1\npsycopg2-binary==2.9.10\n",
        "requirements-dev.txt": "pytest-django==4.11.1\npytest-cov==6.1.1\nruff==0.11.9\n",
        "ruff.toml": "line-length = 100\n",
        **PYTEST,
    }
    found = project(tmp_path, files)
    test = install_sets.for_job(found, "test")
    assert test.files == ("requirements-dev.txt", "requirements.txt")
    assert test.tools == ()
    assert install_sets.for_job(found, "quality").tools == ()
    assert install_sets.for_job(found, "django-checks").files == ("requirements.txt",)


def test_nothing_provides_the_tools_so_all_are_pinned(tmp_path: Path) -> None:
    files = {"requirements.txt": "Django\n", "pyproject.toml": "[tool.black]\n", **PYTEST}
    found = project(tmp_path, files)
    assert install_sets.for_job(found, "test").tools == (
        "pytest==9.2.0",
        "pytest-django==4.14.0",
        "pytest-cov==7.1.0",
        "psycopg[binary]==3.3.9",
    )
    assert install_sets.for_job(found, "quality").tools == ("black==26.10.1",)


def test_manage_py_test_needs_coverage_pinned_from_anywhere(tmp_path: Path) -> None:
    files = {
        "requirements/base.txt": "Django==5.2.1\npsycopg==3.2.9\n",
        "requirements/docs.txt": "coverage==7.6.1\n",
    }
    found = project(tmp_path, files)
    assert found.tests.runner == "django"
    assert install_sets.for_job(found, "test").tools == ("coverage==7.6.1",)


def test_linter_version_falls_back_to_the_pre_commit_rev(tmp_path: Path) -> None:
    hooks = (
        "repos:\n  - repo: https://github.com/psf/black\n"
        "    rev: 24.10.0\n    hooks:\n      - id: black\n"
    )
    files = {"requirements.txt": "Django\n", ".pre-commit-config.yaml": hooks}
    found = project(tmp_path, files)
    assert install_sets.for_job(found, "quality").tools == ("black==24.10.0",)
    assert install_sets.for_job(found, "pre-commit").tools == ("pre-commit==4.7.0",)


def test_mixed_hashes_are_installed_in_two_pip_runs(tmp_path: Path) -> None:
    files = {
        "requirements/base.lock": "django==5.2.1 \\\n    --hash=sha256:aa\n"
        "psycopg==3.2.9 \\\n    --hash=sha256:bb\n",
        "requirements/dev.lock": "pytest-cov==6.1.1 \\\n    --hash=sha256:cc\n",
    }
    found = project(tmp_path, files)
    assert runs(found, "test") == (
        "python -m pip install --require-hashes -r requirements/base.lock -r requirements/dev.lock"
    )
    files["requirements/dev.lock"] = "pytest-cov==6.1.1\n"
    found = project(tmp_path / "mixed", files)
    assert runs(found, "test") == (
        "python -m pip install --require-hashes -r requirements/base.lock\n"
        "python -m pip install -r requirements/dev.lock"
    )


def test_uv_development_and_production_flags(tmp_path: Path) -> None:
    found = project(tmp_path, {"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK, **PYTEST})
    test = runs(found, "test")
    assert f"uv sync --locked --all-extras --all-groups --python {THIS_PYTHON}" in test
    assert test.endswith('uv pip install "pytest-cov==7.1.0"')
    checks = runs(found, "django-checks")
    assert f"uv sync --locked --no-default-groups --extra postgres --python {THIS_PYTHON}" in checks
    assert "uv pip install" not in checks  # the postgres extra provides the driver


def test_poetry_and_pdm_commands(tmp_path: Path) -> None:
    poetry = '[tool.poetry.dependencies]\npython = "^3.12"\nDjango = "^5.2"\npsycopg = "^3.2"\n'
    found = project(tmp_path, {"pyproject.toml": poetry, "poetry.lock": "", **PYTEST})
    assert "poetry install --no-interaction --no-root --all-extras --all-groups" in runs(
        found, "test"
    )
    assert "poetry install --no-interaction --no-root --only main\n" in runs(found, "deploy")
    pdm = '[project]\ndependencies = ["django", "psycopg"]\n'
    found = project(tmp_path / "pdm", {"pyproject.toml": pdm, "pdm.lock": "", **PYTEST})
    assert "pdm sync --no-self --dev -G :all" in runs(found, "quality")
    assert "pdm sync --no-self --prod\n" in runs(found, "deploy")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (COOKIECUTTER, "test: requirements/local.txt + pytest-cov==7.1.0 + psycopg[binary]==3.2.9"),
        (COOKIECUTTER, "django-checks, deploy: requirements/production.txt"),
    ],
)
def test_summary_names_each_jobs_set(tmp_path: Path, files: Files, expected: str) -> None:
    assert expected in install_sets.summary(project(tmp_path, {**files, **PYTEST}))


REAL = {
    "requirements/base.txt": "Django==5.2.19\n",
    "requirements/local.txt": "-r base.txt\npytest==9.2.0\npytest-django==4.14.0\n",
    "requirements/production.txt": "-r base.txt\npsycopg[c]==3.3.9\n",
    **PYTEST,
}
IMPORTS = "import django, pytest, pytest_django, pytest_cov, psycopg; print(psycopg.pq.version())"


@pytest.mark.slow
def test_generated_install_steps_really_install_what_the_tests_import(tmp_path: Path) -> None:
    """The test job's install steps, run for real in a fresh venv, provide the runner, the
    coverage plugin and the driver; without the tools step the import fails (the old bug)."""
    found = project(tmp_path / "app", REAL)
    job_steps = ci.jobs(found)["test"]["steps"]
    assert isinstance(job_steps, list)
    steps = [s for s in job_steps if str(s.get("name", "")).startswith("Install")]
    assert len(steps) == 2
    venv = tmp_path / "venv"
    uv_venv = ["uv", "venv", "-q", "--seed", "--python", sys.executable, str(venv)]
    subprocess.run(uv_venv, check=True, env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"})
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env |= {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "VIRTUAL_ENV": str(venv)}

    def run(script: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-e", "-c", script], cwd=found.root, env=env, capture_output=True, text=True
        )

    first = run(str(steps[0]["run"]))
    assert first.returncode == 0, first.stderr
    assert "No module named 'pytest_cov'" in run(f'python -c "{IMPORTS}"').stderr
    tools = run(str(steps[1]["run"]))
    assert tools.returncode == 0, tools.stderr
    imported = run(f'python -c "{IMPORTS}"')
    assert imported.returncode == 0, imported.stderr


def test_pyproject_without_lock_is_read_by_uv_pip(tmp_path: Path) -> None:
    pyproject = """\
[project]
name = "site"
version = "0"
dependencies = ["Django==5.2.1"]

[project.optional-dependencies]
postgres = ["psycopg[binary]==3.2.9"]

[dependency-groups]
test = ["pytest-django==4.11.1", "pytest-cov"]
"""
    found = project(tmp_path, {"pyproject.toml": pyproject, **PYTEST})
    assert found.dependencies.lock_files == ()
    assert runs(found, "test").endswith(
        f"uv pip install --python {THIS_PYTHON} -r pyproject.toml --extra postgres --group test\n"
    )
    assert runs(found, "deploy").endswith(
        f"uv pip install --python {THIS_PYTHON} -r pyproject.toml --extra postgres\n"
    )
    assert install_sets.for_job(found, "test").tools == ()


def test_mypy_alone_brings_the_django_plugin_it_is_configured_with(tmp_path: Path) -> None:
    mypy = '[tool.mypy]\nplugins = ["mypy_django_plugin.main"]\n'
    found = project(tmp_path, {"requirements.txt": "Django\n", "pyproject.toml": mypy})
    assert install_sets.for_job(found, "quality").tools == ("mypy==1.19.1", "django-stubs==5.2.9")


PY312 = Path.home() / ".pyenv/versions/3.12.1/bin/python"


@pytest.mark.slow
@pytest.mark.skipif(not PY312.exists(), reason="needs pyenv's Python 3.12.1")
def test_uv_sync_uses_the_python_first_on_path_even_in_a_venv(tmp_path: Path) -> None:
    """setup-python's stand-in puts a venv first on PATH; uv must install for that Python,
    not the machine's default one (which requires-python excludes here)."""
    pyproject = '[project]\nname = "x"\nversion = "0"\nrequires-python = ">=3.12"\n'
    pyproject += 'dependencies = ["sqlparse==0.6.1"]\n'
    root = write(tmp_path / "app", {**DJANGO, "pyproject.toml": pyproject})
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    lock = ["uv", "lock", "-q", "--python", str(PY312)]
    subprocess.run(lock, cwd=root, env=env, check=True)
    found = detect(root)
    venv = tmp_path / "setup-python"
    subprocess.run(["uv", "venv", "-q", "--python", str(PY312), str(venv)], env=env, check=True)
    env |= {"PATH": f"{venv / 'bin'}{os.pathsep}{env['PATH']}", "GITHUB_PATH": str(tmp_path / "p")}
    step = next(s for s in install(found, "test") if "run" in s)
    script = ["bash", "-e", "-c", str(step["run"])]
    done = subprocess.run(script, cwd=found.root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    check = [str(found.root / ".venv/bin/python"), "-c", "import sys, sqlparse; print(sys.version)"]
    assert subprocess.run(check, capture_output=True, text=True).stdout.startswith("3.12")


def test_a_root_freeze_beside_a_complete_chain_is_left_out(tmp_path: Path) -> None:
    files = {
        **COOKIECUTTER,
        "requirements/local.txt": "-r production.txt\npytest-django==4.11.1\n",
        "requirements.txt": "Django==5.1.0\nasgiref==3.8.1\n",  # a pip freeze, other pins
        **PYTEST,
    }
    found = project(tmp_path, files)
    assert install_sets.for_job(found, "test").files == ("requirements/local.txt",)
