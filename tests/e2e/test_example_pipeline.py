"""The seed's pipeline end to end: `pitstop init` on the reference project, then its whole
`ci.yml` run locally by `pitstop run`: the test matrix on Python 3.11, 3.12 and 3.13 against
a real PostgreSQL 16, quality, frontend, pre-commit, security, Django checks, the build and
the ci-success gate.

Offline, the `[network]` steps (Codecov, pip-audit, Trivy, SARIF) are "not verified
(offline)": never success, never a failure.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "taskboard"
GIT = ["git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.invalid"]
CI_JOBS = {
    "test (Python 3.11)",
    "test (Python 3.12)",
    "test (Python 3.13)",
    "quality",
    "frontend",
    "pre-commit",
    "security",
    "django-checks",
    "build",
    "ci-success",
}

pytestmark = pytest.mark.slow


def pitstop(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pitstop", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("e2e") / "taskboard"
    ignore = shutil.ignore_patterns("node_modules", "staticfiles", "app.css")
    shutil.copytree(EXAMPLE, root, ignore=ignore)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    init = pitstop("init", ".", cwd=root)
    assert init.returncode == 0, init.stdout + init.stderr
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "taskboard with pitstop's CI/CD"], cwd=root, check=True)
    return root


@pytest.fixture(scope="module")
def ci_run(project: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    result = project.parent / "ci.json"
    done = pitstop(
        "run", ".github/workflows/ci.yml", "--event", "push", "--keep-going",
        "--allow-unverified", "--json", str(result), "--run-dir", str(project.parent / "run"),
        cwd=project,
    )  # fmt: skip
    return done, json.loads(result.read_text()) if result.exists() else {}


def test_init_then_check_has_no_findings(project: Path) -> None:
    done = pitstop("check", ".", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 finding(s)" in done.stdout


def test_every_ci_job_is_green_locally(
    ci_run: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    done, document = ci_run
    output = done.stdout + done.stderr
    jobs = {job["name"]: job for job in document.get("jobs", [])}
    assert set(jobs) == CI_JOBS, output
    red = {name: job["result"] for name, job in jobs.items() if job["result"] != "success"}
    assert red == {}, output
    assert done.returncode == 0, output


def test_the_network_parts_are_not_verified_never_success(
    ci_run: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    done, document = ci_run
    jobs = {job["name"]: job for job in document["jobs"]}
    assert document["conclusion"] == "unverified"
    security = jobs["security"]
    assert "[network] pip-audit the locked dependencies" in security["unverified"]
    for name in ("test (Python 3.12)", "security"):
        assert any("not verified (offline)" in note for note in jobs[name]["notes"])
    assert "NOT VERIFIED (offline)" in done.stdout


def test_the_release_artifact_carries_a_manifest(
    ci_run: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    _, document = ci_run
    release = Path(document["run_dir"]) / "artifacts" / "release"
    archives = list(release.rglob("*.tar.gz"))
    assert len(archives) == 1
    listing = subprocess.run(
        ["tar", "-tzf", str(archives[0])], capture_output=True, text=True, check=True
    ).stdout
    assert "./MANIFEST.json" in listing and "./manage.py" in listing
    assert "./staticfiles/staticfiles.json" in listing and "./static/css/app.css" in listing
