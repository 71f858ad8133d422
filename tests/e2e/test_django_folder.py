"""A Django project in `src/` end to end: `pitstop init` at the repository root, then the
generated ci.yml's django-checks job run by `pitstop run`. Its steps run `python
src/manage.py check --deploy` and `collectstatic` from the root and upload `src/collected`;
with DEBUG forced on in the settings, the deploy checks go red."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Files, git, pitstop_process
from tests.generate.test_django_folder import SRC_PROJECT

pytestmark = pytest.mark.slow


def django_checks(root: Path, run_dir: Path) -> tuple[int, dict[str, Any]]:
    result = run_dir / "result.json"
    done = pitstop_process(
        "run", "-C", root, root / ".github/workflows/ci.yml", "-j", "django-checks",
        "--json", result, "--run-dir", run_dir / "run",
    )  # fmt: skip
    assert result.is_file(), done.out + done.err
    return done.code, json.loads(result.read_text())


def steps(result: dict[str, Any]) -> dict[str, str]:
    (job,) = result["jobs"]
    return {step["name"]: step["conclusion"] for step in job["steps"]}


@pytest.fixture
def initialised(project: Callable[[Files], Path]) -> Path:
    root = project(SRC_PROJECT)
    pitstop_process("init", "--no-preflight", root).assert_success()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pitstop init")
    return root


def test_django_checks_run_manage_py_in_src_green(initialised: Path, tmp_path: Path) -> None:
    code, result = django_checks(initialised, tmp_path)
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
    code, result = django_checks(initialised, tmp_path)
    assert steps(result)["Run the deploy checks with the production settings"] == "failure"
    assert (result["conclusion"], code) == ("failure", 1)
