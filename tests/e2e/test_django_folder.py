"""A Django project in `src/` end to end: `pitstop init` at the repository root, then jobs of
the generated ci.yml run by `pitstop run`. django-checks runs `python src/manage.py check
--deploy` and `collectstatic` from the root and uploads `src/collected` (with DEBUG forced on
in the settings, the deploy checks go red); the test job finds and runs the tests in src/
under coverage (tests not found would leave src/talks/tests.py unmeasured, below the floor)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Files, git, pitstop_process
from tests.generate.test_django_folder import SRC_PROJECT

pytestmark = pytest.mark.slow


def run_job(root: Path, run_dir: Path, *job: str) -> tuple[int, dict[str, Any]]:
    result = run_dir / "result.json"
    done = pitstop_process(
        "run", "-C", root, root / ".github/workflows/ci.yml", "-j", *job,
        "--json", result, "--run-dir", run_dir / "run",
    )  # fmt: skip
    assert result.is_file(), done.out + done.err
    return done.code, json.loads(result.read_text())


def steps(result: dict[str, Any]) -> dict[str, str]:
    (job,) = result["jobs"]
    return {step["name"]: step["conclusion"] for step in job["steps"]}


def initialise(root: Path) -> Path:
    """`pitstop init` in `root`, committed."""
    pitstop_process("init", "--no-preflight", root).assert_success()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pitstop init")
    return root


@pytest.fixture
def initialised(project: Callable[[Files], Path]) -> Path:
    return initialise(project(SRC_PROJECT))


def test_django_checks_run_manage_py_in_src_green(initialised: Path, tmp_path: Path) -> None:
    code, result = run_job(initialised, tmp_path, "django-checks")
    ran = steps(result)
    assert ran["Run the deploy checks with the production settings"] == "success", result
    assert ran["Collect the static files for real (manifest storage)"] == "success"
    assert ran["Upload collected-static"] == "success"  # src/collected, where it was written
    assert (result["conclusion"], code) == ("success", 0)


def test_debug_on_in_the_src_settings_turns_the_deploy_checks_red(
    initialised: Path, tmp_path: Path
) -> None:
    settings = initialised / "src/conference/settings.py"
    settings.write_text(settings.read_text() + "DEBUG = True\n")
    git(initialised, "commit", "-qam", "debug on")
    code, result = run_job(initialised, tmp_path, "django-checks")
    assert steps(result)["Run the deploy checks with the production settings"] == "failure"
    assert (result["conclusion"], code) == ("failure", 1)


def test_the_test_job_runs_the_tests_in_src(initialised: Path, tmp_path: Path) -> None:
    code, result = run_job(initialised, tmp_path, "test", "--matrix", "python=3.11")
    ran = steps(result)
    assert ran["Check that no migration is missing"] == "success", result
    assert ran["Run the tests with coverage"] == "success", result
    assert code == 0 or result["conclusion"] == "unverified"  # Codecov is offline here
