"""The seed's pipeline end to end: `pitstop init` on the reference project, then its whole
`ci.yml` run locally by `pitstop run`: the test matrix on Python 3.11, 3.12 and 3.13 against
a real PostgreSQL 16, quality, frontend, pre-commit, security, Django checks, the build and
the ci-success gate.

Offline, the `[network]` steps (Codecov, pip-audit, Trivy, SARIF) are "not verified
(offline)": never success, never a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pitstop.services.base import ServiceRequest
from pitstop.services.registry import provider_for
from pitstop.workflow.model import Service

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


def pitstop(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pitstop", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
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
    init = pitstop("init", "--no-preflight", ".", cwd=root)
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


def test_a_green_run_is_quiet_and_ends_with_its_report(
    ci_run: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    done, _ = ci_run
    lines = done.stdout.splitlines()
    notes = [line for line in lines if line.startswith("note:") or "] note:" in line]
    assert len(notes) <= 5, "\n".join(notes)
    report = Path(lines[-1].removeprefix("report: "))
    assert lines[-1].startswith("report: ") and report.name == "report.html"
    assert 'id="conclusion">unverified<' in report.read_text(encoding="utf-8")


def test_its_report_reads_right_in_a_browser(
    ci_run: tuple[subprocess.CompletedProcess[str], dict[str, Any]], tmp_path: Path
) -> None:
    from tests.report.html.browser import load

    report = Path(ci_run[0].stdout.splitlines()[-1].removeprefix("report: "))
    page = load(report, tmp_path)
    assert 'data-report-ready="yes"' in page.body and page.console == ()
    text = page.text
    assert "pitstop run: unverified" in text and "Not verified here" in text
    assert "[network] pip-audit the locked dependencies" in text
    assert "ci-success ✓ success" in text and "Timeline" in text
    assert re.search(r"test \(Python 3\.12\) reports/junit-py3\.12\.xml \d+ 0 0", text)


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


def free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@pytest.fixture(scope="module")
def production_database(project: Path) -> Iterator[str]:
    """The production database the deploy's secrets point at: a real PostgreSQL 16."""
    service = Service(id="production-db", image="postgres:16", ports=("5432",))
    data = project.parent / "production-db"
    data.mkdir()
    env = {"POSTGRES_PASSWORD": "deploy-password", "POSTGRES_DB": "taskboard"}
    running = provider_for("postgres:16").start(ServiceRequest(service, env, data))
    try:
        port = running.ports["5432"]
        yield f"postgres://postgres:deploy-password@localhost:{port}/taskboard"
    finally:
        running.stop()


def test_deploy_runs_ci_builds_and_deploys_to_production(
    project: Path, production_database: str
) -> None:
    """A push to main runs deploy.yml: ci.yml as a reusable workflow, the build with its
    artifact, then scripts/deploy.sh, which unpacks, installs, migrates and gets /healthz."""
    result = project.parent / "deploy.json"
    secret_key = "e2e-" + "k" * 60
    done = pitstop(
        "run", ".github/workflows/deploy.yml", "--event", "push", "--keep-going",
        "--allow-unverified", "--json", str(result), "--run-dir", str(project.parent / "deploy"),
        "--secret", f"DATABASE_URL={production_database}", "--secret", f"SECRET_KEY={secret_key}",
        "--var", "ALLOWED_HOSTS=localhost",
        cwd=project,
        # The deploy script's own knobs (steps inherit pitstop's environment): releases go
        # to the test's folder, not the home folder, and the smoke start takes a free port.
        env={"DEPLOY_ROOT": str(project.parent / "deployments"), "DEPLOY_PORT": free_port()},
    )  # fmt: skip
    output = done.stdout + done.stderr
    document = json.loads(result.read_text())
    jobs = {job["name"]: job["result"] for job in document["jobs"]}
    assert jobs["build"] == "success" and jobs["deploy"] == "success", output
    assert jobs["ci / ci-success"] == "success", output
    assert "deployed to production: /healthz answered 200" in output
    assert secret_key not in output and "deploy-password" not in output
    assert (project.parent / "deployments" / "current").is_symlink()


def test_a_failing_test_turns_the_ci_success_gate_red_without_any_flag(
    project: Path, tmp_path: Path
) -> None:
    """GitHub's job semantics by default (issue 15): with one deliberately failing test, the
    test job fails, `build` (which needs it) is skipped, and the `if: always()` ci-success
    gate runs and fails. No --keep-going; one Python of the matrix keeps it to one run."""
    broken = tmp_path / "taskboard"
    subprocess.run(["git", "clone", "-q", str(project), str(broken)], check=True)
    failing = broken / "tests" / "test_deliberately_failing.py"
    failing.write_text("def test_deliberately_failing() -> None:\n    assert 1 + 1 == 3\n")
    subprocess.run([*GIT, "add", "-A"], cwd=broken, check=True)
    subprocess.run([*GIT, "commit", "-qm", "a failing test"], cwd=broken, check=True)
    result = tmp_path / "ci.json"
    done = pitstop(
        "run", ".github/workflows/ci.yml", "--event", "push", "--matrix", "python=3.13",
        "--json", str(result), "--run-dir", str(tmp_path / "run"),
        cwd=broken,
    )  # fmt: skip
    output = done.stdout + done.stderr
    jobs = {job["name"]: job for job in json.loads(result.read_text())["jobs"]}
    assert jobs["test (Python 3.13)"]["result"] == "failure", output
    assert jobs["build"]["result"] == "skipped", output
    gate = jobs["ci-success"]
    assert gate["result"] == "failure" and gate["steps"], output
    assert any("not successful: build, test" in a["message"] for a in gate["annotations"]), output
    assert "cancelled" not in {job["result"] for job in jobs.values()}, output
    assert done.returncode == 1, output
